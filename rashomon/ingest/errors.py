"""Ingest problems: each names the input and the reason, on one line."""

from __future__ import annotations

# A library's message can quote the input it choked on (a WARC "first line" of 268 million
# characters); the reason names the problem, the input is the user's to open.
MAX_REASON = 300


class IngestError(Exception):
    """An input that could not become a document; the run goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = one_line(str(reason), MAX_REASON)
        super().__init__(f"{printable(source)}: {self.reason}")

    def __str__(self) -> str:
        return f"{printable(self.source)}: {self.reason}"


class Skipped(IngestError):
    """An input that is well formed but holds no article (a feed teaser, a settings file)."""


class IngestWarning(IngestError):
    """A problem with part of an input that did not stop it from being ingested (a bad date)."""


def one_line(text: str, limit: int) -> str:
    """`text` on one line, whitespace runs collapsed, control characters escaped, cut at `limit`."""
    text = printable(" ".join(text[: limit * 4].split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """`text` with control characters escaped ("a\\nb"): a file name with a newline must not print
    as two lines, one of which would look like another error."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
