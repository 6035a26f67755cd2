"""The temporal annotator: TIMEX3 expressions, normalised against the publication date."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rashomon.annotate.registry import Built, Records, component
from rashomon.annotate.temporal.finder import find_timexes
from rashomon.annotate.temporal.timex import Timex
from rashomon.document import Document


@component("timex", tables=("timex",), data=("rashomon.annotate:data/temporal.toml",))
def timexes(shared: Any) -> Built:
    def rows(found: list[Timex], document: Document, records: Records) -> None:
        records["timex"] = [{"doc_id": document.doc_id, **asdict(t)} for t in found]

    return Built(lambda doc, document, _: find_timexes(doc, document.published), rows, finder=find_timexes)
