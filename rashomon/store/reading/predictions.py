"""Predictions with their document's outlet and day."""

from __future__ import annotations

from typing import Any

from rashomon.store.database import Store


def prediction_rows(store: Store, outlet: str | None = None, about: str | None = None) -> list[dict[str, Any]]:
    """Prediction records with `outlet` and `published` (as stored: JSON text, a date), in publication
    order (undated last), then document and offset. `outlet` keeps one outlet's; `about` those whose
    clause names the actor (an actor id or a code)."""
    conditions, params = [], {}
    if outlet:
        conditions.append("d.outlet = $outlet")
        params["outlet"] = outlet
    if about:
        conditions.append("(list_contains(p.about_ids, $about) OR list_contains(p.about_codes, $about))")
        params["about"] = about
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    cursor = store.con.execute(
        f"""
        SELECT p.*, d.outlet, d.published
        FROM predictions p JOIN documents d USING (doc_id) {where}
        ORDER BY d.published NULLS LAST, p.doc_id, p.start
        """,
        params,
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
