"""Step 3's state: a resolved value, and what resolving one expression may ask of the others."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from rashomon.annotate.nlp import doc_text
from rashomon.annotate.temporal.candidates import Candidate
from rashomon.annotate.temporal.grammar import UNKNOWN, Grammar, normal
from rashomon.annotate.temporal.points import Point
from rashomon.annotate.temporal.tense import tense_at

# --------------------------------------------------------------------------- step 3: normalise


@dataclass(frozen=True)
class Resolved:
    type: str
    value: str
    anchor: str | None
    mod: str | None = None
    point: Point | None = None


def dated(point: Point, anchor: str | None, mod: str | None = None, type_: str = "date") -> Resolved:
    return Resolved("time" if point.grain == "time" else type_, point.value(), anchor, mod, point)


@dataclass
class Context:
    doc: Doc
    published: datetime.date | None
    grammar: Grammar
    chosen: list[Candidate]
    # kind of rule -> its normaliser (resolve.NORMALISERS): resolving one expression may resolve another
    normalisers: Mapping[str, Callable[[Candidate, Context, int], Resolved | None]]
    previous: tuple[int, Point] | None = None  # start and point of the last date mentioned so far
    done: dict[int, Resolved | None] = field(default_factory=dict)  # candidate index -> result

    @property
    def text(self) -> str:
        return doc_text(self.doc)

    @property
    def relative_anchor(self) -> str:
        return "publication" if self.published else "unknown"

    def tense(self, c: Candidate) -> str | None:
        return tense_at(self.doc, c.start, c.end, self.grammar)

    def resolve(self, index: int) -> Resolved | None:
        if index not in self.done:
            c = self.chosen[index]
            self.done[index] = self.normalisers[c.kind](c, self, index)
        return self.done[index]


def number(text: str | None, grammar: Grammar) -> float | str | None:
    """A count: a float, UNKNOWN for "several", or None when the text is not a number."""
    if not text:
        return None
    text = normal(text)
    half = text.endswith(" and a half")
    text = text.removesuffix(" and a half")
    value: Any
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
    else:
        value = grammar.lookup("number", text)
        if value is None:
            parts = [grammar.lookup("number", p) for p in re.split(r"[-\s]+", text)]
            if not parts or any(not isinstance(p, int | float) for p in parts):
                return None
            value = float(sum(parts))
    if value == UNKNOWN:
        return UNKNOWN
    return float(value) + (0.5 if half else 0.0)


def unit_info(text: str | None, grammar: Grammar) -> dict[str, Any] | None:
    if not text:
        return None
    singular = grammar.lookup("units", text) or normal(text)
    return grammar.lookup("unit", singular)


def mod_of(c: Candidate, grammar: Grammar) -> str | None:
    if c.groups.get("mod"):
        return grammar.lookup("mod", c.groups["mod"]) or None
    return c.mod


def parse_year(text: str, published: datetime.date | None) -> int:
    year = int(text)
    if len(text) == 2:  # "'07": the century that keeps the year at or before publication
        pivot = (published.year if published else 2030) % 100
        year += 2000 if year <= pivot else 1900
    return year
