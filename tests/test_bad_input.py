"""Bad input: one clear line naming the file and the reason; the rest of the corpus goes on."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from rashomon.store.database import Store
from tests.conftest import article


def error_lines(output: str) -> dict[str, str]:
    """`error: SOURCE: REASON` lines, keyed by the source's file name (with any #n locator)."""
    found = {}
    for line in output.splitlines():
        if line.startswith("error: "):
            source, _, reason = line[len("error: ") :].partition(": ")
            found[Path(source).name] = reason
    return found


def make_bad_corpus(corpus: Path) -> None:
    (corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (corpus / "mystery").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(100))
    (corpus / "empty.txt").write_bytes(b"")
    with (corpus / "huge.txt").open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    good_rows = "".join(json.dumps({"title": f"Row {i}", "text": article(f"Row{i}")}) + "\n" for i in range(3))
    (corpus / "cut.jsonl.gz").write_bytes(gzip.compress(good_rows.encode() * 20)[:-200])
    (corpus / "cut.txt.gz").write_bytes(gzip.compress(article("Cut").encode())[:40])
    (corpus / "page.html").write_text("<html><head><title>x</title></head><body><div><p></div></span></body>")
    (corpus / "rows.jsonl").write_text(
        json.dumps({"title": "Good row", "text": article("GoodRow")})
        + "\n"
        + '{"title": "broken", "text": \n'
        + json.dumps({"title": "No text here"})
        + "\n"
    )
    (corpus / "broken.json").write_text('{"articles": [{"title": "x", "text": "y"}')
    (corpus / "nocol.csv").write_text("headline,when\nA,2025-01-01\n")
    (corpus / "rows.csv").write_text(f'title,text\nGood csv,"{article("Csv")}"\nBad,"x",extra,cells\n')
    (corpus / "crawl.warc").write_text("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\n")
    (corpus / "notes.warc").write_text("these are my notes, not a web archive\n" * 5)
    (corpus / "noise.txt").write_bytes(bytes(range(128, 256)) * 40)
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}")


def test_every_bad_input_gets_one_line_and_the_run_goes_on(corpus: Path, tmp_path: Path, run_cli):
    make_bad_corpus(corpus)
    missing = tmp_path / "not-there"
    db = tmp_path / "r.duckdb"
    result = run_cli("analyze", corpus, missing, "--db", db)
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert errors["photo.txt"] == "binary file (PNG image), not text"
    assert errors["mystery"] == "binary file (executable), not text"
    assert errors["empty.txt"] == "empty file"
    assert errors["huge.txt"].startswith("file too large: 209.7 MB")
    assert errors["cut.jsonl.gz"].startswith("truncated or corrupt gzip")
    assert errors["cut.txt.gz"].startswith("truncated or corrupt gzip")
    assert errors["page.html"] == "no article text found in the HTML"
    assert errors["rows.jsonl#2"].startswith("invalid JSON")
    assert errors["rows.jsonl#3"].startswith("no article text (fields: title")
    assert errors["broken.json"].startswith("invalid JSON")
    assert errors["nocol.csv"].startswith("CSV has no text/body/content column (columns: headline, when)")
    assert errors["rows.csv#2"] == "malformed CSV: more cells than columns"
    assert errors["crawl.warc#1"] == "malformed WARC record: invalid Content-Length 'nonsense'"
    assert errors["notes.warc#1"].startswith("malformed WARC record")
    assert errors["noise.txt"] in (
        "cannot decode: no plausible text encoding",
        "binary file (control characters), not text",
    )
    assert errors["not-there"] == "no such file or directory"
    assert all("\n" not in reason for reason in errors.values())
    with Store(db, read_only=True) as store:
        titles = sorted(d["title"] for d in store.documents())
        failures = dict(store.rows("failures"))
    # Everything readable got in, including the rows before the gzip was cut off.
    assert titles == ["A good headline", "Good csv", "Good row", "Row 0", "Row 1", "Row 2"]
    assert str(corpus / "photo.txt") in failures


def test_unreadable_files(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}")
    (corpus / "dangling.txt").symlink_to(corpus / "gone.txt")
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == {"dangling.txt": "broken symbolic link"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied(corpus: Path, tmp_path: Path, run_cli):
    locked = corpus / "locked.txt"
    locked.write_text(f"Headline\n\n{article('Locked')}")
    locked.chmod(0)
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb")
    assert error_lines(result.stderr) == {"locked.txt": "permission denied"}


def test_bad_input_loses_and_duplicates_nothing_already_stored(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}")
    db = tmp_path / "r.duckdb"
    assert run_cli("analyze", corpus, "--db", db).exit_code == 0
    with Store(db, read_only=True) as store:
        before = store.rows("documents")
    make_bad_corpus(corpus)  # rewrites good.txt with the same text and adds every bad file
    assert run_cli("analyze", corpus, "--db", db).exit_code == 1
    with Store(db, read_only=True) as store:
        after = {row[0]: row for row in store.rows("documents")}
        assert store.counts()["duplicates"] == 0
    assert before[0] == after["good"]


def test_unparseable_manifest_date_is_a_warning_and_the_document_is_kept(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"path": "corpus/a.txt", "outlet": "Ledger", "published": "the 45th of Smarch"}) + "\nnot json\n"
    )
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--manifest", manifest)
    assert result.exit_code == 0
    assert "warning: " + str(manifest) + "#1: cannot parse published date 'the 45th of Smarch'" in result.stderr
    assert f"warning: {manifest}#2: manifest line ignored: invalid JSON" in result.stderr
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        (doc,) = store.documents()
    assert doc["outlet"] == "Ledger" and doc["published"] is None


def test_missing_manifest_and_a_database_that_is_not_duckdb(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--manifest", tmp_path / "nope.jsonl")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.jsonl'}: manifest not found"
    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("these are my notes, not a database\n" * 100)
    result = run_cli("analyze", corpus, "--db", not_db)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {not_db}: cannot open as a DuckDB database")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not_db.read_text().startswith("these are my notes")


def test_an_annotator_failing_on_one_document_costs_that_document_only(
    corpus: Path, tmp_path: Path, run_cli, monkeypatch
):
    # Fault injection: the real annotators run, except on one document where one of them raises.
    from rashomon.annotate.annotators import Annotators

    real = Annotators.annotate_doc

    def failing_on_poison(self, doc, document):
        if "Poison" in document.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, doc, document)

    monkeypatch.setattr(Annotators, "annotate_doc", failing_on_poison)
    (corpus / "good.txt").write_text(article("Good"), encoding="utf-8")
    (corpus / "poison.txt").write_text(article("Poison"), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    result = run_cli("analyze", corpus, "--db", db, "-q")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == {
        "poison.txt": "annotation failed: RecursionError: maximum recursion depth exceeded"
    }
    with Store(db, read_only=True) as store:
        assert [row[0] for row in store.rows("documents")] == ["good"]
        assert [row[0] for row in store.rows("failures")] == [str(corpus / "poison.txt")]
        assert store.counts()["mentions"] > 0
