"""The actor-mention annotator: each mention of an actor, resolved with the actor dictionaries."""

from __future__ import annotations

from typing import Any

from rashomon.annotate.actors.mentions import Mention, mention_finder
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document


@component("mentions", tables=("mentions",), data=("rashomon.annotate:data/actors",), settings="annotate.actors")
def mentions(shared: Any) -> Built:
    finder = mention_finder(shared.nlp, shared.dictionary, shared.settings["annotate.actors"])

    def rows(found: list[Mention], document: Document, records: Records) -> None:
        records["mentions"] = [{"doc_id": document.doc_id, **m.to_dict()} for m in found]

    return Built(lambda doc, document, _: finder(doc, document.published), rows, shared.dictionary.digest, finder)
