"""The `Document`: what ingest hands to every later layer (the README's "Data contract": documents.jsonl)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class RemovedSpan:
    """Text taken out of the article body, kept with the reason it was taken out."""

    role: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "text": self.text}


@dataclass
class Document:
    """A clean article: its body `text` (every record's offsets point into it), where it came from and
    what is known of it, and the spans cleaning `removed` from the page."""

    doc_id: str
    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    language: str | None = None
    url: str | None = None
    format: str = "text"
    removed: list[RemovedSpan] = field(default_factory=list)

    @cached_property
    def content_hash(self) -> str:
        """Read several times per document (id, duplicates, store); the text is never changed after build."""
        return content_hash(self.text)

    @property
    def fingerprint(self) -> str:
        """Hash of everything stored: a re-run that changes only metadata still updates the row."""
        return hashlib.sha1(json.dumps(self.to_dict(), sort_keys=True).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "format": self.format,
            "text": self.text,
            "removed": [span.to_dict() for span in self.removed],
        }


_WORD = re.compile(r"\w+")


def normalised_words(text: str) -> list[str]:
    """Lower-cased word tokens: the unit for exact and near-duplicate comparison."""
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """Hash of the normalised text, so whitespace and punctuation edits do not hide a duplicate."""
    return hashlib.sha1(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()
