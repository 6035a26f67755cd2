"""Word n-gram hashes ("shingles") that find the same words in two documents through an index."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy

SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_MULTIPLIER = numpy.uint64(1099511628211)  # the FNV prime: mixes each word's hash into the n-gram's


def words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Signed 64-bit hashes of every run of `size` words; a shorter text is one shingle of all its words."""
    return _hashes(words(text), size)


def _hashes(tokens: list[str], size: int) -> set[int]:
    ids = numpy.array([_word_hash(w) for w in tokens], dtype=numpy.uint64)
    if len(ids) == 0:
        return set()
    n = max(len(ids) - size + 1, 1)
    grams = numpy.zeros(n, dtype=numpy.uint64)
    for j in range(min(size, len(ids))):  # polynomial rolling: the same words in order give the same hash
        grams = grams * _MULTIPLIER + ids[j : j + n]
    return set(grams.view(numpy.int64).tolist())


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
        tokens = words(piece)
        if len(tokens) >= size:
            hashes |= _hashes(tokens, size)
    return hashes


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")
