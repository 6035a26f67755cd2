"""Step 4: the dates that relative expressions shift ("three days later", "10 days after the attack")."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from rashomon.annotate.nlp import token_starts
from rashomon.annotate.temporal.candidates import Candidate, sentence_of, tokens_of
from rashomon.annotate.temporal.context import Context, Resolved
from rashomon.annotate.temporal.points import Point


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
