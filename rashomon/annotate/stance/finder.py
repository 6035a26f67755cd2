"""Stance evidence: what a document's own voice says for or against each actor, and what it reports
each actor doing, kept apart.

Four kinds of evidence, each a record with the sentence it rests on. The first three are the outlet's
stance; the fourth is coverage, what the actor did or suffered, which says nothing of the outlet's
attitude (an outlet reporting its own side mobilising is not against it):

- label: a loaded label in the outlet's own voice that names the actor, for the actor ("the Velgrad
  regime": −1, "the heroic defenders": +1) or for its deed ("Israeli atrocities": −1), the framing
  lexicon saying which loaded words speak for what they name.
- cue: the verb the outlet reports the actor's words with ("claimed", "alleged": −0.5; "revealed",
  "confirmed": +0.5; "said": nothing), from the framing lexicon.
- sentence: targeted sentiment of a sentence that names the actor outside any quotation. Each
  sentiment word (VADER's lexicon) in the actor's own clause counts, fully within two edges of the
  mention in the dependency tree and less further away, flipped under negation; the sum is
  squashed to −1…1 as VADER does. Event words are left to the event evidence, and words inside
  quotations are not the outlet's.
- event (coverage): an event the outlet reports in its own voice (asserted or historical) casts its
  actor as cooperating (+) or as the aggressor (−), and the recipient of a material conflict action
  (threat, force, sanctions: not words) as its victim (+, at half weight). The size is the type's
  place on the PLOVER cooperation scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.events.finder import Event
from rashomon.annotate.events.lexicon import EventLexicon
from rashomon.annotate.framing import Term
from rashomon.annotate.framing.lexicon import FramingLexicon
from rashomon.annotate.quotes.finder import FoundQuotes, quotation_spans
from rashomon.annotate.spans import offset_spans
from rashomon.annotate.valence import vader_valence
from rashomon.settings import Section, load_settings

OWN_VOICE = ("asserted", "historical")
STANCE_SOURCES = ("label", "sentence", "cue")  # the outlet's voice; "event" evidence is coverage
GUESSED = ("context", "pronoun", "anaphor", "home")  # mentions resolved from around them, not by their words
CLAUSE_LINKS = ("ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "csubj")
NEGATION_SCALAR = -0.74  # VADER's N_SCALAR
VADER_ALPHA = 15.0  # VADER's normalisation constant


@dataclass(frozen=True)
class StanceEvidence:
    target: str  # actor id
    code: str | None
    source: str  # label | cue | sentence (the outlet's stance) | event (coverage)
    start: int  # the sentence
    end: int
    score: float  # −1…1
    cue: str  # "ASSAULT as actor", or the words that carry the sentiment


class StanceFinder:
    def __init__(self, events: EventLexicon, framing: FramingLexicon, settings: Section | None = None) -> None:
        self.events = events
        self.settings = settings or load_settings()["annotate.stance"]  # the weights of cues, victims, distance
        self.framing = framing
        self.valence = vader_valence()
        self.top = max(abs(v) for v in events.scale.values())

    def __call__(
        self, doc: Doc, mentions: list[Mention], events: list[Event], found: FoundQuotes, labels: list[Term]
    ) -> list[StanceEvidence]:
        return (
            self._from_events(events)
            + self._from_sentences(doc, mentions, found)
            + self._from_labels(doc, mentions, labels)
            + self._from_cues(doc, found)
        )

    def _from_cues(self, doc: Doc, found: FoundQuotes) -> list[StanceEvidence]:
        """The verb the outlet reports an actor's words with: "claimed" doubts them, "revealed" vouches
        for them. Each quotation counts once, for its speaker's actor."""
        out = []
        seen: set[tuple[str, int | None]] = set()
        for quote in found.quotes:
            speaker, cue = quote.speaker, (quote.cue or "").lower()
            if speaker is None or speaker.actor_id is None or speaker.code is None or quote.continues is not None:
                continue
            if (speaker.actor_id, quote.cue_start) in seen:
                continue  # one reporting verb for several quoted stretches counts once
            seen.add((speaker.actor_id, quote.cue_start))
            if cue in self.framing.distancing:
                score = -self.settings.cue_weight
            elif cue in self.framing.crediting:
                score = self.settings.cue_weight
            else:
                continue
            where = quote.cue_start if quote.cue_start is not None else quote.start
            span = doc.char_span(where, where + 1, alignment_mode="expand")
            if span is None:
                continue
            sentence = span.root.sent
            out.append(StanceEvidence(speaker.actor_id, speaker.code, "cue", sentence.start_char, sentence.end_char,
                                      score, f"{cue} ({speaker.text})"))  # fmt: skip
        return out

    def _from_labels(self, doc: Doc, mentions: list[Mention], labels: list[Term]) -> list[StanceEvidence]:
        """A loaded label in the outlet's own words that names an actor: a label for the actor ("the
        Velgrad regime") or for its deed ("Israeli atrocities", "Russia's aggression"). For the actor when
        the loading word speaks for what it names ("heroic", "liberation"), else by the word's sentiment,
        else against it ("regime", "atrocities", scare quotes)."""
        named = offset_spans((m.start, m.end) for m in mentions if m.actor_id is not None and m.via not in GUESSED)
        by_span = {(m.start, m.end): m for m in mentions}
        out = []
        for label in labels:
            if label.kind not in ("actor", "event") or label.quoted or not label.loaded_by:
                continue
            # Only a label that names its actor: whom a bare "the junta" means is a guess, and a wrong guess
            # would turn an outlet's scorn on its own side.
            inside = named.overlapping(label.start, label.end)
            mention = by_span.get(inside) if inside is not None else None
            if mention is None or (label.kind == "actor" and mention.actor_id != label.referent):
                continue
            span = doc.char_span(label.start, label.end, alignment_mode="expand")
            if span is None:
                continue
            word = label.loaded_by.lower()
            valence = self.valence.get(word)
            score = 1.0 if word in self.framing.favourable else math.copysign(1.0, valence) if valence else -1.0
            sentence = span.root.sent
            out.append(StanceEvidence(mention.actor_id, mention.code, "label", sentence.start_char,  # type: ignore[arg-type]
                                      sentence.end_char, score, f"{label.term} ({label.loaded_by})"))  # fmt: skip
        return out

    def _from_events(self, events: list[Event]) -> list[StanceEvidence]:
        found: dict[tuple[str, int, str], StanceEvidence] = {}
        for event in events:
            scale = self.events.scale.get(event.type)
            if scale is None or event.modality not in OWN_VOICE or event.derived:
                continue
            value = scale / self.top
            roles = [(p, value, "actor") for p in event.actor]
            if value > 0:  # partners gain
                roles += [(p, value, "recipient") for p in event.recipient]
            elif scale <= self.settings.victim_from:  # victims gain sympathy
                roles += [(p, -value * self.settings.victim_weight, "recipient") for p in event.recipient]
            for participant, score, role in roles:
                if participant.actor_id is None:
                    continue
                key = (participant.actor_id, event.start, role)
                found[key] = StanceEvidence(
                    participant.actor_id, participant.code, "event", event.sentence_start, event.sentence_end,
                    round(score, 4), f"{event.type} as {role} ({event.trigger})",
                )  # fmt: skip
        return list(found.values())

    def _from_sentences(self, doc: Doc, mentions: list[Mention], found: FoundQuotes) -> list[StanceEvidence]:
        quotes, marked = quotation_spans(found.quotes), offset_spans(found.marked)

        def inside_quote(offset: int) -> bool:  # a quotation's words, or any words in quote marks
            return quotes.at(offset) is not None or marked.at(offset) is not None

        by_sentence: dict[int, list[tuple[Mention, Token]]] = {}
        for mention in mentions:
            if mention.actor_id is None or inside_quote(mention.start):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                by_sentence.setdefault(span.root.sent.start, []).append((mention, span.root))
        evidence: list[StanceEvidence] = []
        for first, targets in by_sentence.items():
            sentence = doc[first].sent
            words = self._sentiment_words(sentence, targets, inside_quote)
            if not words:
                continue
            seen: set[str] = set()
            for mention, head in targets:
                if mention.actor_id in seen:
                    continue
                seen.add(mention.actor_id)  # type: ignore[arg-type]
                clause = _clause(head)
                total = sum(
                    v * min(1.0, self.settings.full_weight_edges / max(1, _distance(head, w)))
                    for w, v in words
                    if _clause(w) == clause
                )
                score = total / math.sqrt(total * total + VADER_ALPHA)
                if abs(score) < 0.05:
                    continue
                cue = ", ".join(w.text for w, _ in words)
                evidence.append(StanceEvidence(
                    mention.actor_id, mention.code, "sentence", sentence.start_char, sentence.end_char,
                    round(score, 4), cue,
                ))  # fmt: skip
        return evidence

    def _sentiment_words(
        self, sentence: Span, targets: list[tuple[Mention, Token]], inside_quote: Callable[[int], bool]
    ) -> list[tuple[Token, float]]:
        in_mentions = {(m.start, m.end) for m, _ in targets}
        words: list[tuple[Token, float]] = []
        for token in sentence:
            value = self.valence.get(token.lower_)
            if value is None or token.is_stop or inside_quote(token.idx):
                continue
            lemma = token.lemma_.lower()
            if lemma in self.events.verbs or lemma in self.events.nouns:
                continue  # the event evidence weighs what happened, with who did it to whom
            if any(s <= token.idx < e for s, e in in_mentions):
                continue
            if any(c.dep_ == "neg" for c in (*token.children, *token.head.children)):
                value *= NEGATION_SCALAR
            words.append((token, value))
        return words


def _clause(token: Token) -> int:
    """The verb heading the token's clause: sentiment about one clause's subject stays there."""
    current = token
    while current.dep_ not in CLAUSE_LINKS and current.head is not current:
        current = current.head
    return current.i


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return n + depth[t.i]
    return len(up_a) + 1
