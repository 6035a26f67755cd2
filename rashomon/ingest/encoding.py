"""Bytes to text: refuse binaries, detect the encoding, repair mojibake.

Order matters: byte-order marks are certain, UTF-8 is by far the most common, and statistical
detection (charset-normalizer) is the fallback for legacy code pages such as cp1251. ftfy then
repairs text that was decoded with the wrong code page before it reached us ("Russiaâ€™s").
"""

from __future__ import annotations

import codecs

import charset_normalizer
import ftfy

from rashomon.ingest.errors import IngestError

# Magic numbers of formats people drop into a corpus folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3", "SQLite database"),
    (b"RIFF", "audio/video file"),
    (b"\x1a\x45\xdf\xa3", "video file"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_FIX_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # plain text may legitimately mention "&amp;"
    uncurl_quotes=False,  # curly quotes carry information for the quotation layer
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
)


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file `data` starts like, or None if it may be text."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[8:12] == b"DUCK":  # DuckDB puts its magic after an 8-byte checksum
        return "DuckDB database"
    return None


def decode_text(data: bytes, source: str, repair: bool = True) -> str:
    """Decode `data` to text or raise `IngestError` naming `source` and the reason.

    With `repair`, mojibake is fixed too; HTML is decoded without it, and its extracted text is
    repaired instead (`repair_text`), which is far smaller than the page.
    """
    encoding, errors = text_encoding(data, source)
    text = data.decode(encoding, errors=errors)
    return repair_text(text) if repair else text


def text_encoding(data: bytes, source: str) -> tuple[str, str]:
    """The encoding of `data` and how to treat bytes that do not fit it ("strict" or "replace"), or
    `IngestError` for an empty or binary input. `data` may be the head of a longer stream."""
    if not data.strip():
        raise IngestError(source, "empty file")
    kind = sniff_binary(data)
    if kind:
        raise IngestError(source, f"binary file ({kind}), not text")
    encoding, errors = _encoding(data, source)
    if _control_share(data[:20000].decode(encoding, errors="replace")) > 0.05:
        raise IngestError(source, "binary file (control characters), not text")
    return encoding, errors


def repair_text(text: str) -> str:
    """Undo mojibake ("Russiaâ€™s" → "Russia’s") and normalise to NFC."""
    return ftfy.fix_text(text, _FIX_CONFIG)


def _encoding(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(encoding)
            except UnicodeDecodeError as err:
                raise IngestError(source, f"invalid {encoding} after its byte-order mark: {err.reason}") from None
            return encoding, "strict"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, "replace"
    if b"\x00" in data[:65536]:
        raise IngestError(source, "binary file (NUL bytes), not text")
    try:
        data.decode("utf-8")
        return "utf-8", "strict"
    except UnicodeDecodeError:
        pass
    # A few stray bytes in otherwise valid UTF-8 are damage to repair, not another encoding.
    lenient = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in lenient if ord(ch) > 127)
    if lenient.count("\ufffd") <= max(2, 0.01 * non_ascii):
        return "utf-8", "replace"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError(source, "cannot decode: no plausible text encoding")
    return best.encoding, "replace"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for ASCII-range characters."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(sample)
