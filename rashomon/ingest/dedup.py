"""Duplicate detection: exact (normalised text hash) and near-duplicate (MinHash LSH).

LSH finds candidate pairs through band buckets, so a new document is compared with a handful of
candidates, never with every stored document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from rashomon.document import normalised_words

# The stored signatures' format: they are only comparable under the permutations and scheme that made
# them. What counts as a duplicate is a setting ([ingest.dedup] in rashomon/data/settings.toml).
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
DTYPE = np.uint32


@dataclass(frozen=True)
class DuplicateOf:
    doc_id: str
    kind: str  # exact | near
    similarity: float


def signature(text: str, shingle_words: int) -> LeanMinHash:
    """The MinHash of the text's word shingles, `shingle_words` words each."""
    words = normalised_words(text)
    n = shingle_words
    shingles = {" ".join(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(m)


def signature_to_bytes(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=DTYPE).tobytes()


def signature_from_bytes(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=DTYPE), scheme=SCHEME)


class DuplicateIndex:
    def __init__(self, threshold: float) -> None:
        self._by_hash: dict[str, str] = {}
        self._hash_of: dict[str, str] = {}
        self._signatures: dict[str, LeanMinHash] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.threshold = threshold

    def add(self, doc_id: str, content_hash: str, sig: LeanMinHash) -> None:
        if doc_id in self._signatures:
            self.remove(doc_id)
        self._by_hash.setdefault(content_hash, doc_id)
        self._hash_of[doc_id] = content_hash
        self._signatures[doc_id] = sig
        self._lsh.insert(doc_id, sig)

    def remove(self, doc_id: str) -> None:
        self._signatures.pop(doc_id, None)
        if doc_id in self._lsh:
            self._lsh.remove(doc_id)
        old = self._hash_of.pop(doc_id, None)
        if old is not None and self._by_hash.get(old) == doc_id:
            del self._by_hash[old]

    def find(self, content_hash: str, sig: LeanMinHash, exclude: str | None = None) -> DuplicateOf | None:
        """The stored document `content_hash`/`sig` duplicates, other than `exclude` itself."""
        exact = self._by_hash.get(content_hash)
        if exact is not None and exact != exclude:
            return DuplicateOf(exact, "exact", 1.0)
        best: DuplicateOf | None = None
        for doc_id in self._lsh.query(sig):
            if doc_id == exclude:
                continue
            similarity = sig.jaccard(self._signatures[doc_id])
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = DuplicateOf(doc_id, "near", round(float(similarity), 4))
        return best
