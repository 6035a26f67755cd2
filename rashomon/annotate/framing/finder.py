"""Framing labels: the words a document uses for an actor or for an event.

    actor mentions → the phrase each heads or qualifies ("the Kiev regime"), appositions and
                     predicates ("classify Hamas as a terrorist organization")
    event nouns    → noun phrases headed by an event noun ("the historic offensive", "act of
                     piracy"), names that are launched ("the launch of Al-Aqsa Flood"), the verbs of
                     events ("seized")
    chains         → an event label without an event, date or name of its own continues the last
                     label of the same event in the document ("the successful operation" after
                     "the October 7 Operation")

An actor label's referent is the actor's id. An event label keeps the event it names, its date,
name and chain; the link step turns these into an event-cluster referent across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from rashomon.annotate.actors.lookup import MentionIndex
from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.events.finder import Event
from rashomon.annotate.events.lexicon import EventLexicon
from rashomon.annotate.framing.lexicon import FramingLexicon, load_lexicon
from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.quotes.finder import FoundQuotes, quotation_spans
from rashomon.annotate.spans import Spans, offset_spans
from rashomon.annotate.temporal import Timex
from rashomon.settings import Section, load_settings

NOUNS = ("NOUN", "PROPN")
MODIFIERS = ("amod", "compound", "nmod", "nummod", "npadvmod", "quantmod", "advmod", "punct")
DEFINITE = ("the", "this", "that", "these", "those")


@dataclass
class Term:
    start: int
    end: int
    term: str
    kind: str  # actor | event | scare | title
    referent: str | None  # actor id; the link step gives event labels their event cluster
    loaded_by: str | None = None  # the word (or "scare quotes") that makes the label loaded
    quoted: bool = False  # inside a quotation: the speaker's word, not the outlet's
    event_start: int | None = None  # trigger offset of the document's event record it names
    chain: int | None = None  # start of the first label of the same event in the document
    date: str | None = None
    name: str | None = None
    types: tuple[str, ...] = ()
    head: str = field(default="", repr=False)


class TermFinder:
    def __init__(
        self,
        events: EventLexicon,
        sector_nouns: dict[str, str],
        lexicon: FramingLexicon | None = None,
        settings: Section | None = None,
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.settings = settings or load_settings()["annotate.framing"]  # how far back a label continues
        self.events = events
        self.actor_heads = self.lexicon.actor_heads | set(sector_nouns)

    def __call__(
        self, doc: Doc, mentions: list[Mention], timexes: list[Timex], events: list[Event], found: FoundQuotes
    ) -> list[Term]:
        index = MentionIndex(doc, mentions)
        labels = self._actor_labels(doc, index, mentions) + self._event_labels(doc, index, timexes, events)
        for term in found.terms:
            loaded = "scare quotes" if term.kind == "scare" else None
            labels.append(Term(term.start, term.end, term.term, term.kind, term.referent, loaded))
        quotes = quotation_spans(found.quotes)
        for label in labels:
            label.quoted = quotes.at(label.start) is not None
        return sorted(labels, key=lambda x: (x.start, x.end))

    # --- actors ----------------------------------------------------------------------------------

    def _actor_labels(self, doc: Doc, index: MentionIndex, mentions: list[Mention]) -> list[Term]:
        labels: dict[int, Term] = {}
        for mention in mentions:
            if mention.via == "pronoun" or mention.actor_id is None:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            if head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ in NOUNS and self._is_actor_head(head.head):
                head = head.head  # "Hamas" in "Hamas militants": the label is the whole phrase
            phrases = [head]
            phrases += [c for c in head.children if c.dep_ == "appos" and c.pos_ in NOUNS]
            if head.dep_ == "appos" and head.head.pos_ in NOUNS:
                phrases.append(head.head)
            phrases += self._predicates(head)
            for phrase_head in phrases:
                other = index.at(phrase_head)
                if other is not None and other.actor_id not in (None, mention.actor_id):
                    continue  # an apposition naming someone else
                if phrase_head.i in labels:
                    continue
                label = self._label(doc, phrase_head, "actor", mention.actor_id)
                if label is not None:
                    labels[phrase_head.i] = label
        return list(labels.values())

    def _is_actor_head(self, token: Token) -> bool:
        return token.lemma_.lower() in self.actor_heads or token.lower_ in self.actor_heads

    def _predicates(self, head: Token) -> list[Token]:
        """What the sentence says the actor is: "Hamas is a movement", "classify Hamas as a
        terrorist organization". Not when denied: "does not classify Hamas as …"."""
        verb = head.head
        if any(c.dep_ == "neg" for c in verb.children):
            return []
        found: list[Token] = []
        if head.dep_ == "nsubj" and verb.lemma_ == "be":
            found += [c for c in verb.children if c.dep_ == "attr" and c.pos_ in NOUNS]
        if head.dep_ in ("dobj", "nsubjpass") and verb.lemma_ in self.lexicon.naming_verbs:
            for child in verb.children:
                if child.dep_ in ("oprd", "attr") and child.pos_ in NOUNS:
                    found.append(child)
                elif child.dep_ == "prep" and child.lower_ == "as":
                    found += [c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS]
        return found

    # --- events ----------------------------------------------------------------------------------

    def _event_labels(self, doc: Doc, index: MentionIndex, timexes: list[Timex], events: list[Event]) -> list[Term]:
        by_trigger = {e.start: e for e in events if not e.derived}
        labels: list[Term] = []
        covered: set[int] = set()
        in_timex = offset_spans((t.start, t.end) for t in timexes)
        for token in doc:
            if token.pos_ not in NOUNS or (token.dep_ == "compound" and token.head.pos_ in NOUNS):
                continue  # a compound's head decides: "attack helicopter" is no event
            if token.dep_ in MODIFIERS and token.head.pos_ in NOUNS and self._noun_types(token.head) is not None:
                continue  # part of a longer event label: "World War Two"
            if in_timex.at(token.idx):
                continue  # "October" in "the October 7 Operation"
            if self._in_light_phrase(token):
                continue  # "piracy" in "act of piracy": the light noun's label holds it
            types = self._noun_types(token)
            if types is None:
                continue
            mention = index.at(token)
            if mention is not None and mention.via != "pronoun":
                continue  # part of an actor's name
            event = by_trigger.get(token.idx) or self._carrying_event(token, by_trigger)
            label = self._label(doc, token, "event", None, light=token.lemma_.lower() in self.lexicon.light_nouns)
            if label is None:
                continue
            # the event's type and the noun's: "inspected" (ACCUSE) … "a lawful inspection" (COERCE)
            label.types = tuple(dict.fromkeys(((event.type,) if event else ()) + types))
            label.event_start = event.start if event else None
            label.date = _date_in(doc, token, timexes) or (_event_date(event) if event else None)
            label.name = _name(doc, label, token, index, in_timex, types)
            labels.append(label)
            covered.add(token.idx)
        for event in by_trigger.values():
            token = _token_at(doc, event.start)
            lemma = token.lemma_.lower() if token is not None else ""
            if token is None or token.idx in covered or lemma in self.lexicon.carriers | self.lexicon.light_verbs:
                continue  # "launched" an attack, "held" talks: the noun is the label
            if token.pos_ == "VERB":  # "seized": the verb an outlet picks is a label too
                labels.append(Term(
                    event.start, event.end, event.trigger, "event", None,
                    self.lexicon.loaded_by([token.lower_], token.lower_),
                    event_start=event.start, date=_event_date(event), types=(event.type,), head=token.lemma_.lower(),
                ))  # fmt: skip
        return _chain(doc, labels, self.settings)

    def _noun_types(self, token: Token) -> tuple[str, ...] | None:
        """The PLOVER types an event named by this noun can have; None when it names no event."""
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.light_nouns:
            of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
            objects = [g for c in of for g in c.children if g.dep_ == "pobj"]
            return self._noun_types(objects[0]) if objects else None
        triggers = self.events.nouns.get(lemma)
        if triggers:
            return tuple(dict.fromkeys(t.type for t in triggers))
        if lemma in self.lexicon.event_nouns:
            return self.lexicon.event_nouns[lemma]
        named_event = token.ent_type_ == "EVENT" and token.ent_iob_ != "" and _is_entity_root(token)
        if named_event or (token.pos_ == "PROPN" and self._is_carried(token)):
            return ()  # a name used for an event: what kind, the parse does not say
        return None

    def _is_carried(self, token: Token) -> bool:
        """The object of "launch", "carry out" …, directly or through "of": "the launch of X"."""
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "of":
            head = head.head
        return token.dep_ in ("dobj", "pobj") and head.lemma_.lower() in self.lexicon.carriers

    def _carrying_event(self, token: Token, by_trigger: dict[int, Event]) -> Event | None:
        """The event a noun phrase names by standing beside its verb: "launched its surprise
        attack" (the attack's own record), "seized the boats in a brutal act of piracy", "inspected
        the trawlers as a routine check" (the manner the outlet gives the act)."""
        if token.dep_ == "dobj" and token.head.lemma_.lower() in self.lexicon.carriers:
            return by_trigger.get(token.head.idx)
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "as") and token.head.head.pos_ == "VERB":
            return by_trigger.get(token.head.head.idx)
        return None

    def _in_light_phrase(self, token: Token) -> bool:
        of = token.head
        return token.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in self.lexicon.light_nouns

    # --- phrases ---------------------------------------------------------------------------------

    def _label(self, doc: Doc, head: Token, kind: str, referent: str | None, light: bool = False) -> Term | None:
        """The label a noun heads: its modifiers, the head, an agent ("operation by Hamas") and,
        for a light noun, its "of" phrase ("act of piracy"); no article or possessor."""
        tokens = [head, *_left_modifiers(head)]
        for child in head.rights:
            if child.dep_ in ("flat", "compound"):
                tokens += list(child.subtree)
            # right after the head, an agent or a light noun's "of" phrase, as a short noun phrase
            agent = child.lower_ == "by" and child.i == head.i + 1
            of_phrase = light and child.lower_ == "of" and child.i == head.i + 1
            if child.dep_ == "prep" and (agent or of_phrase):
                for noun in (c for c in child.children if c.dep_ == "pobj"):
                    tokens += [child, noun, *_left_modifiers(noun)]
        first = min(t.i for t in tokens)
        last = max(t.i for t in tokens)
        for t in doc[first : last + 1]:  # a quotation mark inside: the scare-quoted part is a term of its own
            if t.is_quote and t.i < head.i:
                first = t.i + 1
            elif t.is_quote and t.i > head.i:
                last = min(last, t.i - 1)
        while first < last and (doc[first].is_punct or doc[first].dep_ in ("det", "poss", "case", "predet")):
            first += 1
        while last > first and doc[last].is_punct:
            last -= 1
        span = doc[first : last + 1]
        text = doc_text(doc)[span.start_char : span.end_char]
        if not any(c.isalpha() for c in text):
            return None
        words = [t.lower_ for t in span] + [t.lemma_.lower() for t in span]
        common = [t for t in span if t.pos_ != "PROPN" and not t.ent_type_]  # words of no name
        loaded = self.lexicon.loaded_by(
            words, head.lower_, [t.lower_ for t in common] + [t.lemma_.lower() for t in common]
        )
        return Term(span.start_char, span.end_char, text, kind, referent, loaded, head=head.lemma_.lower())


def _left_modifiers(head: Token) -> list[Token]:
    tokens: list[Token] = []
    for child in head.lefts:
        if child.dep_ in MODIFIERS:
            tokens += list(child.subtree)
    # an unbroken run only: a modifier's subtree reaching back over a determiner would swallow it
    return [t for t in tokens if t.dep_ not in ("det", "poss", "predet", "case")]


def _is_entity_root(token: Token) -> bool:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.root.i == token.i
    return False


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None else None


def _date_in(doc: Doc, head: Token, timexes: list[Timex]) -> str | None:
    """A day or month written inside the phrase or its attachments: "the October 7 Operation",
    "its surprise attack … on October 7"."""
    sentence = sentence_bounds(doc)[head.i]
    tokens = [t for t in head.subtree if sentence[0] <= t.i < sentence[1]]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for timex in timexes:
        if start <= timex.start and timex.end <= end and timex.type == "date" and timex.precision in ("day", "month"):
            return timex.value[:10]
    return None


def _event_date(event: Event) -> str | None:
    return event.date or None if event.date_precision in ("day", "month") else None


def _name(
    doc: Doc, label: Term, head: Token, index: MentionIndex, in_timex: Spans[tuple[int, int]], types: tuple[str, ...]
) -> str | None:
    """The proper name inside an event label ("Al-Aqsa Flood"), not a date or an actor's name."""
    span = doc.char_span(label.start, label.end, alignment_mode="expand")
    if span is None:
        return None
    names = [
        t for t in span
        if t.pos_ == "PROPN" and (t.i != head.i or not types) and index.at(t) is None
        and not in_timex.at(t.idx)
    ]  # fmt: skip
    if not names:
        return None
    return doc_text(doc)[names[0].idx : names[-1].idx + len(names[-1])]


def _chain(doc: Doc, labels: list[Term], window: Section) -> list[Term]:
    """Give each event label the chain of the label it continues (`window.chain_sentences` back, or
    `window.same_head_sentences` for the same head noun or name), or a chain of its own."""
    labels.sort(key=lambda x: x.start)
    sentence_of = {t.idx: sentence_bounds(doc)[t.i][0] for t in doc}
    sentence_index = {start: n for n, start in enumerate(sorted(set(sentence_of.values())))}

    def sentence(label: Term) -> int:
        token = _token_at(doc, label.start)
        return sentence_index[sentence_of[token.idx]] if token is not None else 0

    by_event: dict[int, int] = {}
    done: list[tuple[int, Term]] = []
    for label in labels:
        here = sentence(label)
        antecedent = None
        if label.event_start is not None and label.event_start in by_event:
            label.chain = by_event[label.event_start]
        elif label.event_start is None and label.date is None:
            for there, earlier in reversed(done):
                same = (label.head and earlier.head == label.head) or (label.name and earlier.name == label.name)
                close = here - there <= window.chain_sentences and (
                    not label.types or not earlier.types or set(label.types) & set(earlier.types)
                )
                if (same and here - there <= window.same_head_sentences) or (close and _is_definite(doc, label)):
                    antecedent = earlier
                    break
            label.chain = antecedent.chain if antecedent else label.start
        else:
            label.chain = label.start
        if label.event_start is not None:
            by_event.setdefault(label.event_start, label.chain)  # type: ignore[arg-type]
        done.append((here, label))
    return labels


def _is_definite(doc: Doc, label: Term) -> bool:
    span = doc.char_span(label.start, label.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    return bool(label.name) or any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in head.children
    )
