"""Every input format becomes clean documents with its own metadata (real files in temp folders)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.pipeline import analyze
from rashomon.store.database import Store
from tests.conftest import article


def stored(db: Path) -> dict[str, dict]:
    with Store(db, read_only=True) as store:
        return {d["title"]: d for d in store.documents()}


def html_page(title: str, body: str, comments: list[str] | None = None) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    thread = "".join(f'<div class="comment"><p>{c}</p></div>' for c in comments or [])
    return f"""<!DOCTYPE html><html lang="en"><head><title>{title} | The Harnvik Review</title>
<meta property="og:title" content="{title}"><meta name="author" content="Ilse Marten">
<meta property="og:site_name" content="The Harnvik Review">
<meta property="article:published_time" content="2025-03-04T08:00:00+00:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article><h1>{title}</h1>{paras}</article>
<section id="comments" class="comments"><h2>Comments</h2>{thread}</section>
<footer>© 2025 The Harnvik Review</footer></body></html>"""


def test_html_page_body_metadata_and_comments(corpus: Path, tmp_path: Path):
    comment = "Nobody in Saltmere believes a word of what the ministry says about the boats."
    (corpus / "review.html").write_text(html_page("Boats seized off Saltmere", article("Boats"), [comment]))
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok and len(report.ingested) == 1
    doc = stored(tmp_path / "r.duckdb")["Boats seized off Saltmere"]
    assert doc["doc_id"] == "review" and doc["format"] == "html"
    assert doc["authors"] == ["Ilse Marten"]
    assert doc["published"] == "2025-03-04"
    assert doc["outlet"] == "The Harnvik Review"
    assert doc["language"] == "en"
    assert "fishing dispute" in doc["text"] and "Sign in" not in doc["text"]
    assert comment not in doc["text"]
    assert any(r["role"] == "comments" and comment in r["text"] for r in doc["removed"])


def test_jsonl_export_rows_with_api_field_names(corpus: Path, tmp_path: Path):
    rows = [
        {
            "headline": "Talks resume",
            "body": article("Talks"),
            "link": "https://wire.test/1",
            "publishedAt": "2025-03-10T12:00:00Z",
            "source": {"id": "w", "name": "Meridian Wire"},
            "author": "Ada Lind, Per Holm",
        },
        {
            "title": "Sanctions announced",
            "content": article("Sanctions"),
            "url": "https://wire.test/2",
            "date": "March 11, 2025",
            "outlet": "Meridian Wire",
            "authors": ["Ada Lind"],
        },
    ]
    (corpus / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok and len(report.ingested) == 2
    docs = stored(tmp_path / "r.duckdb")
    talks, sanctions = docs["Talks resume"], docs["Sanctions announced"]
    assert talks["url"] == "https://wire.test/1" and talks["published"] == "2025-03-10"
    assert talks["outlet"] == "Meridian Wire" and talks["authors"] == ["Ada Lind", "Per Holm"]
    assert sanctions["published"] == "2025-03-11" and sanctions["source"].endswith("wire.jsonl#2")
    assert talks["doc_id"] == "https://wire.test/1"  # rows of one file share its stem: known by their URL


def test_json_array_and_csv(corpus: Path, tmp_path: Path):
    (corpus / "api.json").write_text(json.dumps({"articles": [{"title": "Array story", "text": article("Array")}]}))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["title", "text", "published", "source"])
    writer.writeheader()
    writer.writerow({"title": "CSV story", "text": article("Csv"), "published": "2025-04-01", "source": "Ledger"})
    (corpus / "export.csv").write_text(buf.getvalue())
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok
    docs = stored(tmp_path / "r.duckdb")
    assert set(docs) == {"Array story", "CSV story"}
    assert docs["CSV story"]["published"] == "2025-04-01" and docs["CSV story"]["outlet"] == "Ledger"


def test_rss_feed_full_entries_become_documents_and_teasers_are_skipped(corpus: Path, tmp_path: Path):
    full = "".join(f"<p>{p}</p>" for p in article("Feed").split("\n\n"))
    (corpus / "clarion.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>The Clarion</title>
<item><title>Full story</title><link>https://clarion.test/full</link>
<pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate><dc:creator>Mara Vell</dc:creator>
<content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>Teaser only</title><link>https://clarion.test/teaser</link>
<description>The minister spoke today.</description></item>
</channel></rss>""")
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok
    assert [s.source.endswith("clarion.xml#2") for s in report.skipped] == [True]
    doc = stored(tmp_path / "r.duckdb")["Full story"]
    assert doc["outlet"] == "The Clarion" and doc["authors"] == ["Mara Vell"]
    assert doc["published"] == "2025-03-04" and doc["url"] == "https://clarion.test/full"
    assert "fishing dispute" in doc["text"] and "<p>" not in doc["text"]


def test_atom_feed(corpus: Path, tmp_path: Path):
    full = "".join(f"<p>{p}</p>" for p in article("Atom").split("\n\n"))
    (corpus / "feed.atom").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Strait Monitor</title>
<entry><title>Atom story</title><link href="https://monitor.test/a"/><updated>2025-03-20T10:00:00Z</updated>
<author><name>Jon Aska</name></author><content type="html"><![CDATA[{full}]]></content></entry></feed>""")
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok
    doc = stored(tmp_path / "r.duckdb")["Atom story"]
    assert doc["outlet"] == "Strait Monitor" and doc["published"] == "2025-03-20"


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def test_warc_response_records_become_documents(corpus: Path, tmp_path: Path):
    write_warc(
        corpus / "crawl.warc.gz",
        [
            ("https://review.test/boats", html_page("Boats seized", article("Boats"))),
            ("https://review.test/talks", html_page("Talks resume", article("Talks"))),
        ],
    )
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok and len(report.ingested) == 2
    docs = stored(tmp_path / "r.duckdb")
    assert docs["Talks resume"]["url"] == "https://review.test/talks"
    assert docs["Boats seized"]["format"] == "warc"


def test_gzipped_text_and_jsonl(corpus: Path, tmp_path: Path):
    (corpus / "note.txt.gz").write_bytes(gzip.compress(f"Gzip headline\n\n{article('Gzip')}".encode()))
    row = {"title": "Gz row", "text": article("Row")}
    (corpus / "rows.jsonl.gz").write_bytes(gzip.compress((json.dumps(row) + "\n").encode()))
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert report.ok
    docs = stored(tmp_path / "r.duckdb")
    assert docs["Gzip headline"]["doc_id"] == "note"
    assert "Gz row" in docs


def test_manifest_overrides_and_is_not_ingested(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(f"Headline A\n\nBy Ilse Marten\n\n{article('Alpha')}")
    (corpus / "manifest.jsonl").write_text(
        json.dumps(
            {"path": "a.txt", "outlet": "The Northern Ledger", "published": "2025-03-03", "title": "Manifest title"}
        )
        + "\n"
    )
    report = analyze([corpus], tmp_path / "r.duckdb", manifest=corpus / "manifest.jsonl")
    assert report.ok and len(report.ingested) == 1
    doc = stored(tmp_path / "r.duckdb")["Manifest title"]
    assert doc["outlet"] == "The Northern Ledger" and doc["published"] == "2025-03-03"
    assert doc["authors"] == ["Ilse Marten"]  # not in the manifest, so inferred from the byline


def test_language_is_identified(corpus: Path, tmp_path: Path):
    (corpus / "ru.txt").write_text(
        "Переговоры о проливе\n\n"
        + " ".join(
            ["Министр иностранных дел заявил, что переговоры о проливе продолжатся на следующей неделе в столице."] * 4
        ),
        encoding="cp1251",
    )
    analyze([corpus], tmp_path / "r.duckdb")
    doc = stored(tmp_path / "r.duckdb")["Переговоры о проливе"]
    assert doc["language"] == "ru"


def test_the_store_inside_the_corpus_folder_is_not_ingested(corpus: Path):
    (corpus / "a.txt").write_text(f"Headline A\n\n{article('Alpha')}")
    db = corpus / "story.duckdb"
    assert analyze([corpus], db).ok
    report = analyze([corpus], db)
    assert report.ok and report.unchanged == ["a"]


def test_json_lines_saved_as_json(corpus: Path, tmp_path: Path):
    rows = [{"title": f"Line {i}", "text": article(f"Line{i}")} for i in range(2)]
    (corpus / "export.json").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    report = analyze([corpus], tmp_path / "r.duckdb")
    assert sorted(stored(tmp_path / "r.duckdb")) == ["Line 0", "Line 1"]
    assert [(Path(e.source).name, e.reason.split(":")[0]) for e in report.failed] == [("export.json#3", "invalid JSON")]
