"""Ingest problems: each names the input and the reason, on one line."""

from __future__ import annotations


class IngestError(Exception):
    """An input that could not become a document; the run goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = " ".join(str(reason).split())  # one line, whatever a library's message looked like
        super().__init__(f"{source}: {self.reason}")


class Skipped(IngestError):
    """An input that is well formed but holds no article (a feed teaser, a settings file)."""


class IngestWarning(IngestError):
    """A problem with part of an input that did not stop it from being ingested (a bad date)."""
