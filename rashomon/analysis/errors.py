"""Errors a view raises for a query it cannot answer: the CLI prints them in one line, exit 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from rashomon.store.database import StoreError, damaged


class QueryError(ValueError):
    """A bad parameter: an unknown level or kind, a date that cannot be read."""


@contextmanager
def reading(db: Path | str) -> Iterator[None]:
    """Views read a store that opened cleanly but can still fail on a truncated or zeroed block: such a
    DuckDB error becomes a StoreError naming the store, said in one line instead of a traceback."""
    try:
        yield
    except duckdb.Error as err:
        raise StoreError(damaged(Path(db), err)) from None
