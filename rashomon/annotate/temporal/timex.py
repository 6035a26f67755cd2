"""A temporal expression found in a document (TIMEX3), and dates coordinated on one verb."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

COORDINATED_DATE = re.compile(r",?\s+(?:and|or)\s+(?:then\s+)?(?:again\s+)?(?:in|on|during)\s+(?:the\s+)?")


@dataclass(frozen=True)
class Timex:
    start: int  # character offsets into doc.text
    end: int
    text: str  # doc.text[start:end]
    type: str  # "date" | "time" | "duration" | "set"
    value: str  # TIMEX3 value
    precision: str  # "day" | "month" | "year" | "decade" | "century" | "week" | "quarter" | "season" | "time" | ...
    anchor: str | None  # None | "publication" | "previous" | "timex:<start>" | "event:<start>" | "unknown"
    mod: str | None = None  # TIMEX3 mod: "START", "MID", "END", "APPROX", ...


def coordinated_after(text: str, timex: Timex, timexes: Iterable[Timex]) -> Timex | None:
    """ "in 2005 and then again in 2012": the date coordinated after this one, whatever the parser made of it."""
    match = COORDINATED_DATE.match(text, timex.end)
    if match is None:
        return None
    return next((t for t in timexes if t.start == match.end()), None)
