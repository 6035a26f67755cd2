"""The store: idempotent re-runs, resumable interrupted runs, duplicates recorded once, stable ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from rashomon import pipeline
from rashomon.pipeline import analyze
from rashomon.store import database
from rashomon.store.database import SCHEMA_VERSION, Store, StoreError, data_tables
from tests.conftest import article

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        return {table: store.rows(table) for table in ("documents", "duplicates", "failures")}


def test_second_analyze_of_the_demo_corpus_changes_nothing(tmp_path: Path):
    db = tmp_path / "demo.duckdb"
    first = analyze([DEMO], db, manifest=DEMO / "manifest.jsonl")
    assert first.ok and len(first.ingested) >= 12
    before = snapshot(db)
    second = analyze([DEMO], db, manifest=DEMO / "manifest.jsonl")
    assert second.ingested == [] and sorted(second.unchanged) == sorted(first.ingested)
    after = snapshot(db)
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
    assert after == before  # same ids, same rows, byte for byte


def test_ids_do_not_depend_on_the_database_or_the_order_of_inputs(tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(DEMO, copy)
    analyze([DEMO], tmp_path / "a.duckdb", manifest=DEMO / "manifest.jsonl")
    files = sorted(p for p in copy.iterdir() if p.name != "manifest.jsonl")
    analyze(list(reversed(files)), tmp_path / "b.duckdb", manifest=copy / "manifest.jsonl")
    ids = [sorted(row[0] for row in snapshot(tmp_path / name)["documents"]) for name in ("a.duckdb", "b.duckdb")]
    assert ids[0] == ids[1]


class Interrupt(Exception):
    pass


class StopAfter:
    """A progress hook that interrupts the run after `n` files, as Ctrl-C would."""

    def __init__(self, n: int) -> None:
        self.n = n

    def start(self, total_files: int) -> None:
        pass

    def file_done(self, path: Path, documents: int) -> None:
        self.n -= 1
        if self.n == 0:
            raise Interrupt

    def problem(self, problem) -> None:
        pass


def test_an_interrupted_run_keeps_committed_batches_and_a_rerun_completes_it(tmp_path: Path):
    db = tmp_path / "r.duckdb"
    with pytest.raises(Interrupt):
        analyze([DEMO], db, manifest=DEMO / "manifest.jsonl", batch_size=2, progress=StopAfter(5))
    partial = snapshot(db)["documents"]
    assert 2 <= len(partial) < 15
    report = analyze([DEMO], db, manifest=DEMO / "manifest.jsonl", batch_size=2)
    assert report.ok and len(report.unchanged) == len(partial)
    analyze([DEMO], tmp_path / "clean.duckdb", manifest=DEMO / "manifest.jsonl")
    assert snapshot(db) == snapshot(tmp_path / "clean.duckdb")


def test_exact_and_near_duplicates_are_recorded_not_stored(corpus: Path, tmp_path: Path):
    body = article("Original")
    (corpus / "a.txt").write_text(f"Strait talks stall\n\n{body}")
    (corpus / "b.txt").write_text(f"Strait talks stall!\n\nAdvertisement\n\n{body}\n\nShare this article")
    near = body.replace("three hours", "four hours")
    (corpus / "c.txt").write_text(f"Strait talks stall\n\n{near}")
    db = tmp_path / "r.duckdb"
    report = analyze([corpus], db)
    assert report.ingested == ["a"]
    dups = {Path(src).name: (dup.doc_id, dup.kind) for src, dup in report.duplicates}
    assert dups == {"b.txt": ("a", "exact"), "c.txt": ("a", "near")}
    again = analyze([corpus], db)
    assert len(again.duplicates) == 2
    tables = snapshot(db)
    assert len(tables["documents"]) == 1 and len(tables["duplicates"]) == 2


def test_a_different_story_on_the_same_topic_is_not_a_duplicate(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(f"Talks\n\n{article('Talks')}")
    (corpus / "b.txt").write_text(f"Sanctions\n\n{article('Sanctions')}")
    assert len(analyze([corpus], tmp_path / "r.duckdb").ingested) == 2


def test_stem_shared_by_two_files_gives_content_hash_ids(corpus: Path, tmp_path: Path):
    (corpus / "x").mkdir()
    (corpus / "y").mkdir()
    (corpus / "x" / "story.txt").write_text(f"One\n\n{article('One')}")
    (corpus / "y" / "story.txt").write_text(f"Two\n\n{article('Two')}")
    (corpus / "unique.txt").write_text(f"Three\n\n{article('Three')}")
    report = analyze([corpus], tmp_path / "r.duckdb")
    ids = sorted(report.ingested)
    assert "unique" in ids and "story" not in ids
    assert all(len(i) == 12 for i in ids if i != "unique")


def test_a_changed_file_keeps_its_id_and_its_row_is_updated(corpus: Path, tmp_path: Path):
    path = corpus / "story.txt"
    path.write_text(f"One\n\n{article('One')}")
    db = tmp_path / "r.duckdb"
    analyze([corpus], db)
    path.write_text(f"One, corrected\n\n{article('Corrected')}")
    report = analyze([corpus], db)
    assert report.ingested == ["story"]
    (row,) = snapshot(db)["documents"]
    assert row[0] == "story" and row[4] == "One, corrected"


def test_schema_version_is_recorded_and_a_newer_one_refused(tmp_path: Path):
    db = tmp_path / "r.duckdb"
    Store(db).close()
    with Store(db, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
    con = duckdb.connect(str(db))
    con.execute("UPDATE schema_info SET value = '99' WHERE key = 'version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(db)


def test_a_store_from_an_older_rashomon_is_refused_by_readers_and_upgraded_by_analyze(
    corpus: Path, tmp_path: Path, run_cli
):
    db = tmp_path / "r.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))  # as schema version 2 left it: no quotations, events or claims yet
    for table in (
        "quotes",
        "terms",
        "shingles",
        "citations",
        "events",
        "claims",
        "claim_links",
        "stance",
        "predictions",
        "embeddings",
    ):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE schema_info SET value = '2' WHERE key = 'version'")
    con.close()
    refused = run_cli("shift", "RUS", "ISR", "--db", db)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        f"error: {db}: schema version 2 is older than this Rashomon's ({SCHEMA_VERSION}); "
        "run `rashomon analyze` on it once to upgrade"
    )
    (corpus / "a.txt").write_text(article("Alpha"), encoding="utf-8")
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    assert run_cli("export", "--db", db, "--out", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "claim_links.jsonl").exists()


def test_a_column_an_older_store_lacks_is_added_and_filled_for_the_rows_it_holds(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(article("Alpha"), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    assert analyze([corpus], db).ingested
    con = duckdb.connect(str(db))
    resolved = con.execute("SELECT start, resolved_by FROM mentions ORDER BY start").fetchall()
    con.execute("ALTER TABLE mentions DROP COLUMN resolved_by")  # as schema version 11 left it
    con.execute("UPDATE schema_info SET value = '11' WHERE key = 'version'")
    con.close()
    assert analyze([corpus], db).unchanged == ["a"]  # nothing to annotate again: the rows stay
    with Store(db, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.con.execute("SELECT start, resolved_by FROM mentions ORDER BY start").fetchall() == resolved
    assert any(by for _, by in resolved)


def test_a_table_an_older_store_named_otherwise_is_renamed_with_its_rows(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(f"On March 3, 2025 {article('Alpha')}", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    assert analyze([corpus], db).ingested
    with Store(db, read_only=True) as store:
        timex = store.rows("timex")
    assert timex
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE timex RENAME TO timexes")  # as schema version 14 named it
    con.execute("UPDATE schema_info SET value = '14' WHERE key = 'version'")
    con.close()
    assert analyze([corpus], db).unchanged == ["a"]
    with Store(db, read_only=True) as store:
        assert store.rows("timex") == timex
        assert "timexes" not in {name for (name,) in store.con.execute("SHOW TABLES").fetchall()}


def test_a_key_an_older_store_had_on_the_link_pairs_is_dropped_with_the_pairs_kept(tmp_path: Path):
    db = tmp_path / "r.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))  # as schema version 16 made it: keyed on (step, a, b)
    con.execute("DROP TABLE link_pairs")
    con.execute("CREATE TABLE link_pairs (step VARCHAR NOT NULL, a VARCHAR NOT NULL, b VARCHAR NOT NULL, "
                "doc_a VARCHAR NOT NULL, doc_b VARCHAR NOT NULL, PRIMARY KEY (step, a, b))")  # fmt: skip
    con.execute("INSERT INTO link_pairs VALUES ('quotes', 'q1', 'q2', 'd1', 'd2'), ('events', 'e1', 'e2', 'd1', 'd3')")
    con.execute("UPDATE schema_info SET value = '16' WHERE key = 'version'")
    con.close()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        pairs = store.con.execute("SELECT * FROM link_pairs ORDER BY ALL").fetchall()
        kinds = store.con.execute("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'link_pairs'")
        assert sorted({kind for (kind,) in kinds.fetchall()}) == ["NOT NULL"]
    assert pairs == [("events", "e1", "e2", "d1", "d3"), ("quotes", "q1", "q2", "d1", "d2")]


def test_a_run_that_reopens_the_store_between_batches_stores_what_one_connection_does(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    for topic in ("Alpha", "Beta", "Gamma"):
        (corpus / f"{topic.lower()}.txt").write_text(f"Headline {topic}\n\n{article(topic)}", encoding="utf-8")
    assert analyze([corpus], tmp_path / "one.duckdb", batch_size=1).ok
    monkeypatch.setattr(database, "DOCUMENTS_PER_CONNECTION", 1)  # reopened after every document
    assert analyze([corpus], tmp_path / "reopened.duckdb", batch_size=1).ok
    with (
        Store(tmp_path / "one.duckdb", read_only=True) as one,
        Store(tmp_path / "reopened.duckdb", read_only=True) as reopened,
    ):
        assert one.counts()["documents"] == 3
        assert {t: reopened.rows(t) for t in data_tables()} == {t: one.rows(t) for t in data_tables()}


def test_a_corrected_manifest_updates_the_metadata_on_a_rerun(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    manifest = tmp_path / "manifest.jsonl"
    db = tmp_path / "r.duckdb"
    manifest.write_text('{"path": "corpus/a.txt", "published": "2025-03-03"}\n')
    analyze([corpus], db, manifest=manifest)
    manifest.write_text('{"path": "corpus/a.txt", "published": "2025-03-04", "outlet": "Ledger"}\n')
    report = analyze([corpus], db, manifest=manifest)
    assert report.ingested == ["a"] and report.duplicates == []
    with Store(db, read_only=True) as store:
        (doc,) = store.documents()
    assert doc["published"] == "2025-03-04" and doc["outlet"] == "Ledger"


def reads_of(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files `analyze` reads from now on, by name."""
    read: list[str] = []
    real = pipeline.read_records

    def counting(path: Path, max_bytes: int):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return real(path, max_bytes)

    monkeypatch.setattr(pipeline, "read_records", counting)
    return read


def test_a_rerun_reads_only_the_files_that_changed(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    feed = corpus / "wire.jsonl"
    rows = [json.dumps({"url": f"https://wire.example/{n}", "text": article(x)}) for n, x in enumerate(["Ash", "Elm"])]
    feed.write_text("\n".join(rows) + "\n")
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    (corpus / "copy.txt").write_text(f"Headline A\n\n{article('Alpha')}")  # an exact duplicate of a.txt
    db = tmp_path / "r.duckdb"
    first = analyze([corpus], db)
    read = reads_of(monkeypatch)
    again = analyze([corpus], db)
    assert read == [] and again.ingested == []
    assert sorted(again.unchanged) == sorted(first.ingested) and again.duplicates == first.duplicates
    feed.write_text(feed.read_text() + json.dumps({"url": "https://wire.example/2", "text": article("Oak")}) + "\n")
    grown = analyze([corpus], db)
    assert read == ["wire.jsonl"] and grown.ingested == ["https://wire.example/2"]
    assert len(grown.unchanged) == len(first.ingested)


def test_a_file_is_read_again_when_its_documents_or_its_reading_changed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    db = tmp_path / "r.duckdb"
    analyze([corpus], db)
    with Store(db) as store:
        store.con.execute("DELETE FROM documents")  # a store that lost the file's document
    read = reads_of(monkeypatch)
    assert analyze([corpus], db).ingested == ["a"] and read == ["a.txt"]
    analyze([corpus], db, max_chars=50_000)  # another limit: every file is read again
    assert read == ["a.txt", "a.txt"]


def test_a_file_with_a_problem_is_read_again(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (corpus / "wire.jsonl").write_text(json.dumps({"text": article("Ash")}) + '\n{"text": \n')  # a broken second row
    db = tmp_path / "r.duckdb"
    assert len(analyze([corpus], db).failed) == 1
    read = reads_of(monkeypatch)
    again = analyze([corpus], db)
    assert read == ["wire.jsonl"] and len(again.failed) == 1 and len(again.unchanged) == 1
