"""`rashomon check`: is a store sound? Every table read whole, the records' references followed.

Damage in blocks a view does not touch would otherwise surface only on the next `analyze`. Reading
every column of every row makes DuckDB read (and verify the checksum of) every block in use; the
references then catch a store that reads well but no longer holds together: a record whose document
is gone, an offset past its document's end, a link to a record that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from rashomon.store import schema
from rashomon.store.database import (
    Store,
    StoreError,
    StoreInUse,
    data_tables,
    first_line,
    index_tables,
    link_tables,
    record_tables,
)

# (table, column, the table and key it refers to): links must point at records that exist.
REFERENCES = (
    ("citations", "quote_id", "quotes", "quote_id"),
    ("citations", "cited_doc_id", "documents", "doc_id"),
    ("claim_links", "a", "claims", "claim_id"),
    ("claim_links", "b", "claims", "claim_id"),
    ("duplicates", "duplicate_of", "documents", "doc_id"),
)


@dataclass
class Health:
    """What `check_store` found: `sound` when every table reads and every reference holds."""

    path: Path
    problems: list[str] = field(default_factory=list)
    documents: int = 0
    records: int = 0
    links_complete: bool = True
    in_use: str | None = None  # another process holds the store: it could not be read, so not judged

    @property
    def sound(self) -> bool:
        return not self.problems and self.in_use is None

    def summary(self) -> str:
        """One line: sound with its counts, or damaged with the first problem and how many more."""
        if self.in_use:
            return f"{self.path}: not checked: {self.in_use}; check it when that process has ended"
        if not self.sound:
            more = f" (and {len(self.problems) - 1} more problems)" if len(self.problems) > 1 else ""
            return f"{self.path}: damaged: {self.problems[0]}{more}"
        links = "links complete" if self.links_complete else "links pending: run `rashomon analyze` to finish them"
        return f"{self.path}: sound: {self.documents} documents, {self.records} records; {links}"


def check_store(db: Path | str) -> Health:
    """Read every table of the store `db` whole and follow its references; never raises for damage."""
    health = Health(Path(db))
    try:
        store = Store(db, read_only=True)
    except StoreInUse as err:
        health.in_use = err.reason
        return health
    except StoreError as err:
        health.problems.append(err.reason.removeprefix(f"{db}: "))
        return health
    with store:
        for table in (*data_tables(), "embeddings", "schema_info"):
            try:
                rows = store.con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {table} t").fetchone()
            except duckdb.Error as err:
                health.problems.append(f"table {table} cannot be read: {first_line(err)}")
                continue
            if table == "documents":
                health.documents = rows[0] if rows else 0
            elif table in record_tables() + link_tables():
                health.records += rows[0] if rows else 0
        if health.sound:
            health.problems += _broken_references(store)
            health.links_complete = store.links_complete
    return health


def _span_tables() -> list[str]:
    """Records whose start and end point into their document's text."""
    return [t.name for t in schema.tables("record") if {"start", "end"} <= set(t.names)]


def _broken_references(store: Store) -> list[str]:
    problems = []
    checks = [
        (
            f"{table} rows of no stored document",
            f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)",
        )
        for table in record_tables() + index_tables()
    ]
    checks += [
        (
            f"{table} spans outside their document's text",
            f"SELECT count(*) FROM {table} r JOIN documents d USING (doc_id) "
            f'WHERE r.start < 0 OR r."end" < r.start OR r."end" > length(d.text)',
        )
        for table in _span_tables()
    ]
    checks += [
        (
            f"{table}.{column} naming no {target} row",
            f"SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT {key} FROM {target})",
        )
        for table, column, target, key in REFERENCES
    ]
    for what, sql in checks:
        try:
            (count,) = store.con.execute(sql).fetchone() or (0,)
        except duckdb.Error as err:
            problems.append(f"{what}: cannot be read: {first_line(err)}")
            continue
        if count:
            problems.append(f"{count} {what}")
    return problems
