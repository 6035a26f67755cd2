"""Quotations across documents: the same quotation in several documents, and documents quoted by others.

Both come from one join of 5-gram hashes (the `shingles` table, unnested) on the hash, inside DuckDB, so the
work grows with the number of shared 5-grams, not with the number of document pairs:

- a quotation whose 5-grams mostly appear in another document's own words (outside its quotation
  marks) cites that document, when that document is not newer than the quoting one;
- quotations in different documents that share most of their 5-grams are one cluster. Quotations
  shorter than five words match only on their whole text, and only when the same actor says them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.link.clusters import components, write_clusters
from rashomon.settings import Section
from rashomon.store.database import Store


@dataclass
class QuoteLinks:
    citations: int
    clustered: int  # quotations that share their cluster with a quotation in another document


def link_quotations(store: Store, settings: Section) -> QuoteLinks:
    """Recompute quotation clusters and citations over the whole store, in one transaction."""
    with store.transaction() as con:
        con.execute("DELETE FROM citations")
        con.execute(
            """
            INSERT INTO citations
            WITH grams AS (SELECT doc_id, quote_id, unnest(hashes) AS "hash" FROM shingles),
            quote_size AS (
                SELECT quote_id, count(*) AS n FROM grams WHERE quote_id IS NOT NULL GROUP BY quote_id
            ),
            own AS (SELECT doc_id, "hash" FROM grams WHERE quote_id IS NULL),
            stock AS (SELECT "hash" FROM own GROUP BY "hash" HAVING count(*) > $max_docs),
            hits AS (
                SELECT q.quote_id, q.doc_id, o.doc_id AS cited_doc_id, count(*) AS shared
                FROM grams q JOIN own o ON q."hash" = o."hash" AND o.doc_id <> q.doc_id
                WHERE q.quote_id IS NOT NULL AND q."hash" NOT IN (SELECT "hash" FROM stock)
                GROUP BY ALL
            )
            SELECT h.quote_id, h.doc_id, h.cited_doc_id, round(h.shared / s.n, 4)
            FROM hits h
            JOIN quote_size s USING (quote_id)
            JOIN documents quoting ON quoting.doc_id = h.doc_id
            JOIN documents cited ON cited.doc_id = h.cited_doc_id
            WHERE s.n >= 2 AND h.shared / s.n >= $min_share
              AND (quoting.published IS NULL OR cited.published IS NULL OR cited.published <= quoting.published)
            ORDER BY ALL
            """,
            {"max_docs": settings.max_docs_per_shingle, "min_share": settings.min_share},
        )
        pairs = con.execute(
            """
            WITH qs AS (
                SELECT s.quote_id, s.doc_id, unnest(s.hashes) AS "hash", q.speaker_actor_id
                FROM shingles s JOIN quotes q USING (quote_id)
            ),
            size AS (SELECT quote_id, count(*) AS n FROM qs GROUP BY quote_id),
            shared AS (
                SELECT a.quote_id AS a, b.quote_id AS b, count(*) AS k,
                       any_value(a.speaker_actor_id) AS speaker_a, any_value(b.speaker_actor_id) AS speaker_b
                FROM qs a JOIN qs b ON a."hash" = b."hash" AND a.doc_id < b.doc_id
                GROUP BY ALL
            )
            SELECT sh.a, sh.b FROM shared sh
            JOIN size sa ON sa.quote_id = sh.a JOIN size sb ON sb.quote_id = sh.b
            WHERE sh.k / least(sa.n, sb.n) >= $min_share
              AND (least(sa.n, sb.n) > 1 OR (sa.n = 1 AND sb.n = 1 AND sh.speaker_a = sh.speaker_b))
            """,
            {"min_share": settings.min_share},
        ).fetchall()
        clusters = components(pairs)
        con.execute("UPDATE quotes SET cluster_id = CASE WHEN kind = 'indirect' THEN NULL ELSE quote_id END")
        write_clusters(con, "quotes", "quote_id", clusters)
        citations = con.execute("SELECT count(*) FROM citations").fetchone()[0]  # type: ignore[index]
    return QuoteLinks(citations=citations, clustered=len(clusters))
