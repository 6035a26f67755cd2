"""What data/quantities.toml says: number words, units, hedges and the words around a count."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rashomon.annotate.lexicons import bundled_toml


@dataclass(frozen=True)
class QuantityLexicon:
    numbers: dict[str, float]
    multipliers: dict[str, float]
    currencies: dict[str, str]
    time_units: frozenset[str]
    other_units: frozenset[str]
    frequency: frozenset[str]
    hedges: tuple[tuple[tuple[str, ...], tuple[float, float]], ...]  # words before a number → factors, longest first
    reporting_verbs: frozenset[str]
    reporting_sentences: int
    forecast_auxiliaries: frozenset[str]
    forecast_verbs: frozenset[str]
    cumulative: tuple[tuple[str, ...], ...]
    vague: frozenset[str]
    streets: frozenset[str]
    services: frozenset[str]
    thresholds: frozenset[str]
    held_type: str
    held_verbs: frozenset[str]
    held_nouns: frozenset[str]


@lru_cache(maxsize=1)
def load_quantities() -> QuantityLexicon:
    data = bundled_toml("quantities.toml")
    return QuantityLexicon(
        numbers={k: float(v) for k, v in data["numbers"].items()},
        multipliers={k: float(v) for k, v in data["multipliers"].items()},
        currencies=dict(data["currencies"]),
        time_units=frozenset(data["units"]["time"]),
        other_units=frozenset(data["units"]["other"]),
        frequency=frozenset(data["units"]["frequency"]),
        hedges=tuple(
            sorted(
                ((tuple(k.split()), (float(v[0]), float(v[1]))) for k, v in data["hedges"].items()),
                key=lambda kv: -len(kv[0]),
            )
        ),
        reporting_verbs=frozenset(data["reporting"]["verbs"]),
        reporting_sentences=int(data["reporting"]["sentences"]),
        forecast_auxiliaries=frozenset(data["forecast"]["auxiliaries"]),
        forecast_verbs=frozenset(data["forecast"]["verbs"]),
        cumulative=tuple(tuple(w.split()) for w in data["cumulative"]["words"]),
        vague=frozenset(data["vague"]["nouns"]),
        streets=frozenset(data["names"]["streets"]),
        services=frozenset(data["names"]["services"]),
        thresholds=frozenset(data["names"]["thresholds"]),
        held_type=data["held"]["type"],
        held_verbs=frozenset(data["held"]["verbs"]),
        held_nouns=frozenset(data["held"]["nouns"]),
    )
