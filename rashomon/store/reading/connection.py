"""Connections for readers: a thread's own view of an open store, and a table as a DuckDB relation."""

from __future__ import annotations

import duckdb

from rashomon.store.database import Store, data_tables

Relation = duckdb.DuckDBPyRelation  # what `table_relation` gives: `.df()`, `.arrow()`, `.fetchall()` …


def cursor_store(store: Store) -> Store:
    """The same open database through a connection of its own (a DuckDB cursor): one connection must
    not be used by two threads at once. Closing it leaves `store` open."""
    view = Store.__new__(Store)  # no __init__: `store` opened and checked the file already
    view.path = store.path
    view.con = store.con.cursor()
    return view


def table_relation(store: Store, name: str) -> Relation:
    """One of the data tables as a relation, on a cursor of its own: a relation read later must not
    meet a query left unfinished on the store's connection."""
    if name not in data_tables():
        raise ValueError(f"unknown table {name!r}")
    return store.con.cursor().table(name)
