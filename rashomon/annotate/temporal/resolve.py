"""Step 3: one normaliser per kind of rule, each turning a candidate's named groups into a TIMEX3 value."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rashomon.annotate.temporal.anchors import clause_anchor, event_anchor, timex_anchor
from rashomon.annotate.temporal.candidates import Candidate, ordinal_digits, sentence_of, tokens_of
from rashomon.annotate.temporal.context import Context, Resolved, dated, mod_of, number, parse_year, unit_info
from rashomon.annotate.temporal.grammar import UNKNOWN, Grammar, normal
from rashomon.annotate.temporal.points import DUMMY_YEAR, SEASON_START, Point, add_units, coarser_of


def resolve_year(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    if "year_tail" in c.groups:  # "1957-58": the century of the first year
        first = re.search(r"(\d\d)\d\d\s*[-–]$", ctx.text[max(0, c.start - 8) : c.start])
        if first is None:
            return None
        point = Point("year", int(first.group(1) + c.groups["year_tail"]))
    elif "year_short" in c.groups:
        point = Point("year", parse_year(c.groups["year_short"], ctx.published))
    else:
        point = Point("year", int(c.groups["year"]))
    return with_part(dated(point, None, mod_of(c, ctx.grammar)), c)


def with_part(r: Resolved, c: Candidate) -> Resolved:
    """Apply "the first quarter of" / "the last week of" to a resolved year or month."""
    if c.part is None or r.point is None:
        return r
    ordinal, unit = c.part
    p = r.point
    point: Point | None = None
    if ordinal is None:
        return r
    if p.grain == "year" and unit in ("quarter", "half"):
        n = ordinal if ordinal > 0 else (4 if unit == "quarter" else 2)
        point = Point("quarter", p.year, part=f"{'Q' if unit == 'quarter' else 'H'}{n}")
    elif p.grain == "year" and unit == "month" and 0 < ordinal <= 12:
        point = Point("month", p.year, ordinal)
    elif p.grain == "month" and unit == "week" and p.month:
        # an ISO week belongs to the month that holds its Thursday
        year = p.year if p.year is not None else DUMMY_YEAR
        first = datetime.date(year, p.month, 1)
        first_thursday = first + datetime.timedelta(days=(4 - first.isoweekday()) % 7)
        if ordinal > 0:
            day = first_thursday + datetime.timedelta(days=7 * (ordinal - 1))
        else:
            last = datetime.date(year, p.month, calendar.monthrange(year, p.month)[1])
            day = last - datetime.timedelta(days=(last.isoweekday() - 4) % 7)
        point = Point.of(day, "week") if p.year is not None else Point("week")
    return replace(r, value=point.value(), point=point) if point else r


def with_clock(r: Resolved, c: Candidate, ctx: Context) -> Resolved:
    """Add the merged time of day ("15:00 GMT Saturday") or a day part ("Friday afternoon")."""
    clock = clock_value(c.clock, ctx.grammar) if c.clock else None
    daypart = ctx.grammar.lookup("daypart", c.groups.get("daypart"))
    if not (clock or daypart) or r.point is None or r.point.grain not in ("day", "time"):
        return r
    point = replace(r.point, grain="time", clock=clock or daypart)
    return replace(r, type="time", value=point.value(), point=point)


def clock_value(c: Candidate, grammar: Grammar) -> str | None:
    g = c.groups
    if "clock_word" in g:
        return grammar.lookup("clock_word", g["clock_word"])
    hour, minute = int(g["hour"]), int(g.get("minute") or 0)
    ampm = grammar.lookup("ampm", g.get("ampm"))
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def weekday_point(weekday: int, ctx: Context, c: Candidate, direction: int | None = None) -> tuple[Point, str]:
    """A weekday without a date: by `direction` (last/this/next) or the tense of the governing verb."""
    pub = ctx.published
    if pub is None:
        return Point("day", weekday=weekday), "unknown"
    today = pub.isoweekday()
    if direction is None:
        tense = ctx.tense(c)
        if tense in ("future", "present"):  # the next one, today included ("will meet on Friday" on a Friday)
            day = pub + datetime.timedelta(days=(weekday - today) % 7)
        else:  # past, or unknown in news: the most recent one on or before the publication date
            day = pub - datetime.timedelta(days=(today - weekday) % 7)
    elif direction < 0:
        day = pub - datetime.timedelta(days=(today - weekday) % 7 or 7)
    elif direction > 0:
        day = pub + datetime.timedelta(days=(weekday - today) % 7 or 7)
    else:
        day = pub + datetime.timedelta(days=weekday - today)
    return Point.of(day, "day"), "publication"


def infer_year(month: int, day: int | None, weekday: int | None, ctx: Context, c: Candidate) -> int | None:
    """The year of a date written without one ("October 7"): the publication year, moved by tense."""
    pub = ctx.published
    if pub is None:
        return None
    if weekday and day:  # "Sunday, December 10": the year in which that date is that weekday
        for year in (pub.year, pub.year - 1, pub.year + 1):
            if day <= calendar.monthrange(year, month)[1] and datetime.date(year, month, day).isoweekday() == weekday:
                return year
    tense = ctx.tense(c)
    if tense in ("past", None) and month > pub.month:
        return pub.year - 1
    if tense == "future" and month < pub.month:
        return pub.year + 1
    return pub.year


def resolve_calendar(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    g, grammar = c.groups, ctx.grammar
    mod = mod_of(c, grammar)
    special = special_calendar_point(c, ctx)
    if special is not None:
        point, anchor = special
        return with_clock(with_part(dated(point, anchor, mod), c), c, ctx)
    month_text = g.get("month") or g.get("month2") or ""
    month = int(month_text) if month_text.isdigit() else grammar.lookup("month", month_text)
    day_text = g.get("day") or g.get("day2")
    day = int(day_text) if day_text else None
    weekday = grammar.lookup("weekday", g.get("weekday"))
    if month is None and weekday is None and g.get("year"):  # "fiscal 2013"
        return dated(Point("year", int(g["year"])), None, mod)
    if month is None:
        if weekday is None:
            return None
        point, anchor = weekday_point(weekday, ctx, c)
        return with_clock(dated(point, anchor, mod), c, ctx)
    if day is not None and day > 31:
        return None
    grain = "day" if day else "month"
    if g.get("year"):
        year: int | None = parse_year(g["year"], ctx.published)
        anchor = None
    else:
        year = infer_year(month, day, weekday, ctx, c)
        anchor = "publication" if year is not None else "unknown"
    if day and year is not None and day > calendar.monthrange(year, month)[1]:
        return None
    point = Point(grain, year, month, day)
    return with_clock(with_part(dated(point, anchor, mod), c), c, ctx)


def special_calendar_point(c: Candidate, ctx: Context) -> tuple[Point, str | None] | None:
    """Decades, centuries, holidays, quarters and seasons with their anchor; None for month/day/year dates."""
    g, grammar, pub = c.groups, ctx.grammar, ctx.published
    if "decade" in g:
        return Point("decade", int(g["decade"])), None
    if "decade_short" in g:  # "the '90s": the latest such decade not after publication
        d = int(g["decade_short"])
        century = 2000 if pub is not None and 2000 + d <= pub.year else 1900
        return Point("decade", century + d), None
    if "decade_word" in g:
        return Point("decade", 1900 + 10 * grammar.lookup("decade_word", g["decade_word"])), None
    if "century" in g or "century_word" in g:
        n = int(g["century"]) if "century" in g else grammar.lookup("ordinal", g["century_word"])
        return (Point("century", (n - 1) * 100), None) if n and n > 0 else None
    if "season" in g and "year" in g:
        return Point("season", int(g["year"]), part=grammar.lookup("season", g["season"])), None
    year = int(g["year"]) if "year" in g else None
    if "holiday" in g:
        month, day = map(int, grammar.lookup("holiday", g["holiday"]).split("-"))
        if year is None:
            year = infer_year(month, day, None, ctx, c)
            return Point("day", year, month, day), "publication" if year is not None else "unknown"
        return Point("day", year, month, day), None
    if "quarter" in g or "quarter_ord" in g:
        text = g.get("quarter") or g["quarter_ord"]
        n = grammar.lookup("ordinal", text) or ordinal_digits(text.lstrip("Qq")) or 0
        n = 4 if n == -1 else n
        if not 1 <= n <= 4:
            return None
        if year is not None:
            return Point("quarter", year, part=f"Q{n}"), None
        if pub is None:
            return Point("quarter", None, part=f"Q{n}"), "unknown"
        past = ctx.tense(c) in ("past", None)
        year = pub.year - 1 if past and (n - 1) * 3 + 1 > pub.month else pub.year
        return Point("quarter", year, part=f"Q{n}"), "publication"
    return None


def shifted_season(code: str, direction: int, pub: datetime.date) -> Point:
    """The season before (-1), of (0) or after (+1) the publication date."""
    current = Point.of(pub, "season")
    assert current.year is not None
    start = SEASON_START[code]
    year = pub.year if not (code == "WI" and pub.month <= 2) else pub.year - 1
    candidate = datetime.date(year, start, 1)
    current_start = current.first_day() or pub
    if direction < 0 and candidate >= current_start:
        year -= 1
    elif direction > 0 and candidate <= current_start:
        year += 1
    return Point("season", year, part=code)


def resolve_relative(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "last week", "next month", "last Friday", "last September", "this summer", "the weekend"."""
    g, grammar, pub = c.groups, ctx.grammar, ctx.published
    mod = mod_of(c, grammar)
    direction = grammar.lookup("dir", g.get("dir")) if g.get("dir") else None
    if direction is None and c.rule.name in ("the_unit", "earlier_later_this"):
        direction = 0
    tense_direction = direction if direction is not None else {"future": 1, "present": 0}.get(ctx.tense(c) or "", -1)
    if "weekday" in g:
        point, anchor = weekday_point(grammar.lookup("weekday", g["weekday"]), ctx, c, direction)
        return with_clock(dated(point, anchor, mod), c, ctx)
    if "month" in g:
        month = grammar.lookup("month", g["month"])
        if pub is None:
            return dated(Point("month", None, month), "unknown", mod)
        year = pub.year
        if tense_direction < 0 and month >= pub.month:
            year -= 1
        elif tense_direction > 0 and month <= pub.month:
            year += 1
        return dated(Point("month", year, month), "publication", mod)
    if "season" in g:
        code = grammar.lookup("season", g["season"])
        if pub is None:
            return dated(Point("season", part=code), "unknown", mod)
        return dated(shifted_season(code, tense_direction, pub), "publication", mod)
    unit_name = normal(g.get("unit", ""))
    if unit_name in ("period", "month", "quarter", "week") and c.rule.name == "same_unit_year_ago":
        grain = "month" if unit_name == "period" else unit_name
        if pub is None:
            return dated(Point(grain), "unknown", mod)
        return dated(Point.of(add_units(pub, -1, "Y"), grain), "publication", mod)
    unit = unit_info(unit_name, grammar)
    if unit is None:
        return None
    if (
        c.rule.name == "dir_unit"
        and direction == -1
        and grammar.setting("duration_prepositions").search(ctx.text[max(0, c.start - 30) : c.start])
    ):
        return Resolved("duration", duration_value(1.0, unit), None, mod)
    if unit["code"] == "WE":
        return weekend(c, ctx, direction, mod)
    if pub is None:
        return dated(Point(unit["grain"]), "unknown", mod)
    step = direction if direction is not None else 0
    if c.rule.name == "the_unit" and unit["code"] == "Y" and c.mod in ("END", "MID") and pub.month <= 6:
        # "prices fell by the end of the year", said early in the year: last year's end
        step = -1 if ctx.tense(c) == "past" else step
    return with_part(dated(Point.of(add_units(pub, step, unit["code"]), unit["grain"]), "publication", mod), c)


def weekend(c: Candidate, ctx: Context, direction: int | None, mod: str | None) -> Resolved:
    pub = ctx.published
    if pub is None:
        return dated(Point("week", part="WE"), "unknown", mod)
    if direction is None:
        direction = 1 if ctx.tense(c) in ("future", "present") else -1
        if pub.isoweekday() >= 6:
            direction = 0
    base = pub + datetime.timedelta(days=7 * direction)
    return dated(replace(Point.of(base, "week"), part="WE"), "publication", mod)


def resolve_deictic(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "today", "yesterday", "tonight", "last night", "this morning"."""
    grammar = ctx.grammar
    entry = grammar.lookup("deictic", c.groups.get("deictic")) or {"days": 0}
    part = grammar.lookup("daypart", c.groups.get("daypart")) or entry.get("part")
    mod = mod_of(c, grammar)
    if ctx.published is None:
        point = Point("time" if part else "day", clock=part)
        return with_clock(dated(point, "unknown", mod), c, ctx)
    day = ctx.published + datetime.timedelta(days=entry["days"])
    point = Point.of(day, "day")
    if part:
        point = replace(point, grain="time", clock=part)
    return with_clock(dated(point, "publication", mod), c, ctx)


def count_and_unit(c: Candidate, ctx: Context) -> tuple[float | str, dict[str, Any]] | None:
    g = c.groups
    unit = unit_info(g.get("unit") or g.get("unit1"), ctx.grammar)
    if unit is None:
        return None
    n = number(g.get("num"), ctx.grammar) if g.get("num") else 1.0
    if n is None:
        return None
    if "unit1" not in g and "num" not in g:
        n = UNKNOWN  # a bare plural: "years ago"
    if n != UNKNOWN:
        n = float(n) * unit.get("count", 1)
    return n, unit


def resolve_ago(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "six months ago" (month precision), "two years ago"; "years ago" is PAST_REF."""
    found = count_and_unit(c, ctx)
    if found is None:
        return None
    n, unit = found
    if n == UNKNOWN:
        return Resolved("date", "PAST_REF", ctx.relative_anchor, c.mod)
    grain = unit["grain"] if unit["grain"] not in ("decade", "century") else "year"  # "a decade ago": a year
    if ctx.published is None:
        return dated(Point(grain), "unknown", c.mod)
    return dated(Point.of(add_units(ctx.published, -float(n), unit["code"]), grain), "publication", c.mod)


def sign_of(rel: str) -> int:
    return -1 if normal(rel) in ("before", "earlier", "prior to", "ahead of", "previous", "prior") else 1


def previous_point(ctx: Context) -> tuple[Point, str] | None:
    """The last date mentioned before, or else the publication date."""
    if ctx.previous is not None:
        return ctx.previous[1], "previous"
    if ctx.published is not None:
        return Point.of(ctx.published, "day"), "publication"
    return None


def resolve_later(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "three days later", "a week earlier": shifted from the previously mentioned date."""
    found = count_and_unit(c, ctx)
    if found is None:
        return None
    n, unit = found
    if ctx.previous is None or n == UNKNOWN:
        return dated(Point(unit["shift"] if unit["shift"] != "time" else "day"), "unknown", c.mod)
    base = ctx.previous[1]
    grain = coarser_of(base.grain, unit["shift"] if unit["shift"] != "time" else "day")
    point = base.shift(sign_of(c.groups["rel"]) * float(n), unit["code"], grain)
    return dated(point, "previous", c.mod)


def resolve_offset(c: Candidate, ctx: Context, index: int) -> Resolved | None:
    """ "a full 10 days after October 7" (anchored on that timex), "two weeks before the vote" (on the event)."""
    found = count_and_unit(c, ctx)
    if found is None:
        return None
    n, unit = found
    shift_grain = unit["shift"] if unit["shift"] != "time" else "day"
    anchor = timex_anchor(c, ctx, index) or clause_anchor(c, ctx, index) or event_anchor(c, ctx)
    if anchor is None or n == UNKNOWN:
        return dated(Point(shift_grain), "unknown", c.mod)
    name, base = anchor
    grain = coarser_of(base.grain if base.grain != "time" else "day", shift_grain)
    point = base.shift(sign_of(c.groups["rel"]) * float(n), unit["code"], grain)
    return dated(point, name, c.mod)


def resolve_sequel(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "the following month", "the next day", "the same day", "that week", "the year before"."""
    g, grammar = c.groups, ctx.grammar
    if g.get("sequel"):
        step = grammar.lookup("sequel", g["sequel"])
    elif g.get("sequel_rel"):
        step = sign_of(g["sequel_rel"])
    else:
        step = 0
    unit_name = normal(g["unit"])
    daypart = grammar.lookup("daypart", unit_name) if unit_name != "night" or step == 0 else None
    unit = unit_info("day" if daypart else unit_name, grammar)
    if unit is None or step is None:
        return None
    before = ctx.text[max(0, c.start - 30) : c.start]
    if step and grammar.setting("duration_prepositions").search(before):
        return Resolved("duration", duration_value(1.0, unit), None, c.mod)
    base = previous_point(ctx)
    if base is None:
        return dated(Point(unit["grain"]), "unknown", c.mod)
    point, anchor = base
    grain = unit["grain"]
    shifted = point.shift(step, unit["code"], grain) if unit["code"] != "WE" else point.shift(step, "W", "week")
    if unit["code"] == "WE":
        shifted = replace(shifted, part="WE")
    if daypart and shifted.grain == "day":
        shifted = replace(shifted, grain="time", clock=daypart)
    return dated(shifted, anchor, mod_of(c, grammar))


def resolve_ref(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    value = ctx.grammar.lookup("ref", c.groups["ref"])
    return Resolved("date", value, ctx.relative_anchor, c.mod) if value else None


def duration_value(n: float | str, unit: dict[str, Any]) -> str:
    """ISO 8601 duration: P2M, P22M, PT40M, P10Y for a decade, PXY for "years"."""
    code = unit["code"]
    if code == "WE":
        return "P2D" if n != UNKNOWN else "PXD"
    if n == UNKNOWN:
        return {"S": "PTXS", "MIN": "PTXM", "H": "PTXH", "DE": "PXDE", "CE": "PXCE", "Q": "PXQ"}.get(code, f"PX{code}")
    n = float(n)
    scale = {"DE": (10, "Y"), "CE": (100, "Y")}
    if code in scale:
        factor, code = scale[code]
        n *= factor
    smaller = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN"), "MIN": (60, "S")}
    if not n.is_integer() and code in smaller and (n * smaller[code][0]).is_integer() and code != "Y":
        n, code = n * smaller[code][0], smaller[code][1]
    amount = str(int(n)) if n.is_integer() else f"{n:g}"
    if code in ("H", "MIN", "S"):
        return f"PT{amount}{'M' if code == 'MIN' else code}"
    return f"P{amount}{code}"


def resolve_duration(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    g, grammar = c.groups, ctx.grammar
    if "second" in g:  # "3:07:35"
        return Resolved("duration", f"PT{int(g['hour'])}H{int(g['minute'])}M{int(g['second'])}S", None, c.mod)
    unit = unit_info(g.get("unit"), grammar)
    if unit is None:
        return None
    if "num" in g:
        n = number(g["num"], grammar)
        if n is None:
            return None
        if n != UNKNOWN:
            n = float(n) * unit.get("count", 1) + (0.5 if g.get("half") or g.get("half1") else 0.0)
    else:
        n = UNKNOWN
    if "num2" in g:  # "one hour and 20 minutes"
        minutes = number(g["num2"], grammar)
        if n == UNKNOWN or not isinstance(minutes, float):
            return None
        return Resolved("duration", f"PT{int(float(n))}H{int(minutes)}M", None, c.mod)
    return Resolved("duration", duration_value(n, unit), None, c.mod)


def resolve_set(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """ "weekly" (P1W), "every year" (P1Y), "every two weeks" (P2W), "every Sunday" (XXXX-WXX-7)."""
    g, grammar = c.groups, ctx.grammar
    if "set" in g:
        value = grammar.lookup("set", g["set"])
        return Resolved("set", value, None, c.mod) if value else None
    weekday = grammar.lookup("weekday", g.get("weekday") or g.get("weekday_plural"))
    if weekday:
        return Resolved("set", f"XXXX-WXX-{weekday}", None, c.mod)
    if "daypart" in g:
        return Resolved("set", f"XXXX-XX-XXT{grammar.lookup('daypart', g['daypart'])}", None, c.mod)
    unit = unit_info(g.get("unit"), grammar)
    if unit is None:
        return None
    n = number(g.get("num"), grammar) if g.get("num") else 1.0
    if n is None or n == UNKNOWN:
        return None
    return Resolved("set", duration_value(float(n) * unit.get("count", 1), unit), None, c.mod)


def resolve_clock(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """A time of day alone: on the last day mentioned in the same sentence, else the publication date."""
    clock = clock_value(c, ctx.grammar)
    if clock is None:
        return None
    day: Point | None = None
    anchor = ctx.relative_anchor
    if ctx.previous is not None and ctx.previous[1].grain in ("day", "time"):
        span = tokens_of(ctx.doc, c.start, c.end)
        if span is not None and sentence_of(span[0])[0] <= ctx.previous[0]:
            day, anchor = ctx.previous[1], "previous"
    if day is None and ctx.published is not None:
        day = Point.of(ctx.published, "day")
    point = replace(day, grain="time", clock=clock) if day else Point("time", clock=clock)
    return dated(point, anchor, c.mod, "time")


def resolve_entity(c: Candidate, ctx: Context, _: int) -> Resolved | None:
    """A spaCy DATE/TIME entity no rule matched, kept only if dateparser can date it."""
    if ctx.published is None:
        return None
    from dateparser.date import DateDataParser  # imported lazily: slow, and only used with entities on

    base = datetime.datetime.combine(ctx.published, datetime.time(12))
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    text = ctx.text[c.start : c.end]
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "week", "month", "year"):
        return None
    point = Point.of(data.date_obj.date(), data.period)
    return dated(point, None if re.search(r"\b\d{4}\b", text) else "publication")


NORMALISERS: dict[str, Callable[[Candidate, Context, int], Resolved | None]] = {
    "calendar": resolve_calendar,
    "relative": resolve_relative,
    "deictic": resolve_deictic,
    "ago": resolve_ago,
    "later": resolve_later,
    "offset": resolve_offset,
    "sequel": resolve_sequel,
    "ref": resolve_ref,
    "duration": resolve_duration,
    "set": resolve_set,
    "year": resolve_year,
    "clock": resolve_clock,
    "entity": resolve_entity,
}
