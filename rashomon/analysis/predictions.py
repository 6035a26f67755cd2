"""The predictions ledger: who predicts what about whom, by when, per outlet."""

from __future__ import annotations

import json
from typing import Any

from rashomon.store.database import Store


def predictions(store: Store, outlet: str | None = None, about: str | None = None) -> list[dict[str, Any]]:
    """Predictions in publication order. `about` keeps those naming an actor (id or country code);
    `predictor` is the quoted speaker, or null where the outlet predicts in its own voice."""
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
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        row["about"] = json.loads(row["about"])
        row["predictor"] = json.loads(row["predictor"]) if row["predictor"] else None
        row["published"] = row["published"].isoformat() if row["published"] else None
        rows.append(row)
    return rows
