"""The stance annotator: the evidence StanceFinder reads, stored one row per sentence or label."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from spacy.tokens import Doc

from rashomon.annotate.registry import Built, Found, Records, component
from rashomon.annotate.stance.finder import StanceEvidence, StanceFinder
from rashomon.document import Document


@component(
    "stance",
    requires=("mentions", "events", "quotes", "terms"),
    tables=("stance",),
    settings="annotate.stance",  # its lexicon is the framing lexicon, which `terms` names as its data
)
def stance_annotator(shared: Any) -> Built:
    finder = StanceFinder(shared.event_lexicon, shared.framing_lexicon, shared.settings["annotate.stance"])

    def find(doc: Doc, _: Document, found: Found) -> list[StanceEvidence]:
        return finder(doc, found["mentions"], found["events"], found["quotes"], found["terms"])

    def rows(found: list[StanceEvidence], document: Document, records: Records) -> None:
        records["stance"] = [{"doc_id": document.doc_id, **asdict(item)} for item in found]

    return Built(find, rows, shared.event_lexicon.digest, finder)
