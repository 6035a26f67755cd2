"""The quotation annotator: quotations with their speakers, and the word shingles the link step joins
on to find the same quotation in other documents."""

from __future__ import annotations

import hashlib
from typing import Any

from rashomon.annotate.quotes.finder import FoundQuotes, QuoteFinder
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document
from rashomon.link.shingles import own_shingles, shingle_hashes


@component(
    "quotes", requires=("mentions",), tables=("quotes", "shingles"), data=("rashomon.annotate:data/quotes.toml",)
)
def quotes(shared: Any) -> Built:
    finder = QuoteFinder()

    def rows(found: FoundQuotes, document: Document, records: Records) -> None:
        records["quotes"] = quote_rows(document.doc_id, found)
        records["shingles"] = shingle_rows(document, found)

    return Built(lambda doc, _, found: finder(doc, found["mentions"]), rows, finder=finder)


def quote_id(doc_id: str, start: int, end: int) -> str:
    return "q" + hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def quote_rows(doc_id: str, found: FoundQuotes) -> list[dict[str, Any]]:
    id_at = {q.start: quote_id(doc_id, q.start, q.end) for q in found.quotes}
    rows = []
    for q in found.quotes:
        speaker = q.speaker.to_dict() if q.speaker else {}
        row = {
            "quote_id": id_at[q.start],
            "doc_id": doc_id,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "kind": q.kind,
            "cue": q.cue,
            "cue_start": q.cue_start,
            "continues": id_at.get(q.continues) if q.continues is not None else None,
        }
        for key in ("text", "name", "actor_id", "code", "sector", "kind", "start", "end"):
            row[f"speaker_{key}"] = speaker.get(key)
        rows.append(row)
    return rows


def shingle_rows(document: Document, found: FoundQuotes) -> list[dict[str, Any]]:
    """The link step's index: hashes of the document's own words and of each quotation it makes."""
    doc_id = document.doc_id
    rows = [{"doc_id": doc_id, "quote_id": None, "hashes": sorted(own_shingles(document.text, found.marked))}]
    for q in found.quotes:
        if q.kind != "indirect":
            qid = quote_id(doc_id, q.start, q.end)
            rows.append({"doc_id": doc_id, "quote_id": qid, "hashes": sorted(shingle_hashes(q.text))})
    return rows
