"""VADER's word valences, shared by framing (loaded words), stance (targeted sentiment) and events (what
someone is called): one lexicon, loaded once, in a module none of them depends on otherwise."""

from __future__ import annotations

from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def vader_valence() -> dict[str, float]:
    """VADER's word valences (−4…4)."""
    return dict(SentimentIntensityAnalyzer().lexicon)
