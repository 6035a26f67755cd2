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

import datetime
import re

from spacy.tokens import Doc

from rashomon.annotate.nlp import doc_text
from rashomon.annotate.temporal.candidates import (
    Candidate,
    attach_prefixes,
    choose,
    grammar_candidates,
    merge_clocks,
    plausible,
)
from rashomon.annotate.temporal.context import Context
from rashomon.annotate.temporal.grammar import Grammar, Rule, default_use_entities, load_grammar
from rashomon.annotate.temporal.points import precision_of
from rashomon.annotate.temporal.resolve import NORMALISERS
from rashomon.annotate.temporal.timex import Timex

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
    ctx = Context(doc, published, grammar, chosen, NORMALISERS)
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
