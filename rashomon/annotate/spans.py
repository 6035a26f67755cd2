"""Which span holds an offset, in logarithmic time: the annotators ask it for every token or mention
("is this word inside a quotation, a date, quote marks?"), which a scan over every span made
quadratic in the length of a document."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Spans(Generic[T]):
    """Items with character spans, sorted in text order (the outermost first when two start
    together), with the running maximum of their ends: the first item holding an offset is the
    first whose running end passes it, found by bisection."""

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> None:
        self.items = sorted(items, key=lambda item: (span(item)[0], -span(item)[1]))
        bounds = [span(item) for item in self.items]
        self.starts = [start for start, _ in bounds]
        self.reach = list(itertools.accumulate((end for _, end in bounds), max))

    def at(self, offset: int) -> T | None:
        """The first item in text order (the outermost when nested) whose span holds `offset`."""
        return self.overlapping(offset, offset + 1)

    def overlapping(self, start: int, end: int) -> T | None:
        """The first item in text order whose span overlaps [start, end)."""
        before = bisect.bisect_left(self.starts, end)  # items that start before `end`
        first = bisect.bisect_right(self.reach, start, hi=before)  # the first of them to reach past `start`
        return self.items[first] if first < before else None


def offset_spans(spans: Iterable[tuple[int, int]]) -> Spans[tuple[int, int]]:
    """Plain (start, end) pairs as `Spans`."""
    return Spans(spans, lambda span: span)
