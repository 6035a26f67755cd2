"""`export`: the store as the data contract's JSON-lines files (DESIGN.md)."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.store.database import Store

# Store table → export file (DESIGN.md, "Data contract").
RECORD_FILES = {"mentions": "mentions.jsonl", "timexes": "timex.jsonl"}


def export(db: Path | str, out: Path | str) -> dict[str, int]:
    """Write one JSON-lines file per record type into `out`; returns lines written per file."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with Store(db, read_only=True) as store:
        written["documents.jsonl"] = _write_jsonl(out / "documents.jsonl", store.documents())
        for table, name in RECORD_FILES.items():
            written[name] = _write_jsonl(out / name, store.records(table))
    return written


def _write_jsonl(path: Path, rows: object) -> int:
    n = 0
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:  # type: ignore[attr-defined]
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)  # readers never see a half-written file
    return n
