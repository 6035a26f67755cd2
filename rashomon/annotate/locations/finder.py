"""Places the text names, and the place where each event happened when its sentence says so.

A place is a GPE, LOC or FAC entity of the recogniser, or a mention the actor layer resolved to a
country, whose name the gazetteer knows (a country, or a city no other country's city of that name
rivals), or that a user's actor dictionary places (`[places]`). An event happened at a place when the
place is the object of a locative preposition ("in", "at", "near", "off" …) that attaches to the
event's trigger, or to a word the trigger governs within its own clause: "were seized off Saltmere",
"the attack on a hospital in Gaza".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.events.finder import Event
from rashomon.annotate.locations.gazetteer import Site, sites, user_sites
from rashomon.annotate.nlp import doc_text

PLACE_ENTITIES = ("GPE", "LOC", "FAC")
LOCATIVE = frozenset(("in", "at", "near", "off", "outside", "inside", "across", "around", "within", "along"))
HOPS = 3  # from the trigger to the word the preposition attaches to, without crossing a clause
CLAUSES = frozenset(("ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"))


@dataclass(frozen=True)
class Place:
    start: int  # the name as written, offsets into the document's text
    end: int
    text: str
    site: Site


class PlaceFinder:
    def __init__(self, dominance: float, dictionaries: tuple[Path, ...] = ()) -> None:
        self.sites = sites(dominance) | user_sites(dictionaries)

    def __call__(self, doc: Doc, mentions: Iterable[Mention]) -> list[Place]:
        text = doc_text(doc)
        found: dict[tuple[int, int], Place] = {}
        for ent in doc.ents:
            if ent.label_ not in PLACE_ENTITIES:
                continue
            words = ent[1:] if ent[0].lower_ == "the" else ent
            site = self.sites.get(words.text)
            if site is not None:
                found[(words.start_char, words.end_char)] = Place(words.start_char, words.end_char, words.text, site)
        for mention in mentions:  # "Morvenia", "Harnvik": names of a dictionary the recogniser does not know
            site = self.sites.get(text[mention.start : mention.end])
            if mention.kind == "country" and site is not None:
                place = Place(mention.start, mention.end, mention.text, site)
                found.setdefault((mention.start, mention.end), place)
        return sorted(found.values(), key=lambda p: p.start)


def located_events(doc: Doc, events: list[Event], places: list[Place]) -> dict[int, Place]:
    """Trigger start → the place where the event happened, for the events whose sentence says where."""
    by_token = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None:
            by_token[span.root.i] = place
    out: dict[int, Place] = {}
    for event in events:
        trigger = _token_at(doc, event.start)
        if trigger is None:
            continue
        near = [(hops, place) for i, place in by_token.items() if (hops := _hops(doc[i], trigger)) is not None]
        if near:
            out[event.start] = min(near, key=lambda item: (item[0], abs(item[1].start - event.start)))[1]
    return out


def _hops(place: Token, trigger: Token) -> int | None:
    """How far below the trigger the locative phrase of `place` attaches, within its clause; None when it
    does not attach below the trigger."""
    preposition = place.head
    if place.dep_ != "pobj" or preposition.lower_ not in LOCATIVE:
        return None
    word, hops = preposition.head, 0
    while word.i != trigger.i:
        if hops >= HOPS or word.dep_ in CLAUSES or word.head.i == word.i:
            return None
        word, hops = word.head, hops + 1
    return hops


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None else None
