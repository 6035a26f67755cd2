"""Search: the `words` index of the stored documents, and what a few words find in it.

The index is DuckDB's own work: each document's text is split into words (runs of letters and digits,
lower case) in SQL after every run, for the documents that have none yet (new ones, and those whose
records a re-annotation replaced). A query is split the same way; the documents that hold every one of
its words are ranked by BM25 (Robertson's weighting, k1 1.2, b 0.75), and in them the quotations,
events and claims whose text holds every word are found too, with their offsets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rashomon.store.database import Store

WORD = r"[\p{L}\p{N}]+"  # RE2, as DuckDB's regexp functions read it: Unicode letters and digits
PYTHON_WORD = re.compile(r"[^\W_]+")  # the same words in Python's re, for texts filtered in Python
KINDS = ("document", "quote", "event", "claim")  # in the order a document's hits come
# kind → table, id, and the offsets of its `text` (a claim's are its sentence's, as its text is)
RECORDS = {
    "quote": ("quotes", "quote_id", '"start"', '"end"'),
    "event": ("events", "id", '"start"', '"end"'),
    "claim": ("claims", "claim_id", "sentence_start", "sentence_end"),
}
K1, B = 1.2, 0.75
SNIPPET = 160  # characters of a document's text shown round its first hit


def index_words(store: Store) -> int:
    """Index the stored documents the `words` table lacks; returns how many it indexed."""
    missing = "SELECT doc_id FROM documents ANTI JOIN (SELECT DISTINCT doc_id FROM words) USING (doc_id)"
    count = store.con.execute(f"SELECT count(*) FROM ({missing})").fetchone()
    if not count or not count[0]:
        return 0
    with store.transaction():
        store.con.execute(
            f"""
            INSERT INTO words
            SELECT doc_id, word, count(*)::INTEGER FROM (
                SELECT doc_id, unnest(regexp_extract_all(lower(text), '{WORD}')) AS word
                FROM documents WHERE doc_id IN ({missing}))
            GROUP BY doc_id, word
            """
        )
    return int(count[0])


def holds_words(text: str, words: list[str]) -> bool:
    """Whether `text` uses every one of `words` (split and lower-cased as the index splits them)."""
    return set(words) <= set(PYTHON_WORD.findall(text.lower()))


def query_words(store: Store, text: str) -> list[str]:
    """The words of a query, split as the documents' are."""
    row = store.con.execute(f"SELECT list_distinct(regexp_extract_all(lower(?), '{WORD}'))", [text]).fetchone()
    return sorted(row[0]) if row and row[0] else []


def search_hits(store: Store, words: list[str], kinds: tuple[str, ...], limit: int, offset: int) -> tuple[int, list]:
    """The hits of `words` (see the module's doc), best document first and in text order within one:
    how many there are, and the `limit` from `offset`, each a dict of kind, id, doc_id, outlet,
    published, title, start, end, text and score (its document's)."""
    found = []
    if "document" in kinds:
        found.append('SELECT 0 AS kind_order, \'document\' AS kind, doc_id AS id, doc_id, 0 AS "start", '
                     '0 AS "end", NULL AS text FROM ranked')  # fmt: skip
    for order, (kind, (table, key, start, end)) in enumerate(RECORDS.items(), start=1):
        if kind in kinds:
            found.append(
                f"SELECT {order} AS kind_order, '{kind}' AS kind, {key} AS id, doc_id, {start} AS \"start\", "
                f'{end} AS "end", text FROM {table} '
                f"WHERE doc_id IN (SELECT doc_id FROM ranked) AND list_has_all(regexp_extract_all(lower(text), "
                f"'{WORD}'), $words)"
            )
    if not found:
        return 0, []
    ranked = f"""
        WITH query AS (SELECT unnest($words) AS word),
             size AS (SELECT count(DISTINCT doc_id) AS documents, sum(n) / count(DISTINCT doc_id) AS mean_length
                      FROM words),
             hit AS (SELECT w.* FROM words w JOIN query USING (word)),
             frequency AS (SELECT word, count(*) AS df FROM hit GROUP BY word),
             holding AS (SELECT doc_id FROM hit GROUP BY doc_id HAVING count(*) = len($words)),
             length AS (SELECT doc_id, sum(n) AS words FROM words WHERE doc_id IN (SELECT doc_id FROM holding)
                        GROUP BY doc_id),
             ranked AS (
                 SELECT h.doc_id,
                        sum(ln(1 + (size.documents - f.df + 0.5) / (f.df + 0.5)) * h.n * ({K1} + 1)
                            / (h.n + {K1} * (1 - {B} + {B} * l.words / size.mean_length))) AS score
                 FROM hit h JOIN holding USING (doc_id) JOIN frequency f USING (word) JOIN length l USING (doc_id), size
                 GROUP BY h.doc_id),
             found AS ({" UNION ALL ".join(found)})
    """
    params: dict[str, Any] = {"words": words}
    total = store.con.execute(ranked + "SELECT count(*) FROM found", params).fetchone()
    cursor = store.con.execute(
        ranked
        + """
        SELECT f.kind, f.id, f.doc_id, d.outlet, d.published::VARCHAR AS published, d.title, f."start", f."end",
               coalesce(f.text, d.text) AS text, round(r.score, 3) AS score
        FROM found f JOIN ranked r USING (doc_id) JOIN documents d USING (doc_id)
        ORDER BY r.score DESC, f.doc_id, f.kind_order, f."start", f.id
        LIMIT $limit OFFSET $offset
        """,
        {**params, "limit": limit, "offset": offset},
    )
    names = [c[0] for c in cursor.description]
    hits = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for hit in hits:
        if hit["kind"] == "document":
            _snippet(hit, words[0])
    return int(total[0]) if total else 0, hits


def _snippet(hit: dict[str, Any], word: str) -> None:
    """A document hit's text cut to SNIPPET characters round the first place its word is used."""
    body = hit["text"]
    first = re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", body, re.IGNORECASE)
    at = first.start() if first else 0
    start, end = max(0, at - SNIPPET // 2), min(len(body), at + SNIPPET // 2)
    start = body.rfind(" ", 0, start) + 1 if start else 0  # whole words at both ends
    end = next((k for k in range(end, len(body)) if body[k].isspace()), len(body))
    hit["start"], hit["end"], hit["text"] = start, end, body[start:end]
