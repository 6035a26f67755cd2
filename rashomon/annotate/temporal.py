"""Temporal expressions (TIMEX3) in news English, normalised against the publication date.

`find_timexes(doc, published)` runs four steps over one parsed spaCy `Doc`:

1. find candidates: every rule of ``data/temporal.toml`` (regular expressions over word lists) is matched
   against the text; checks that need the parse (is "May" a month? is "2000" a year?) use the Doc;
2. choose spans: the longest non-overlapping candidates, extended by prefixes ("the end of", "early") and
   merged with an adjacent time of day ("15:00 GMT Saturday");
3. normalise: each candidate's named groups become a TIMEX3 value; relative expressions are resolved
   against the publication date, using the tense of the governing verb where the direction is open
   ("on Sunday": the Sunday before a past-tense verb, the next one after a future);
4. anchor: "the following month" / "three days later" shift the previously mentioned date; "10 days after
   October 7" shifts the timex that follows; "10 days after the onslaught" shifts the date of an earlier
   mention of the same event ("the attack on October 7").

The grammar (what counts as a temporal expression and what it means) is data; this module only knows how
to apply it and how to do calendar arithmetic.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.nlp import doc_text, sentence_bounds, token_starts

__all__ = ["Timex", "coordinated_after", "default_use_entities", "find_timexes", "load_grammar"]

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


# --------------------------------------------------------------------------- the grammar (data)

# Lists matched with their capital letter only, so that "may" (verb) or "sun" never become dates.
CASED_LISTS = {"month", "weekday"}
UNKNOWN = "X"  # an unknown count ("several days")
LOOKUP_FALLBACK = {"month": ("month_abbreviation",)}  # "Feb." is a month too


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    type: str
    regex: re.Pattern[str]
    priority: int = 0
    checks: dict[str, re.Pattern[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Prefix:
    name: str
    regex: re.Pattern[str]  # anchored at the end of the text before a candidate
    kinds: frozenset[str]


@dataclass(frozen=True)
class Grammar:
    words: dict[str, dict[str, Any]]  # word list name -> normalised word -> meaning
    rules: tuple[Rule, ...]
    prefixes: tuple[Prefix, ...]
    settings: dict[str, Any]
    tense: dict[str, Any]
    event_groups: dict[str, frozenset[str]]  # lemma -> the lemmas naming the same event

    def setting(self, name: str) -> re.Pattern[str]:
        return _compile_setting(self, name)

    def lookup(self, table: str, text: str | None) -> Any:
        """The meaning of `text` in a word list (case and spacing ignored), or None."""
        if not text:
            return None
        key = normal(text)
        for name in (table, *LOOKUP_FALLBACK.get(table, ())):
            words = self.words.get(name, {})
            found = words[key] if key in words else words.get(key.rstrip("."))
            if found is not None:
                return found
        return None


def normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


@functools.lru_cache(maxsize=64)
def _compile_setting_cached(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _compile_setting(grammar: Grammar, name: str) -> re.Pattern[str]:
    return _compile_setting_cached(expand(grammar.settings[name], grammar.words))


def _alternation(words: Iterable[str], cased: bool) -> str:
    """A regex alternation of `words`, longest first; cased lists match Capitalised or UPPER forms only."""
    forms: set[str] = set()
    for word in words:
        forms.update({word.title(), word.upper()} if cased else {word})
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    body = "|".join(r"\s+".join(re.escape(part) for part in form.split()) for form in ordered)
    return f"(?-i:{body})" if cased else f"(?:{body})"


def word_lists(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    skip = {"settings", "tense", "rule", "prefix", "event_synonyms"}
    return {name: {normal(k): v for k, v in table.items()} for name, table in data.items() if name not in skip}


def expand(pattern: str, words: dict[str, dict[str, Any]]) -> str:
    """Replace {list} with the alternation of a word list; other braces ({1,2}) are regex counts."""

    def replacement(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "month_name":
            return _alternation(words["month"], cased=True)
        if name == "month":
            full = _alternation(words["month"], cased=True)
            abbreviations = _alternation(words["month_abbreviation"], cased=True)
            return rf"(?:{full}|{abbreviations}\.?)"
        if name == "number":  # digits, a listed word, or a compound such as "twenty-five"
            listed = _alternation(words["number"], cased=False)
            tens = _alternation([w for w, n in words["number"].items() if n in range(20, 100, 10)], cased=False)
            ones = _alternation([w for w, n in words["number"].items() if n in range(1, 10) and w[0] != "a"], False)
            return rf"(?:\d+(?:\.\d+)?|{tens}[-\s]{ones}|{listed})"
        if name in words:
            return _alternation(words[name], cased=name in CASED_LISTS)
        return match.group(0)

    return re.sub(r"\{([a-z_]+)\}", replacement, pattern)


# A match starts and ends at a word boundary and never inside a decimal number or after a currency sign.
BOUNDED = r"(?<![\w$£€])(?<!\d[.,])(?:{})(?!\w)"


def compile_rule(spec: dict[str, Any], words: dict[str, dict[str, Any]]) -> Rule:
    regex = re.compile(BOUNDED.format(expand(spec["pattern"], words)), re.IGNORECASE)
    checks = {}
    for name, anchor in (("before", "$"), ("not_before", "$"), ("after", "^"), ("not_after", "^")):
        if name in spec:
            pattern = expand(spec[name], words)
            pattern = f"(?:{pattern})$" if anchor == "$" else f"^(?:{pattern})"
            checks[name] = re.compile(pattern, re.IGNORECASE)
    if "not_text" in spec:
        checks["not_text"] = re.compile(expand(spec["not_text"], words), re.IGNORECASE)
    return Rule(spec["name"], spec["kind"], spec["type"], regex, int(spec.get("priority", 0)), checks)


def parse_grammar(data: dict[str, Any]) -> Grammar:
    words = word_lists(data)
    rules = tuple(compile_rule(spec, words) for spec in data["rule"])
    prefixes = tuple(
        Prefix(
            spec["name"],
            re.compile(rf"(?<!\w)(?:{expand(spec['pattern'], words)})$", re.IGNORECASE),
            frozenset(spec["kinds"]),
        )
        for spec in data.get("prefix", [])
    )
    groups: dict[str, frozenset[str]] = {}
    for group in data.get("event_synonyms", {}).get("groups", []):
        members = frozenset(w.lower() for w in group)
        for word in members:
            groups[word] = members | groups.get(word, frozenset())
    return Grammar(words, rules, prefixes, data["settings"], data["tense"], groups)


@functools.cache
def load_grammar() -> Grammar:
    """The bundled grammar, read once per process."""
    text = resources.files("rashomon.annotate").joinpath("data/temporal.toml").read_text(encoding="utf-8")
    return parse_grammar(tomllib.loads(text))


def default_use_entities() -> bool:
    return bool(load_grammar().settings.get("use_entities", False))


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


# --------------------------------------------------------------------------- step 1: candidates


@dataclass
class Candidate:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    mod: str | None = None  # from a prefix ("the end of") or an approximator ("about")
    part: tuple[Any, str] | None = None  # (ordinal, unit) from "the first quarter of"
    clock: Candidate | None = None  # a time of day merged into this date

    @property
    def kind(self) -> str:
        return self.rule.kind

    def length(self) -> int:
        return self.end - self.start


def passes_checks(rule: Rule, text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 80) : start], text[end : end + 80]
    checks = rule.checks
    if "before" in checks and not checks["before"].search(before):
        return False
    if "not_before" in checks and checks["not_before"].search(before):
        return False
    if "after" in checks and not checks["after"].search(after):
        return False
    if "not_after" in checks and checks["not_after"].search(after):
        return False
    return not ("not_text" in checks and checks["not_text"].search(text[start:end]))


def grammar_candidates(text: str, grammar: Grammar) -> list[Candidate]:
    """Every match of every rule whose context checks pass (they may overlap; step 2 chooses)."""
    found = []
    for rule in grammar.rules:
        for match in rule.regex.finditer(text):
            if match.end() > match.start() and passes_checks(rule, text, match.start(), match.end()):
                groups = {k: v for k, v in match.groupdict().items() if v}
                found.append(Candidate(match.start(), match.end(), rule, groups))
    return found


def tokens_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def sentence_of(token: Token) -> tuple[int, int]:
    """Character bounds of the token's sentence (the whole text if the pipeline set no boundaries)."""
    doc = token.doc
    first, end = sentence_bounds(doc)[token.i]
    return doc[first].idx, (doc[end - 1].idx + len(doc[end - 1].text)) if end > first else len(doc_text(doc))


def is_plausible_month(c: Candidate, doc: Doc, grammar: Grammar) -> bool:
    """A lone month name is no month inside a name ("June Carter"); a lone "May"/"March" is one only after a
    temporal preposition or as a proper noun the parser dates."""
    if c.rule.name != "month":
        return True
    span = tokens_of(doc, c.start, c.end)
    if span is None or span[0].ent_type_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"):
        return False
    if grammar.setting("month_before").search(doc_text(doc)[max(0, c.start - 40) : c.start]):
        return True
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.tag_ == "NNP":  # "June Carter", "August Strindberg"
        return False
    if normal(c.groups["month"]) not in grammar.settings["ambiguous_months"]:
        return True
    return span[0].tag_ == "NNP" and span[0].ent_type_ == "DATE"


def is_plausible_year(c: Candidate, doc: Doc, grammar: Grammar) -> bool:
    """A four-digit number is a year unless its context shows a count, an amount or an identifier."""
    if "year" not in c.groups:
        return True
    year = int(c.groups["year"])
    low, high = grammar.settings["year_range"]
    before, after = doc_text(doc)[max(0, c.start - 40) : c.start], doc_text(doc)[c.end : c.end + 40]
    if not low <= year <= high or grammar.setting("not_year_after").search(after):
        return False
    if grammar.setting("not_year_before").search(before) and not grammar.setting("year_range_before").search(before):
        return False
    span = tokens_of(doc, c.start, c.end)
    if span is None:
        return False
    token = span[0]
    is_date_entity = token.ent_type_ in ("DATE", "TIME")
    if token.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.tag_ in ("NNS", "NNPS") and not is_date_entity:
        return False
    has_preposition = bool(grammar.setting("year_before").search(before))
    if year < grammar.settings["plain_year_from"]:
        return is_date_entity or has_preposition
    return is_date_entity or has_preposition or token.ent_type_ != "CARDINAL"


def plausible(c: Candidate, doc: Doc, grammar: Grammar) -> bool:
    if c.kind == "year":
        return is_plausible_year(c, doc, grammar)
    return is_plausible_month(c, doc, grammar)


# --------------------------------------------------------------------------- step 2: choose spans


def choose(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first (then by rule priority), never overlapping; returned in text order."""
    taken: list[Candidate] = []  # in text order, never overlapping: a new one meets only its neighbours
    for c in sorted(candidates, key=lambda c: (-c.length(), -c.rule.priority, c.start)):
        at = bisect.bisect_left(taken, c.start, key=lambda t: t.start)
        if (at == 0 or taken[at - 1].end <= c.start) and (at == len(taken) or c.end <= taken[at].start):
            taken.insert(at, c)
    return taken


def attach_prefixes(chosen: list[Candidate], text: str, grammar: Grammar) -> list[Candidate]:
    """Extend candidates leftwards over a modifier prefix ("the end of 1991", "early October", "mid-2022")."""
    in_span = grammar.settings.get("approximators_in_span", False)
    for i, c in enumerate(chosen):
        floor = chosen[i - 1].end if i else 0
        before = text[max(floor, c.start - 80) : c.start]
        for prefix in grammar.prefixes:
            if c.kind not in prefix.kinds:
                continue
            match = prefix.regex.search(before)
            if not match:
                continue
            groups = match.groupdict()
            if groups.get("approx"):
                if c.mod is None:
                    c.mod = grammar.lookup("approximator", groups["approx"])
                    if in_span:
                        c.start -= len(before) - match.start()
                continue
            if groups.get("mod") and (c.mod or c.groups.get("mod")):
                continue
            if groups.get("mod"):
                c.mod = grammar.lookup("mod", groups["mod"]) or None
            if groups.get("part_unit"):
                c.part = (
                    grammar.lookup("ordinal", groups["part_ord"]) or ordinal_digits(groups["part_ord"]),
                    groups["part_unit"].lower(),
                )
            c.start -= len(before) - match.start()
            break
    return chosen


def ordinal_digits(text: str) -> int | None:
    match = re.match(r"\d+", text)
    return int(match.group(0)) if match else None


DAY_KINDS = {"calendar", "deictic", "relative", "sequel"}


def merge_clocks(chosen: list[Candidate], text: str, grammar: Grammar) -> list[Candidate]:
    """A time of day right beside a day ("15:00 GMT Saturday", "Friday, 2 p.m.") becomes one TIME timex."""
    gap = grammar.setting("clock_day_gap")
    merged: list[Candidate] = []
    for c in chosen:
        last = merged[-1] if merged else None
        if last is not None and gap.match(text[last.end : c.start]):
            if last.kind == "clock" and c.kind in DAY_KINDS and last.clock is None:
                c.clock, c.start = last, last.start
                merged[-1] = c
                continue
            if c.kind == "clock" and last.kind in DAY_KINDS and last.clock is None:
                last.clock, last.end = c, c.end
                continue
        merged.append(c)
    return merged


# --------------------------------------------------------------------------- tense


def governing_verb(token: Token) -> Token | None:
    for _ in range(10):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def verb_tense(verb: Token, grammar: Grammar, depth: int = 0) -> str | None:
    """'past', 'future', 'present' or None, from the verb's tag and its auxiliaries."""
    if depth > 4:
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" and a.lower_ in grammar.tense["future_modals"] for a in auxiliaries):
        return "future"
    if any(a.lower_ == "to" for a in auxiliaries) and verb.head is not verb:
        # an infinitive takes its tense from the verb it complements, but an intention in the present
        # ("plans to meet on Sunday", "is due to be published in May") points to the future
        head = governing_verb(verb.head)
        head_tense = verb_tense(head, grammar, depth + 1) if head is not None else None
        if verb.head.lemma_.lower() in grammar.tense["future_intent"] and head_tense != "past":
            return "future"
        return head_tense
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN":
        # "is expected", "are scheduled": a present passive; "has agreed", "was held", "held on": past
        if any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
            return "present"
        if verb.dep_ == "acl" and verb.lemma_.lower() in grammar.tense["future_intent"]:
            return "future"  # "the talks, scheduled for Monday"
        if verb.lemma_.lower() in grammar.tense["future_intent"] and any(
            a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries
        ):
            return "present"  # "has offered to host them on Friday": the offer stands, the hosting is ahead
        return "past"
    if verb.tag_ == "VBG":
        if any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
            return "future"
        if verb.head is not verb and (head := governing_verb(verb.head)) is not None:
            return verb_tense(head, grammar, depth + 1)
        return None
    if verb.tag_ in ("VBZ", "VBP"):
        if any(
            c.dep_ in ("acomp", "oprd") and c.lemma_.lower() in grammar.tense["future_intent"] for c in verb.children
        ):
            return "future"  # "the vote is due in March"
        return "past" if verb.lemma_.lower() in grammar.tense["reporting"] else "present"
    return None


def tense_at(doc: Doc, start: int, end: int, grammar: Grammar) -> str | None:
    before = doc_text(doc)[max(0, start - 30) : start]
    if _compile_setting_cached(grammar.tense["future_prepositions"]).search(before):
        return "future"
    span = tokens_of(doc, start, end)
    if span is None:
        return None
    verb = governing_verb(span.root)
    return verb_tense(verb, grammar) if verb is not None else None


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
            self.done[index] = NORMALISERS[c.kind](c, self, index)
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


def timex_anchor(c: Candidate, ctx: Context, index: int) -> tuple[str, Point] | None:
    """The timex right after an offset phrase ("after [October 7]"), if it names a date."""
    if index + 1 >= len(ctx.chosen):
        return None
    following = ctx.chosen[index + 1]
    if not ctx.grammar.setting("offset_anchor_gap").match(ctx.text[c.end : following.start]):
        return None
    resolved = ctx.resolve(index + 1)
    if resolved is None or resolved.point is None or not resolved.point.dated:
        return None
    return f"timex:{following.start}", resolved.point


def clause_anchor(c: Candidate, ctx: Context, index: int) -> tuple[str, Point] | None:
    """The date the introduced clause carries ("10 days after the rebels raided the villages on March 1"):
    the first dated timex after the offset in its sentence, before the clause closes at a comma."""
    span = tokens_of(ctx.doc, c.start, c.end)
    if span is None:
        return None
    sentence_end = sentence_of(span[0])[1]
    for j in range(index + 1, len(ctx.chosen)):
        following = ctx.chosen[j]
        if following.start >= sentence_end or re.search(r"[,;:]", ctx.text[c.end : following.start]):
            return None
        resolved = ctx.resolve(j)
        if resolved is not None and resolved.point is not None and resolved.point.dated:
            return f"timex:{following.start}", resolved.point
    return None


def event_anchor(c: Candidate, ctx: Context) -> tuple[str, Point] | None:
    """The date of an earlier mention of the event named after the offset ("after the onslaught")."""
    doc = ctx.doc
    starts = token_starts(doc)
    first = bisect.bisect_left(starts, c.end)
    after = list(doc[first : first + 6])
    noun = next((t for t in after if t.pos_ in ("NOUN", "PROPN")), None)
    if noun is None or any(t.is_punct or t.pos_ == "VERB" for t in after if t.i < noun.i):
        return None
    while noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    lemma = noun.lemma_.lower()
    group = ctx.grammar.event_groups.get(lemma, frozenset()) | {lemma}
    dated_timexes = [(ctx.chosen[i], r) for i, r in ctx.done.items() if r and r.point and r.point.dated]
    lemmas, lowers = token_words(doc)
    before = bisect.bisect_right(starts, c.start) - 1  # the token at c.start, or the last before it
    if before >= 0 and starts[before] + len(doc[before]) > c.start:
        before -= 1  # it is not over before c.start
    for i in range(before, -1, -1):
        if lemmas[i] in group or lowers[i] in group:
            point = date_near(doc[i], dated_timexes, ctx)
            if point is not None:
                return f"event:{doc[i].idx}", point
    return None


def token_words(doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's lower-cased lemma and lower form, listed once per Doc: making spaCy's Token
    objects for a scan over the whole text on every lookup made long documents quadratic."""
    words = doc.user_data.get("rashomon.words")
    if words is None or len(words[0]) != len(doc):
        words = doc.user_data["rashomon.words"] = ([t.lemma_.lower() for t in doc], [t.lower_ for t in doc])
    return words


def date_near(mention: Token, timexes: list[tuple[Candidate, Resolved]], ctx: Context) -> Point | None:
    """A dated timex in the mention's phrase ("the attack on October 7", "the October 7 attack")."""
    doc, window = ctx.doc, int(ctx.grammar.settings["event_window"])
    sentence_start, sentence_end = sentence_of(mention)
    phrase = event_phrase(mention)
    best: tuple[int, Point] | None = None
    for c, resolved in timexes:
        if not (sentence_start <= c.start < sentence_end):
            continue
        span = tokens_of(doc, c.start, c.end)
        if span is None or resolved.point is None:
            continue
        distance = min(abs(span.start - mention.i), abs(span.end - 1 - mention.i))
        inside = any(t.i in phrase for t in span)
        if distance <= window and (inside or distance <= 2) and (best is None or distance < best[0]):
            best = (distance, resolved.point)
    return best[1] if best else None


def event_phrase(mention: Token) -> set[int]:
    """Token indices that can date a mention: its own phrase, and for the subject or object of a verb
    the verb's modifiers ("the onslaught began on October 7")."""
    phrase = {t.i for t in mention.subtree}
    verb = mention.head
    if mention.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ in ("VERB", "AUX"):
        for child in verb.children:
            if child.dep_ in ("prep", "npadvmod", "advmod", "tmod") and child.i != mention.i:
                phrase.update(t.i for t in child.subtree)
    return phrase


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
ENTITY_RULE = Rule("spacy_entity", "entity", "date", re.compile("$^"))


def entity_candidates(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """spaCy DATE/TIME entities that overlap no grammar candidate."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = ent.start_char, ent.end_char
        if not any(start < c.end and c.start < end for c in chosen):
            found.append(Candidate(start, end, ENTITY_RULE, {}))
    return found


# --------------------------------------------------------------------------- putting it together


def find_candidates(doc: Doc, grammar: Grammar) -> list[Candidate]:
    """Step 1: every rule match the parse finds plausible."""
    return [c for c in grammar_candidates(doc_text(doc), grammar) if plausible(c, doc, grammar)]


def choose_spans(candidates: list[Candidate], doc: Doc, grammar: Grammar, use_entities: bool) -> list[Candidate]:
    """Step 2: non-overlapping spans, widened by prefixes, times joined to their days, entities added."""
    chosen = merge_clocks(attach_prefixes(choose(candidates), doc_text(doc), grammar), doc_text(doc), grammar)
    if use_entities:
        chosen = sorted(chosen + entity_candidates(doc, chosen), key=lambda c: c.start)
    return chosen


def find_timexes(doc: Doc, published: datetime.date | None, *, use_entities: bool | None = None) -> list[Timex]:
    """All temporal expressions in the parsed document, in text order, normalised against `published`.

    `use_entities` (default: the grammar's `use_entities` setting) also keeps spaCy DATE/TIME entities that
    no rule matched, when they can be normalised.
    """
    grammar = load_grammar()
    use_entities = default_use_entities() if use_entities is None else use_entities
    chosen = choose_spans(find_candidates(doc, grammar), doc, grammar, use_entities)
    # Steps 3 and 4, in text order, so that "the following month" sees the date mentioned before it.
    ctx = Context(doc, published, grammar, chosen)
    timexes = []
    for index, c in enumerate(chosen):
        resolved = ctx.resolve(index)
        if resolved is None:
            continue
        point = resolved.point
        if point is not None and resolved.type in ("date", "time") and (point.dated or point.weekday):
            ctx.previous = (c.start, point)
        precision = precision_of(resolved.type, resolved.value, point)
        text = doc_text(doc)[c.start : c.end]
        timexes.append(
            Timex(c.start, c.end, text, resolved.type, resolved.value, precision, resolved.anchor, resolved.mod)
        )
    return timexes
