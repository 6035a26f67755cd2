"""`report`: one self-contained HTML file over the store (no network, no CDN).

corpus overview → dyad timelines and shift answers with their evidence → actor network → quotations
explorer (who is quoted by whom, citations between documents) → claim matrix and contradictions →
framing table → stance → predictions → every document's clean text, where each record's sentence is
highlighted when its link is followed. Charts are Vega-Lite specs built with Altair and drawn by the
vendored Vega JavaScript (static/), inlined so that the file works offline. `serve` renders the same
page live, with a form that asks the API for any dyad.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import networkx
import pycountry
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from rashomon.analysis.actors import display_names
from rashomon.analysis.camps import NO_CAMP, blindspots, camps_in, coverage
from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.dyads import HAPPENED, DyadEvent, dyad_events, parse_date, shift
from rashomon.analysis.errors import QueryError
from rashomon.analysis.framing import framing
from rashomon.analysis.predictions import predictions
from rashomon.analysis.stance import stance
from rashomon.analysis.voices import who_quotes_whom
from rashomon.annotate.events.lexicon import load_lexicon as load_event_lexicon
from rashomon.annotate.framing.lexicon import load_lexicon as load_framing_lexicon
from rashomon.annotate.locations import world_outline
from rashomon.settings import Section, Settings, load_settings
from rashomon.store.database import Store, store_errors
from rashomon.store.outlets import outlet_camps
from rashomon.store.reading.actors import actor_names
from rashomon.store.reading.claims import claim_links_with_sides
from rashomon.store.reading.events import cluster_summaries, event_sides, places_with_events
from rashomon.store.reading.framing import named_event_referents, plain_event_labels
from rashomon.store.reading.quotes import UNCODED, UNKNOWN
from rashomon.views.export import quotes as quote_rows
from rashomon.views.formats import actor_network
from rashomon.views.output import staged_output

VENDORED = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
RELATION_COLOURS = {"cooperation": "#2f6f4f", "conflict": "#a23b3b", "mixed": "#8a7a3a"}
# Vega's Tableau 20 without its two greys: 18 colours no two categories of a chart share, its nine
# strong hues first and their light pairs after, so that a few categories differ in hue. Past them the
# rarest categories are drawn together as OTHER, and grey is kept for it and for what is not known.
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#b79a20", "#439894", "#e45756", "#d67195", "#b279a2", "#9e765f",
           "#9ecae9", "#ffbf79", "#88d27a", "#f2cf5b", "#83bcb6", "#ff9d98", "#fcbfd2", "#d6a5c9",
           "#d8b5a5")  # fmt: skip
OTHER = "other"
GREYS = ("#7f7f7f", "#b5b5b5", "#d6d6d6")  # OTHER, then the categories that say nothing is known
# what a voices chart calls the speakers it cannot place (rashomon.store.reading.quotes)
SPEAKERS_NOT_PLACED = {UNKNOWN: "no speaker named", UNCODED: "speaker not in the actor dictionaries"}


@dataclass
class OutletSummary:
    outlet: str
    documents: int = 0
    first: str | None = None
    last: str | None = None
    languages: set[str] = field(default_factory=set)

    def add(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        if doc["published"]:
            self.first = min(filter(None, [self.first, doc["published"]]))
            self.last = max(filter(None, [self.last, doc["published"]]))
        if doc["language"]:
            self.languages.add(doc["language"])


def parse_dyad(text: str) -> tuple[str, str]:
    """ "RUS,ISR" → ("RUS", "ISR"), as `report --dyad` and the app's `?dyad=` take a pair."""
    source, _, target = text.partition(",")
    if not source.strip() or not target.strip():
        raise QueryError(f"dyad {text!r}: give SOURCE,TARGET, e.g. RUS,ISR")
    return source.strip(), target.strip()


def write_report(
    store: Store, out: Path | str, dyads: Sequence[tuple[str, str]] = (), settings: Settings | None = None
) -> Path:
    """Render the report for the store into the file `out`; returns its path. The file appears whole or
    not at all (a browser never opens half a report); a store that fails while being read raises
    StoreError, a path that cannot take the file OutputError, before the report is rendered."""
    path = Path(out)
    with store_errors(store.path), staged_output(path.parent, expected=[path.name], shown=path) as folder:
        (folder / path.name).write_text(render_report(store, dyads, settings=settings), encoding="utf-8")
    return path


def render_report(
    store: Store, dyads: Sequence[tuple[str, str]] = (), live: bool = False, settings: Settings | None = None
) -> str:
    """The report as one HTML string. `dyads` are (source, target) actor names as `rashomon shift`
    takes them; by default the pairs with the most events. `live`: served by `rashomon serve`, so the
    page may ask the API for other dyads. `settings`: the thresholds of its answers (default: bundled)."""
    settings = settings or load_settings()
    documents = list(store.documents())
    documents.sort(key=lambda d: (d["published"] or "9999", d["outlet"] or "", d["doc_id"]))
    outlet_of = {d["doc_id"]: d["outlet"] or "(unknown outlet)" for d in documents}
    title_of = {d["doc_id"]: d["title"] or d["doc_id"] for d in documents}
    charts: dict[str, dict[str, Any]] = {}
    shown = dyads or _top_dyads(store, settings["views.report"].top_dyads)
    dyad_views = [_dyad_view(store, source, target, charts, settings) for source, target in shown]
    network = actor_network(store)
    if network.number_of_edges():
        charts["network"] = _network_chart(network)
    names = display_names(store)
    camps = outlet_camps(store)
    places = places_with_events(store)
    if places:
        charts["map"] = _map_chart(places, names)
    # once the analyst has put outlets in camps, the views compare camps, each outlet named under its camp
    by = "camp" if camps_in(store) >= 2 else "outlet"
    voices = [{**v.to_dict(), by: v.outlet} for v in who_quotes_whom(store, ("country",), per=by)]
    if voices:
        charts["voices"] = _voices_chart(voices, names, by)
    covered = [row for row in coverage(store, by=by, period="month") if row["period"]]
    if covered:
        charts["coverage"] = _coverage_chart(covered, by)
    outlet_stance = stance(store, by, settings=settings)
    min_evidence = settings["analysis.stance"].min_evidence
    if outlet_stance:
        charts["stance"] = _stance_chart(outlet_stance, min_evidence, names, by)
    context = dict(
        db=store.path.name,
        live=live,
        outlets=_outlets(documents),
        camp_of=camps,
        dates=[d["published"] for d in documents if d["published"]],
        removed_by_role=_removed_by_role(documents),
        duplicates=store.rows("duplicates"),
        failures=store.rows("failures"),
        dyads=dyad_views,
        edges=_edge_rows(network),
        places=places,
        voices=voices,
        quotes=[{**q, "outlet": outlet_of.get(q["doc_id"])} for q in quote_rows(store)],
        citations=[_citation(c, outlet_of, title_of) for c in store.records("citations")],
        matrix=claim_matrix(store, settings, by=by),
        matrix_columns=_columns(documents, by, settings["views.report"].matrix_columns, camps),
        contradictions=claim_links_with_sides(store, "contradict"),
        agreements=claim_links_with_sides(store, "agree"),
        referent_names=_referent_names(store),
        event_framing=framing(store, "event", min_outlets=2, by=by),
        actor_framing=framing(store, "actor", min_outlets=2, by=by),
        stance_rows=outlet_stance,
        stance_actors=len({r["target"] for r in outlet_stance if r["n"]}),
        stance_drawn=STANCE_TARGETS,
        names=names,
        min_evidence=min_evidence,
        predictions=predictions(store),
        coverage_by=by,
        blindspots=blindspots(store, "camp") if by == "camp" else [],
        charts=charts,
    )
    return _page(_capped(context, settings["views.report"].max_rows), documents, settings["views.report"])


# The record lists the report shows, each with its rows of most interest first (stable otherwise).
CAPPED_LISTS = ("quotes", "citations", "matrix", "contradictions", "agreements", "predictions", "blindspots")


def _capped(context: dict[str, Any], max_rows: int) -> dict[str, Any]:
    """The context with each record list cut to `max_rows` rows, and `totals` of what each held: a
    store of 10,000 articles has tens of thousands of quotations, which no page should carry. Quotations
    that several documents share come first, citations by similarity."""
    shared = Counter(q.get("cluster_id") for q in context["quotes"] if q.get("cluster_id"))
    ordered = context | {
        "quotes": sorted(context["quotes"], key=lambda q: shared[q.get("cluster_id")] < 2),
        "citations": sorted(context["citations"], key=lambda c: -c["similarity"]),
    }
    totals = {name: len(ordered[name]) for name in CAPPED_LISTS}
    return ordered | {name: ordered[name][:max_rows] for name in CAPPED_LISTS} | {"totals": totals}


def _page(context: dict[str, Any], documents: list[dict[str, Any]], limits: Section) -> str:
    """The sections, then the documents: their texts up to `max_texts`, those the sections cite first;
    past `max_rows` documents, the index lists those whose text it carries, then the earliest."""
    texts = _with_text(documents, _cited(context), limits.max_texts)
    listed = [d for d in documents if d["doc_id"] in texts]
    listed_ids = {d["doc_id"] for d in listed}
    listed += [d for d in documents if d["doc_id"] not in listed_ids][: max(0, limits.max_rows - len(listed))]
    listed.sort(key=lambda d: (d["published"] or "9999", d["outlet"] or "", d["doc_id"]))
    return _template().render(
        **context,
        documents=[
            {
                **d,
                "paragraphs": _paragraphs(d["text"]) if d["doc_id"] in texts else None,
                "words": len(d["text"].split()),
            }
            for d in listed
        ],
        texts_left_out=len(documents) - len(texts),
        documents_left_out=len(documents) - len(listed),
        max_texts=limits.max_texts,
        max_rows=limits.max_rows,
        vendored=Markup("\n".join(_vendored(name) for name in VENDORED)),
    )


def _with_text(documents: list[dict[str, Any]], cited: set[str], most: int) -> set[str]:
    """The documents whose clean text the report carries: every one while they are `most` or fewer;
    past that, those the report's records point to, in report order, up to `most` (a store of
    100,000 articles would otherwise make a file no browser opens)."""
    if len(documents) <= most:
        return {d["doc_id"] for d in documents}
    return set([d["doc_id"] for d in documents if d["doc_id"] in cited][:most])


def _cited(value: Any) -> set[str]:
    """Every document id the report's records name (`doc_id`, `cited_doc_id`), however deep."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key in ("doc_id", "cited_doc_id") and isinstance(inner, str):
                    found.add(inner)
                else:
                    stack.append(inner)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.append({f.name: getattr(item, f.name) for f in dataclasses.fields(item)})
    return found


def _template() -> Template:
    """The report's template. JSON goes into the page's <script> only through Jinja's `tojson`, which
    writes <, > and & as \\u003c, \\u003e, \\u0026: no text from an article, an outlet or a title can then
    end the script ("</script>") or turn the rest of the page into script ("<!--<script>")."""
    env = Environment(loader=PackageLoader("rashomon.views"), autoescape=select_autoescape(["j2", "html"]))
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}  # readable, in spec order
    env.filters["hl"] = _highlight_link
    return env.get_template("report.html.j2")


# --- corpus -----------------------------------------------------------------------------------------


def _columns(documents: list[dict[str, Any]], by: str, most: int, camps: dict[str, str]) -> list[str] | None:
    """The claim matrix's columns: the outlets (or camps) of the documents, None past `most`."""
    outlets = sorted({d["outlet"] or d["doc_id"] for d in documents})
    columns = sorted({camps.get(o, NO_CAMP) for o in outlets}) if by == "camp" else outlets
    return columns if len(columns) <= most else None


def _outlets(documents: list[dict[str, Any]]) -> list[OutletSummary]:
    outlets: dict[str, OutletSummary] = {}
    for doc in documents:
        name = doc["outlet"] or "(unknown outlet)"
        outlets.setdefault(name, OutletSummary(name)).add(doc)
    return sorted(outlets.values(), key=lambda o: (-o.documents, o.outlet))


def _removed_by_role(documents: list[dict[str, Any]]) -> dict[str, int]:
    removed: dict[str, int] = defaultdict(int)
    for doc in documents:
        for span in doc["removed"]:
            removed[span["role"]] += 1
    return dict(sorted(removed.items()))


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pairs: offsets into the clean text, so that a record's span can be marked."""
    out, offset = [], 0
    for paragraph in text.split("\n\n"):
        out.append((offset, paragraph))
        offset += len(paragraph) + 2
    return out


def _citation(row: dict[str, Any], outlet_of: dict[str, str], title_of: dict[str, str]) -> dict[str, Any]:
    cited = row["cited_doc_id"]
    return {**row, "outlet": outlet_of.get(row["doc_id"]), "cited_outlet": outlet_of.get(cited),
            "cited_title": title_of.get(cited)}  # fmt: skip


def _highlight_link(record: dict[str, Any] | DyadEvent, start: str = "start", end: str = "end") -> str:
    """The fragment that opens a record's document with its span highlighted (see the template's script)."""
    get = record.get if isinstance(record, dict) else lambda key: getattr(record, key)
    return f"#hl={get('doc_id')}/{get(start)}/{get(end)}"


# --- dyads ------------------------------------------------------------------------------------------


def _top_dyads(store: Store, top: int) -> list[tuple[str, str]]:
    """The directed country pairs with the most real-world events (each event cluster once)."""
    pairs: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str, str]] = set()
    for cluster, actors, recipients in event_sides(store, HAPPENED):
        for a in {p.get("code") for p in json.loads(actors)} - {None}:
            for b in {p.get("code") for p in json.loads(recipients)} - {None, a}:
                if (cluster, a, b) not in seen:
                    seen.add((cluster, a, b))
                    pairs[(a, b)] += 1
    return [pair for pair, _ in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _dyad_view(
    store: Store, source: str, target: str, charts: dict[str, dict[str, Any]], settings: Settings
) -> dict[str, Any]:
    answer = shift(store, source, target, settings=settings)
    events = dyad_events(store, source, target)
    key = f"dyad-{len(charts)}"
    if events:
        charts[key] = timeline_chart(events, answer.at)
    return {"source": source, "target": target, "shift": answer, "events": events, "chart": key if events else None}


# --- charts -----------------------------------------------------------------------------------------


def dyad_timeline(
    store: Store,
    source: str,
    target: str,
    at: str | None = None,
    since: str | None = None,
    until: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any] | None:
    """The dyad's timeline as the report draws it, a Vega-Lite spec: its events from `since` to `until`,
    and a rule at `at` or else where `shift` splits them; None when the dyad has no events."""
    events = dyad_events(store, source, target, since, until)
    if not events:
        return None
    split = parse_date(at, "at") if at else shift(store, source, target, since=since, until=until, evidence=0,
                                                  settings=settings).at  # fmt: skip
    return timeline_chart(events, split)


def timeline_chart(events: list[DyadEvent], at: str | None) -> dict[str, Any]:
    """Each event at its date and PLOVER score, a rule where the shift answer splits the series; under
    it a strip of every event whose brush sets the window above, opened where the events are: one
    article recalling 1967 must not squeeze the story of this year into one column of pixels. An
    event dated only by its report's publication is drawn hollow, its date at the precision known."""
    values = [
        {"date": e.date, "when": e.date + (" (publication)" if e.date_precision == "report" else ""),
         "dated": "publication" if e.date_precision == "report" else "text",
         "score": e.score, "type": e.type, "outlet": e.outlet or "", "text": e.text.strip()[:160],
         "reports": e.reports, "href": f"#hl={e.doc_id}/{e.start}/{e.end}"}
        for e in events
    ]  # fmt: skip
    types = _categories(values, "type")
    data = alt.Data(values=values)
    window = _window(sorted(e.date for e in events))
    # named, as the strip is, so that the same store gives the same page (altair would draw random names)
    brush = alt.selection_interval(name="window", encodings=["x"], value={"x": window} if window else alt.Undefined)
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=brush, padding=14))  # points at the ends stay whole
    points = (
        alt.Chart(data)
        .mark_point(filled=True, opacity=0.8, clip=True)
        .encode(
            x=x,
            y=alt.Y("score:Q", title="cooperation (+) / conflict (−)", scale=alt.Scale(domain=[-10, 10])),
            color=alt.Color("type:N", title="PLOVER type", scale=types),
            shape=alt.Shape("dated:N", title="dated by", scale=alt.Scale(domain=["text", "publication"],
                                                                        range=["circle", "triangle-up"])),
            size=alt.Size("reports:Q", title="reports", scale=alt.Scale(domainMin=1, range=[60, 300]),
                          legend=alt.Legend(format="d", tickMinStep=1)),
            href="href:N",
            tooltip=[alt.Tooltip("when:N", title="date"), "type:N", "score:Q", "outlet:N", "text:N"],
        )
    )  # fmt: skip
    layers: list[alt.Chart] = [points]
    if at:
        rule = alt.Chart(alt.Data(values=[{"at": at}])).mark_rule(strokeDash=[4, 3], clip=True)
        layers.append(rule.encode(x=alt.X("at:T", scale=alt.Scale(domain=brush))))
    detail = alt.layer(*layers).properties(width="container", height=220)
    strip = (
        alt.Chart(data)
        .mark_tick(thickness=2)
        .encode(x=alt.X("date:T", title="drag to choose the years shown above"), color=alt.Color("type:N", scale=types))
        .add_params(brush)
        .properties(name="strip", width="container", height=30)
    )
    return alt.vconcat(detail, strip).to_dict()


FOCUS_SHARE = 0.7  # the timeline opens on the shortest span holding this share of the events


def _window(dates: list[str]) -> list[alt.DateTime] | None:
    """Where the events are: the shortest span holding FOCUS_SHARE of them, when the rest (history an
    article recalls) would stretch the axis past twice it; None: the whole axis."""
    days = [_day(date) for date in dates]
    held = max(3, math.ceil(FOCUS_SHARE * len(days)))
    if len(days) <= held:
        return None
    start, last = min(((days[i], days[i + held - 1]) for i in range(len(days) - held + 1)), key=lambda w: w[1] - w[0])
    span = max((last - start).days, 30)
    if (days[-1] - days[0]).days <= 2 * span:
        return None
    begin, end = start - dt.timedelta(days=span // 10), last + dt.timedelta(days=span // 10)
    return [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in (begin, end)]


def _day(date: str) -> dt.date:
    """The first day a YYYY, YYYY-MM or YYYY-MM-DD date can be."""
    parts = [int(part) for part in date.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _network_chart(graph: networkx.DiGraph) -> dict[str, Any]:
    """Who acts on whom: a layout computed here (Kamada-Kawai, which keeps the tight core of a story
    readable), drawn as rules and circles by Vega-Lite."""
    graph = graph.copy()
    graph.remove_edges_from(list(networkx.selfloop_edges(graph)))
    graph.remove_nodes_from(list(networkx.isolates(graph)))
    position = networkx.kamada_kawai_layout(graph.to_undirected())
    edges = []
    for a, b, attrs in graph.edges(data=True):
        (x, y), (x2, y2) = position[a], position[b]
        edges.append({"x": float(x), "y": float(y), "x2": float(x2), "y2": float(y2), "events": attrs["events"],
                      "relation": _relation(attrs), "pair": f"{_label(graph, a)} → {_label(graph, b)}",
                      "mean_score": attrs["mean_score"]})  # fmt: skip
    nodes = [{"x": float(position[n][0]), "y": float(position[n][1]), "label": _label(graph, n),
              "events": graph.degree(n, weight="events")} for n in graph.nodes]  # fmt: skip
    named = _unclashing(sorted(nodes, key=lambda n: (-n["events"], n["label"])))
    axis = {"axis": None, "scale": alt.Scale(zero=False)}
    colours = alt.Scale(domain=list(RELATION_COLOURS), range=list(RELATION_COLOURS.values()))
    lines = (
        alt.Chart(alt.Data(values=edges))
        .mark_rule(opacity=0.6)
        .encode(
            x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
            color=alt.Color("relation:N", scale=colours, title="mostly"),
            strokeWidth=alt.StrokeWidth("events:Q", scale=alt.Scale(range=[1, 8]), title="events",
                                        legend=alt.Legend(format="d", tickMinStep=1)),
            tooltip=["pair:N", "events:Q", "relation:N", "mean_score:Q"],
        )
    )  # fmt: skip
    circles = (
        alt.Chart(alt.Data(values=nodes))
        .mark_circle(color="#1d2430", size=90)
        .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), tooltip=["label:N", "events:Q"])
    )
    labels = (
        alt.Chart(alt.Data(values=named))
        .mark_text(dy=-11, fontSize=12)
        .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="label:N")
    )
    return alt.layer(lines, circles, labels).properties(width="container", height=420).to_dict()


NETWORK_LABELS = 15  # actors named on the network chart
LABEL_ROOM = (360, 420, 6.5, 15)  # a phone's chart width and height, a letter's width and a line's height, in px


def _unclashing(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes named on the network chart: the busiest first, each unless its name would overlap one
    already placed on the narrowest chart (a phone's); the others are named in their tooltip."""
    if not nodes:
        return []
    width, height, letter, line = LABEL_ROOM
    xs, ys = [n["x"] for n in nodes], [n["y"] for n in nodes]
    x_span, y_span = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    placed: list[tuple[float, float, float, float]] = []
    named = []
    for node in nodes:
        x = (node["x"] - min(xs)) / x_span * width
        y = (max(ys) - node["y"]) / y_span * height - 11  # the label sits above its circle
        half = letter * len(node["label"]) / 2
        box = (x - half, y - line, x + half, y)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
            placed.append(box)
            named.append(node)
        if len(named) == NETWORK_LABELS:
            break
    return named


MAP_SPAN = (40, 24)  # degrees of longitude and latitude the map shows at the least


def _map_chart(places: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """The world's land, and a circle at each place named: its area grows with the events located there
    (named only: the smallest); its colour is its country's, the countries named least together."""
    places = [{**p, "country": _country_name(p["code"], names) if p["code"] else "no country"} for p in places]
    countries = _categories(places, "country", weight="mentions", quiet=("no country",))
    land = alt.Chart(alt.Data(values=world_outline(), format=alt.DataFormat(type="topojson", feature="land")))
    points = (
        alt.Chart(alt.Data(values=places))
        .mark_circle(opacity=0.75)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size(
                "events:Q",
                title="events there",
                scale=alt.Scale(range=[30, 600]),
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            color=alt.Color("country:N", title="country", scale=countries),
            tooltip=["name:N", "country:N", "kind:N", "mentions:Q", "events:Q"],
        )
    )
    shapes = land.mark_geoshape(fill="#e8e6df", stroke="#bbb", strokeWidth=0.5, clip=True)
    layered = alt.layer(shapes, points).project(type="equalEarth", fit=_region(places))
    return layered.properties(width="container", height=360).to_dict()


def _country_name(code: str, names: dict[str, str]) -> str:
    """ "Cuba (CUB)": as the actors' names go, and for a country no actor is from, as ISO 3166 names it."""
    if code in names:
        return names[code]
    country = pycountry.countries.get(alpha_3=code)
    return f"{getattr(country, 'common_name', None) or country.name} ({code})" if country else code


def _region(places: list[dict[str, Any]]) -> dict[str, Any]:
    """The area the map shows: the places' bounding box, widened to at least a region's size (a story
    told in one country still shows its neighbours), as a GeoJSON the projection fits."""
    lons, lats = [p["longitude"] for p in places], [p["latitude"] for p in places]
    centre_lon, centre_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_lon = max((max(lons) - min(lons)) / 2 + 5, MAP_SPAN[0] / 2)
    half_lat = max((max(lats) - min(lats)) / 2 + 5, MAP_SPAN[1] / 2)
    corners = [[max(centre_lon - half_lon, -180), max(centre_lat - half_lat, -85)],
               [min(centre_lon + half_lon, 180), min(centre_lat + half_lat, 85)]]  # fmt: skip
    return {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": corners}, "properties": {}}


def _voices_chart(voices: list[dict[str, Any]], names: dict[str, str], by: str) -> dict[str, Any]:
    """Each outlet's (or camp's) quotations as one bar of 100 %, split by the speaker's country, named;
    the speakers no dictionary places are said to be so, not folded into one "unknown"."""
    values = [{by: v[by], "country": SPEAKERS_NOT_PLACED.get(v["country"]) or names.get(v["country"], v["country"]),
               "quotes": v["quotes"], "share": v["share"]} for v in voices]  # fmt: skip
    countries = _categories(values, "country", weight="quotes", quiet=tuple(SPEAKERS_NOT_PLACED.values()))
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=None),
            x=alt.X("sum(share):Q", title=f"share of the {by}'s quotations",
                    axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1], nice=False, clamp=True)),
            color=alt.Color("country:N", title="speaker's country", scale=countries),
            order=alt.Order("sum(quotes):Q", sort="descending"),
            tooltip=[f"{by}:N", "country:N", alt.Tooltip("sum(quotes):Q", title="quotes"),
                     alt.Tooltip("sum(share):Q", title="share", format=".0%")],
        )
        .properties(width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .to_dict()
    )  # fmt: skip


def _coverage_chart(rows: list[dict[str, Any]], by: str) -> dict[str, Any]:
    """Documents per month, stacked by camp (or outlet): who covers the story when."""
    rows = [dict(row) for row in rows]
    groups = _categories(rows, by, weight="documents", quiet=(NO_CAMP,))
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=None),
            y=alt.Y("sum(documents):Q", title="documents"),
            color=alt.Color(f"{by}:N", title=by, scale=groups),
            tooltip=["period:O", f"{by}:N", alt.Tooltip("sum(documents):Q", title="documents")],
        )
        .properties(width="container")
        .to_dict()
    )


def _stance_chart(rows: list[dict[str, Any]], min_evidence: int, names: dict[str, str], by: str) -> dict[str, Any]:
    """Outlets (or camps) × actors, named, coloured by the own-voice stance; a cell's opacity grows with
    its evidence, and cells with too little evidence are grey instead of coloured. The STANCE_TARGETS
    actors with the most evidence are drawn, so that their names stay legible."""
    evidence: Counter[str] = Counter()
    for r in rows:
        evidence[r["target"]] += r["n"]
    shown = {target for target, _ in evidence.most_common(STANCE_TARGETS)}
    values = [{by: r[by], "target": names.get(r["target"]) or r["name"] or r["target"], "score": r["score"],
               "n": r["n"], "uncertainty": r["uncertainty"], "quotes": r["quotes"], "sufficient": r["sufficient"],
               "evidence": "enough" if r["sufficient"] else "too little evidence"}
              for r in rows if r["n"] and r["target"] in shown]  # fmt: skip
    tooltip = [f"{by}:N", "target:N", alt.Tooltip("score:Q", format="+.2f"),
               alt.Tooltip("uncertainty:Q", format=".2f"), "n:Q", "quotes:Q", "evidence:N"]  # fmt: skip
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("target:N", title="toward", axis=alt.Axis(labelAngle=-40, labelLimit=140)),
        y=alt.Y(f"{by}:N", title=None, axis=alt.Axis(labelLimit=160)),
    )
    colour = base.transform_filter("datum.sufficient").mark_rect().encode(
        color=alt.Color("score:Q", scale=alt.Scale(scheme="redblue", domain=[-1, 1]), title="stance"),
        opacity=alt.Opacity("n:Q", scale=alt.Scale(domain=[min_evidence, 20], range=[0.45, 1], clamp=True),
                            legend=None),
        tooltip=tooltip,
    )  # fmt: skip
    sparse = base.transform_filter("!datum.sufficient").mark_rect(color="#ddd").encode(tooltip=tooltip)
    layered = alt.layer(sparse, colour).properties(width="container", height={"step": 18})
    return layered.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding")).to_dict()


STANCE_TARGETS = 25


def _categories(
    values: list[dict[str, Any]], field: str, weight: str | None = None, quiet: Sequence[str] = ()
) -> alt.Scale:
    """A colour scale for `field` that gives no two categories one colour: the PALETTE's hues go to
    the commonest (by `weight`, else by rows), the rest are renamed OTHER in `values` and drawn grey
    together, and the `quiet` categories (nothing known) take the lighter greys."""
    counts: Counter[str] = Counter()
    for row in values:
        counts[row[field]] += row[weight] if weight else 1
    loud = sorted((c for c in counts if c not in quiet), key=lambda c: (-counts[c], c))
    kept = loud if len(loud) <= len(PALETTE) else loud[: len(PALETTE) - 1]
    if len(kept) < len(loud):
        dropped = set(loud) - set(kept)
        for row in values:
            if row[field] in dropped:
                row[field] = OTHER
    domain = sorted(kept) + ([OTHER] if len(kept) < len(loud) else [])
    colours = list(PALETTE[: len(kept)]) + ([GREYS[0]] if len(kept) < len(loud) else [])
    silent = [c for c in quiet if c in counts]
    return alt.Scale(domain=domain + silent, range=colours + list(GREYS[1:] * 2)[: len(silent)])


def _relation(attrs: dict[str, Any]) -> str:
    if attrs["cooperation"] and attrs["conflict"]:
        return "cooperation" if attrs["cooperation"] > 2 * attrs["conflict"] else (
            "conflict" if attrs["conflict"] > 2 * attrs["cooperation"] else "mixed")  # fmt: skip
    return "conflict" if attrs["conflict"] else "cooperation"


def _label(graph: networkx.DiGraph, node: str) -> str:
    """ "Valdoria (XVA)": an actor's name with its code beside it."""
    attrs = graph.nodes[node]
    name = str(attrs.get("label") or attrs.get("name") or node)
    code = attrs.get("code")
    return f"{name} ({code})" if code and code != name else name


def _edge_rows(graph: networkx.DiGraph) -> list[dict[str, Any]]:
    rows = [{"source": _label(graph, a), "target": _label(graph, b), "relation": _relation(attrs), **attrs}
            for a, b, attrs in graph.edges(data=True)]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["events"], r["source"], r["target"]))


def _referent_names(store: Store) -> dict[str, str]:
    """Readable names for framing referents: an actor's name; an event cluster named by what it is — the
    day its best-dated report gives, the plainest noun its reports use for it (an event noun no loaded
    word qualifies: "seizure"; else its PLOVER type) and who did it to whom ("1 March 2025: seizure,
    Valdoria → Morvenia"); a named event's name."""
    names = actor_names(store)
    nouns = load_framing_lexicon().event_nouns.keys() | load_event_lexicon().nouns.keys()
    plain: dict[str, str] = {}
    for referent, term in plain_event_labels(store):
        if referent not in plain and term.split()[-1].lower() in nouns:
            plain[referent] = term
    for cluster, kind, date, actor, recipient in cluster_summaries(store):
        what = plain.get(cluster, kind.lower())
        who = " → ".join(x for x in (actor, recipient) if x)
        day = dt.date.fromisoformat(date) if date else None
        when = f"{day.day} {day:%B %Y}: " if day else ""  # "%-d" is not portable
        names[cluster] = f"{when}{what}" + (f", {who}" if who else "")
    for referent in named_event_referents(store):
        names[referent] = referent.removeprefix("name:")
    return names


# --- inlining ---------------------------------------------------------------------------------------


@lru_cache(maxsize=len(VENDORED))
def _vendored(name: str) -> str:
    source = resources.files("rashomon.views").joinpath(f"static/{name}").read_text(encoding="utf-8")
    safe = source.replace("</script", "<\\/script")
    return f"<script>/* {name}, vendored: see rashomon/views/static/VENDORED.md */\n{safe}\n</script>"
