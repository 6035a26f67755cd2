"""Bad input: one clear line naming the file and the reason; the rest of the corpus goes on."""

from __future__ import annotations

import csv
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
    assert errors["notes.warc"] == "malformed WARC: it does not start with a WARC record header"
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


# --- the reliability audit's cases: each once failed a whole run, lost data or ate gigabytes ---


def test_a_document_longer_than_the_parser_takes_is_parsed_in_pieces(
    corpus: Path, tmp_path: Path, run_cli, monkeypatch
):
    # A text over 100,000 characters (or spaCy's max_length, over which it raises E088) is parsed in
    # pieces; max_length lowered here so that a test article takes the path a 1 MB article takes.
    from rashomon.annotate.nlp import load_model

    monkeypatch.setattr(load_model(), "max_length", 1000)
    long_text = "A long headline\n\n" + "\n\n".join(article(topic) for topic in ("Long", "Longer", "Longest", "Tail"))
    assert len(long_text) > 3000
    (corpus / "long.txt").write_text(long_text)
    (corpus / "short.txt").write_text(f"A short headline\n\n{article('Short')}"[:900])
    db = tmp_path / "r.duckdb"
    result = run_cli("analyze", corpus, "--db", db, "-q")
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        texts = {d["doc_id"]: d["text"] for d in store.documents()}
        mentions = [m for m in store.records("mentions") if m["doc_id"] == "long"]
        timexes = [t for t in store.records("timex") if t["doc_id"] == "long"]
    assert set(texts) == {"long", "short"}
    # Offsets point into the whole text, past the first piece too.
    assert mentions and all(texts["long"][m["start"] : m["end"]] == m["text"] for m in mentions)
    assert max(m["start"] for m in mentions) > 2000
    assert [t["text"] for t in timexes].count("Tuesday") == 4  # one per article, in every piece


def test_pieces_of_a_long_text_join_back_to_it_and_end_at_breaks():
    from rashomon.annotate.nlp import _pieces

    paragraphs = "\n\n".join(f"Paragraph {i}. " + "word " * 300 for i in range(60))
    pieces = list(_pieces(paragraphs, 5000))
    assert "".join(pieces) == paragraphs
    assert all(p.endswith("\n") for p in pieces[:-1]) and all(len(p) <= 5000 for p in pieces)
    one_token = "x" * 12_345  # no break anywhere: hard cuts, still the same text
    assert "".join(_pieces(one_token, 5000)) == one_token


def test_a_symbolic_link_loop_is_one_error_line(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}")
    (corpus / "self").symlink_to("self")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to("..")  # a folder loop: not followed
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "-q")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == {"self": "symbolic link loop"}
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert [d["doc_id"] for d in store.documents()] == ["good"]


def gzip_of_one_line(path: Path, megabytes: int, byte: bytes = b"a") -> None:
    """A gzip file whose content is one line of `megabytes` MB, written without holding it."""
    block = byte * (1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as f:
        for _ in range(megabytes):
            f.write(block)


def test_a_line_longer_than_the_limit_is_skipped_while_streaming(corpus: Path, tmp_path: Path, run_cli):
    good = json.dumps({"title": "After the bomb", "text": article("After")})
    with gzip.open(corpus / "feed.jsonl.gz", "wb") as f:
        f.write(b'{"title": "bomb", "text": "' + b"a" * 3_000_000 + b'"}\n' + good.encode() + b"\n")
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--max-bytes", 1_000_000, "-q")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == {"feed.jsonl.gz#1": "record too large: 3.0 MB (limit 1.0 MB; see --max-bytes)"}
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert [d["title"] for d in store.documents()] == ["After the bomb"]


def test_a_warc_of_zeros_is_refused_at_its_first_bytes(corpus: Path, tmp_path: Path, run_cli):
    gzip_of_one_line(corpus / "zeros.warc.gz", 8, byte=b"\0")
    header = b"WARC/1.0\r\nWARC-Type: response\r\n"  # a real start, then a header line that never ends
    with gzip.open(corpus / "endless.warc.gz", "wb", compresslevel=1) as f:
        f.write(header + b"WARC-Target-URI: " + b"z" * 3_000_000)
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}")
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--max-bytes", 1_000_000, "-q")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == {
        "zeros.warc.gz": "malformed WARC: it does not start with a WARC record header",
        "endless.warc.gz": "malformed WARC: no line break in over 1.0 MB",
    }
    assert max(len(line) for line in result.stderr.splitlines()) < 400


def test_a_library_message_quoting_the_input_is_cut_to_one_short_line():
    from rashomon.ingest.errors import MAX_REASON, IngestError

    err = IngestError("crawl.warc", "Unknown archive format, first line: " + repr("\0" * 100_000) + "\nmore")
    assert len(err.reason) <= MAX_REASON and "\n" not in str(err) and err.reason.endswith("…")


def test_a_csv_cell_over_the_csv_module_limit_keeps_every_later_row(corpus: Path, tmp_path: Path, run_cli):
    rows = [{"title": "Long cell", "text": "word " * 40_000}]  # 200,000 characters: over csv's 131,072
    rows += [{"title": f"Row {i}", "text": article(f"Row{i}")} for i in range(3)]
    with (corpus / "export.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, ["title", "text"])
        writer.writeheader()
        writer.writerows(rows)
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "-q")
    assert result.exit_code == 0, result.stderr
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert sorted(d["title"] for d in store.documents()) == ["Long cell", "Row 0", "Row 1", "Row 2"]


def test_a_csv_cell_over_the_record_limit_costs_its_row_only(corpus: Path, tmp_path: Path, run_cli):
    with (corpus / "export.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, ["title", "text"])
        writer.writeheader()
        writer.writerow({"title": "Too long", "text": "word " * 300_000})
        writer.writerow({"title": "Next row", "text": article("Next")})
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--max-bytes", 1_000_000, "-q")
    assert result.exit_code == 1
    assert list(error_lines(result.stderr)) == ["export.csv#1"]
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert [d["title"] for d in store.documents()] == ["Next row"]


def test_a_file_name_with_a_newline_prints_on_one_line(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "empty\nline2: forged.txt").write_bytes(b"")
    (corpus / "good\tname.txt").write_text(f"A good headline\n\n{article('Good')}")
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "-q")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(("error", "line2"))]
    assert lines == [f"error: {corpus}/empty\\nline2: forged.txt: empty file"]
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        (doc,) = store.documents()
    assert doc["doc_id"].isprintable()  # a hash: a stem with a control character is no id


def test_a_rerun_by_another_spelling_of_the_path_changes_nothing(corpus: Path, tmp_path: Path, run_cli, monkeypatch):
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text(f"Headline {name}\n\n{article(name.upper() * 3)}")
    with (corpus / "rows.jsonl").open("w") as f:
        f.write(json.dumps({"title": "Row", "text": article("Row")}) + "\n")
    db = tmp_path / "r.duckdb"
    monkeypatch.chdir(tmp_path)
    assert run_cli("analyze", "corpus", "--db", db, "-q").exit_code == 0
    with Store(db, read_only=True) as store:
        before = store.rows("documents")
    for spelling in (corpus, Path("corpus/../corpus"), corpus / "a.txt"):
        result = run_cli("analyze", spelling, "--db", db)
        assert result.exit_code == 0 and "duplicate:" not in result.output
    with Store(db, read_only=True) as store:
        assert store.rows("documents") == before and store.counts()["duplicates"] == 0


def test_a_nul_escaped_in_json_does_not_reach_the_store(corpus: Path, tmp_path: Path, run_cli):
    body = article("Nul").replace("observers", "obser\u0000vers")
    (corpus / "rows.jsonl").write_text(
        json.dumps({"title": "Nul\u0000 title", "outlet": "Wire\u0000", "text": body}) + "\n"
    )
    db = tmp_path / "r.duckdb"
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    with Store(db, read_only=True) as store:
        (doc,) = store.documents()
    assert "\0" not in doc["text"] + doc["title"] + doc["outlet"] and "observers" in doc["text"]


def test_a_text_over_the_annotation_limit_is_refused_on_its_own_line(corpus: Path, tmp_path: Path, run_cli):
    (corpus / "book.txt").write_text("A book\n\n" + "\n\n".join(article(f"Chapter{i}") for i in range(4)))
    (corpus / "short.txt").write_text(f"A short headline\n\n{article('Short')}"[:900])
    result = run_cli("analyze", corpus, "--db", tmp_path / "r.duckdb", "--max-chars", 1000, "-q")
    assert result.exit_code == 1
    (reason,) = error_lines(result.stderr).values()
    assert reason.startswith("text too long to annotate: ") and reason.endswith("(limit 1,000; see --max-chars)")
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert [d["doc_id"] for d in store.documents()] == ["short"]


def test_an_error_prints_the_file_name_as_written(tmp_path: Path, run_cli):
    missing = tmp_path / "notes:smile:.txt"  # rich would print ":smile:" as a picture
    ran = run_cli("analyze", missing, "--db", tmp_path / "r.duckdb")
    assert f"error: {missing}: no such file or directory" in ran.stderr


GERMAN = (
    "Die Regierung in Berlin hat am Montag neue Hilfen für die Landwirte angekündigt. Der Minister sagte, "
    "die Bauern hätten nach dem trockenen Sommer große Verluste erlitten und bräuchten schnelle Unterstützung.\n\n"
    "Die Opposition kritisierte den Plan als zu spät und zu klein. Mehrere Verbände forderten zusätzliche Mittel "
    "für die betroffenen Regionen im Osten des Landes."
)


def test_a_document_the_model_cannot_read_is_stored_but_not_annotated(corpus: Path, tmp_path: Path, run_cli):
    """An English model parsing German makes junk mentions and no events: the document is kept, with its
    language, annotation is skipped, and the run says so in one line."""
    (corpus / "bauern.txt").write_text(GERMAN, encoding="utf-8")
    (corpus / "good.txt").write_text(f"A good headline\n\n{article('Good')}", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    result = run_cli("analyze", corpus, "--db", db)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "bauern.txt" in line]
    assert warnings == [f"warning: {corpus / 'bauern.txt'}: in German (de): stored, not annotated "
                        "(the model reads en only; see --model)"]  # fmt: skip
    with Store(db, read_only=True) as store:
        languages = {d["doc_id"]: d["language"] for d in store.documents()}
        mentioned = {doc_id for (doc_id,) in store.con.execute("SELECT DISTINCT doc_id FROM mentions").fetchall()}
    assert languages == {"bauern": "de", "good": "en"}
    assert mentioned == {"good"}
