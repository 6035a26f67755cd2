"""Export follows the data contract; the report shows the corpus, self-contained."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from rashomon.pipeline import analyze
from rashomon.views.export import export

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
CONTRACT_FIELDS = {"doc_id", "source", "outlet", "title", "authors", "published", "language", "text", "removed"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert analyze([DEMO], db, manifest=DEMO / "manifest.jsonl").ok
    return db


def test_documents_jsonl_follows_the_contract(demo_db: Path, tmp_path: Path, run_cli):
    result = run_cli("export", "--db", demo_db, "--out", tmp_path / "out")
    assert result.exit_code == 0
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    assert len(docs) == 15
    assert [d["doc_id"] for d in docs] == sorted(d["doc_id"] for d in docs)
    for doc in docs:
        assert doc.keys() >= CONTRACT_FIELDS
        assert isinstance(doc["authors"], list) and doc["text"].strip()
        assert doc["published"] is None or len(doc["published"]) == 10
        assert all(span["role"] in ("boilerplate", "comments", "caption", "byline") for span in doc["removed"])
    export(demo_db, tmp_path / "again")
    assert (tmp_path / "again" / "documents.jsonl").read_text(encoding="utf-8") == "\n".join(lines) + "\n"


def test_export_of_a_missing_database_is_a_clear_error(tmp_path: Path, run_cli):
    result = run_cli("export", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'none.duckdb'}: no such database"


def test_report_shows_every_outlet_and_document_and_needs_no_network(demo_db: Path, tmp_path: Path, run_cli):
    out = tmp_path / "report.html"
    assert run_cli("report", "--db", demo_db, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    outlet_rows = tree.xpath('//section[@id="outlets"]//tbody/tr')
    counts = {row[0].text_content(): int(row[1].text_content()) for row in outlet_rows}
    assert counts["Voice of Valdoria"] == 3 and sum(counts.values()) == 15
    articles = tree.xpath('//article[@class="doc"]')
    assert len(articles) == 15
    titles = {a.xpath(".//h3")[0].text_content() for a in articles}
    assert "After Saltmere, a treaty on trial" in titles
    # Every link stays inside the file: no scripts, styles or images fetched from elsewhere.
    assert not tree.xpath("//script[@src] | //link[@href] | //img[@src]")
    assert all(href.startswith("#") for href in tree.xpath("//a/@href"))
