"""Outlets as the analyst groups them: a file giving each outlet a camp, a country and free tags.

CSV with the columns `outlet`, `camp`, `country` and `tags` (tags separated by ";"), or JSON lines with
the same keys (`tags` a list). Only `outlet` is required; a camp is the analyst's word ("state media",
"opposition", "wire"), a country whatever the analyst uses (a code such as RUS reads best beside the
actors').
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.ingest.errors import IngestError

COLUMNS = ("outlet", "camp", "country", "tags")


@dataclass(frozen=True)
class OutletInfo:
    outlet: str
    camp: str | None = None
    country: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


def load_outlets(path: Path) -> list[OutletInfo]:
    """The outlets the file describes, in its order; IngestError (naming the file, and the line) when it
    cannot be read or a row has no outlet."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise IngestError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise IngestError(str(path), f"cannot read it: {err}") from None
    rows = _json_rows(path, text) if path.suffix.lower() in (".jsonl", ".json", ".ndjson") else _csv_rows(path, text)
    return [_info(path, line, row) for line, row in rows]


def _json_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as err:
            raise IngestError(f"{path}#{line}", f"invalid JSON: {err.msg}") from None
        if not isinstance(row, dict):
            raise IngestError(f"{path}#{line}", "a line must be a JSON object with an outlet")
        rows.append((line, row))
    return rows


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        if not reader.fieldnames or "outlet" not in [name.strip().lower() for name in reader.fieldnames]:
            raise IngestError(str(path), f"CSV has no outlet column (columns: {', '.join(reader.fieldnames or [])})")
        for row in reader:
            clean = {(k or "").strip().lower(): v for k, v in row.items()}
            clean["tags"] = [t.strip() for t in str(clean.get("tags") or "").split(";") if t.strip()]
            rows.append((reader.line_num, clean))
    except csv.Error as err:
        raise IngestError(f"{path}#{reader.line_num}", f"malformed CSV: {err}") from None
    return rows


def _info(path: Path, line: int, row: dict[str, Any]) -> OutletInfo:
    outlet = str(row.get("outlet") or "").strip()
    if not outlet:
        raise IngestError(f"{path}#{line}", "no outlet named")
    tags = row.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    text = {key: (str(row[key]).strip() or None) if row.get(key) is not None else None for key in ("camp", "country")}
    return OutletInfo(outlet, text["camp"], text["country"], tuple(str(t).strip() for t in tags if str(t).strip()))
