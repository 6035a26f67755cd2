"""Steps 1 and 2: candidate spans from the grammar, checked against the parse, and the spans chosen."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.temporal.grammar import Grammar, Rule, normal

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
    for rule, matches in zip(grammar.rules, grammar.scanner.matches(text), strict=True):
        found += [Candidate(start, end, rule, groups) for start, end, groups in matches
                  if passes_checks(rule, text, start, end)]  # fmt: skip
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
