"""The annotation runner: one spaCy parse per document, and every registered annotator over that Doc.

The annotators are the components of rashomon.annotate.registry, each after those it requires; each
writes records for its store tables, with `doc_id` and character offsets into the document's clean text.
`Annotators.digest` names the exact configuration (model, each annotator's data files, lexicons and
settings): when it changes, a re-run annotates stored documents again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.annotate.actors.dictionary import ActorDictionary, load_dictionary
from rashomon.annotate.embeddings import ClaimEmbedder, Embedder
from rashomon.annotate.events.lexicon import EventLexicon
from rashomon.annotate.events.lexicon import load_lexicon as load_event_lexicon
from rashomon.annotate.framing.lexicon import FramingLexicon
from rashomon.annotate.framing.lexicon import load_lexicon as load_framing_lexicon
from rashomon.annotate.nlp import load_model, model_version, parse
from rashomon.annotate.options import VETO_MODES, AnnotateOptions
from rashomon.annotate.registry import Built, Component, Records, components
from rashomon.annotate.workers import Workers
from rashomon.document import Document
from rashomon.ingest.metadata import surely_not_in
from rashomon.settings import Settings, load_settings
from rashomon.store.database import Embeddings

__all__ = ["VETO_MODES", "AnnotateOptions", "Annotating", "AnnotationFailed", "Annotators", "Records", "Shared"]

# Bumped when an annotator's output changes for the same input, so stored documents are redone.
ANNOTATORS_VERSION = "8"


@dataclass(frozen=True)
class AnnotationFailed:
    reason: str


@dataclass(frozen=True)
class Annotating:
    """Documents being annotated: `results()` gives each with its records, in the order given; once they
    are read, `embeddings()` gives their claims' texts embedded (`claim_texts`), waiting if need be."""

    results: Callable[[], Iterable[tuple[Document, Records | AnnotationFailed]]]
    embeddings: Callable[[], Embeddings]


class Shared:
    """What several annotators read, loaded once, when first asked for."""

    def __init__(self, nlp: Language, options: AnnotateOptions, settings: Settings) -> None:
        self.nlp, self.options, self.settings = nlp, options, settings

    @cached_property
    def dictionary(self) -> ActorDictionary:
        return load_dictionary(tuple(self.options.actors))

    @cached_property
    def event_lexicon(self) -> EventLexicon:
        return load_event_lexicon(tuple(self.options.events))

    @cached_property
    def framing_lexicon(self) -> FramingLexicon:
        return load_framing_lexicon()


class Annotators:
    def __init__(self, options: AnnotateOptions | None = None) -> None:
        self.options = options or AnnotateOptions()
        if self.options.dask and self.options.n_process > 1:
            raise ValueError("give --n-process or --dask, not both: the Dask cluster's workers are the processes")
        self.settings = self.options.settings or load_settings()
        # a cluster that cannot be reached stops the run before it reads anything; one that can starts
        # loading its models while this process loads its own
        self._workers = Workers(self.options) if self.options.dask else None
        self._embedding: ThreadPoolExecutor | None = None  # in this process: the model beside the parse
        self._embedder = ClaimEmbedder(threads=1)  # one core: the parse has the other; the model loads when used
        self.nlp = load_model(self.options.model)
        shared = Shared(self.nlp, self.options, self.settings)
        self.components: list[tuple[Component, Built]] = [(c, c.build(shared)) for c in components()]
        parts = [ANNOTATORS_VERSION, model_version(self.nlp), self.settings.digest("ingest")]
        for component, built in self.components:
            section = self.settings[component.settings].values if component.settings else {}
            parts += [component.name, component.data_digest(), built.digest, repr(sorted(section.items()))]
        self.digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    def close(self) -> None:
        """Stop the worker processes, or leave the Dask cluster, if any were started."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        if self._embedding is not None:
            self._embedding.shutdown()
            self._embedding = None

    def link_embedder(self) -> Embedder | None:
        """What embeds the texts linking compares, when workers are running: theirs (their model is
        loaded); None: the model in this process."""
        return self._workers.embed if self._workers is not None else None

    def __getitem__(self, name: str) -> Built:
        """One annotator, built: `annotators["events"].finder` runs it alone on a parsed Doc."""
        return next(built for component, built in self.components if component.name == name)

    def replace(self, name: str, built: Built) -> Built:
        """Run `built` in the place of the annotator `name` (a benchmark recording what one finds); returns
        the one it replaces."""
        index = next(i for i, (component, _) in enumerate(self.components) if component.name == name)
        component, before = self.components[index]
        self.components[index] = (component, built)
        return before

    def annotate(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Records | AnnotationFailed]]:
        """Parse the documents in batches and run every annotator on each parse, in input order. A
        document an annotator fails on comes back as `AnnotationFailed`; the others are not held up by
        it. With `n_process` above 1, or a Dask cluster, workers each parse and annotate a share of
        them: the annotators, not only the parse, run in parallel (rashomon.annotate.workers)."""
        yield from self.submit(documents).results()

    @property
    def parallel(self) -> bool:
        """Whether workers annotate (other processes, a Dask cluster) rather than this process."""
        return self.options.n_process > 1 or bool(self.options.dask)

    def submit(self, documents: Iterable[Document]) -> Annotating:
        """`annotate`, started: with workers, they annotate (and embed) while the caller goes on (reading
        the next batch, say) until it asks for the results; in this process, the work is done when asked,
        and the embedding in a thread while the caller goes on to the next batch's parse."""
        batch = list(documents)
        if not self.parallel:
            return self._submit_here(batch)
        if self._workers is None:
            self._workers = Workers(self.options, parent=self)
        workers = self.options.n_process if not self.options.dask else max(1, self._workers.size())
        share = max(1, min(self.options.batch_size, -(-len(batch) // workers)))
        submitted = self._workers.submit([batch[i : i + share] for i in range(0, len(batch), share)], self.digest)
        pairs = lambda: (pair for annotated in submitted.results() for pair in annotated)  # noqa: E731
        return Annotating(pairs, submitted.embeddings)

    def _submit_here(self, batch: list[Document]) -> Annotating:
        embedding: list[Future[Embeddings]] = []

        def results() -> list[tuple[Document, Records | AnnotationFailed]]:
            annotated = list(self.annotate_here(batch))
            if self._embedding is None:
                self._embedding = ThreadPoolExecutor(1, thread_name_prefix="rashomon-embed")
            embedding.append(self._embedding.submit(self._embedder, annotated))
            return annotated

        return Annotating(results, lambda: embedding[0].result())

    def reads(self, document: Document) -> bool:
        """Whether the model reads the document's language: a parse of German by an English model gives
        junk mentions and no events, so a document surely in another language is stored unannotated (a
        short one, or one the identifier is unsure of, is annotated)."""
        if document.language is None or document.language == self.nlp.lang:
            return True
        return not surely_not_in(document.text, self.nlp.lang)

    def annotate_here(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Records | AnnotationFailed]]:
        """`annotate` in this process; a document in a language the model does not read gets no records."""
        documents = list(documents)
        readable = [self.reads(d) for d in documents]
        annotated = self._parse_and_annotate([d for d, read in zip(documents, readable, strict=True) if read])
        for document, read in zip(documents, readable, strict=True):
            yield next(annotated) if read else (document, {})

    def _parse_and_annotate(self, documents: list[Document]) -> Iterator[tuple[Document, Records | AnnotationFailed]]:
        items = ((d.text, d) for d in documents)
        for doc, document in parse(self.nlp, items, self.options.batch_size):
            try:
                yield document, self.annotate_doc(doc, document)
            except Exception as err:  # a bug meeting odd text must cost one document, not the run
                yield document, AnnotationFailed(f"annotation failed: {type(err).__name__}: {err}")

    def annotate_doc(self, doc: Doc, document: Document) -> Records:
        doc.user_data["rashomon.text"] = document.text  # the parse keeps it exactly; rebuilding it is slow
        found: dict[str, object] = {}
        for component, built in self.components:
            found[component.name] = built.find(doc, document, found)
        records: Records = {}
        for component, built in self.components:
            built.rows(found[component.name], document, records)
        return records
