"""Temporal expressions (TIMEX3) in news English, normalised against the publication date: see
`finder.find_timexes`. The grammar is data (``data/temporal.toml``); this package applies it."""

from rashomon.annotate.temporal.finder import default_use_entities, find_timexes
from rashomon.annotate.temporal.grammar import load_grammar
from rashomon.annotate.temporal.timex import Timex, coordinated_after

__all__ = ["Timex", "coordinated_after", "default_use_entities", "find_timexes", "load_grammar"]
