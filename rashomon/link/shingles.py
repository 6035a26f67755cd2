"""Word n-gram hashes ("shingles") that find the same words in two documents through an index."""

from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Signed 64-bit hashes of every run of `size` words; a shorter text is one shingle of all its words."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) <= size:
        return {_hash(" ".join(tokens))}
    return {_hash(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def outside(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The pieces of `text` between the spans, so that no shingle runs across a quotation."""
    pieces, pos = [], 0
    for start, end in sorted(spans):
        if start > pos:
            pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    return pieces


def own_shingles(text: str, quoted: list[tuple[int, int]], size: int = SHINGLE_WORDS) -> set[int]:
    """Shingles of a document's own words: everything outside its quotation marks."""
    hashes: set[int] = set()
    for piece in outside(text, quoted):
        if len(words(piece)) >= size:
            hashes |= shingle_hashes(piece, size)
    return hashes


def _hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big", signed=True)
