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
from rashomon.annotate.nlp import load_model, model_version, parse
from rashomon.annotate.temporal import find_timexes
from rashomon.document import Document

Records = dict[str, list[dict[str, Any]]]  # store table → rows

# Bumped when an annotator's output changes for the same input, so stored documents are redone.
ANNOTATORS_VERSION = "1"


@dataclass
class AnnotateOptions:
    model: str | None = None  # spaCy package or path; None: the default English model
    actors: tuple[Path, ...] = ()  # the user's actor dictionaries, beside the bundled one
    n_process: int = 1
    batch_size: int = 32


class Annotators:
    def __init__(self, options: AnnotateOptions | None = None) -> None:
        self.options = options or AnnotateOptions()
        self.nlp = load_model(self.options.model)
        self.dictionary = load_dictionary(tuple(self.options.actors))
        self.mentions = mention_finder(self.nlp, self.dictionary)
        temporal = resources.files("rashomon.annotate").joinpath("data/temporal.toml").read_bytes()
        self.digest = hashlib.sha1(
            "|".join([ANNOTATORS_VERSION, model_version(self.nlp), self.dictionary.digest]).encode() + temporal
        ).hexdigest()[:16]

    def annotate(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Records]]:
        """Parse the documents in batches and run every annotator on each parse."""
        items = ((d.text, d) for d in documents)
        for doc, document in parse(self.nlp, items, self.options.batch_size, self.options.n_process):
            yield document, self.annotate_doc(doc, document)

    def annotate_doc(self, doc: Doc, document: Document) -> Records:
        doc.user_data["rashomon.text"] = document.text  # the parse keeps it exactly; rebuilding it is slow
        published = document.published
        return {
            "mentions": [{"doc_id": document.doc_id, **m.to_dict()} for m in self.mentions(doc, published)],
            "timexes": [{"doc_id": document.doc_id, **asdict(t)} for t in find_timexes(doc, published)],
        }
