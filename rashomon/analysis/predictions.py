"""The predictions ledger: who predicts what about whom, by when, per outlet."""

from __future__ import annotations

import json
from typing import Any

from rashomon.store.database import Store
from rashomon.store.reading.predictions import prediction_rows


def predictions(store: Store, outlet: str | None = None, about: str | None = None) -> list[dict[str, Any]]:
    """Predictions in publication order. `about` keeps those naming an actor (id or country code);
    `predictor` is the quoted speaker, or null where the outlet predicts in its own voice."""
    rows = []
    for row in prediction_rows(store, outlet, about):
        row["about"] = json.loads(row["about"])
        row["predictor"] = json.loads(row["predictor"]) if row["predictor"] else None
        row["published"] = row["published"].isoformat() if row["published"] else None
        rows.append(row)
    return rows
