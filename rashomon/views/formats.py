"""Exports beyond JSON lines: the data contract's records as CSV or Parquet tables, the events as one
PLOVER JSON array, and the actor network as GEXF or GraphML, for tools that do not read JSON lines."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import fmean
from typing import Any

import networkx as nx

from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.dyads import EXACTNESS, HAPPENED
from rashomon.analysis.errors import QueryError
from rashomon.analysis.predictions import predictions
from rashomon.settings import Settings, load_settings
from rashomon.store import schema
from rashomon.store.database import Store, store_errors
from rashomon.store.reading.actors import actor_kinds
from rashomon.store.reading.documents import latest_publication
from rashomon.store.reading.events import scored_events
from rashomon.store.reading.files import STORED_FILES, write_rows, write_stored, write_table
from rashomon.store.reading.framing import document_terms
from rashomon.views.export import claims, events, export, exported_tables, quotes, stance_rows
from rashomon.views.output import staged_output

FORMATS = ("jsonl", "csv", "parquet", "plover", "gexf", "graphml")
TABLE_FORMATS = ("csv", "parquet")

# Tables the views shape (nested speakers, actors, occurrences …): built by the functions behind their
# JSON-lines files, so every format carries the same rows and fields; the settings set the thresholds of
# the claim matrix and of stance.
VIEWS: dict[str, Callable[[Store, Settings], Iterable[dict[str, Any]]]] = {
    "quotes": lambda store, _: quotes(store),
    "terms": lambda store, _: document_terms(store),
    "events": lambda store, _: events(store),
    "claims": lambda store, _: claims(store),
    "claim_matrix": claim_matrix,
    "stance": stance_rows,
    "predictions": lambda store, _: predictions(store),
}
# A view without rows gives DuckDB nothing to read its columns from: these keep an empty table's header.
VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "quotes": ("quote_id", "doc_id", "start", "end", "text", "kind", "cue", "cue_start", "continues",
               "cluster_id", "speaker"),
    "terms": ("doc_id", "outlet", "referent", "term", "kind", "loaded", "loaded_by", "count", "quoted", "occurrences"),
    "events": ("id", "doc_id", "event", "mode", "context", "actor", "recipient", "date", "enddate",
               "date_precision", "date_text", "text", "text_info", "trigger", "modality", "attributed_to",
               "confidence", "derived", "target_inferred", "actor_inferred", "score", "cluster_id"),
    "claims": ("claim_id", "doc_id", "start", "end", "phrase", "value", "low", "high", "hedge", "unit", "quantity",
               "predicate", "subject", "attributed_to", "sentence_start", "sentence_end", "text", "cluster_id",
               "happening", "partitive", "counted", "qualifier", "moment", "scope"),
    "claim_matrix": ("cluster_id", "quantity", "predicate", "label", "claim", "outlets", "omitted"),
    "stance": ("doc_id", "outlet", "target", "code", "name", "score", "n", "uncertainty", "sufficient", "lean",
               "evidence", "quotes", "quote_share", "coverage", "documents"),
    "predictions": ("prediction_id", "doc_id", "start", "end", "text", "sentence_start", "sentence_end",
                    "sentence", "cue", "verb", "confidence", "negated", "about", "about_ids", "about_codes",
                    "predictor", "by_date", "event", "event_start", "outlet", "published"),
}  # fmt: skip
# The files in the order export() writes their JSON-lines twins.
TABLES = ("documents", "mentions", "timex", "quotes", "citations", "terms", "events", "claims", "claim_links",
          "claim_matrix", "stance", "predictions")  # fmt: skip


def exported_names() -> tuple[str, ...]:
    """Every exported table, as its files are named: the views and stored tables, then the tables
    annotators declare with an export file of their own (places)."""
    return (*TABLES, *(Path(t.file).stem for t in exported_tables() if t.file))


def view_columns(table: str) -> tuple[str, ...]:
    """A view's columns, with those annotators add to events (schema.extend)."""
    extra = tuple(c.name for c in schema.table("events").extra) if table == "events" else ()
    return VIEW_COLUMNS[table] + extra


def export_as(store: Store, out: Path | str, fmt: str, settings: Settings | None = None) -> dict[str, int]:
    """Write the store into `out` in one of FORMATS; returns rows (or, for a network, nodes) per file.

    jsonl is the data contract (`export`); csv and parquet hold one table per JSON-lines file, with the
    same column names; plover is
    `events.plover.json`; gexf and graphml are the actor network (`actor_network`) for Gephi and
    other graph tools. `settings`: the thresholds of the claim matrix and of stance (default: bundled).
    """
    settings = settings or load_settings()
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        return export(store, out, settings)
    with store_errors(store.path), staged_output(Path(out)) as folder:
        if fmt in TABLE_FORMATS:
            return _write_tables(store, folder, fmt, settings)
        if fmt == "plover":
            return _write_plover(store, folder)
        return _write_network(store, folder, fmt)


def _write_plover(store: Store, out: Path) -> dict[str, int]:
    path = out / "events.plover.json"
    rows = list(events(store))
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {path.name: len(rows)}


def _write_network(store: Store, out: Path, fmt: str) -> dict[str, int]:
    graph = actor_network(store)
    path = out / f"actors.{fmt}"
    if fmt == "gexf":
        # GEXF stamps the day of writing; the day of the newest document keeps a second export identical
        latest = latest_publication(store)
        day = f'lastmodifieddate="{latest.isoformat() if latest else "1970-01-01"}"'
        text = "\n".join(re.sub(r'lastmodifieddate="[^"]*"', day, line) for line in nx.generate_gexf(graph))
        path.write_text(text + "\n", encoding="utf-8")
    else:
        nx.write_graphml(graph, path)
    return {path.name: graph.number_of_nodes()}


def actor_network(store: Store) -> nx.DiGraph:
    """Who acts on whom: a node per actor (its id, else its code), an edge per (source, target) pair.

    An edge counts the events the dyad and shift views count (the README's "Data contract"), so the network and
    `rashomon dyad` agree: events that happened, each real-world event (its cluster) once, represented
    by its most exactly dated report. `cooperation` and `conflict` count events on either side of the
    PLOVER scale; `weight` repeats `events` because Gephi draws edges by weight.
    """
    participants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    reports: dict[tuple[str, str, str], tuple[tuple[int, float, str], str, float, str]] = {}
    for event in scored_events(store, HAPPENED):
        cluster_id = event.id if event.cluster_id is None else event.cluster_id
        sides = [_participants(json.loads(side)) for side in (event.actor, event.recipient)]
        for side in sides:
            for key, participant in side.items():
                participants[key].append(participant)
        rank = (EXACTNESS.get(event.date_precision, 0), event.confidence, event.id)
        for source in sides[0]:
            for target in sides[1]:
                known = reports.get((source, target, cluster_id))
                if known is None or rank > known[0]:
                    reports[(source, target, cluster_id)] = (rank, event.event, event.score, event.date)
    kinds = actor_kinds(store)
    graph = nx.DiGraph()
    for key in sorted(participants):
        graph.add_node(key, **_node(participants[key], kinds.get(key)))
    edges: dict[tuple[str, str], list[tuple[str, float, str]]] = defaultdict(list)
    for (source, target, _), (_, kind, score, date) in reports.items():
        edges[(source, target)].append((kind, score, date))
    for (source, target), found in sorted(edges.items()):
        scores = [score for _, score, _ in found]
        dates = [date for _, _, date in found]
        graph.add_edge(
            source,
            target,
            events=len(found),
            weight=len(found),
            cooperation=sum(score > 0 for score in scores),
            conflict=sum(score < 0 for score in scores),
            mean_score=round(fmean(scores), 3),
            types=",".join(sorted({kind for kind, _, _ in found})),
            first=min(dates),
            last=max(dates),
        )
    return graph


def _participants(side: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """An event side's actors by node key; one named by neither id nor code has no node."""
    found: dict[str, dict[str, Any]] = {}
    for participant in side:
        key = participant.get("actor_id") or participant.get("code")
        if key:
            found.setdefault(key, participant)
    return found


def _node(participations: list[dict[str, Any]], kind: str | None) -> dict[str, str]:
    """Node attributes; GEXF and GraphML take no nulls, so unknown is "". A country's sector changes
    with the mention ("Valdorian artillery" is MIL), so the node keeps the one most of them carry."""
    first = participations[0]
    sectors = Counter(p.get("sector") or "" for p in participations)
    return {
        "label": first.get("name") or first.get("entity_text") or "",
        "code": next((p["code"] for p in participations if p.get("code")), ""),
        "sector": max(sorted(sectors), key=lambda sector: sectors[sector]),
        "kind": kind or "",
    }


def _write_tables(store: Store, out: Path, fmt: str, settings: Settings) -> dict[str, int]:
    """One file per table: stored tables copied row for row, views written from their rows."""
    written: dict[str, int] = {}
    for table in exported_tables():  # an annotator's own table, copied row for row
        path = out / f"{Path(table.file or table.name).stem}.{fmt}"
        written[path.name] = write_table(store, table.name, path, fmt)
    for name in TABLES:
        path = out / f"{name}.{fmt}"
        if name in STORED_FILES:
            written[path.name] = write_stored(store, name, path, fmt)
        else:
            written[path.name] = write_rows(list(VIEWS[name](store, settings)), view_columns(name), path, fmt)
    return written
