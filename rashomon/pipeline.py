"""`analyze`: files and folders in, clean documents in the store out.

    walk inputs → read records (format adapters) → build documents → assign ids → de-duplicate
               → parse each batch once (spaCy) → annotate → write the batch in one transaction
               → link the new documents' records with the store's (quotations, events and claims)

Re-running on the same input changes nothing: a source keeps the id it was stored under, and an
unchanged document (same fingerprint, annotated by the same annotators) is recognised before it is
parsed, and an input file whose bytes and reading (cleaning rules, manifest, limits, annotators) are
those of a complete earlier read is not read again, so a re-run costs a hash of each file.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple, Protocol

import duckdb
import pycountry

from rashomon.annotate.annotators import AnnotateOptions, Annotating, AnnotationFailed, Annotators
from rashomon.annotate.embeddings import Embedder
from rashomon.document import Document
from rashomon.ingest.build import build_document
from rashomon.ingest.dedup import (
    DuplicateIndex,
    DuplicateOf,
    signature,
    signature_from_bytes,
    signature_to_bytes,
)
from rashomon.ingest.errors import IngestError, IngestWarning, Skipped
from rashomon.ingest.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from rashomon.ingest.manifest import Manifest, load_manifest
from rashomon.ingest.plaintext import ChromeRules
from rashomon.ingest.readers import RawRecord, read_records
from rashomon.link.claims import link_claims
from rashomon.link.events import link_events
from rashomon.link.framing import link_event_terms
from rashomon.link.quotes import link_quotes
from rashomon.settings import Settings
from rashomon.store.database import Batch, Embeddings, Store, StoredInput, StoredRecords, store_errors
from rashomon.store.outlets import save_outlets
from rashomon.store.search import index_words

BATCH_SIZE = 64
LINKS_VERSION = "1"  # bumped when a link step's output changes for the same records, so stores relink
# DuckDB's memory in a link step: beyond it, joins and sorts spill to disk and cached blocks are dropped
LINK_MEMORY_LIMIT = "128MB"


class Progress(Protocol):
    def start(self, total_files: int) -> None: ...
    def file_done(self, path: Path, documents: int) -> None: ...
    def problem(self, problem: IngestError) -> None: ...


@dataclass
class AnalyzeReport:
    ingested: list[str] = field(default_factory=list)  # doc_ids stored or updated by this run
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, DuplicateOf]] = field(default_factory=list)
    failed: list[IngestError] = field(default_factory=list)
    skipped: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def analyze(
    paths: Iterable[Path | str],
    db: Path | str,
    manifest: Path | str | None = None,
    rules: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    annotate: AnnotateOptions | None = None,
) -> AnalyzeReport:
    """Ingest and annotate every file under `paths` into the DuckDB file `db`; see `AnalyzeReport`. The
    thresholds are `annotate.settings` (default: rashomon/data/settings.toml)."""
    report = AnalyzeReport()
    chrome = ChromeRules.load(Path(rules) if rules else None)
    annotators = Annotators(annotate)
    settings = annotators.settings
    loaded = load_manifest(Path(manifest)) if manifest else None
    if loaded:
        for problem in loaded.problems:
            _note(report, problem, progress)
    # The manifest and the store itself may sit in the corpus folder; neither is an article.
    own_files = {real for name in (db, f"{db}.wal") if (real := source_path(Path(name)))}
    own_files |= {loaded.path} if loaded else set()
    files = walk([Path(p) for p in paths], exclude=own_files, report=report, progress=progress)
    # disk full, a damaged file: the run cannot go on, and says so in one line
    read_with = reading_digest(chrome, loaded, annotators.digest, max_bytes, max_chars)
    with Store(db) as store, closing(annotators), store_errors(db, writing=True):
        run = _Run(store, chrome, annotators, loaded, files, report, progress, batch_size, max_chars, read_with)
        if progress:
            progress.start(len(files))
        for path in files:
            run.ingest_file(path, max_bytes)
        run.finish()
        if loaded and loaded.outlets:
            save_outlets(store, loaded.outlets.values())
        del run  # its index of every document's MinHash (40 MB at 10,000 documents) is not needed to link
        index_words(store)  # the documents the search index lacks: new ones, re-annotated ones, an older store's
        digest = links_digest(settings, annotators.digest)
        if report.ingested or store.links_made_with() != digest:  # nothing new: the links stand
            link(store, settings, digest, annotators.link_embedder())
    return report


def link(store: Store, settings: Settings, digest: str, model: Embedder | None = None) -> None:
    """Link the records of the documents not linked yet with `digest` (all of them when the link code,
    settings or annotators changed) with the whole store, then record that the links are complete and
    what made them: a run stopped before that leaves the mark of pending links, which readers report and
    the next `analyze` clears. `model` embeds what claim linking compares (None: the model here)."""
    fresh = store.unlinked_documents(digest)  # None: every document, as after a change of link settings
    steps = [
        partial(link_quotes, store, settings["link.quotes"], fresh),
        partial(link_events, store, fresh),
        partial(link_event_terms, store),
        partial(link_claims, store, settings["link.claims"], model, fresh=fresh),
    ]
    for step in steps:
        release_freed_memory()
        # what the previous step's joins took goes back before the next one's, and DuckDB's share stays
        # the same whatever the size of the store
        store.reconnect(memory_limit=LINK_MEMORY_LIMIT)
        try:
            step()
        except duckdb.OutOfMemoryException:  # a query that could not spill: rolled back, so again uncapped
            store.reconnect()
            step()
    store.reconnect()
    store.mark_links_complete(digest)


def release_freed_memory() -> None:
    """Hand the heap that Python freed back to the system (glibc keeps it otherwise, and a run's peak
    grows with what the steps before left behind); nothing where the C library is not glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def reading_digest(
    rules: ChromeRules, manifest: Manifest | None, annotators_digest: str, max_bytes: int, max_chars: int
) -> str:
    """What the documents and records of an input file depend on besides its bytes: the cleaning rules,
    the manifest, the limits and the annotators."""
    parts = [json.dumps(rules.raw, sort_keys=True, default=str), annotators_digest, str(max_bytes), str(max_chars)]
    parts.append((file_sha1(manifest.path) or "unreadable") if manifest else "no manifest")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def file_sha1(path: Path) -> str | None:
    """The sha1 of a file's bytes; None when it cannot be read (reading it will say why)."""
    digest = hashlib.sha1()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def links_digest(settings: Settings, annotators_digest: str) -> str:
    """What the links depend on besides the stored records: the link code and settings, and the
    annotators (whose lexicons the link steps read too)."""
    parts = (LINKS_VERSION, settings.digest("link"), annotators_digest)
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def walk(paths: list[Path], exclude: set[Path], report: AnalyzeReport, progress: Progress | None) -> list[Path]:
    """Files under `paths` in a stable order, each by its resolved path (so a re-run that spells the
    corpus another way finds the same sources); hidden files and folders are left out."""
    files: list[Path] = []
    for root in paths:
        if not root.exists() and not root.is_symlink():
            _note(report, IngestError(str(root), "no such file or directory"), progress)
        elif root.is_dir():
            found = []
            for folder, dirs, names in os.walk(
                root,
                onerror=lambda e: _note(report, IngestError(e.filename, f"cannot list folder: {e.strerror}"), progress),
            ):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(folder) / n for n in names if not n.startswith(".")]
            files += sorted(found)
        else:
            files.append(root)
    resolved = []
    for path in files:
        real = source_path(path)
        if real is None:
            _note(report, IngestError(str(path), "symbolic link loop"), progress)
        elif real not in exclude:
            resolved.append(real)
    return list(dict.fromkeys(resolved))


def source_path(path: Path) -> Path | None:
    """The absolute path with symbolic links followed; None when they loop. A broken link keeps its
    own name, so its error names the link the user sees, not the target that is gone."""
    try:
        real = path.resolve()
    except (RuntimeError, OSError):  # a loop: RuntimeError up to Python 3.12, OSError (ELOOP) after
        return None
    return real if real.exists() or not path.is_symlink() else path.absolute()


class _Run:
    def __init__(
        self,
        store: Store,
        rules: ChromeRules,
        annotators: Annotators,
        manifest: Manifest | None,
        files: list[Path],
        report: AnalyzeReport,
        progress: Progress | None,
        batch_size: int,
        max_chars: int,
        read_with: str,
    ) -> None:
        self.store, self.rules, self.annotators, self.manifest = store, rules, annotators, manifest
        self.report, self.progress, self.batch_size, self.max_chars = report, progress, batch_size, max_chars
        self.read_with = read_with
        self.inputs = store.stored_inputs()
        self.read_whole: dict[str, str] = {}  # path → sha1 of the files read whole this run without a problem
        self.file_problem = False  # a problem in the file being read
        self.stored_of_file: Counter[str] = Counter()  # documents stored, or found unchanged, per file
        self.docs_of_file: dict[str, list[str]] = defaultdict(list)  # stored doc_ids by their source's file
        self.duplicates_of_file: dict[str, list[tuple[str, DuplicateOf]]] = defaultdict(list)
        for source, duplicate in store.stored_duplicates():
            for name in source_files(source):
                self.duplicates_of_file[name].append((source, duplicate))
        self.dedup = annotators.settings["ingest.dedup"]
        self.index = DuplicateIndex(self.dedup.threshold)
        self.id_of_source: dict[str, str] = {}
        self.ids_this_run: set[str] = set()  # URLs given as ids to this run's records
        self.state_of_id: dict[str, tuple[str, str | None]] = {}  # doc_id → (fingerprint, annotated_with)
        for stored in store.stored_documents():
            self.id_of_source[stored.source] = stored.doc_id
            respelled = absolute_source(stored.source)  # stores written before sources were resolved
            if respelled:
                self.id_of_source.setdefault(respelled, stored.doc_id)
            self.state_of_id[stored.doc_id] = (stored.fingerprint, stored.annotated_with)
            for name in source_files(stored.source):
                self.docs_of_file[name].append(stored.doc_id)
            self.index.add(stored.doc_id, stored.content_hash, signature_from_bytes(stored.minhash))
        # A file stem is an id only when no other input file, nor a stored document, shares it.
        stems = Counter(file_stem(f) for f in files)
        taken = {doc_id: src for src, doc_id in self.id_of_source.items()}
        self.stem_ok = {
            file_stem(f)
            for f in files
            if stems[file_stem(f)] == 1 and taken.get(file_stem(f), str(f)) == str(f) and file_stem(f).isprintable()
        }
        self.batch = Batch()
        self.pending: list[_Pending] = []  # documents waiting for the batch's parse
        self.started: tuple[Annotating, Batch, list[_Pending]] | None = None  # being annotated
        self.embedding: Annotating | None = None  # the batch written last, whose claim texts are being embedded

    def ingest_file(self, path: Path, max_bytes: int) -> None:
        name, sha1 = str(path), file_sha1(path)
        if sha1 is not None and self.read_before(name, sha1):
            self.skip_file(path)
            return
        count, self.file_problem = 0, False
        for item in read_records(path, max_bytes):
            if isinstance(item, IngestError):
                self.problem(item)
            else:
                count += self.ingest_record(item, name)
        if sha1 is not None and not self.file_problem:
            self.read_whole[name] = sha1
        if self.progress:
            self.progress.file_done(path, count)

    def read_before(self, name: str, sha1: str) -> bool:
        """Whether a file was read whole before, as it is now and as it would be read now, and its
        documents are all still stored."""
        stored = self.inputs.get(name)
        return (
            stored is not None
            and (stored.sha1, stored.read_with) == (sha1, self.read_with)
            and len(self.docs_of_file.get(name, ())) == stored.documents
        )

    def skip_file(self, path: Path) -> None:
        """Count an unchanged file's stored documents as unchanged, and its duplicates as found again."""
        doc_ids = self.docs_of_file.get(str(path), [])
        duplicates = self.duplicates_of_file.get(str(path), [])
        self.report.unchanged += doc_ids
        self.report.duplicates += duplicates
        self.ids_this_run.update(doc_ids)  # its records' URLs stay theirs
        if self.progress:
            self.progress.file_done(path, len(doc_ids) + len(duplicates))

    def ingest_record(self, record: RawRecord, file: str) -> int:
        entry = self.manifest.lookup(record.path, record.meta.get("url")) if self.manifest else None
        try:
            doc = build_document(record, "", self.rules, entry)
            if len(doc.text) > self.max_chars:
                limit = f"limit {self.max_chars:,}; see --max-chars"
                raise IngestError(record.source, f"text too long to annotate: {len(doc.text):,} characters ({limit})")
        except IngestError as err:
            self.problem(err)
            return 0
        if not self.annotators.reads(doc):
            self.problem(IngestWarning(record.source, unread_language(doc.language, self.annotators.nlp.lang)))
        doc.doc_id = self.id_for(record, doc)
        self.batch.succeeded_sources.append(record.source)
        if self.state_of_id.get(doc.doc_id) == (doc.fingerprint, self.annotators.digest):
            self.report.unchanged.append(doc.doc_id)
            self.stored_of_file[file] += 1
            return 1
        sig = signature(doc.text, self.dedup.shingle_words)  # only for documents that may be new
        duplicate = self.index.find(doc.content_hash, sig, exclude=doc.doc_id)
        if duplicate:
            self.batch.duplicates.append((record.source, duplicate))
            self.report.duplicates.append((record.source, duplicate))
            return 1
        self.index.add(doc.doc_id, doc.content_hash, sig)
        self.state_of_id[doc.doc_id] = (doc.fingerprint, self.annotators.digest)
        self.id_of_source[record.source] = doc.doc_id
        self.pending.append(_Pending(doc, signature_to_bytes(sig), file))
        self.stored_of_file[file] += 1
        self.report.ingested.append(doc.doc_id)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return 1

    def id_for(self, record: RawRecord, doc: Document) -> str:
        """The file stem when unique in the corpus; for a record inside a container (a feed entry, a
        JSONL row, a WARC record), its URL, by which outside tools and gold standards know it; else a
        short content hash.

        A file keeps the id it was first stored under, even if its content changes; a record inside a
        container is known by its URL or its content, since its position may shift. A URL already given
        to another record of this run is no id.
        """
        if not record.single:
            url = doc.url or ""
            if url and url.isprintable() and url not in self.ids_this_run:
                self.ids_this_run.add(url)
                return url
            return doc.content_hash[:12]
        known = self.id_of_source.get(record.source)
        if known:
            return known
        stem = file_stem(record.path)
        return stem if stem in self.stem_ok else doc.content_hash[:12]

    def problem(self, err: IngestError) -> None:
        self.file_problem = True
        _note(self.report, err, self.progress)
        if not isinstance(err, Skipped | IngestWarning):
            self.batch.failures.append((err.source, err.reason))

    def flush(self) -> None:
        """Start annotating the waiting documents and write the batch started before: with workers, they
        annotate this batch while the next one is read. In this process, the batch is written at once."""
        started = self.annotators.submit(item.document for item in self.pending)  # keeps the order given
        self.write_started()
        self.started = (started, self.batch, self.pending)
        self.batch, self.pending = Batch(), []
        if not self.annotators.parallel:
            self.write_started()

    def finish(self) -> None:
        """Annotate and write what is left; then record the files read whole without a problem, once all
        their documents are stored (an interrupted run reads them again)."""
        self.flush()
        self.write_started()
        inputs = [
            StoredInput(name, sha1, self.read_with, self.stored_of_file[name]) for name, sha1 in self.read_whole.items()
        ]
        self.store.write(Batch(inputs=inputs, embeddings=self.embedded()))

    def embedded(self) -> Embeddings | None:
        """The claim texts of the batch written last, embedded (in this process, beside the parse of the
        batch written since): a cache linking reads, so they may come a transaction after their claims."""
        done, self.embedding = self.embedding, None
        return done.embeddings() if done else None

    def write_started(self) -> None:
        """Write the batch whose annotation was started last, with its records, in one transaction."""
        if self.started is None:
            return
        annotating, batch, pending = self.started
        self.started = None
        for (document, records), item in zip(annotating.results(), pending, strict=True):
            if isinstance(records, AnnotationFailed):
                self.read_whole.pop(item.file, None)
                self.report.ingested.remove(document.doc_id)
                self.state_of_id.pop(document.doc_id, None)
                batch.succeeded_sources.remove(document.source)
                failed = IngestError(document.source, records.reason)
                _note(self.report, failed, self.progress)
                batch.failures.append((failed.source, failed.reason))
                continue
            batch.documents.append(StoredRecords(document, item.signature, self.annotators.digest, records))
        batch.embeddings = self.embedded()
        self.embedding = annotating
        self.store.write(batch)


class _Pending(NamedTuple):
    document: Document
    signature: bytes  # its MinHash signature, stored with it
    file: str  # the input file it came from


def source_files(source: str) -> set[str]:
    """The file a stored source names: the source itself, or for a record inside a container
    ("feed.xml#3") the part before its number; both, since a file name may hold a "#"."""
    path, hash_, number = source.rpartition("#")
    return {source, path} if hash_ and number.isdigit() else {source}


def file_stem(path: Path) -> str:
    """The file name without its extension, nor a compression suffix ("a.txt.gz" → "a")."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def absolute_source(source: str) -> str | None:
    """A relative stored source ("corpus/a.txt#2") as the resolved path it named from here, or None."""
    path, hash_, n = source.partition("#")
    if Path(path).is_absolute():
        return None
    real = source_path(Path(path))
    return f"{real}{hash_}{n}" if real else None


def unread_language(language: str | None, model_language: str) -> str:
    """The warning for a document the model cannot read: "in German (de): stored, not annotated …"."""
    found = pycountry.languages.get(alpha_2=language or "")
    name = f"{found.name} ({language})" if found else repr(language)
    return f"in {name}: stored, not annotated (the model reads {model_language} only; see --model)"


def _note(report: AnalyzeReport, err: IngestError, progress: Progress | None) -> None:
    if isinstance(err, Skipped):
        report.skipped.append(err)
    elif isinstance(err, IngestWarning):
        report.warnings.append(err)
    else:
        report.failed.append(err)
    if progress:
        progress.problem(err)
