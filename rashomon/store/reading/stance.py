"""Stance records: the evidence of each document's voice toward each actor."""

from __future__ import annotations

from rashomon.store.database import Store

# The order evidence comes in: grouped by document or by outlet first.
GROUP_COLUMNS = {"document": "s.doc_id", "outlet": "d.outlet"}


def stance_evidence(store: Store, by: str) -> list[tuple[str, str | None, str, str | None, str, float, str, int, int]]:
    """(doc_id, outlet, target, code, source, score, cue, start, end) of every stance record, ordered by
    document or outlet (`by`, a key of GROUP_COLUMNS), then code, document, offset, source and cue."""
    group = GROUP_COLUMNS[by]
    return store.con.execute(
        f"""
        SELECT s.doc_id, d.outlet, s.target, s.code, s.source, s.score, s.cue, s.start, s."end"
        FROM stance s JOIN documents d USING (doc_id)
        ORDER BY {group}, s.code, s.doc_id, s.start, s.source, s.cue
        """
    ).fetchall()
