"""Exports beyond JSON lines (CSV, Parquet, PLOVER JSON, GEXF, GraphML), read back as their users' tools would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import networkx as nx
import pytest

import rashomon
from rashomon.analysis.dyads import HAPPENED
from rashomon.analysis.errors import QueryError
from rashomon.store.database import Store
from rashomon.views.formats import FORMATS, VIEW_COLUMNS, exported_names, view_columns
from tests.conftest import story_store

# Two outlets tell the same week: an aid shipment and a shelling (each reported twice), sanctions that
# only might come, and an invasion that did not happen.
STORIES = {
    "ledger": ("Harnvik Ledger", "2025-06-12", (
        "Valdoria shipped grain to Morvenia on 10 June 2025 after floods ruined the harvest in Brønvik. "
        "On 11 June 2025 Valdorian artillery shelled a Morvenian border post near Saltmere, and the shelling "
        "killed 12 Morvenian soldiers.\n\n"
        "“We will not forget this betrayal,” said Henrik Albren. Valdoria might impose sanctions on Morvenia "
        "next month."
    )),
    "herald": ("Velgrad Herald", "2025-06-13", (
        "Valdorian aid convoys delivered grain to Morvenia on 10 June 2025. "
        "Valdorian artillery shelled a Morvenian border post on 11 June 2025, and the shelling killed 3 Morvenian "
        "soldiers, according to Valdorian officials.\n\n"
        "Valdoria did not invade Morvenia, said Foreign Minister Milena Ostrik."
    )),
}  # fmt: skip
QUIET = {
    "almanac": ("Hill Almanac", "2025-06-14", "The orchards in the hills bloomed early this year after a mild week.")
}


def exported(db: Path, out: Path, fmt: str = "jsonl") -> dict[str, int]:
    """The export a user makes: `rashomon.open(db).export(out, fmt)`."""
    with rashomon.open(db) as corpus:
        return corpus.export(out, fmt)


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("story"), STORIES)


@pytest.fixture(scope="module")
def jsonl(story_db: Path, tmp_path_factory) -> dict[str, list[dict]]:
    """The JSON-lines export, the contract every other format must agree with: table → rows."""
    out = tmp_path_factory.mktemp("jsonl")
    exported(story_db, out)
    return {table: read_jsonl(out / f"{table}.jsonl") for table in exported_names()}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def keys(rows: list[dict]) -> list[str]:
    """Field names in the order first seen (stance's outlet rows add `documents` after the document rows)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def ids(side: list[dict]) -> set[str]:
    return {participant["actor_id"] for participant in side}


def parquet_columns(path: Path) -> list[str]:
    return [row[0] for row in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]


def test_csv_has_the_rows_and_columns_of_the_json_lines(story_db: Path, jsonl: dict[str, list[dict]], tmp_path: Path):
    written = exported(story_db, tmp_path, "csv")
    assert written == {f"{table}.csv": len(jsonl[table]) for table in exported_names()}
    for table in exported_names():
        header, rows = read_csv(tmp_path / f"{table}.csv")
        assert len(rows) == len(jsonl[table]), table
        if jsonl[table]:
            assert header == keys(jsonl[table]), table
    _, events = read_csv(tmp_path / "events.csv")
    assert [row["id"] for row in events] == [event["id"] for event in jsonl["events"]]
    # A cell cannot nest: actor lists are JSON text that parses back to the JSON-lines value.
    assert [json.loads(row["actor"]) for row in events] == [event["actor"] for event in jsonl["events"]]


def test_parquet_keeps_nested_values(story_db: Path, jsonl: dict[str, list[dict]], tmp_path: Path):
    exported(story_db, tmp_path, "parquet")
    events = tmp_path / "events.parquet"
    types = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{events}')").fetchall())
    assert types["actor"].startswith("STRUCT(") and types["actor"].endswith(")[]")
    assert types["text_info"].startswith("STRUCT(")
    rows = duckdb.sql(f"SELECT id, actor, recipient, recipient[1].code FROM '{events}'").fetchall()
    assert [(row[0], row[1], row[2]) for row in rows] == [
        (e["id"], e["actor"], e["recipient"]) for e in jsonl["events"]
    ]
    assert {row[3] for row in rows if row[2]} == {"XMO"}
    removed = duckdb.sql(f"SELECT removed FROM '{tmp_path / 'documents.parquet'}' ORDER BY doc_id").fetchall()
    assert [row[0] for row in removed] == [doc["removed"] for doc in jsonl["documents"]]
    for table, rows in jsonl.items():
        if rows:
            assert parquet_columns(tmp_path / f"{table}.parquet") == keys(rows), table


def test_views_declare_the_columns_of_their_json_lines(jsonl: dict[str, list[dict]]):
    """An empty view's header comes from VIEW_COLUMNS: it must not drift from what the view writes."""
    for table in VIEW_COLUMNS:
        assert jsonl[table], f"the story should give {table} rows"
        assert list(view_columns(table)) == keys(jsonl[table]), table


def test_empty_views_keep_their_header(tmp_path: Path):
    (tmp_path / "quiet").mkdir()
    db = story_store(tmp_path / "quiet", QUIET)
    csv_written = exported(db, tmp_path / "csv", "csv")
    exported(db, tmp_path / "parquet", "parquet")
    assert csv_written["events.csv"] == 0 and csv_written["documents.csv"] == 1
    for table in VIEW_COLUMNS:
        columns = view_columns(table)
        if csv_written[f"{table}.csv"] == 0:
            assert read_csv(tmp_path / "csv" / f"{table}.csv") == (list(columns), [])
            assert parquet_columns(tmp_path / "parquet" / f"{table}.parquet") == list(columns)
    assert exported(db, tmp_path / "net", "graphml") == {"actors.graphml": 0}


def test_plover_json_is_one_array_of_events(story_db: Path, jsonl: dict[str, list[dict]], tmp_path: Path):
    assert exported(story_db, tmp_path, "plover") == {"events.plover.json": len(jsonl["events"])}
    text = (tmp_path / "events.plover.json").read_text(encoding="utf-8")
    events = json.loads(text)
    assert events == jsonl["events"]
    for event in events:
        assert {"event", "actor", "recipient", "date"} <= set(event)
        assert isinstance(event["actor"], list) and isinstance(event["recipient"], list)
    assert "Brønvik" in text and "\\u" not in text  # written as UTF-8, not escaped


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_actor_network_counts_cooperation_and_conflict(
    story_db: Path, jsonl: dict[str, list[dict]], tmp_path: Path, fmt: str
):
    written = exported(story_db, tmp_path, fmt)
    path = tmp_path / f"actors.{fmt}"
    graph = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert written == {path.name: graph.number_of_nodes()}
    assert graph.nodes["XVA"]["label"] == "Valdoria" and graph.nodes["XMO"]["code"] == "XMO"

    reports = [e for e in jsonl["events"] if "XVA" in ids(e["actor"]) and "XMO" in ids(e["recipient"])]
    happened = {e["cluster_id"]: e["score"] for e in reports if e["modality"] in HAPPENED}
    edge = graph.edges["XVA", "XMO"]
    assert edge["events"] == len(happened)
    assert edge["cooperation"] == sum(score > 0 for score in happened.values())
    assert edge["conflict"] == sum(score < 0 for score in happened.values())
    # The aid and the shelling, once each though both outlets report them; the sanctions that might
    # come and the invasion that did not happen are left out.
    assert (edge["events"], edge["cooperation"], edge["conflict"]) == (2, 1, 1)
    assert len([e for e in reports if e["modality"] in HAPPENED]) == 4
    assert {e["modality"] for e in reports} >= {"hypothetical", "negated"}
    assert edge["types"] == "AID,ASSAULT"
    assert (edge["first"], edge["last"]) == ("2025-06-10", "2025-06-11")


def test_unknown_format_names_the_accepted_ones(story_db: Path, tmp_path: Path):
    with pytest.raises(QueryError) as err:
        exported(story_db, tmp_path / "out", "xlsx")
    message = str(err.value)
    assert "\n" not in message and "xlsx" in message
    assert all(fmt in message for fmt in FORMATS)
    assert not (tmp_path / "out").exists()


def test_a_second_export_writes_the_same_bytes(story_db: Path, tmp_path: Path):
    for fmt in FORMATS:
        out = tmp_path / fmt
        first = exported(story_db, out, fmt)
        before = {path.name: path.read_bytes() for path in out.iterdir()}
        assert exported(story_db, out, fmt) == first
        after = {path.name: path.read_bytes() for path in out.iterdir()}
        assert set(after) == set(first)  # no temporary files left behind
        if fmt == "gexf":  # stamped with the newest document's day, not the day of writing
            with Store(story_db, read_only=True) as store:
                (newest,) = store.con.execute("SELECT max(published) FROM documents").fetchone()
            assert f'lastmodifieddate="{newest.isoformat()}"'.encode() in after["actors.gexf"]
        assert after == before, fmt
