"""The tense of the verb governing an expression: which way "on Sunday" points."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from rashomon.annotate.nlp import doc_text
from rashomon.annotate.temporal.candidates import tokens_of
from rashomon.annotate.temporal.grammar import Grammar, _compile_setting_cached

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
