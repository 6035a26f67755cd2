"""A raw record to a `Document`: extract or clean the body, then settle its metadata.

Metadata precedence: the manifest, then what the container says (JSONL fields, feed entry, the
page's own HTML metadata), then what the text itself says (headline, byline, dateline).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rashomon.document import Document, RemovedSpan
from rashomon.ingest.errors import IngestError
from rashomon.ingest.html import Page, extract_page
from rashomon.ingest.manifest import ManifestEntry
from rashomon.ingest.metadata import detect_language, parse_date, split_authors
from rashomon.ingest.plaintext import ChromeRules, clean_web_text
from rashomon.ingest.readers import RawRecord


def build_document(
    record: RawRecord, doc_id: str, rules: ChromeRules, manifest: ManifestEntry | None = None
) -> Document:
    """The clean document for `record`, or `IngestError` when it holds no article text."""
    entry = manifest or ManifestEntry()
    record = without_controls(record)
    meta = record.meta
    outlet_hint = entry.outlet or meta.get("outlet")
    if record.html is not None:
        page = extract_page(record.html, url=meta.get("url"))
        if page is None:
            raise IngestError(record.source, "no article text found in the HTML")
        cleaned = clean_web_text(page.text, rules, outlet_hint, known_title=page.title or meta.get("title"))
        removed = cleaned.removed + ([RemovedSpan("comments", page.comments)] if page.comments else [])
    else:
        page = Page(text="")  # plain text carries no page metadata: the text itself speaks
        cleaned = clean_web_text(
            record.text or "", rules, outlet_hint, known_title=meta.get("title"), line_model=rules.line_model
        )
        removed = cleaned.removed
    if not cleaned.body.strip():
        raise IngestError(record.source, "no article text left once site chrome was removed")
    return Document(
        doc_id=doc_id,
        source=record.source,
        text=cleaned.body,
        outlet=entry.outlet or meta.get("outlet") or page.outlet,
        title=entry.title or meta.get("title") or page.title or cleaned.title,
        authors=entry.authors or split_authors(meta.get("authors")) or page.authors or cleaned.authors,
        published=entry.published or parse_date(meta.get("published")) or page.published or cleaned.published,
        language=entry.language or detect_language(cleaned.body) or meta.get("language") or page.language,
        url=meta.get("url") or page.url,
        format=record.format,
        removed=removed,
    )


# C0 control characters other than whitespace: a JSON "\u0000" decodes to a NUL that no text means,
# and that breaks CSV readers and browsers downstream (files with raw NULs are refused as binary).
_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r\f")


def without_controls(record: RawRecord) -> RawRecord:
    """`record` with control characters removed from its text, HTML and metadata strings."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return value.translate(_CONTROLS)
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return replace(
        record,
        text=clean(record.text),
        html=clean(record.html),
        meta={key: clean(value) for key, value in record.meta.items()},
    )
