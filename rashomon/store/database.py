"""The DuckDB store: one file, a versioned schema, one transaction per batch of documents."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy
import pyarrow

from rashomon.document import Document
from rashomon.ingest.dedup import DuplicateOf
from rashomon.ingest.encoding import sniff_binary
from rashomon.store import schema
from rashomon.store.errors import StoreError, StoreInUse

# 14: the schema is declared (store/data/schema.toml), and a store is created and upgraded from the
# declarations (stores of versions 1-13 gain what they lack); a newer version is refused.
# 15: the table of temporal expressions is `timex`, as its export file (formerly `timexes`).
# 17: link_pairs has no primary key (older stores' table is rebuilt without it).
# 18: the `words` index of each document (search); an older store's is filled by its next `analyze`.
# 19: the `outlets` table: each outlet's camp, country and tags.
SCHEMA_VERSION = 19
DOCUMENT_COLUMNS = schema.table("documents").names
DOCUMENTS_PER_CONNECTION = 1000


def record_tables() -> tuple[str, ...]:
    """Per-document annotation tables (replaced with their document), as declared."""
    return tuple(t.name for t in schema.tables("record"))


def index_tables() -> tuple[str, ...]:
    """Tables the store derives from each stored document (search), replaced with their document."""
    return tuple(t.name for t in schema.tables("index"))


def link_tables() -> tuple[str, ...]:
    """Tables recomputed over the whole corpus after each run."""
    return tuple(t.name for t in schema.tables("link"))


def data_tables() -> tuple[str, ...]:
    """The tables a reader sees: documents, duplicates, failures, the records and the links."""
    return ("documents", "duplicates", "failures", *record_tables(), *index_tables(), *link_tables())


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    source: str
    content_hash: str
    fingerprint: str
    minhash: bytes
    annotated_with: str | None


@dataclass
class StoredRecords:
    """A document with its MinHash signature and its annotation records, written together."""

    document: Document
    minhash: bytes
    annotated_with: str
    records: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class StoredInput:
    """An input file read whole without a problem: its bytes' sha1, the digest of what it was read
    with, and how many stored documents it gave."""

    path: str
    sha1: str
    read_with: str
    documents: int


class Embeddings(NamedTuple):
    """Vectors of texts under a model, known by the texts' hashes: rows of the `embeddings` cache."""

    model: str
    hashes: list[str]
    vectors: numpy.ndarray  # float32, one row a hash

    @classmethod
    def none(cls, model: str) -> Embeddings:
        return cls(model, [], numpy.empty((0, 0), dtype=numpy.float32))


def joined(parts: list[Embeddings]) -> Embeddings:
    """Several sets of vectors under one model as one (the first's model; empty when there are none)."""
    kept = [part for part in parts if part.hashes]
    if not kept:
        return Embeddings.none(parts[0].model if parts else "")
    hashes = [h for part in kept for h in part.hashes]
    return Embeddings(kept[0].model, hashes, numpy.concatenate([part.vectors for part in kept]))


@dataclass
class Batch:
    """Everything one transaction writes."""

    documents: list[StoredRecords] = field(default_factory=list)
    duplicates: list[tuple[str, DuplicateOf]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    succeeded_sources: list[str] = field(default_factory=list)
    inputs: list[StoredInput] = field(default_factory=list)  # files read whole without a problem
    embeddings: Embeddings | None = None  # of the texts linking will compare, made as they were annotated


class Store(AbstractContextManager["Store"]):  # `with` closes it
    def __init__(self, path: Path | str, read_only: bool = False, copy_of: Path | str | None = None) -> None:
        """Open the store at `path`, upgraded to this schema unless `read_only`. A snapshot opened with
        `copy_of` goes by the name of the store it copies, in its messages as everywhere else."""
        self.path = self._file = Path(path)
        self._read_only = read_only
        self._written = 0  # documents written since the database was opened
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise _open_failure(self.path, err) from None
        try:
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except duckdb.Error as err:
            self.con.close()
            raise StoreError(damaged(self.path, err), reason=first_line(err)) from None
        except BaseException:
            self.con.close()  # a refused file must not stay open in this process
            raise
        if copy_of is not None:
            self.path = Path(copy_of)

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def reconnect(self, memory_limit: str | None = None) -> None:
        """Close the database and open it again, read-only if it was: DuckDB keeps what a query's joins
        allocated until its database closes (a link step over 10,000 documents leaves 250–350 MB
        behind), so a long run hands it back between steps. `memory_limit` ("128MB") caps what DuckDB
        keeps of the store's blocks and its joins hold before they spill to disk; a query that cannot
        spill then fails with duckdb.OutOfMemoryException."""
        self.con.close()
        try:
            self.con = duckdb.connect(str(self._file), read_only=self._read_only)
        except duckdb.Error as err:
            raise _open_failure(self.path, err) from None
        if memory_limit is not None:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")

    # --- schema ----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_info'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT value FROM schema_info WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def _check_version(self, require_schema: bool = True) -> int:
        version = self.schema_version()
        if version == 0 and require_schema:
            raise StoreError(f"{self.path}: not a Rashomon database (no schema_info table)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this Rashomon supports ({SCHEMA_VERSION})"
            )
        if require_schema and version < SCHEMA_VERSION:  # a reader would miss tables; `analyze` upgrades
            raise StoreError(
                f"{self.path}: schema version {version} is older than this Rashomon's ({SCHEMA_VERSION}); "
                "run `rashomon analyze` on it once to upgrade"
            )
        lacking = schema.missing(self.con, schema.tables()) if require_schema else []
        if lacking:  # an annotator added since the store was written: its table is not there yet
            raise StoreError(
                f"{self.path}: lacks {', '.join(lacking[:3])}{' …' if len(lacking) > 3 else ''}; "
                "run `rashomon analyze` on it once to upgrade"
            )
        return version

    def _migrate(self) -> None:
        """Create what the declared schema has and the file lacks, in one transaction: every table of a
        new store, the tables and columns an older store does not have yet."""
        self._check_version(require_schema=False)
        with self.transaction():
            schema.ensure(self.con, schema.tables())
            self.con.execute("INSERT OR REPLACE INTO schema_info VALUES ('version', ?)", [str(SCHEMA_VERSION)])

    # --- link state ------------------------------------------------------------------------------

    @property
    def links_complete(self) -> bool:
        """False while documents were written that the corpus-level links (quotation clusters and
        citations, event clusters, claim links) have not been recomputed over: a run was stopped
        between its last commit and the end of its linking."""
        row = self.con.execute("SELECT value FROM schema_info WHERE key = 'links'").fetchone()
        return row is None or row[0] == "complete"

    def links_made_with(self) -> str | None:
        """The digest of the settings and code the complete links were made with (None: unknown)."""
        if not self.links_complete:
            return None
        row = self.con.execute("SELECT value FROM schema_info WHERE key = 'links_digest'").fetchone()
        return row[0] if row else None

    def mark_links_complete(self, digest: str) -> None:
        """The links are made, over every stored document, with the settings and code `digest` names."""
        with self.transaction():
            self.con.execute("INSERT OR REPLACE INTO schema_info VALUES ('links', 'complete')")
            self.con.execute("INSERT OR REPLACE INTO schema_info VALUES ('links_digest', ?)", [digest])
            self.con.execute("DELETE FROM linked")
            self.con.execute("INSERT INTO linked SELECT doc_id, ? FROM documents", [digest])

    def unlinked_documents(self, digest: str) -> list[str] | None:
        """The documents whose records the links made with `digest` have not compared yet (stored since,
        or rewritten); None when that is every document, or the store has none."""
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM linked WHERE links = ?)"
            " ORDER BY doc_id",
            [digest],
        ).fetchall()
        return [doc_id for (doc_id,) in rows] if len(rows) < self.count("documents") else None

    # --- reads -----------------------------------------------------------------------------------

    def stored_documents(self) -> Iterator[StoredDocument]:
        for row in self.con.execute(
            "SELECT doc_id, source, content_hash, fingerprint, minhash, annotated_with FROM documents"
        ).fetchall():
            yield StoredDocument(*row)

    def stored_inputs(self) -> dict[str, StoredInput]:
        """The input files read whole without a problem, by path."""
        rows = self.con.execute("SELECT path, sha1, read_with, documents FROM inputs").fetchall()
        return {row[0]: StoredInput(*row) for row in rows}

    def stored_duplicates(self) -> Iterator[tuple[str, DuplicateOf]]:
        """The inputs left out as duplicates: (source, the stored document it copies)."""
        for source, doc_id, kind, similarity in self.con.execute("SELECT * FROM duplicates").fetchall():
            yield source, DuplicateOf(doc_id, kind, similarity)

    def documents(self) -> Iterator[dict[str, Any]]:
        """Documents in doc_id order, shaped as documents.jsonl."""
        cursor = self.con.execute(
            "SELECT doc_id, source, url, outlet, title, authors, published, language, format, text, removed "
            "FROM documents ORDER BY doc_id"
        )
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(500):
            for row in rows:
                doc = dict(zip(names, row, strict=True))
                doc["published"] = doc["published"].isoformat() if doc["published"] else None
                doc["removed"] = json.loads(doc["removed"])
                doc["authors"] = list(doc["authors"] or [])
                yield doc

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        if table not in data_tables():
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()

    def count(self, table: str) -> int:
        if table not in data_tables():
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in data_tables()}  # type: ignore[index]

    # --- writes ----------------------------------------------------------------------------------

    def _replace_records(self, batch: list[StoredRecords]) -> None:
        """Replace the batch's annotation rows: one DELETE and one INSERT per table (an index table's rows
        are only deleted: the store derives them again after the run)."""
        doc_ids = [item.document.doc_id for item in batch]
        for declared in (*schema.tables("record"), *schema.tables("index")):
            table = declared.name
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
            rows = [row for item in batch for row in item.records.get(table, [])]
            if rows:
                columns = list(rows[0])
                self._insert_columns(table, columns, [[row[c] for row in rows] for c in columns])

    def _insert_columns(self, table: str, columns: Sequence[str], lists: list[list[Any]], verb: str = "INSERT") -> None:
        """Insert rows given column by column, in one statement: each column goes in as one list
        parameter and the lists are unnested side by side. DuckDB binds `executemany` row by row,
        which for hundreds of mentions a document costs more than the parse."""
        declared = schema.table(table)
        names = ", ".join(f'"{c}"' for c in columns)
        unnested = ", ".join(f"unnest(?::{declared.type_of(c)}[])" for c in columns)
        self.con.execute(f"{verb} INTO {table} ({names}) SELECT {unnested}", lists)

    def records(self, table: str, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Rows of an annotation table in document and text order, shaped as its export file; with
        `limit`, only that many from row `offset` (a page read without reading the rest)."""
        if table not in record_tables() + link_tables():
            raise ValueError(f"unknown record table {table!r}")
        order = schema.table(table).order
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        cursor = self.con.execute(f"SELECT * FROM {table} ORDER BY {order}{page}")
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield dict(zip(names, row, strict=True))

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: committed when the block ends, rolled back when it raises."""
        self.con.begin()
        try:
            yield self.con
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    @contextmanager
    def registered(self, **tables: pyarrow.Table) -> Iterator[None]:
        """Arrow tables that this connection's queries read by name while the block runs."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            yield
        finally:
            for name in tables:
                self.con.unregister(name)

    def write(self, batch: Batch) -> None:
        """Write one batch atomically: an interrupted run keeps every batch committed before it. Every
        `DOCUMENTS_PER_CONNECTION` documents the database is opened anew, since DuckDB keeps the blocks
        written in its cache while it stays open (at 10,000 documents, 150 MB of a 160 MB store)."""
        self._written += len(batch.documents)
        if self._written >= DOCUMENTS_PER_CONNECTION:
            self._written = 0
            self.reconnect()
        with self.transaction():
            if batch.documents:
                # In the batch's own transaction: no document is ever stored unlinked unnoticed.
                self.con.execute("INSERT OR REPLACE INTO schema_info VALUES ('links', 'pending')")
                rows = [_document_row(item) for item in batch.documents]
                self._insert_columns("documents", DOCUMENT_COLUMNS, [list(c) for c in zip(*rows, strict=True)],
                                     verb="INSERT OR REPLACE")  # fmt: skip
                self._replace_records(batch.documents)
                doc_ids = [item.document.doc_id for item in batch.documents]
                self.con.execute("DELETE FROM linked WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
            if batch.duplicates:
                self.con.executemany(
                    "INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?, ?)",
                    [(src, dup.doc_id, dup.kind, dup.similarity) for src, dup in batch.duplicates],
                )
            if batch.failures:
                self.con.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?)", batch.failures)
            if batch.succeeded_sources:
                # An input that failed before and now works is no longer a failure.
                self.con.execute(
                    "DELETE FROM failures WHERE source IN (SELECT unnest(?::VARCHAR[]))", [batch.succeeded_sources]
                )
            if batch.inputs:
                self.con.executemany(
                    "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?)",
                    [(i.path, i.sha1, i.read_with, i.documents) for i in batch.inputs],
                )
            if batch.embeddings is not None:
                self.add_embeddings(batch.embeddings)

    def add_embeddings(self, embeddings: Embeddings) -> None:
        """Keep the vectors; a text already kept keeps its vector. As an Arrow table: bound as Python
        lists, each of a vector's floats would be an object."""
        model, hashes, vectors = embeddings
        if not hashes:
            return
        flat = pyarrow.array(numpy.ascontiguousarray(vectors, dtype=numpy.float32).ravel())
        offsets = pyarrow.array(numpy.arange(0, len(flat) + 1, vectors.shape[1], dtype=numpy.int32))
        rows = pyarrow.table({"text_hash": pyarrow.array(hashes, pyarrow.string()),
                              "vector": pyarrow.ListArray.from_arrays(offsets, flat)})  # fmt: skip
        with self.registered(new_embeddings=rows):
            self.con.execute(
                "INSERT OR IGNORE INTO embeddings SELECT ?, text_hash, vector FROM new_embeddings", [model]
            )

    def embeddings(self, model: str, hashes: list[str]) -> Embeddings:
        """Those of `hashes` this store keeps vectors of under `model`."""
        rows = self.con.execute(
            "SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN (SELECT unnest(?::VARCHAR[]))",
            [model, hashes],
        ).fetchnumpy()  # a vector comes as one float32 array, not as objects for its floats
        if len(rows["text_hash"]) == 0:
            return Embeddings.none(model)
        return Embeddings(model, list(rows["text_hash"]), numpy.stack(list(rows["vector"])).astype(numpy.float32))


def _document_row(item: StoredRecords) -> tuple[Any, ...]:
    doc = item.document
    return (
        doc.doc_id,
        doc.source,
        doc.url,
        doc.outlet,
        doc.title,
        doc.authors,
        doc.published,
        doc.language,
        doc.format,
        doc.text,
        json.dumps([s.to_dict() for s in doc.removed], ensure_ascii=False),
        doc.content_hash,
        doc.fingerprint,
        item.minhash,
        item.annotated_with,
    )


@contextmanager
def store_errors(db: Path | str, writing: bool = False) -> Iterator[None]:
    """DuckDB failing on a store that opened cleanly (a truncated or zeroed block, a full disk) raises
    StoreError, one line naming the file instead of a traceback; with `writing`, a failure that is not
    damage says what a re-run keeps."""
    try:
        yield
    except duckdb.Error as err:
        if not writing or _unreadable(err):
            raise StoreError(damaged(Path(db), err)) from None
        raise StoreError(
            f"{db}: cannot write the store: {first_line(err)}; every batch committed before is kept, "
            "and a re-run finishes the rest"
        ) from None


def _unreadable(err: duckdb.Error) -> bool:
    """DuckDB's words for a block it cannot read back: damage, not a failed write."""
    return any(words in str(err) for words in ("Corrupt database file", "Could not read enough bytes"))


def damaged(path: Path, err: Exception) -> str:
    """The one line for a store DuckDB could open but not read."""
    return f"{path}: store damaged or unreadable: {first_line(err)} (run `rashomon check --db {path}`)"


def _open_failure(path: Path, err: duckdb.Error) -> StoreError:
    """Why DuckDB would not open `path`, in plain words; another process's lock names that process."""
    holder = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", str(err))
    if holder:
        pid = int(holder.group(1))
        reason = f"in use by another process (PID {pid}: {_command_line(pid)})"
        advice = "a store is open to one process at a time while it is written: stop that process or wait for it to end"
        return StoreInUse(f"{path}: {reason}; {advice}, then run again", reason=reason)
    if _is_duckdb_file(path):
        return StoreError(damaged(path, err), reason=first_line(err))
    return StoreError(f"{path}: cannot open as a DuckDB database: {first_line(err)}", reason=first_line(err))


def _is_duckdb_file(path: Path) -> bool:
    """A file with DuckDB's magic is a store, if a damaged one."""
    try:
        with path.open("rb") as f:
            return sniff_binary(f.read(16)) == "DuckDB database"
    except OSError:
        return False


def _command_line(pid: int) -> str:
    """The command a process runs ("rashomon serve --db story.duckdb"), or "unknown" off Linux."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return "unknown"
    argv = [a for a in argv if a]
    if len(argv) > 1 and Path(argv[1]).name == "rashomon":  # python .../bin/rashomon serve …
        argv = argv[1:]
    return " ".join([Path(argv[0]).name, *argv[1:]]) if argv else "unknown"


def first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
