"""Documents: pages of them shaped as documents.jsonl lines, and each document's outlet and day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rashomon.store.database import Store

FIELDS = ("doc_id", "source", "url", "outlet", "title", "authors", "published", "language", "format")


def document_outlets(store: Store) -> dict[str, str | None]:
    """doc_id → its outlet (None where unknown), for every document."""
    return dict(store.con.execute("SELECT doc_id, outlet FROM documents").fetchall())


def document_dates(store: Store) -> dict[str, dt.date | None]:
    """doc_id → its publication date (None where unknown), for every document."""
    return dict(store.con.execute("SELECT doc_id, published FROM documents").fetchall())


def latest_publication(store: Store) -> dt.date | None:
    """The newest document's publication date; None when no document has one."""
    row = store.con.execute("SELECT max(published) FROM documents").fetchone()
    return row[0] if row else None


def documents_page(
    store: Store, outlet: str | None, text: bool, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """How many documents there are (of `outlet`, when given), and those from `offset` on, at most
    `limit`, in doc_id order: documents.jsonl lines with `length`, without `text` and `removed` unless
    `text`."""
    where, params = ("WHERE outlet = $outlet", {"outlet": outlet}) if outlet is not None else ("", {})
    total = store.con.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0]  # type: ignore[index]
    extra = ", text, removed" if text else ""
    cursor = store.con.execute(
        f"SELECT {', '.join(FIELDS)}, length(text) AS length{extra} FROM documents {where} "
        "ORDER BY doc_id LIMIT $limit OFFSET $offset",
        {**params, "limit": limit, "offset": offset},
    )
    return total, _document_dicts(cursor)


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document as a documents.jsonl line with `length`, or None when there is none."""
    cursor = store.con.execute(
        f"SELECT {', '.join(FIELDS)}, length(text) AS length, text, removed FROM documents WHERE doc_id = $doc_id",
        {"doc_id": doc_id},
    )
    found = _document_dicts(cursor)
    return found[0] if found else None


def _document_dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        doc = dict(zip(names, row, strict=True))
        doc["published"] = doc["published"].isoformat() if doc["published"] else None
        doc["authors"] = list(doc["authors"] or [])
        if "removed" in doc:
            doc["removed"] = json.loads(doc["removed"])
        out.append(doc)
    return out
