"""The framing annotator: the labels an outlet gives actors and events, loaded or not."""

from __future__ import annotations

from typing import Any

from rashomon.annotate.framing.finder import Label, LabelFinder
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document


@component(
    "labels",
    requires=("mentions", "timexes", "events", "quotes"),
    tables=("terms",),
    data=("rashomon.annotate:data/framing.toml",),
    settings="annotate.framing",
)
def labels(shared: Any) -> Built:
    finder = LabelFinder(shared.event_lexicon, shared.dictionary.sector_nouns, shared.framing_lexicon,
                         settings=shared.settings["annotate.framing"])  # fmt: skip

    def find(doc: Any, _: Document, found: Any) -> list[Label]:
        return finder(doc, found["mentions"], found["timexes"], found["events"], found["quotes"])

    def rows(found: list[Label], document: Document, records: Records) -> None:
        records["terms"] = label_rows(document.doc_id, found)

    return Built(find, rows, finder.lexicon.digest, finder)


def label_rows(doc_id: str, labels: list[Label]) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc_id,
            "start": label.start,
            "end": label.end,
            "term": label.term,
            "kind": label.kind,
            "referent": label.referent,
            "loaded_by": label.loaded_by,
            "quoted": label.quoted,
            "event_start": label.event_start,
            "chain": label.chain,
            "date": label.date,
            "name": label.name,
            "types": list(label.types),
        }
        for label in labels
    ]
