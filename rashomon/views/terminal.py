"""The CLI's answers as terminal text: a rich table per list view, and the shift answer in lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:  # types only: the command line imports this module before it needs the analysis
    from rashomon.analysis.dyads import Dyad, DyadEvent, Shift


def voices_table(rows: list[dict[str, Any]], keys: Sequence[str], per: str = "outlet") -> Table:
    table = Table(per, *keys, "quotes", "share")
    for row in rows:
        table.add_row(row["outlet"], *[str(row[k]) for k in keys], str(row["quotes"]), f"{row['share']:.0%}")
    return table


def dyad_table(series: Dyad, by: str) -> Table:
    title = f"{series.source_label or series.source} → {series.target_label or series.target}"
    table = Table(by, "events", "mean score", "types", title=title)
    for period in series.periods:
        types = ", ".join(f"{k} {v}" for k, v in sorted(period.types.items()))
        table.add_row(period.period, str(period.events), f"{period.mean_score:+.2f}", types)
    return table


def actors_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("actor", "id", "code", "sector", "kind", "mentions", "documents", "acts", "acted on", "quotes")
    for row in rows:
        counts = (row["mentions"], row["documents"], row["as_actor"], row["as_recipient"], row["quotes"])
        table.add_row(row["name"] or "", row["actor_id"], row["code"] or "", row["sector"] or "", row["kind"] or "",
                      *map(str, counts))  # fmt: skip
    return table


def search_lines(hits: list[dict[str, Any]], total: int, offset: int) -> list[str]:
    """Search hits as text: a line naming the hit (score, kind, where), and its text on the next."""
    lines = [f"hits {offset + 1}–{offset + len(hits)} of {total}" if hits else f"no hits here (of {total})"]
    for hit in hits:
        record = f" {hit['id']}" if hit["kind"] != "document" else ""
        source = ", ".join(str(part) for part in (hit["outlet"], hit["published"]) if part)
        lines.append(f"{hit['score']:5.2f} {hit['kind']}{record} — {hit['doc_id']}:{hit['start']}-{hit['end']}"
                     + (f" ({source})" if source else ""))  # fmt: skip
        lines.append(f"      “{' '.join(hit['text'].split())}”")
    return lines


def outlets_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("outlet", "camp", "country", "tags", "documents")
    for row in rows:
        table.add_row(row["outlet"], row["camp"] or "", row["country"] or "", ", ".join(row["tags"]),
                      str(row["documents"]))  # fmt: skip
    return table


def coverage_table(rows: list[dict[str, Any]], by: str) -> Table:
    table = Table("period", by, "documents")
    for row in rows:
        table.add_row(row["period"] or "(undated)", row[by], str(row["documents"]))
    return table


def blindspots_table(rows: list[dict[str, Any]], by: str) -> Table:
    table = Table(by, "kind", "what", "documents", "outlets", "a report")
    for row in rows:
        report = f"{row['doc_id']}:{row['start']}-{row['end']} “{' '.join(row['text'].split())}”"
        table.add_row(row[by], row["kind"], row["about"], str(row["documents"]), ", ".join(row["outlets"]), report)
    return table


def claim_matrix_table(rows: list[dict[str, Any]]) -> Table:
    outlets = sorted({o for row in rows for o in row["outlets"]} | {o for row in rows for o in row["omitted"]})
    table = Table("claim", "quantity", *outlets)
    for row in rows:
        cells = []
        for outlet in outlets:
            cell = row["outlets"].get(outlet)
            if cell is not None:
                cells.append(f"{cell['status']}: {'; '.join(cell['phrases'])}")
            else:
                cells.append("omits" if outlet in row["omitted"] else "")
        table.add_row(row["claim"], row["quantity"], *cells)
    return table


def framing_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("referent", "outlet", "labels")
    for row in rows:
        for outlet, labels in row["outlets"].items():
            words = ", ".join(f"{x['term']}{'*' if x['loaded'] else ''} ({x['count']})" for x in labels)
            table.add_row(f"{row['label']} [{row['referent']}]", outlet, words)
    return table


def stance_table(rows: list[dict[str, Any]], by: str) -> Table:
    column = "doc_id" if by == "document" else by  # outlet or camp
    table = Table(by, "target", "stance", "n", "quotes (share)", "as agent / victim")
    for row in rows:
        where = row[column]
        if row["score"] is None:
            score = "—"
        else:
            score = f"{row['score']:+.2f} ± {row['uncertainty']:.2f}" + ("" if row["sufficient"] else " (too little)")
        cover = row["coverage"]
        table.add_row(where, row["code"] if row["code"] == row["target"] else f"{row['target']} ({row['code']})",
                      score, str(row["n"]), f"{row['quotes']} ({row['quote_share']:.0%})",
                      f"{cover['as_agent']} / {cover['as_victim']}")  # fmt: skip
    return table


def predictions_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("published", "outlet", "predictor", "prediction", "about", "by")
    for row in rows:
        predictor = (row["predictor"] or {}).get("text") or "(outlet)"
        claim = f"{'NOT ' if row['negated'] else ''}{row['text']} [{row['confidence']}]"
        about_codes = ", ".join(row["about_codes"])
        table.add_row(row["published"] or "", row["outlet"] or "", predictor, claim, about_codes, row["by_date"] or "")
    return table


def shift_lines(answer: Shift) -> list[str]:
    """The shift answer as text: the split, each side's events and evidence, the difference, by outlet."""
    lines: list[str] = []
    how = "change point found" if answer.found else "split given"
    lines.append(f"{answer.source_label or answer.source} → {answer.target_label or answer.target}: {answer.note}")
    lines.append(f"  {how}: {answer.at or '—'}")
    # With no split to be found (too few events), every event is on the `before` side: no side to name.
    sides = (("", answer.before),) if answer.at is None else (("before", answer.before), ("after", answer.after))
    for label, side in sides:
        mean = f", mean score {side.mean_score:+.2f} (weighted by confidence)" if side.mean_score is not None else ""
        by_report = (
            f" ({side.dated_by_report} dated only by their report's publication)" if side.dated_by_report else ""
        )
        lines.append(f"  {label + ': ' if answer.at else ''}{_events(side.events)}{by_report}{mean}")
        for e in side.evidence:
            where = f"{e.doc_id}:{e.start}-{e.end}"
            outlet = f" ({e.outlet})" if e.outlet else ""
            reports = f", {e.reports} reports" if e.reports > 1 else ""
            who = f"{_participants(e.actor)} → {_participants(e.recipient)}"
            lines.append(
                f"    {e.date}{_publication(e)} {e.type} {e.score:+.1f}: {who} "
                f"(confidence {e.confidence:.2f}{reports}) — "
                f"{where}{outlet}"
            )
            lines.append(f"      “{e.text.strip()}”")
    if answer.difference is not None:
        effect = f", effect size {answer.effect_size}" if answer.effect_size is not None else ""
        lines.append(f"  difference after − before: {answer.difference:+.2f}{effect}")
    if answer.outlets:
        lines.append("by outlet:")
    for part in answer.outlets:
        lines.append(f"  {part.outlet or '(no outlet)'}: {part.note}")
        if part.at is None:
            mean = f" (mean {part.before.mean_score:+.2f})" if part.before.mean_score is not None else ""
            lines.append(f"    no split; {_events(part.before.events)}{mean}")
            continue
        sides = "; ".join(
            f"{label}: {_events(side.events)}"
            + (f", mean {side.mean_score:+.2f}" if side.mean_score is not None else "")
            for label, side in (("before", part.before), ("after", part.after))
        )
        where = f"{'change point' if part.found else 'split'} {part.at}"
        lines.append(f"    {where}; {sides}")
    return lines


def _publication(event: DyadEvent) -> str:
    """Marks a date that is only the report's publication date: the event happened by then."""
    return " (publication)" if event.date_precision == "report" else ""


def _events(n: int) -> str:
    return "1 event" if n == 1 else f"{n} events"


def _participants(participants: list[dict[str, Any]]) -> str:
    """Who took part, named and coded: a dictionary actor by its name ("Sofia Maelstad (XMO GOV)"), a
    country or its part as the text says ("Russian businessmen (RUS BUS)", not "Russian Federation")."""
    labels = []
    for p in participants:
        actor_id, code = p.get("actor_id"), p.get("code")
        named = p.get("name") if actor_id and actor_id != code else None
        name = named or p.get("entity_text") or p.get("name") or "?"
        code = " ".join(str(x) for x in (p.get("code"), p.get("sector")) if x)
        labels.append(f"{name} ({code})" if code else str(name))
    return ", ".join(labels) or "—"
