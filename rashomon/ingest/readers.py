"""Format adapters: one input file to raw records (text or HTML plus whatever metadata it carries).

Each adapter yields `RawRecord`s and, for a damaged part of a file, an `IngestError` in its place,
so one bad row or WARC record never stops the rest of the file. Records inside a container file
(JSONL line, CSV row, feed entry, WARC record) are named `path#n`, n counting from 1.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import itertools
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, AnyStr, Generic

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from rashomon.ingest.encoding import decode_text, repair_text, sniff_binary, text_encoding
from rashomon.ingest.errors import IngestError, Skipped
from rashomon.ingest.html import fragment_text
from rashomon.ingest.metadata import split_authors

# A feed entry or export row shorter than this is a teaser, not an article.
MIN_ARTICLE_WORDS = 60
# A JSON document or feed is parsed in memory whole: it may hold this many articles' bytes (JSON
# Lines, CSV and WARC files are streamed and may be of any size).
WHOLE_FILE_ARTICLES = 5

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "article",
        "maintext",
        "full_text",
        "article_body",
        "articlebody",
        "story",
        "fulltext",
    ),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "uri", "source_url", "canonical_url", "article_url"),
    "published": (
        "published",
        "date",
        "published_at",
        "publishedat",
        "pubdate",
        "date_publish",
        "datepublished",
        "publication_date",
        "published_date",
        "pub_date",
        "created_at",
        "seendate",
    ),
    "outlet": (
        "outlet",
        "source",
        "source_name",
        "publisher",
        "site",
        "site_name",
        "sitename",
        "domain",
        "media",
        "feed",
    ),
    "authors": ("authors", "author", "byline", "creator", "creators", "writer"),
    "language": ("language", "lang"),
}

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".rdf": "feed",
    ".warc": "warc",
    ".arc": "warc",
}


@dataclass
class RawRecord:
    """One document as read from its file, before cleaning: plain `text` or `html` (one of them), and
    what the container said about it (`meta`: title, url, published … from a feed, JSON or CSV row)."""

    source: str
    path: Path
    format: str
    single: bool = True  # the only document of its file, so its id may be the file stem
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def read_records(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """Every document in the file at `path`; errors name the file (or record) and the reason."""
    src = str(path)
    try:
        fmt = detect_format(path)
        if fmt == "warc":
            yield from _warc_records(path, max_bytes)
        elif fmt == "json" and _inner_name(path).endswith((".jsonl", ".ndjson")):
            yield from _jsonl_records(path, max_bytes)
        elif fmt == "csv":
            yield from _csv_records(path, max_bytes)
        else:
            # A JSON document or a feed is parsed whole, so it is read whole: a few articles' worth.
            data = _read_bytes(path, max_bytes if fmt in ("text", "html") else WHOLE_FILE_ARTICLES * max_bytes)
            if fmt == "text":
                yield RawRecord(src, path, "text", text=decode_text(data, src))
            elif fmt == "html":
                yield RawRecord(src, path, "html", html=decode_text(data, src, repair=False))
            elif fmt == "json":
                yield from _json_records(path, decode_text(data, src))
            elif fmt == "feed":
                yield from _feed_records(path, data)
    except IngestError as err:
        yield err
    except OSError as err:
        yield IngestError(src, _os_reason(err))
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield IngestError(src, f"truncated or corrupt gzip: {err}")


def detect_format(path: Path) -> str:
    """Format from the extension (under any .gz), else from the first bytes."""
    ext = Path(_inner_name(path)).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    head = _head(path)
    kind = sniff_binary(head)
    if kind:
        raise IngestError(str(path), f"binary file ({kind}), not text")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<rss", b"<feed", b"<rdf")) or (start.startswith(b"<?xml") and b"<rss" in start):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html")) or b"<body" in start:
        return "html"
    if start.startswith((b"{", b"[")):
        return "json"
    return "text"


def _inner_name(path: Path) -> str:
    name = path.name.lower()
    return name[:-3] if name.endswith(".gz") else name


def _open(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (by its magic number, not its name)."""
    raw = path.open("rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    raw.seek(0)
    return raw


def _check_file(path: Path) -> None:
    if path.is_symlink() and not path.exists():
        raise IngestError(str(path), "broken symbolic link")
    if not path.is_file():
        raise IngestError(str(path), "not a regular file" if path.exists() else "no such file")


def _head(path: Path, n: int = 4096) -> bytes:
    _check_file(path)
    with _open(path) as f:
        return f.read(n)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole (decompressed) file, refusing files over `max_bytes` before reading them."""
    _check_file(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(str(path), f"file too large: {_mb(size)} (limit {_mb(max_bytes)}; see --max-bytes)")
    with _open(path) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(str(path), f"too large once decompressed: over {_mb(max_bytes)} (see --max-bytes)")
    return data


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return err.strerror or str(err)


# --- JSON and JSONL exports ---------------------------------------------------------------------


def _jsonl_records(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """JSON Lines, streamed: a file of any size, one article per line, no line held past `max_bytes`."""
    with _open(path) as f:
        lines = BoundedLines(f, max_bytes)
        for n in itertools.count(1):
            try:
                raw = next(lines)
            except StopIteration:
                return
            except RecordTooLarge as err:
                yield IngestError(f"{path}#{n}", str(err))
                continue
            if raw.strip():
                yield _json_line(path, n, raw)


class RecordTooLarge(Exception):
    """A line longer than the record limit; the reader has skipped past it."""


class BoundedLines(Generic[AnyStr]):
    """The lines of a text or binary stream, none held in memory past `limit`: a longer line is read
    through in pieces and discarded, and `RecordTooLarge` raised in its place (the next line follows).
    A gzip bomb of one 3 GiB line costs the time to decompress it, not the memory to hold it."""

    def __init__(self, stream: IO[AnyStr], limit: int) -> None:
        self.stream, self.limit = stream, limit

    def __iter__(self) -> BoundedLines[AnyStr]:
        return self

    def __next__(self) -> AnyStr:
        line = self.stream.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) <= self.limit:
            return line
        size = len(line)
        while line and line[-1:] not in ("\n", b"\n"):
            line = self.stream.readline(1 << 20)
            size += len(line)
        raise RecordTooLarge(f"record too large: {_mb(size)} (limit {_mb(self.limit)}; see --max-bytes)")


def _json_line(path: Path, n: int, raw: bytes | str) -> RawRecord | IngestError:
    where = f"{path}#{n}"
    try:
        item = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as err:
        return IngestError(where, f"not UTF-8 JSON: {err.reason}")
    except json.JSONDecodeError as err:
        return IngestError(where, f"invalid JSON: {err.msg} (column {err.colno})")
    return _row_record(path, where, item)


def _json_records(path: Path, text: str) -> Iterator[RawRecord | IngestError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        lines = text.splitlines()
        if sum(1 for line in lines if line.strip()) > 1 and text.lstrip().startswith("{"):
            # JSON Lines saved as .json
            yield from (_json_line(path, n, line) for n, line in enumerate(lines, start=1) if line.strip())
            return
        raise IngestError(str(path), f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    if isinstance(data, dict):
        items = _article_list(data)
        if items is None:
            if _field(data, "text") is None:
                raise Skipped(str(path), f"JSON without article fields (keys: {_keys(data)})")
            items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise IngestError(str(path), "JSON is neither an object nor a list of articles")
    for n, item in enumerate(items, start=1):
        yield _row_record(path, f"{path}#{n}", item)


def _article_list(data: dict[str, Any]) -> list[Any] | None:
    """News APIs wrap their rows: {"articles": [...]}, {"data": [...]}, {"results": [...]}."""
    for key in ("articles", "data", "results", "items", "documents", "stories"):
        if isinstance(data.get(key), list):
            return data[key]
    return None


def _row_record(path: Path, where: str, item: Any) -> RawRecord | IngestError:
    if not isinstance(item, dict):
        return IngestError(where, f"expected an object with article fields, got {type(item).__name__}")
    body = _field(item, "text")
    if not isinstance(body, str) or not body.strip():
        return IngestError(where, f"no article text (fields: {_keys(item)})")
    meta = {key: _field(item, key) for key in ("title", "url", "published", "outlet", "language")}
    if isinstance(meta["outlet"], dict):  # NewsAPI: "source": {"id": ..., "name": ...}
        meta["outlet"] = meta["outlet"].get("name")
    meta["authors"] = split_authors(_field(item, "authors"))
    is_html = "</p>" in body or "<br" in body or "</div>" in body
    return RawRecord(
        where,
        path,
        "json",
        text=None if is_html else body,
        html=body if is_html else None,
        meta={k: v for k, v in meta.items() if v},
        single=False,
    )


def _field(item: dict[str, Any], key: str) -> Any:
    lowered = {str(k).lower(): v for k, v in item.items()}
    for name in FIELD_NAMES[key]:
        value = lowered.get(name)
        if value not in (None, "", []):
            return value
    return None


def _keys(item: dict[str, Any]) -> str:
    keys = list(item)[:12]
    return ", ".join(map(str, keys)) + (", …" if len(item) > 12 else "")


# --- CSV exports ---------------------------------------------------------------------------------


def _csv_records(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """CSV or TSV, streamed in the encoding its head shows; one bad row costs that row only."""
    head = _head(path, 1 << 20)
    encoding, errors = text_encoding(head[: len(head) - len(head) % 4], str(path))  # whole UTF-16/32 units
    sample = head[:8192].decode(encoding, errors="replace")
    delimiter = "\t" if _inner_name(path).endswith(".tsv") or sample.count("\t") > sample.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))  # the default 131,072 is a short article
    with _open(path) as raw, io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="") as text:
        reader = csv.DictReader(BoundedLines(text, max_bytes), delimiter=delimiter)
        try:
            header = reader.fieldnames
        except (csv.Error, RecordTooLarge, UnicodeDecodeError) as err:
            raise IngestError(str(path), f"malformed CSV: {err}") from None
        if not header:
            raise IngestError(str(path), "CSV without a header row")
        if _field(dict.fromkeys(header, "x"), "text") is None:
            raise IngestError(str(path), f"CSV has no text/body/content column (columns: {', '.join(header[:12])})")
        for n in itertools.count(1):
            where = f"{path}#{n}"  # data rows count from 1: quoted cells may span several lines
            try:
                row = next(reader)
            except StopIteration:
                return
            except RecordTooLarge as err:
                yield IngestError(where, str(err))
                continue
            except (csv.Error, UnicodeDecodeError) as err:
                yield IngestError(where, f"malformed CSV: {err}")
                continue
            if None in row:  # more cells than header columns
                yield IngestError(where, "malformed CSV: more cells than columns")
                continue
            yield _row_record(path, where, {key: repair_text(value) if value else value for key, value in row.items()})


# --- RSS / Atom feeds ----------------------------------------------------------------------------


def _feed_records(path: Path, data: bytes) -> Iterator[RawRecord | IngestError]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise IngestError(str(path), f"malformed feed: {parsed.get('bozo_exception')}")
        raise Skipped(str(path), "feed without entries")
    outlet = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#{n}"
        content = max((c.get("value", "") for c in entry.get("content", [])), key=len, default="")
        content = content if len(content) >= len(entry.get("summary", "")) else entry.get("summary", "")
        text = fragment_text(content) if "<" in content else content
        if len(text.split()) < MIN_ARTICLE_WORDS:
            yield Skipped(where, f"feed entry without full content ({len(text.split())} words)")
            continue
        meta = {
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": entry.get("published_parsed") or entry.get("updated_parsed"),
            "outlet": outlet,
            "authors": split_authors(
                [a.get("name") for a in entry.get("authors", []) if a.get("name")] or entry.get("author")
            ),
            "language": parsed.feed.get("language"),
        }
        yield RawRecord(where, path, "feed", text=text, meta={k: v for k, v in meta.items() if v}, single=False)


# --- WARC crawls ---------------------------------------------------------------------------------


def _warc_records(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    if not _head(path, 64).lstrip().startswith((b"WARC/", b"filedesc:")):  # filedesc: the old ARC format
        raise IngestError(str(path), "malformed WARC: it does not start with a WARC record header")
    html_records = 0
    # warcio writes its complaints about damaged records to stderr; they become our errors instead.
    # stderr is redirected only while warcio works, never across a `yield`.
    complaints = io.StringIO()
    with _open(path) as f:
        records = _guarded(ArchiveIterator(_LineGuard(f, max_bytes, path)), path)
        for n in itertools.count(1):
            with contextlib.redirect_stderr(complaints):
                record = next(records, None)
                item = None if record is None else _warc_item(record, f"{path}#{n}", path, max_bytes, complaints)
            if record is None:
                break
            if isinstance(item, RawRecord):
                html_records += 1
            if item is not None:
                yield item
            if isinstance(item, IngestError) and item.reason == "malformed WARC record: not a WARC record":
                return  # not a WARC at all: warcio fell back to reading it as ARC
    if html_records == 0:
        yield Skipped(str(path), "WARC without HTML response records")


def _warc_item(
    record: Any, where: str, path: Path, max_bytes: int, complaints: io.StringIO
) -> RawRecord | IngestError | None:
    """The HTML page in one WARC record; None for records that hold none (requests, images, redirects)."""
    problem = _warc_problem(record, path, complaints)
    if problem:
        return IngestError(where, f"malformed WARC record: {problem}")
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    ctype = (headers.get_header("Content-Type") if headers else "") or ""
    status = headers.get_statuscode() if record.rec_type == "response" and headers else "200"
    if "html" not in ctype.lower() or not status.startswith("2"):
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return IngestError(where, f"record too large: over {_mb(max_bytes)}")
    try:
        html = _decode_declared(body, ctype, where)
    except IngestError as err:
        return err
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawRecord(where, path, "warc", html=html, meta={"url": url} if url else {}, single=False)


class _LineGuard(io.RawIOBase):
    """A decompressed WARC stream that refuses to run on without a line break past `limit` bytes:
    warcio reads a record header line whole, so a file of zeros would otherwise fill the memory
    (a 4 MB .warc.gz of zeros is 4 GB of one "line"). Record bodies are read in bounded blocks."""

    def __init__(self, stream: IO[bytes], limit: int, path: Path) -> None:
        self.stream, self.limit, self.path = stream, limit, path
        self.run = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        newline = data.rfind(b"\n")
        self.run = len(data) - newline - 1 if newline >= 0 else self.run + len(data)
        if self.run > self.limit:
            raise IngestError(str(self.path), f"malformed WARC: no line break in over {_mb(self.limit)}")
        return data


def _guarded(records: ArchiveIterator, path: Path) -> Iterator[Any]:
    try:
        yield from records
    except ArchiveLoadFailed as err:
        raise IngestError(str(path), f"malformed WARC: {err}") from None
    except (EOFError, zlib.error, gzip.BadGzipFile, ValueError) as err:
        raise IngestError(str(path), f"truncated or corrupt WARC: {err or type(err).__name__}") from None


def _warc_problem(record: Any, path: Path, complaints: io.StringIO) -> str | None:
    said = complaints.getvalue().strip()
    if said:
        complaints.seek(0)
        complaints.truncate()
        return said.splitlines()[0].replace("WARNING: ", "")
    if record.format == "arc" and not path.name.lower().endswith((".arc", ".arc.gz")):
        return "not a WARC record"
    length = record.rec_headers.get_header("Content-Length")
    if record.format.startswith("warc") and not (length or "").isdigit():
        return f"invalid Content-Length {length!r}"
    return None


def _decode_declared(body: bytes, content_type: str, where: str) -> str:
    """Decode with the charset the server declared, falling back to detection."""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                return body.decode(value.strip("\"' "))
            except (LookupError, UnicodeDecodeError):
                break
    return decode_text(body, where, repair=False)
