"""Quantitative claims: those clustered across documents, and the claim links with both their sides."""

from __future__ import annotations

from typing import Any, NamedTuple

from rashomon.store.database import Store


class ClusteredClaim(NamedTuple):
    claim_id: str
    doc_id: str
    outlet: str  # the document's outlet, else its doc_id
    cluster_id: str
    phrase: str
    value: float
    quantity: str
    predicate: str
    counted: str  # what is counted as written, else the quantity
    unit: str | None


def clustered_claims(store: Store) -> list[ClusteredClaim]:
    """The claims of every claim cluster that spans two or more documents, in claim_id order."""
    rows = store.con.execute(
        """
        SELECT c.claim_id, c.doc_id, coalesce(d.outlet, c.doc_id), c.cluster_id, c.phrase, c.value, c.quantity,
               c.predicate, coalesce(nullif(c.counted, ''), c.quantity), c.unit
        FROM claims c JOIN documents d USING (doc_id)
        WHERE c.cluster_id IN (SELECT cluster_id FROM claims GROUP BY 1 HAVING count(DISTINCT doc_id) > 1)
        ORDER BY c.claim_id
        """
    ).fetchall()
    return [ClusteredClaim(*row) for row in rows]


def claim_links_with_sides(store: Store, relation: str) -> list[dict[str, Any]]:
    """The claim links of one `relation`, in claim id order: the link's `note` and `similarity`, and
    for each side (`a`, `b`) the claim's doc_id, phrase, sentence offsets (`start`, `end`) and outlet."""
    rows = store.con.execute(
        """
        SELECT l.note, l.similarity,
               a.doc_id, a.phrase, a.sentence_start, a.sentence_end, da.outlet,
               b.doc_id, b.phrase, b.sentence_start, b.sentence_end, db.outlet
        FROM claim_links l JOIN claims a ON a.claim_id = l.a JOIN claims b ON b.claim_id = l.b
             JOIN documents da ON da.doc_id = a.doc_id JOIN documents db ON db.doc_id = b.doc_id
        WHERE l.relation = ? ORDER BY l.a, l.b
        """,
        [relation],
    ).fetchall()
    fields = ("doc_id", "phrase", "start", "end", "outlet")
    out = []
    for note, similarity, *sides in rows:
        a, b = (dict(zip(fields, sides[k : k + 5], strict=True)) for k in (0, 5))
        out.append({"note": note, "similarity": similarity, "a": a, "b": b})
    return out
