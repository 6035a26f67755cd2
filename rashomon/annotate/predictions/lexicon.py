"""What data/predictions.toml says: the modals and heads that make a clause a prediction, and how sure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rashomon.annotate.lexicons import bundled_toml

CONFIDENCE_ORDER = {"certain": 3, "probable": 2, "possible": 1}


@dataclass(frozen=True, eq=False)
class PredictionLexicon:
    modals: dict[str, str]  # word → certain | probable | possible
    heads: dict[str, str]
    negating_heads: frozenset[str]
    perfect_auxiliaries: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> PredictionLexicon:
    data = bundled_toml("predictions.toml")
    unknown = {v for v in (*data["modals"].values(), *data["heads"].values())} - set(CONFIDENCE_ORDER)
    if unknown:
        raise ValueError(f"predictions.toml: unknown confidence {sorted(unknown)}; use {sorted(CONFIDENCE_ORDER)}")
    return PredictionLexicon(
        modals=dict(data["modals"]),
        heads=dict(data["heads"]),
        negating_heads=frozenset(data["negating"]["heads"]),
        perfect_auxiliaries=frozenset(data["exclude"]["perfect_auxiliaries"]),
    )
