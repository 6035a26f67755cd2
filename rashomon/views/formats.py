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

import duckdb
import networkx as nx

from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.dyads import EXACTNESS, HAPPENED
from rashomon.analysis.errors import QueryError, reading
from rashomon.analysis.predictions import predictions
from rashomon.settings import Settings, load_settings
from rashomon.store import schema
from rashomon.store.database import Store
from rashomon.views.export import claims, events, export, exported_tables, quotes, stance_rows, terms
from rashomon.views.output import staged_output

FORMATS = ("jsonl", "csv", "parquet", "plover", "gexf", "graphml")
TABLE_FORMATS = ("csv", "parquet")

# Tables exported row for row: DuckDB copies them straight from the store, in their JSON-lines order.
STORED: dict[str, str] = {
    "documents": (
        "SELECT doc_id, source, url, outlet, title, authors, published, language, format, text, "
        'removed::STRUCT(role VARCHAR, "text" VARCHAR)[] AS removed FROM documents ORDER BY doc_id'
    ),
    "mentions": 'SELECT * FROM mentions ORDER BY doc_id, start, "end"',
    "timex": 'SELECT * FROM timex ORDER BY doc_id, start, "end"',
    "citations": f"SELECT * FROM citations ORDER BY {schema.table('citations').order}",
    "claim_links": f"SELECT * FROM claim_links ORDER BY {schema.table('claim_links').order}",
}


# Tables the views shape (nested speakers, actors, occurrences …): built by the functions behind their
# JSON-lines files, so every format carries the same rows and fields; the settings set the thresholds of
# the claim matrix and of stance.
VIEWS: dict[str, Callable[[Store, Settings], Iterable[dict[str, Any]]]] = {
    "quotes": lambda store, _: quotes(store),
    "terms": lambda store, _: terms(store),
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
NESTED = ("list", "array", "struct", "map", "union")


def exported_names() -> tuple[str, ...]:
    """Every exported table, as its files are named: the views and stored tables, then the tables
    annotators declare with an export file of their own (places)."""
    return (*TABLES, *(Path(t.file).stem for t in exported_tables() if t.file))


def view_columns(table: str) -> tuple[str, ...]:
    """A view's columns, with those annotators add to events (schema.extend)."""
    extra = tuple(c.name for c in schema.table("events").extra) if table == "events" else ()
    return VIEW_COLUMNS[table] + extra


NULL_TYPE = '"NULL"'  # DuckDB's type for a value seen only as null


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
    with reading(store.path), staged_output(Path(out)) as folder:
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
        latest = store.con.execute("SELECT max(published) FROM documents").fetchone()[0]  # type: ignore[index]
        day = f'lastmodifieddate="{latest.isoformat() if latest else "1970-01-01"}"'
        text = "\n".join(re.sub(r'lastmodifieddate="[^"]*"', day, line) for line in nx.generate_gexf(graph))
        path.write_text(text + "\n", encoding="utf-8")
    else:
        nx.write_graphml(graph, path)
    return {path.name: graph.number_of_nodes()}


def actor_network(store: Store) -> nx.DiGraph:
    """Who acts on whom: a node per actor (its id, else its code), an edge per (source, target) pair.

    An edge counts the events the dyad and shift views count (DESIGN.md), so the network and
    `rashomon dyad` agree: events that happened, each real-world event (its cluster) once, represented
    by its most exactly dated report. `cooperation` and `conflict` count events on either side of the
    PLOVER scale; `weight` repeats `events` because Gephi draws edges by weight.
    """
    rows = store.con.execute(
        f"""
        SELECT id, coalesce(cluster_id, id), event, score, date, date_precision, confidence, actor, recipient
        FROM events
        WHERE modality IN ({", ".join("?" * len(HAPPENED))}) AND score IS NOT NULL AND date IS NOT NULL
        ORDER BY date, id
        """,
        list(HAPPENED),
    ).fetchall()
    participants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    reports: dict[tuple[str, str, str], tuple[tuple[int, float, str], str, float, str]] = {}
    for event_id, cluster_id, kind, score, date, precision, confidence, actor, recipient in rows:
        sides = [_participants(json.loads(side)) for side in (actor, recipient)]
        for side in sides:
            for key, participant in side.items():
                participants[key].append(participant)
        rank = (EXACTNESS.get(precision, 0), confidence, event_id)
        for source in sides[0]:
            for target in sides[1]:
                known = reports.get((source, target, cluster_id))
                if known is None or rank > known[0]:
                    reports[(source, target, cluster_id)] = (rank, kind, score, date)
    kinds = dict(
        store.con.execute(
            "SELECT actor_id, min(kind) FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id"
        ).fetchall()
    )
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
    """One file per table. Views go through an in-memory DuckDB, which reads their nested values as
    lists and structs, so Parquet keeps them nested."""
    written: dict[str, int] = {}
    for table in exported_tables():  # an annotator's own table, copied row for row
        path = out / f"{Path(table.file or table.name).stem}.{fmt}"
        written[path.name] = _copy(store.con, f"SELECT * FROM {table.name} ORDER BY {table.order}", path, fmt)
    with duckdb.connect() as scratch:
        for table in TABLES:
            path = out / f"{table}.{fmt}"
            if table in STORED:
                written[path.name] = _copy(store.con, STORED[table], path, fmt)
                continue
            rows = list(VIEWS[table](store, settings))
            if rows:
                scratch.execute("CREATE OR REPLACE TABLE view_rows AS SELECT r.* FROM (SELECT unnest(?) AS r)", [rows])
            else:
                columns = ", ".join(f'"{name}" VARCHAR' for name in view_columns(table))
                scratch.execute(f"CREATE OR REPLACE TABLE view_rows ({columns})")
            written[path.name] = _copy(scratch, "SELECT * FROM view_rows", path, fmt)
    return written


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path, fmt: str) -> int:
    """COPY the query's rows to `path` (in the export's staging folder); returns the rows written.

    A column that held only nulls has DuckDB's NULL type, which other Parquet readers do not know:
    it is written as VARCHAR. CSV cells cannot nest, so lists and structs go in as JSON text.
    """
    columns = []
    for name, kind, *_ in con.execute(f"SELECT * FROM ({query}) LIMIT 0").description:
        column = f'"{name}"'
        if NULL_TYPE in str(kind):
            column = f"CAST({column} AS {str(kind).replace(NULL_TYPE, 'VARCHAR')})"
        if fmt == "csv" and kind.id in NESTED:
            column = f"to_json({column})"
        columns.append(f'{column} AS "{name}"')
    options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
    target = str(path).replace("'", "''")
    row = con.execute(f"COPY (SELECT {', '.join(columns)} FROM ({query})) TO '{target}' ({options})").fetchone()
    return int(row[0]) if row else 0
