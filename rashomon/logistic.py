"""A logistic model over named sparse features: what the event veto and the chrome-line models score with.

Weights are data, fitted by scripts in bench/ (scikit-learn there); here only numpy runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy


@dataclass(frozen=True, eq=False)
class Logistic:
    """Weights by feature name and a bias; a feature without a weight counts for nothing."""

    names: tuple[str, ...]
    weights: numpy.ndarray
    bias: float
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {name: i for i, name in enumerate(self.names)})

    @classmethod
    def from_weights(cls, weights: dict[str, float], bias: float) -> Logistic:
        names = tuple(sorted(weights))
        return cls(names, numpy.array([float(weights[n]) for n in names], dtype=float), float(bias))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Logistic:
        """From a weights file's `features`, `weights` and `bias`."""
        return cls.from_weights(dict(zip(raw["features"], raw["weights"], strict=True)), raw["bias"])

    def probability(self, features: dict[str, float]) -> float:
        found = [(self.index[name], value) for name, value in features.items() if name in self.index]
        score = self.bias
        if found:
            at, values = zip(*found, strict=True)
            score += float(numpy.dot(self.weights[list(at)], numpy.array(values, dtype=float)))
        return 1.0 / (1.0 + math.exp(-score))
