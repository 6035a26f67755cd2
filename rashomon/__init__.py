"""Rashomon: one story, many accounts. `rashomon.analyze(paths, db=...)` reads articles into a DuckDB
store; `rashomon.open(db)` gives the `Corpus` to ask; `rashomon.check(db)` reads a store through (see
rashomon.corpus and the README's "Python" section)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rashomon.corpus import Corpus, analyze, load_outlets, open
    from rashomon.store.check import check_store as check

__all__ = ["Corpus", "analyze", "check", "load_outlets", "open"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: `import rashomon.store.database` need not load spaCy and the pipeline.
    if name == "check":
        from rashomon.store.check import check_store

        return check_store
    if name in __all__:
        from rashomon import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
