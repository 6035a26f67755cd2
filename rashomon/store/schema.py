"""Every table of the store, declared once (data/schema.toml): its columns, their DuckDB types and what
they hold.

The store creates from these declarations what a file lacks: every table of a new store, and the tables
and columns that a store written by an older Rashomon does not have yet (with `fill`, the SQL that gives
an added column its values for the rows already there). The writer binds each column with its declared
type, and the exports and the checks read the same declarations. An annotator that writes a table of
its own declares it in a file of the same shape in its package (`declare_file`), where a table marked
`extends = true` adds columns to one declared before.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type: VARCHAR, INTEGER, BIGINT[], JSON …
    doc: str = ""  # what it holds (the data contract's wording)
    required: bool = False  # NOT NULL
    fill: str | None = None  # SQL for its value in rows stored before the column existed


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    doc: str = ""
    key: tuple[str, ...] = ()  # primary key
    # the order of its export: document and text order, then the order the annotator gave records of one
    # span (several events in one sentence), so that a page of a list is a slice of the whole list
    order: str = 'doc_id, start, "end", rowid'
    role: str = "record"  # record (replaced with its document) | link (recomputed by the link step) | core
    file: str | None = None  # its export file, when exported row for row ("places.jsonl")
    formerly: tuple[str, ...] = ()  # names older stores gave it: renamed on upgrade
    extra: tuple[Column, ...] = field(default=(), compare=False)  # columns other packages add (`extend`)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.extra

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.all_columns)

    def type_of(self, column: str) -> str:
        return next(c.type for c in self.all_columns if c.name == column)

    def create_sql(self) -> str:
        columns = [f'"{c.name}" {c.type}{" NOT NULL" if c.required else ""}' for c in self.all_columns]
        if self.key:
            columns.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(columns)})"


ROLES = ("core", "record", "index", "link")
_DECLARED: dict[str, Table] = {}


def declare(table: Table) -> Table:
    """Add a table to the store's schema (a new annotator's records); returns it."""
    if table.name in _DECLARED and _DECLARED[table.name] != table:
        raise ValueError(f"table {table.name!r} is declared twice, differently")
    _DECLARED[table.name] = table
    return table


def extend(name: str, *columns: Column) -> None:
    """Add columns to a declared table (a location on events, say), from the package that fills them."""
    table = _DECLARED[name]
    known = set(table.names)
    _DECLARED[name] = replace(table, extra=table.extra + tuple(c for c in columns if c.name not in known))


class SchemaError(ValueError):
    """A declaration file that cannot be read as one: the message names the file and the table."""


def declare_file(path: Path) -> tuple[Table, ...]:
    """Declare every table of a TOML declaration file (data/schema.toml's shape), and add the columns
    of those marked `extends = true` to the tables they name; returns the tables it declares."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise SchemaError(f"{path}: cannot read the schema: {err}") from None
    declared = []
    for name, spec in data.items():
        try:
            columns = tuple(_column(c, spec.get("fill", {})) for c in spec["columns"])
            if spec.get("extends"):
                extend(name, *columns)
                continue
            unknown = set(spec) - {"doc", "role", "key", "order", "file", "formerly", "columns", "fill"}
            if unknown or spec.get("role", "record") not in ROLES:
                raise ValueError(f"unknown keys {sorted(unknown)}" if unknown else f"role must be one of {ROLES}")
            options = {
                k: v if isinstance(v, str) else tuple(v) for k, v in spec.items() if k not in ("columns", "fill")
            }
            declared.append(declare(Table(name, columns, **options)))
        except (KeyError, TypeError, ValueError) as err:
            raise SchemaError(f"{path}: table {name!r}: {err}") from None
    return tuple(declared)


def _column(spec: dict[str, Any], fills: dict[str, str]) -> Column:
    unknown = set(spec) - {"name", "type", "doc", "required"}
    if unknown:
        raise ValueError(f"column {spec.get('name')!r}: unknown keys {sorted(unknown)}")
    return Column(spec["name"], spec["type"], spec.get("doc", ""), spec.get("required", False), fills.get(spec["name"]))


def tables(role: str | None = None) -> tuple[Table, ...]:
    """The declared tables, in declaration order; only those of `role` when given."""
    _load_annotators()
    return tuple(t for t in _DECLARED.values() if role is None or t.role == role)


def table(name: str) -> Table:
    if name not in _DECLARED:  # the store's own are declared on import; an annotator's on loading it
        _load_annotators()
    try:
        return _DECLARED[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}") from None


def ensure(con: duckdb.DuckDBPyConnection, declared: Iterable[Table]) -> None:
    """Create the declared tables the database lacks and add the columns its tables lack; a table an
    older store has under a former name is renamed first, and one keyed where its declaration has no
    key any more is rebuilt without it."""
    existing = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for declaration in declared:
        former = [name for name in declaration.formerly if name in existing]
        if former and declaration.name not in existing:
            con.execute(f"ALTER TABLE {former[0]} RENAME TO {declaration.name}")
        if declaration.name in existing and not declaration.key and _has_primary_key(con, declaration.name):
            _rebuild(con, declaration)
        con.execute(declaration.create_sql())
        present = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [declaration.name]
            ).fetchall()
        }
        for column in declaration.all_columns:
            if column.name in present:
                continue
            con.execute(f'ALTER TABLE {declaration.name} ADD COLUMN "{column.name}" {column.type}')
            if column.fill:
                con.execute(f'UPDATE {declaration.name} SET "{column.name}" = {column.fill}')


def _has_primary_key(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]
    ).fetchall()[0][0])  # fmt: skip


def _rebuild(con: duckdb.DuckDBPyConnection, declaration: Table) -> None:
    """DuckDB cannot drop a constraint: the rows move to the table made anew as declared."""
    con.execute(f"ALTER TABLE {declaration.name} RENAME TO {declaration.name}__former")
    con.execute(declaration.create_sql())
    con.execute(f"INSERT INTO {declaration.name} BY NAME SELECT * FROM {declaration.name}__former")
    con.execute(f"DROP TABLE {declaration.name}__former")


def missing(con: duckdb.DuckDBPyConnection, declared: Iterable[Table]) -> list[str]:
    """The declared tables and columns the database lacks ("claims.scope"), for a reader to refuse."""
    present: dict[str, set[str]] = {}
    for name, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        present.setdefault(name, set()).add(column)
    out = []
    for declaration in declared:
        if declaration.name not in present:
            out.append(declaration.name)
            continue
        out += [f"{declaration.name}.{c}" for c in declaration.names if c not in present[declaration.name]]
    return out


@cache
def _load_annotators() -> None:
    """Import every registered annotator: those that write tables of their own declare them on import,
    and a store read without annotating must know them too."""
    from rashomon.annotate import registry  # imported here: the annotate layer sits above the store

    registry.components()


declare_file(Path(__file__).parent / "data" / "schema.toml")
