"""The annotation layer: one spaCy parse per document, every annotator a function over that Doc.

Each annotator returns records for one store table, with `doc_id` and character offsets into the
document's clean text. `Annotators.digest` names the exact configuration (model, dictionaries,
annotator versions): when it changes, a re-run annotates stored documents again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from rashomon.annotate.actors.dictionary import load_dictionary
from rashomon.annotate.actors.mentions import mention_finder
from rashomon.annotate.claims import ClaimFinder
from rashomon.annotate.events import EventFinder
from rashomon.annotate.events.lexicon import load_lexicon as load_event_lexicon
from rashomon.annotate.events.veto import load_event_veto
from rashomon.annotate.framing import LabelFinder
from rashomon.annotate.nlp import load_model, model_version, parse
from rashomon.annotate.predictions import PredictionFinder
from rashomon.annotate.quotes import QuoteFinder
from rashomon.annotate.records import (
    claim_rows,
    event_rows,
    label_rows,
    prediction_rows,
    quote_rows,
    shingle_rows,
    stance_rows,
)
from rashomon.annotate.stance import StanceFinder
from rashomon.annotate.temporal import find_timexes
from rashomon.document import Document
from rashomon.settings import Settings, load_settings

Records = dict[str, list[dict[str, Any]]]  # store table → rows

# Bumped when an annotator's output changes for the same input, so stored documents are redone.
ANNOTATORS_VERSION = "7"
VETO_MODES = ("score", "drop", "off")


@dataclass(frozen=True)
class AnnotationFailed:
    reason: str


@dataclass
class AnnotateOptions:
    model: str | None = None  # spaCy package or path; None: the default English model
    actors: tuple[Path, ...] = ()  # the user's actor dictionaries, beside the bundled one
    events: tuple[Path, ...] = ()  # the user's event lexicons, before the bundled one
    # the learned event veto (data/event_veto.json): "score" sets each event's confidence to its probability,
    # "drop" also drops the events that happened and score under its threshold, "off" leaves both alone
    event_veto: str = "score"
    n_process: int = 1
    batch_size: int = 32
    settings: Settings | None = None  # thresholds and windows (default: rashomon/data/settings.toml)


class Annotators:
    def __init__(self, options: AnnotateOptions | None = None) -> None:
        self.options = options or AnnotateOptions()
        self.settings = self.options.settings or load_settings()
        self.nlp = load_model(self.options.model)
        self.dictionary = load_dictionary(tuple(self.options.actors))
        self.mentions = mention_finder(self.nlp, self.dictionary, self.settings["annotate.actors"])
        self.quotes = QuoteFinder()
        event_lexicon = load_event_lexicon(tuple(self.options.events))
        if self.options.event_veto not in VETO_MODES:
            raise ValueError(f"event veto must be one of {', '.join(VETO_MODES)}, not {self.options.event_veto!r}")
        mode = self.options.event_veto
        veto = load_event_veto(event_lexicon, drop=mode == "drop") if mode != "off" else None
        states = frozenset(a.code for a in self.dictionary.actors.values() if a.kind == "country" and a.code)
        self.events = EventFinder(event_lexicon, veto=veto, sector_nouns=self.dictionary.sector_nouns, countries=states,
                                  settings=self.settings["annotate.events"])  # fmt: skip
        self.claims = ClaimFinder(events=self.events.lexicon)
        self.labels = LabelFinder(self.events.lexicon, self.dictionary.sector_nouns,
                                  settings=self.settings["annotate.framing"])  # fmt: skip
        self.stance = StanceFinder(self.events.lexicon, self.labels.lexicon, self.settings["annotate.stance"])
        self.predictions = PredictionFinder()
        temporal = resources.files("rashomon.annotate").joinpath("data/temporal.toml").read_bytes()
        parts = [
            ANNOTATORS_VERSION,
            model_version(self.nlp),
            self.dictionary.digest,
            self.quotes.lexicon.digest,
            self.events.lexicon.digest,
            f"{veto.digest}:{mode}" if veto is not None else "no-event-veto",
            self.claims.lexicon.digest,
            self.labels.lexicon.digest,
            self.predictions.lexicon.digest,
            # what the records depend on: how documents are read and de-duplicated, how annotated
            self.settings.digest("ingest"),
            self.settings.digest("annotate"),
        ]
        self.digest = hashlib.sha1("|".join(parts).encode() + temporal).hexdigest()[:16]

    def annotate(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Records | AnnotationFailed]]:
        """Parse the documents in batches and run every annotator on each parse. A document an
        annotator fails on comes back as `AnnotationFailed`; the others are not held up by it."""
        items = ((d.text, d) for d in documents)
        for doc, document in parse(self.nlp, items, self.options.batch_size, self.options.n_process):
            try:
                yield document, self.annotate_doc(doc, document)
            except Exception as err:  # a bug meeting odd text must cost one document, not the run
                yield document, AnnotationFailed(f"annotation failed: {type(err).__name__}: {err}")

    def annotate_doc(self, doc: Doc, document: Document) -> Records:
        doc.user_data["rashomon.text"] = document.text  # the parse keeps it exactly; rebuilding it is slow
        published = document.published
        mentions = self.mentions(doc, published)
        found = self.quotes(doc, mentions)
        timexes = find_timexes(doc, published)
        events = self.events(doc, mentions, timexes, found.quotes, published)
        claims = self.claims(doc, timexes, found.quotes)
        labels = self.labels(doc, mentions, timexes, events, found)
        stance = self.stance(doc, mentions, events, found, labels)
        predictions = self.predictions(doc, mentions, timexes, events, found, published)
        doc_id = document.doc_id
        return {
            "mentions": [{"doc_id": doc_id, **m.to_dict()} for m in mentions],
            "timexes": [{"doc_id": doc_id, **asdict(t)} for t in timexes],
            "events": event_rows(doc_id, events, document.text, self.events.lexicon.scale),
            "claims": claim_rows(doc_id, claims, document.text),
            "quotes": quote_rows(doc_id, found),
            "terms": label_rows(doc_id, labels),
            "shingles": shingle_rows(document, found),
            "stance": stance_rows(doc_id, stance),
            "predictions": prediction_rows(doc_id, predictions, document.text),
        }
