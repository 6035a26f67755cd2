"""Bytes to text: encodings are detected and repaired; binaries are refused with a reason."""

from __future__ import annotations

import codecs

import pytest

from rashomon.ingest.encoding import decode_text
from rashomon.ingest.errors import IngestError

RUSSIAN = "Министр иностранных дел заявил, что переговоры о проливе продолжатся на следующей неделе."
ENGLISH = "The minister’s statement on the strait was read out in full at the Amber Palace on Monday."


def test_utf8_passes_through_with_curly_quotes_kept():
    assert decode_text(ENGLISH.encode("utf-8"), "a.txt") == ENGLISH


def test_cp1251_is_detected():
    text = " ".join([RUSSIAN] * 3)
    assert decode_text(text.encode("cp1251"), "ru.txt") == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks(codec):
    data = ENGLISH.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_text(data, "bom.txt") == ENGLISH


def test_utf16_without_bom():
    assert decode_text(ENGLISH.encode("utf-16-le"), "le.txt") == ENGLISH


def test_mojibake_is_repaired():
    broken = ENGLISH.encode("utf-8").decode("cp1252")  # "ministerâ€™s"
    assert "â€™" in broken
    assert decode_text(broken.encode("utf-8"), "moji.txt") == ENGLISH


def test_a_stray_byte_in_utf8_is_damage_not_another_encoding():
    data = ENGLISH.encode("utf-8") + b" \xff " + RUSSIAN.encode("utf-8")
    text = decode_text(data, "stray.txt")
    assert RUSSIAN in text and ENGLISH in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"text\x00with\x00\x00\x00nul bytes\x00\x01\x02 in it" * 10, "binary file"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(IngestError) as err:
        decode_text(data, "bad.bin")
    assert err.value.source == "bad.bin"
    assert reason in err.value.reason
