"""Linking that grows with what is new: a run compares only the records of documents not linked yet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rashomon.annotate.annotators import AnnotateOptions
from rashomon.pipeline import analyze
from rashomon.store.database import Store
from tests.conftest import DEMO_ACTORS

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
LINKS = {
    "event clusters": "SELECT id, cluster_id FROM events ORDER BY ALL",
    "quotation clusters": "SELECT quote_id, cluster_id FROM quotes ORDER BY ALL",
    "citations": "SELECT * FROM citations ORDER BY ALL",
    "event label referents": "SELECT doc_id, start, referent FROM terms ORDER BY ALL",
}


def demo_in_two_halves(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The demo corpus in two folders, and its manifest beside them."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted(p for p in DEMO.iterdir() if p.name != "manifest.jsonl")
    folder_of = {}
    for n, path in enumerate(files):
        folder = first if n < len(files) // 2 else second
        shutil.copy(path, folder / path.name)
        folder_of[path.name] = folder.name
    manifest = tmp_path / "manifest.jsonl"
    rows = [json.loads(line) for line in (DEMO / "manifest.jsonl").read_text().splitlines() if line.strip()]
    for row in rows:
        if "path" in row:
            row["path"] = f"{folder_of[row['path']]}/{row['path']}"
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return first, second, manifest


def links(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        return {name: store.con.execute(sql).fetchall() for name, sql in LINKS.items()}


def test_adding_documents_links_them_as_a_run_from_scratch_does(tmp_path: Path):
    first, second, manifest = demo_in_two_halves(tmp_path)
    options = AnnotateOptions(actors=(DEMO_ACTORS,))
    grown, scratch = tmp_path / "grown.duckdb", tmp_path / "scratch.duckdb"
    analyze([first], grown, manifest=manifest, annotate=options)
    analyze([first, second], grown, manifest=manifest, annotate=options)
    analyze([first, second], scratch, manifest=manifest, annotate=options)
    found = links(grown)
    assert found == links(scratch)
    clustered = {cluster for _, cluster in found["event clusters"] if cluster}
    assert len(clustered) < len(found["event clusters"])  # events of several documents share clusters


def test_links_between_documents_linked_before_are_not_judged_again(tmp_path: Path):
    first, second, manifest = demo_in_two_halves(tmp_path)
    options = AnnotateOptions(actors=(DEMO_ACTORS,))
    db = tmp_path / "r.duckdb"
    analyze([first], db, manifest=manifest, annotate=options)
    with Store(db) as store:
        before = store.con.execute("SELECT count(*) FROM claim_links").fetchone()[0]
        store.con.execute("DELETE FROM claim_links")  # as if the first run had found none
    analyze([first, second], db, manifest=manifest, annotate=options)
    with Store(db, read_only=True) as store:
        kept = store.con.execute(
            """
            WITH first AS (
                SELECT c.claim_id FROM claims c JOIN documents d USING (doc_id) WHERE d.source LIKE '%/first/%'
            )
            SELECT count(*) FROM claim_links WHERE a IN (SELECT * FROM first) AND b IN (SELECT * FROM first)
            """
        ).fetchone()[0]
        added = store.count("claim_links")
    assert before > 0 and kept == 0 and added > 0
