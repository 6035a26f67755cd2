"""Errors a view raises for a query it cannot answer: the CLI prints them in one line, exit 2."""

from __future__ import annotations


class QueryError(ValueError):
    """A bad parameter: an unknown level or kind, a date that cannot be read."""
