"""Stance per document and per outlet toward each actor, from the stance evidence rows."""

from __future__ import annotations

from typing import Any

from rashomon.store.database import Store
from rashomon.views.errors import QueryError

GROUPINGS = ("document", "outlet")


def stance(store: Store, by: str = "document", target: str | None = None) -> list[dict[str, Any]]:
    """Mean evidence score (−1…1) and its count `n`, per document (or per outlet) and target actor.

    `target` keeps one actor, by actor id or country code. Document rows list their evidence
    (source, cue, score and the sentence's offsets) so every score can be traced to its sentences;
    outlet rows have `doc_id` null and count their documents.
    """
    if by not in GROUPINGS:
        raise QueryError(f"--by must be one of {', '.join(GROUPINGS)} (got {by!r})")
    keep = "WHERE s.target = $target OR s.code = $target" if target else ""
    if by == "document":
        sql = f"""
            SELECT s.doc_id, d.outlet, s.target, any_value(s.code) AS code,
                   round(avg(s.score), 4) AS score, count(*) AS n,
                   list(struct_pack(source := s.source, cue := s.cue, score := s.score,
                                    start := s.start, "end" := s."end") ORDER BY s.start, s.source, s.cue) AS evidence
            FROM stance s JOIN documents d USING (doc_id) {keep}
            GROUP BY s.doc_id, d.outlet, s.target ORDER BY s.doc_id, n DESC, s.target
        """
    else:
        sql = f"""
            SELECT NULL AS doc_id, d.outlet, s.target, any_value(s.code) AS code,
                   round(avg(s.score), 4) AS score, count(*) AS n, count(DISTINCT s.doc_id) AS documents
            FROM stance s JOIN documents d USING (doc_id) {keep}
            GROUP BY d.outlet, s.target ORDER BY d.outlet, n DESC, s.target
        """
    cursor = store.con.execute(sql, {"target": target} if target else {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
