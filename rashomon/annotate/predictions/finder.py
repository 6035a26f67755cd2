"""Predictions: clauses that say what will happen, who says so, about whom, and by when.

A prediction is a verb governed by a predictive modal ("will", "could") or head ("is likely to",
"predicted that"; data/predictions.toml) whose clause names an actor or an event. Its predictor is
the speaker when it stands in a quotation, else the outlet itself; "by" is a date in the clause
after the publication date. Kept so the ledger can be checked later against the events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from rashomon.annotate.actors.lookup import MentionIndex
from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.events.finder import Event
from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.predictions.lexicon import CONFIDENCE_ORDER, PredictionLexicon, load_lexicon
from rashomon.annotate.quotes.finder import FoundQuotes, Speaker, quotation_spans
from rashomon.annotate.temporal import Timex


@dataclass(frozen=True)
class Prediction:
    start: int  # the predicted clause, its subject included
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    cue: str  # the modal or head word
    verb: str  # the predicted verb's lemma
    confidence: str  # certain | probable | possible
    negated: bool
    about: tuple[Mention, ...]  # actors the clause names, its subject first
    predictor: Speaker | None  # None: the outlet's own voice
    by: str | None  # a date in the clause after publication ("by 2025")
    event: Event | None  # the event record the verb triggers, if any


class PredictionFinder:
    def __init__(self, lexicon: PredictionLexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def __call__(
        self,
        doc: Doc,
        mentions: list[Mention],
        timexes: list[Timex],
        events: list[Event],
        found: FoundQuotes,
        published: dt.date | None,
    ) -> list[Prediction]:
        index = MentionIndex(doc, mentions)
        by_trigger = {e.start: e for e in events if not e.derived}
        speaking = quotation_spans(q for q in found.quotes if q.speaker is not None)
        text = doc_text(doc)
        predictions: dict[int, Prediction] = {}
        for cue, verb, confidence in self._cues(doc):
            sentence = sentence_bounds(doc)[verb.i]
            if doc[sentence[1] - 1].text == "?" or verb.i in predictions:
                continue  # a question predicts nothing
            subject = _subject(verb)
            clause = [t for t in (*verb.subtree, *(subject.subtree if subject is not None else ()), cue)
                      if sentence[0] <= t.i < sentence[1]]  # fmt: skip
            first = min(t.i for t in clause)
            last = max(t.i for t in clause)
            while first < last and doc[first].dep_ == "mark":
                first += 1  # "that", "whether": the clause starts after them
            while last > first and (doc[last].is_punct or doc[last].is_space):
                last -= 1
            span = doc[first : last + 1]
            named = ([subject] if subject is not None else []) + list(span)
            about = index.over(named, lambda m: m.actor_id is not None)
            event = by_trigger.get(verb.idx)
            if not about and event is None:
                continue  # the ledger is about actors and events
            quote = speaking.at(verb.idx)
            speaker = quote.speaker if quote else None
            negated = cue.lemma_.lower() in self.lexicon.negating_heads or any(
                c.dep_ == "neg" for c in (*verb.children, *cue.head.children, *cue.children)
            )
            predictions[verb.i] = Prediction(
                span.start_char, span.end_char, text[span.start_char : span.end_char],
                doc[sentence[0]].idx, doc[sentence[1] - 1].idx + len(doc[sentence[1] - 1]),
                cue.text, verb.lemma_.lower(), confidence, negated, tuple(about), speaker,
                _by(span.start_char, span.end_char, timexes, published), event,
            )  # fmt: skip
        return sorted(predictions.values(), key=lambda p: p.start)

    def _cues(self, doc: Doc) -> list[tuple[Token, Token, str]]:
        """(cue word, predicted verb, confidence), the surest cue first for each verb."""
        cues: list[tuple[Token, Token, str]] = []
        for token in doc:
            word = token.lower_
            if token.dep_ == "aux" and token.tag_ == "MD" and word in self.lexicon.modals:
                verb = token.head
                if any(c.dep_ == "aux" and c.lemma_ in self.lexicon.perfect_auxiliaries for c in verb.children):
                    continue  # "would have": what did not happen
                cues.append((token, verb, self.lexicon.modals[word]))
            elif token.lemma_.lower() in self.lexicon.heads or word in self.lexicon.heads:
                confidence = self.lexicon.heads.get(token.lemma_.lower()) or self.lexicon.heads[word]
                for child in token.children:
                    if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                        cues.append((token, child, confidence))
        return sorted(cues, key=lambda c: (c[1].i, -CONFIDENCE_ORDER[c[2]]))


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or for a raised infinitive the subject of the verb above it: "Russia is
    likely to lose"."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if current.dep_ not in ("xcomp", "ccomp", "conj", "acomp") or current.head is current:
            return None
        current = current.head
    return None


def _by(start: int, end: int, timexes: list[Timex], published: dt.date | None) -> str | None:
    """The latest date written in the clause that lies after the publication date."""
    after = published.isoformat() if published else ""
    dates = [t.value for t in timexes
             if start <= t.start and t.end <= end and t.type == "date" and t.value[:4].isdigit()
             and t.value >= after[: len(t.value)]]  # fmt: skip
    return max(dates) if dates else None
