"""The framing annotator: the terms (labels) an outlet gives actors and events, loaded or not."""

from __future__ import annotations

from typing import Any

from rashomon.annotate.framing.finder import Term, TermFinder
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document


@component(
    "terms",
    requires=("mentions", "timex", "events", "quotes"),
    tables=("terms",),
    data=("rashomon.annotate:data/framing.toml",),
    settings="annotate.framing",
)
def terms(shared: Any) -> Built:
    finder = TermFinder(shared.event_lexicon, shared.dictionary.sector_nouns, shared.framing_lexicon,
                         settings=shared.settings["annotate.framing"])  # fmt: skip

    def find(doc: Any, _: Document, found: Any) -> list[Term]:
        return finder(doc, found["mentions"], found["timex"], found["events"], found["quotes"])

    def rows(found: list[Term], document: Document, records: Records) -> None:
        records["terms"] = term_rows(document.doc_id, found)

    return Built(find, rows, f"{shared.event_lexicon.digest}:{shared.dictionary.digest}", finder)


def term_rows(doc_id: str, terms: list[Term]) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc_id,
            "start": term.start,
            "end": term.end,
            "term": term.term,
            "kind": term.kind,
            "referent": term.referent,
            "loaded_by": term.loaded_by,
            "quoted": term.quoted,
            "event_start": term.event_start,
            "chain": term.chain,
            "date": term.date,
            "name": term.name,
            "types": list(term.types),
        }
        for term in terms
    ]
