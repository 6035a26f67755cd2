"""Calendar points at a grain (a century … a time of day) and their arithmetic, for TIMEX3 values."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, replace

# --------------------------------------------------------------------------- calendar points

GRAINS = ("century", "decade", "year", "quarter", "season", "month", "week", "day", "time")
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
DUMMY_YEAR = 2000  # a leap year, for arithmetic on dates whose year is unknown ("XXXX-10-07")


def finer(a: str, b: str) -> bool:
    return GRAINS.index(a) > GRAINS.index(b)


def coarser_of(a: str, b: str) -> str:
    return a if GRAINS.index(a) <= GRAINS.index(b) else b


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_units(day: datetime.date, n: float, code: str) -> datetime.date:
    """`day` moved by n units (negative: back); sub-day units move whole days only."""
    days_per = {"D": 1, "W": 7, "WE": 7, "H": 1 / 24, "MIN": 1 / 1440, "S": 1 / 86400}
    months_per = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}
    if code in days_per:
        return day + datetime.timedelta(days=round(n * days_per[code]))
    return add_months(day, round(n * months_per.get(code, 0)))


@dataclass(frozen=True)
class Point:
    """A calendar date at some granularity; None fields are unknown and print as X."""

    grain: str
    year: int | None = None  # for decades/centuries the first year (1990, 1900); for weeks the ISO year
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week
    weekday: int | None = None  # ISO weekday, when only the weekday is known ("XXXX-WXX-5")
    part: str | None = None  # "Q3", "H1", "SU", "WE"
    clock: str | None = None  # "14:05" or a day part "MO", "NI"

    @classmethod
    def of(cls, day: datetime.date, grain: str) -> Point:
        if grain == "century":
            return cls(grain, day.year // 100 * 100)
        if grain == "decade":
            return cls(grain, day.year // 10 * 10)
        if grain == "year":
            return cls(grain, day.year)
        if grain == "quarter":
            return cls(grain, day.year, part=f"Q{(day.month - 1) // 3 + 1}")
        if grain == "season":
            code = {12: "WI", 1: "WI", 2: "WI"}.get(day.month) or ("SP", "SU", "FA")[(day.month - 3) // 3]
            return cls(grain, day.year - (day.month <= 2), part=code)
        if grain == "month":
            return cls(grain, day.year, day.month)
        if grain == "week":
            iso = day.isocalendar()
            return cls(grain, iso.year, week=iso.week)
        return cls("day" if grain == "time" else grain, day.year, day.month, day.day)

    def value(self) -> str:
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.grain == "century":
            return f"{self.year // 100:02d}" if self.year is not None else "XX"
        if self.grain == "decade":
            return f"{self.year // 10:03d}X" if self.year is not None else "XXXX"
        if self.grain == "year":
            return y
        if self.grain in ("quarter", "season"):
            return f"{y}-{self.part or 'XX'}"
        if self.grain == "month":
            return f"{y}-{self.month:02d}" if self.month else f"{y}-XX"
        if self.grain == "week":
            week = f"{y}-W{self.week:02d}" if self.week else f"{y}-WXX"
            return f"{week}-WE" if self.part == "WE" else week
        if self.month and self.day:
            day = f"{y}-{self.month:02d}-{self.day:02d}"
        elif self.weekday:
            day = f"{y}-WXX-{self.weekday}"
        else:
            day = f"{y}-XX-XX"
        return f"{day}T{self.clock}" if self.grain == "time" and self.clock else day

    def first_day(self) -> datetime.date | None:
        """The first day of the period, with DUMMY_YEAR standing in for an unknown year (None if unknowable)."""
        try:
            return self._first_day()
        except ValueError:  # outside the calendar datetime knows (year 0, a bad ISO week)
            return None

    def _first_day(self) -> datetime.date | None:
        year = self.year if self.year is not None else DUMMY_YEAR
        if self.grain in ("century", "decade", "year"):
            return datetime.date(year, 1, 1) if self.year is not None else None
        if self.grain == "quarter" and self.part and self.part[0] == "Q":
            return datetime.date(year, (int(self.part[1]) - 1) * 3 + 1, 1)
        if self.grain == "quarter" and self.part and self.part[0] == "H":
            return datetime.date(year, 1 if self.part == "H1" else 7, 1)
        if self.grain == "season" and self.part in SEASON_START:
            return datetime.date(year, SEASON_START[self.part], 1)
        if self.grain == "month" and self.month:
            return datetime.date(year, self.month, 1)
        if self.grain == "week" and self.week and self.year is not None:
            return datetime.date.fromisocalendar(self.year, self.week, 1)
        if self.grain in ("day", "time") and self.month and self.day:
            return datetime.date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))
        return None

    @property
    def dated(self) -> bool:
        """Whether the point says when (a year or a month/day), and so can anchor another expression."""
        return self.first_day() is not None

    def shift(self, n: float, code: str, grain: str) -> Point:
        """This point moved by n units, at `grain`; what the point does not say stays unknown."""
        start = self.first_day()
        year_only = code in ("Y", "DE", "CE") and float(n).is_integer()
        if start is None or finer(grain, self.grain):
            if self.year is not None and self.grain in ("century", "decade", "year") and year_only:
                return Point(grain, self.year + int(n * {"Y": 1, "DE": 10, "CE": 100}[code]))
            # a shift finer than what the point says ("the next day" after "March 2022") keeps only the year
            return Point(grain, self.year if not year_only else None)
        try:
            moved = Point.of(add_units(start, n, code), grain)
        except (OverflowError, ValueError):
            return Point(grain)
        return replace(moved, year=None) if self.year is None else moved


def precision_of(type_: str, value: str, point: Point | None) -> str:
    if type_ == "duration":
        return "duration"
    if type_ == "set":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    if point is None:
        return "day"
    return point.grain
