"""The event veto: a small logistic model that scores each candidate event the lexicon yields and drops
those unlikely to be an event of their type ("the Defense Ministry's strike force", "talks of the town").

    candidate event + its parse → sparse, explainable features → logistic(w · x + b) → confidence;
    with `drop`, an event that happened (asserted, reported, historical) scoring below the threshold is
    dropped (`analyze --event-veto drop`); by default it is only scored, and weighs that much in shift

The weights are data (data/event_veto.json), trained by bench/train_event_veto.py on development halves
only; nothing but numpy runs here. `EventFinder(lexicon, veto=load_event_veto(lexicon))` applies it.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token

from rashomon.annotate.events.lexicon import HAPPENED, EventLexicon, Trigger
from rashomon.annotate.nlp import sentence_bounds, token_starts
from rashomon.logistic import Logistic

if TYPE_CHECKING:
    from rashomon.annotate.events.finder import Event

MODALS = {"will", "would", "could", "may", "might", "should", "shall", "can", "'ll", "wo", "must", "ought"}
OBJECTS = {"dobj", "nsubjpass", "attr", "oprd"}


@dataclass(frozen=True, eq=False)
class EventVeto:
    """A logistic model over the candidate's features, and the probability under which an event is dropped."""

    model: Logistic
    threshold: float
    digest: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    lexicon: EventLexicon | None = None  # to read the specificity of the entry that matched
    drop: bool = True  # False: only score (the confidence), never drop

    @classmethod
    def from_weights(cls, weights: dict[str, float], bias: float, threshold: float, **kwargs: Any) -> EventVeto:
        return cls(Logistic.from_weights(weights, bias), threshold, **kwargs)

    def with_lexicon(self, lexicon: EventLexicon | None) -> EventVeto:
        return replace(self, lexicon=lexicon)

    def dropping(self, drop: bool) -> EventVeto:
        return replace(self, drop=drop)

    def apply(self, events: Iterable[Event], doc: Doc) -> list[Event]:
        """Each event with its probability as its confidence; a trigger's event that happened (what the
        veto was trained on) is dropped when it scores under the threshold. A hypothetical or negated event
        only gets its score (no gold judged such events, and the prediction ledger links to them), and so
        does a derived one (an accusation read from a quotation, a stated intention, a demand): it has no
        word of its own to veto, and the finder's rule made it."""
        kept = []
        for event in events:
            p = self.probability(event, doc)
            if self.drop and p < self.threshold and event.modality in HAPPENED and not event.derived:
                continue
            event.confidence = round(p, 2)
            kept.append(event)
        return kept

    def probability(self, event: Event, doc: Doc) -> float:
        return self.model.probability(self.features(event, doc))

    def features(self, event: Event, doc: Doc) -> dict[str, float]:
        """Sparse features of the candidate, each named for what it reads (value 1 unless a position)."""
        token = _token_at(doc, event.start)
        lemma = event.lemma or token.lemma_.lower()
        out = {
            f"type={event.type}": 1.0,
            f"lemma={lemma}": 1.0,
            f"lemma*type={lemma}*{event.type}": 1.0,
            f"mode={event.mode or '-'}": 1.0,
            f"modality={event.modality}": 1.0,
            f"pos={token.pos_}": 1.0,
            f"tag={token.tag_}": 1.0,
            f"dep={token.dep_}": 1.0,
            f"dated={event.date_precision}": 1.0,
        }
        entry = self._entry(event, token)
        out[f"specificity={entry.specificity if entry else '-'}"] = 1.0
        if entry is not None and entry.derived:
            out["refers_back"] = 1.0  # "the seizure": a word the lexicon says only refers to an event told elsewhere
        if token.head.i != token.i:
            out[f"head={token.head.lemma_.lower()}"] = 1.0
            out[f"head_dep={token.head.dep_}"] = 1.0
        for side, participants in (("actor", event.actor), ("recipient", event.recipient)):
            out[f"{side}={'coded' if any(p.code for p in participants) else 'yes' if participants else 'no'}"] = 1.0
            for sector in {p.sector or "-" for p in participants}:
                out[f"{side}_sector={sector}"] = 1.0
        if event.actor and {p.code for p in event.actor} & {p.code for p in event.recipient}:
            out["same_code"] = 1.0
        if event.attributed_to is not None:
            out["quoted"] = 1.0
        if event.derived:
            out[f"derived*type={event.type}"] = 1.0
        if token.ent_type_:
            out[f"in_entity={token.ent_type_}"] = 1.0  # "Peace Corps", "the Strike Group": a name, not a deed
        children = list(token.children)
        if any(c.dep_ == "neg" for c in children):
            out["negation_child"] = 1.0
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
            out["modal_child"] = 1.0
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
            out["passive"] = 1.0
        if token.pos_ in ("NOUN", "PROPN"):
            if any(c.dep_ == "poss" for c in children):
                out["noun_possessor"] = 1.0
            if any(c.dep_ == "prep" and c.lower_ in ("by", "between") for c in children):
                out["noun_by_phrase"] = 1.0
            if any(c.dep_ == "det" for c in children):
                out["noun_determiner"] = 1.0
        start, end = sentence_bounds(doc)[token.i]
        out["position_in_sentence"] = (token.i - start) / max(end - start - 1, 1)
        return out

    def _entry(self, event: Event, token: Token) -> Trigger | None:
        """The lexicon entry of the event's type that the trigger matches (else the most specific one)."""
        if self.lexicon is None or not event.lemma:
            return None
        table = self.lexicon.verbs if token.pos_ == "VERB" else self.lexicon.nouns
        entries = [e for e in table.get(event.lemma, ()) if e.type == event.type]
        objects = [c for c in token.children if c.dep_ in OBJECTS]
        matched = next((e for e in entries if e.matches(token, objects)), None)
        return matched or max(entries, key=lambda e: e.specificity, default=None)


def _token_at(doc: Doc, offset: int) -> Token:
    return doc[max(bisect.bisect_right(token_starts(doc), offset) - 1, 0)]


def read_event_veto(raw: bytes) -> EventVeto:
    data = json.loads(raw.decode("utf-8"))
    weights = dict(zip(data["features"], data["weights"], strict=True))
    return EventVeto.from_weights(
        weights,
        float(data["bias"]),
        float(data["threshold"]),
        digest=hashlib.sha1(raw).hexdigest()[:12],
        metadata=data.get("metadata", {}),
    )


@lru_cache(maxsize=4)
def _load(path: Path | None) -> EventVeto:
    if path is None:
        return read_event_veto(resources.files("rashomon.annotate").joinpath("data/event_veto.json").read_bytes())
    return read_event_veto(Path(path).read_bytes())


def load_event_veto(lexicon: EventLexicon | None = None, path: Path | None = None, drop: bool = True) -> EventVeto:
    """The bundled veto (or the one at `path`), reading entry specificity from `lexicon`; `drop=False` only
    scores."""
    return _load(path).with_lexicon(lexicon).dropping(drop)
