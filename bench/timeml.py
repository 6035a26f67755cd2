"""Readers of the TimeML gold corpora in ``../shared/bench-data/time``: TempEval-3 (tags stripped from
<TEXT>) and MEANTIME (tokens joined back into text), each document with its creation date and gold TIMEX3
spans. Shared by the temporal benchmark and the claim benchmark's news stories."""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

TAG_RE = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>|([^<]+)")
ATTR_RE = re.compile(r'([A-Za-z_]+)="([^"]*)"')
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "n't", "%", "'", "'re", "'ve", "'ll", "'d"}
NO_SPACE_AFTER = {"(", "[", "$"}
ANNOTATED_SENTENCES = 5  # MEANTIME's last annotated sentence number


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    anchored: bool = False


@dataclass
class BenchDoc:
    name: str
    text: str
    dct: datetime.date | None
    gold: list[GoldTimex]
    skip: list[tuple[int, int]] = field(default_factory=list)  # spans (the DCT) left out of gold and system


def parse_date(value: str | None) -> datetime.date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    return datetime.date(*map(int, match.groups())) if match else None


# --------------------------------------------------------------------------- TempEval-3


def read_te3(path: Path) -> BenchDoc:
    """Plain text of <TEXT> (tags stripped, entities unescaped) with the gold TIMEX3 spans in it."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    dct = parse_date(dict(ATTR_RE.findall(dct_match.group(1))).get("value")) if dct_match else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    parts: list[str] = []
    offset = 0
    open_timexes: list[dict[str, Any]] = []
    gold: list[GoldTimex] = []
    for match in TAG_RE.finditer(body):
        closing, tag, attrs, _selfclosing, chunk = match.groups()
        if chunk is not None:
            text = html.unescape(chunk)
            parts.append(text)
            offset += len(text)
        elif tag == "TIMEX3" and not closing:
            open_timexes.append({**dict(ATTR_RE.findall(attrs)), "start": offset})
        elif tag == "TIMEX3" and closing:
            attributes = open_timexes.pop()
            if attributes.get("functionInDocument") != "CREATION_TIME":
                gold.append(
                    GoldTimex(attributes["start"], offset, attributes.get("type", "").lower(), attributes["value"])
                )
    return BenchDoc(path.name, "".join(parts), dct, gold)


# --------------------------------------------------------------------------- MEANTIME


def detokenise(tokens: list[tuple[str, str, int]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Join (t_id, text, sentence) tokens into text; map each t_id to its character span."""
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    offset = 0
    previous_sentence: int | None = None
    previous_text = ""
    for t_id, text, sentence in tokens:
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sep = "\n\n" if previous_sentence < 2 else "\n"
            elif text in NO_SPACE_BEFORE or previous_text in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            out.append(sep)
            offset += len(sep)
        spans[t_id] = (offset, offset + len(text))
        out.append(text)
        offset += len(text)
        previous_sentence, previous_text = sentence, text
    return "".join(out), spans


def is_relative(text: str, type_: str, value: str) -> bool:
    """A DATE/TIME whose value names a year that the expression itself does not spell out."""
    return type_ in {"date", "time"} and bool(re.match(r"\d{4}", value)) and not re.search(r"\d{4}|'\d\d", text)


def read_meantime(path: Path) -> BenchDoc:
    root = ElementTree.parse(path).getroot()
    tokens = [(t.get("t_id", ""), t.text or "", int(t.get("sentence", "0"))) for t in root.iter("token")]
    text, spans = detokenise(tokens)
    dct: datetime.date | None = None
    gold: list[GoldTimex] = []
    skip: list[tuple[int, int]] = []
    for timex in root.iter("TIMEX3"):
        ids = [anchor.get("t_id", "") for anchor in timex.iter("token_anchor")]
        if not ids:  # non-text-consuming timex
            continue
        start, end = spans[ids[0]][0], spans[ids[-1]][1]
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = parse_date(timex.get("value"))
            skip.append((start, end))
            continue
        type_, value = (timex.get("type") or "").lower(), timex.get("value") or ""
        anchor = timex.get("anchorTimeID") or ""
        anchored = bool(anchor and anchor != timex.get("m_id")) or is_relative(text[start:end], type_, value)
        gold.append(GoldTimex(start, end, type_, value, anchored))
    # MEANTIME annotates the title, the dateline and the first four sentences (sentences 0-5) only.
    annotated = [spans[t_id][1] for t_id, _, sentence in tokens if sentence <= ANNOTATED_SENTENCES]
    if annotated and max(annotated) < len(text):
        skip.append((max(annotated), len(text)))
    gold = [g for g in gold if not any(overlaps(g.start, g.end, s, e) for s, e in skip)]
    return BenchDoc(path.name, text, dct, gold, skip)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end
