"""The predictions annotator: PredictionFinder's clauses, one row each."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from spacy.tokens import Doc

from rashomon.annotate.predictions.finder import Prediction, PredictionFinder
from rashomon.annotate.registry import Built, Found, Records, component
from rashomon.document import Document


@component(
    "predictions",
    requires=("mentions", "timex", "events", "quotes"),
    tables=("predictions",),
    data=("rashomon.annotate:data/predictions.toml",),
)
def predictions_annotator(shared: Any) -> Built:
    finder = PredictionFinder()

    def find(doc: Doc, document: Document, found: Found) -> list[Prediction]:
        return finder(doc, found["mentions"], found["timex"], found["events"], found["quotes"], document.published)

    def rows(found: list[Prediction], document: Document, records: Records) -> None:
        records["predictions"] = prediction_rows(document.doc_id, found, document.text)

    return Built(find, rows, finder=finder)


def prediction_rows(doc_id: str, predictions: list[Prediction], text: str) -> list[dict[str, Any]]:
    rows = []
    for p in predictions:
        about = [
            {"entity_text": m.text, "name": m.name, "actor_id": m.actor_id, "code": m.code}
            | {"start": m.start, "end": m.end}
            for m in p.about
        ]
        rows.append({
            "prediction_id": "p" + hashlib.sha1(f"{doc_id}:{p.start}:{p.end}".encode()).hexdigest()[:12],
            "doc_id": doc_id,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "sentence_start": p.sentence_start,
            "sentence_end": p.sentence_end,
            "sentence": text[p.sentence_start : p.sentence_end],
            "cue": p.cue,
            "verb": p.verb,
            "confidence": p.confidence,
            "negated": p.negated,
            "about": json.dumps(about, ensure_ascii=False),
            "about_ids": list(dict.fromkeys(m.actor_id for m in p.about if m.actor_id)),
            "about_codes": list(dict.fromkeys(m.code for m in p.about if m.code)),
            "predictor": json.dumps(p.predictor.to_dict(), ensure_ascii=False) if p.predictor else None,
            "by_date": p.by,
            "event": p.event.type if p.event else None,
            "event_start": p.event.start if p.event else None,
        })  # fmt: skip
    return rows
