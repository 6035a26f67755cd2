"""Manifest files: per-document metadata that overrides what ingest infers.

A manifest is JSONL or CSV with `path` (relative to the manifest) or `url`, and any of `outlet`,
`published`, `title`, `authors`, `language`. A `path` line applies to every document of that file;
a `url` line to the one document with that URL. A line may also give its outlet's `camp`, `country`
and `tags` (a JSON list, or separated by ";"), as an outlets file does (rashomon.ingest.outlets).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rashomon.ingest.encoding import decode_text
from rashomon.ingest.errors import IngestError, IngestWarning
from rashomon.ingest.metadata import parse_date, split_authors
from rashomon.ingest.outlets import OutletInfo, outlet_info


@dataclass
class ManifestEntry:
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None


@dataclass
class Manifest:
    path: Path
    by_path: dict[Path, ManifestEntry] = field(default_factory=dict)
    by_url: dict[str, ManifestEntry] = field(default_factory=dict)
    problems: list[IngestError] = field(default_factory=list)
    outlets: dict[str, OutletInfo] = field(default_factory=dict)  # outlet → the camp, country, tags given

    def lookup(self, path: Path, url: str | None) -> ManifestEntry | None:
        if url and url in self.by_url:
            return self.by_url[url]
        return self.by_path.get(_resolved(path))


def load_manifest(path: Path) -> Manifest:
    """Read a manifest; a line it cannot use becomes a problem naming the line, not a crash."""
    src = str(path)
    try:
        text = decode_text(path.read_bytes(), src)
    except FileNotFoundError:
        raise IngestError(src, "manifest not found") from None
    except IsADirectoryError:
        raise IngestError(src, "manifest is a directory") from None
    except PermissionError:
        raise IngestError(src, "manifest not readable: permission denied") from None
    manifest = Manifest(path=_resolved(path))
    for where, row in _rows(path, text, manifest.problems):
        _add(manifest, where, row)
    return manifest


def _rows(path: Path, text: str, problems: list[IngestError]) -> list[tuple[str, dict[str, object]]]:
    if path.suffix.lower() in (".csv", ".tsv"):
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
            return [(f"{path}#{reader.line_num}", dict(row)) for row in reader]
        except csv.Error as err:
            raise IngestError(str(path), f"malformed manifest CSV: {err}") from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(IngestWarning(f"{path}#{n}", f"manifest line ignored: invalid JSON: {err.msg}"))
            continue
        if not isinstance(row, dict):
            problems.append(IngestWarning(f"{path}#{n}", "manifest line ignored: not a JSON object"))
            continue
        rows.append((f"{path}#{n}", row))
    return rows


def _add(manifest: Manifest, where: str, row: dict[str, object]) -> None:
    row = {str(k).lower(): v for k, v in row.items() if v not in (None, "")}
    if "path" not in row and "url" not in row:
        manifest.problems.append(IngestWarning(where, "manifest line ignored: it has neither path nor url"))
        return
    published = parse_date(row.get("published") or row.get("date"))
    raw_date = row.get("published") or row.get("date")
    if raw_date and published is None:
        manifest.problems.append(IngestWarning(where, f"cannot parse published date {raw_date!r}; left empty"))
    entry = ManifestEntry(
        outlet=_str(row.get("outlet")),
        published=published,
        title=_str(row.get("title")),
        authors=split_authors(row.get("authors") or row.get("author")),
        language=_str(row.get("language")),
    )
    _add_outlet(manifest, where, entry.outlet, row)
    if "path" in row:
        manifest.by_path[_resolved(manifest.path.parent / str(row["path"]))] = entry
    if "url" in row:
        manifest.by_url[str(row["url"])] = entry


def _add_outlet(manifest: Manifest, where: str, outlet: str | None, row: dict[str, object]) -> None:
    """The camp, country and tags a line gives its outlet; a line that gives it others than an earlier
    one did is a warning, and the earlier ones stand."""
    if not (row.keys() & {"camp", "country", "tags"}):
        return
    if outlet is None:
        manifest.problems.append(IngestWarning(where, "camp, country or tags ignored: the line names no outlet"))
        return
    info = outlet_info(outlet, row)
    known = manifest.outlets.setdefault(outlet, info)
    if known != info:
        manifest.problems.append(IngestWarning(
            where, f"{outlet!r} was given camp {known.camp!r}, country {known.country!r}, tags "
                   f"{list(known.tags)} on an earlier line; this line's are ignored"))  # fmt: skip


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def _resolved(path: Path) -> Path:
    return path.expanduser().resolve()
