"""What makes a store unusable, importable without DuckDB: the command line catches it before loading the rest."""

from __future__ import annotations


class StoreError(Exception):
    """The database file cannot be used (not DuckDB, locked, damaged, from a newer Rashomon); the
    message is one line naming the file, `reason` the same without the file and the advice."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class StoreInUse(StoreError):
    """Another process holds the store's lock: nothing is wrong with the file."""
