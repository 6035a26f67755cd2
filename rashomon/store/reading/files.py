"""Tables to CSV and Parquet files: stored tables copied straight from the store, and rows the views
shape written through an in-memory DuckDB, which reads their nested values as lists and structs (so
Parquet keeps them nested)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from rashomon.store import schema
from rashomon.store.database import Store

FORMATS = ("csv", "parquet")
# Stored tables exported row for row (their files are named after them); documents without the columns
# the store keeps for itself, and `removed` as a list of structs.
STORED_FILES = ("documents", "mentions", "timex", "citations", "claim_links")
_DOCUMENTS = (
    "SELECT doc_id, source, url, outlet, title, authors, published, language, format, text, "
    'removed::STRUCT(role VARCHAR, "text" VARCHAR)[] AS removed FROM documents ORDER BY doc_id'
)
NULL_TYPE = '"NULL"'  # DuckDB's type for a value seen only as null
NESTED = ("list", "array", "struct", "map", "union")


def write_stored(store: Store, name: str, path: Path, fmt: str) -> int:
    """Write the stored table exported as `name` (one of STORED_FILES) to `path` as `fmt` (csv or
    parquet); returns the rows written."""
    if name == "documents":
        return _copy(store.con, _DOCUMENTS, path, fmt)
    return write_table(store, name, path, fmt)


def write_table(store: Store, name: str, path: Path, fmt: str) -> int:
    """Write the declared table `name` row for row, in its declared order; returns the rows written."""
    table = schema.table(name)
    return _copy(store.con, f"SELECT * FROM {table.name} ORDER BY {table.order}", path, fmt)


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], path: Path, fmt: str) -> int:
    """Write `rows` (dicts of one shape) to `path`; with no rows, a table of `columns` (as VARCHAR), so
    that the file keeps its header. Returns the rows written."""
    with duckdb.connect() as scratch:
        if rows:
            scratch.execute("CREATE TABLE view_rows AS SELECT r.* FROM (SELECT unnest(?) AS r)", [list(rows)])
        else:
            header = ", ".join(f'"{_identifier(name)}" VARCHAR' for name in columns)
            scratch.execute(f"CREATE TABLE view_rows ({header})")
        return _copy(scratch, "SELECT * FROM view_rows", path, fmt)


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path, fmt: str) -> int:
    """COPY the query's rows to `path`; returns the rows written.

    A column that held only nulls has DuckDB's NULL type, which other Parquet readers do not know:
    it is written as VARCHAR. CSV cells cannot nest, so lists and structs go in as JSON text.
    """
    if fmt not in FORMATS:
        raise ValueError(f"cannot write {fmt!r} files: {', '.join(FORMATS)}")
    columns = []
    for name, kind, *_ in con.execute(f"SELECT * FROM ({query}) LIMIT 0").description:
        column = f'"{_identifier(name)}"'
        if NULL_TYPE in str(kind):
            column = f"CAST({column} AS {str(kind).replace(NULL_TYPE, 'VARCHAR')})"
        if fmt == "csv" and kind.id in NESTED:
            column = f"to_json({column})"
        columns.append(f'{column} AS "{_identifier(name)}"')
    options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
    target = str(path).replace("'", "''")
    row = con.execute(f"COPY (SELECT {', '.join(columns)} FROM ({query})) TO '{target}' ({options})").fetchone()
    return int(row[0]) if row else 0


def _identifier(name: str) -> str:
    """A column name as it goes between double quotes."""
    return name.replace('"', '""')
