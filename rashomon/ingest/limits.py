"""How much of the input a run reads, importable without the pipeline (the command line's defaults)."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 20_000_000  # one article; container files (JSONL, WARC, feeds) are streamed
# The longest clean text to annotate: spaCy's own limit, which parsing in pieces could pass, but a
# text costs about 0.4 KB a character over a run's 0.9 GB (parse, records, claim linking): 1.3 GB here.
DEFAULT_MAX_CHARS = 1_000_000
