"""Outlets as the analyst groups them: a file giving each outlet a camp, a country and free tags.

CSV with the columns `outlet`, `camp`, `country` and `tags` (tags separated by ";"), or JSON lines with
the same keys (`tags` a list, or separated by ";" as in CSV). Only `outlet` is required; a camp is the
analyst's word ("state media", "opposition", "wire"), a country whatever the analyst uses (a code such
as RUS reads best beside the actors').
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
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
            rows.append((reader.line_num, {(k or "").strip().lower(): v for k, v in row.items()}))
    except csv.Error as err:
        raise IngestError(f"{path}#{reader.line_num}", f"malformed CSV: {err}") from None
    return rows


def _info(path: Path, line: int, row: dict[str, Any]) -> OutletInfo:
    outlet = str(row.get("outlet") or "").strip()
    if not outlet:
        raise IngestError(f"{path}#{line}", "no outlet named")
    return outlet_info(outlet, row)


def outlet_info(outlet: str, row: Mapping[str, Any]) -> OutletInfo:
    """What a row (of an outlets file or a manifest) gives `outlet`: its `camp`, `country` and `tags`
    (a list, or a string separated by ";"), blanks left out."""
    tags = row.get("tags") or []
    tags = str(tags).split(";") if isinstance(tags, str) else [str(tag) for tag in tags]
    text = {key: (str(row[key]).strip() or None) if row.get(key) is not None else None for key in ("camp", "country")}
    return OutletInfo(outlet, text["camp"], text["country"], tuple(tag.strip() for tag in tags if tag.strip()))
