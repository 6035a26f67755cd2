"""Quotation marks: pair them paragraph by paragraph into quoted spans, whatever the style.

Curly (“…” ‘…’), straight ("…" '…'), low-high („…“) and guillemets («…» ‹…›) all pair within their
family; single marks nest inside double ones and the reverse. An apostrophe (Russia’s, don't, the
Palestinians’ rights) is told from a closing single quote by what stands on either side of it.

Real pages are not always balanced, so each paragraph gets its best reading and nothing spills
over into the next one:
- an opener that never closes runs to the end of its paragraph, and the next paragraph continues it
  when that one re-opens a quote at its start (the convention for multi-paragraph quotations);
- a double opener starting a sentence while a double quotation is open ends that one unclosed:
  double marks never nest in their own kind, so its closer was lost or paragraphs were run together;
- any other opener of the kind already open, with too few closers left in the paragraph to close
  both, is a stray and is dropped (“are trying to … continues to… “The longest occupation.”);
- a closer with no opener is dropped, unless it ends a quotation carried over from the previous
  paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE, SINGLE, GUILLEMET, SINGLE_GUILLEMET = "double", "single", "guillemet", "single-guillemet"
OPENING_CONTEXT = set(" \t\n([{—–-/") | {""}
CLOSING_CONTEXT = set(" \t\n)]}.,;:!?—–-/…") | {""}
QUOTE_CHARACTER = re.compile("[\"'“”„‟«»‹›‘’‚]")


@dataclass
class QuotedSpan:
    """Text between a pair of quotation marks: `start`/`end` are the content's character offsets."""

    start: int
    end: int
    family: str
    closed: bool = True  # False: the paragraph ended before a closing mark
    continued: bool = False  # re-opens, or closes, a quotation left open in the previous paragraph
    inner: list[QuotedSpan] = field(default_factory=list)  # quotes nested in this one


@dataclass
class _Mark:
    pos: int
    family: str
    side: str  # open | close | either


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: the clean text keeps one paragraph per line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def quoted_spans(text: str) -> list[QuotedSpan]:
    """The outermost quoted spans of `text`, paragraph by paragraph, with their nested quotes."""
    spans: list[QuotedSpan] = []
    carried = False  # the previous paragraph ended inside a quotation
    for start, end in paragraphs(text):
        found, carried = _pair_paragraph(text, start, end, carried)
        spans += found
    return spans


def _closers_after(marks: list[_Mark]) -> list[dict[str, int]]:
    """[k][family]: closers (or either-way marks) of that family after mark k, for the stray-opener test
    without rescanning the paragraph at every opener."""
    closers_after: list[dict[str, int]] = [{}] * (len(marks) + 1)
    for k in range(len(marks) - 1, -1, -1):
        counts = dict(closers_after[k + 1])
        if marks[k].side != "open":
            counts[marks[k].family] = counts.get(marks[k].family, 0) + 1
        closers_after[k] = counts
    return closers_after


def _pair_paragraph(text: str, start: int, end: int, carried: bool) -> tuple[list[QuotedSpan], bool]:
    marks = [m for found in QUOTE_CHARACTER.finditer(text, start, end) if (m := _mark(text, found.start()))]
    closers_after = _closers_after(marks)
    leading = text[start:end].lstrip()
    reopens = bool(marks) and marks[0].side != "close" and leading[:1] == text[marks[0].pos]
    stack: list[tuple[_Mark, list[QuotedSpan]]] = []
    open_count: dict[str, int] = {}  # openers on the stack per family
    top: list[QuotedSpan] = []
    for k, mark in enumerate(marks):
        side = mark.side
        if side == "either":
            side = "close" if open_count.get(mark.family) else "open"
        if side == "close":
            depth = None
            if open_count.get(mark.family):
                depth = next(d for d in range(len(stack) - 1, -1, -1) if stack[d][0].family == mark.family)
            if depth is None:
                if carried and not top and not stack and mark.family in (DOUBLE, GUILLEMET):
                    # The quotation left open in the previous paragraph ends here.
                    top.append(QuotedSpan(_skip_space(text, start, mark.pos), mark.pos, mark.family, continued=True))
                    carried = False
                continue  # an apostrophe or a stray closer
            opener, inner = stack[depth]
            for dropped, _ in stack[depth:]:  # openers above it never closed: strays
                open_count[dropped.family] -= 1
            del stack[depth:]
            span = QuotedSpan(opener.pos + 1, mark.pos, mark.family, inner=inner)
            span.continued = carried and opener.pos == marks[0].pos and reopens
            (stack[-1][1] if stack else top).append(span)
            continue
        open_same = open_count.get(mark.family, 0)
        closers_left = closers_after[k + 1].get(mark.family, 0)
        if open_same and _starts_sentence(text, mark) and len(stack) == 1:
            # A double quotation never nests in one of its own kind: a second opener starting a sentence
            # means the open one was left unclosed, as when paragraphs of a long quotation were run
            # together ("… advantage. “That area is …”, Fowler said") or a closing mark was lost.
            opener, inner = stack.pop()
            open_count[mark.family] = open_same = 0
            top.append(QuotedSpan(opener.pos + 1, _trim_end(text, mark.pos), opener.family, closed=False, inner=inner))
        if open_same and closers_left < open_same + 1:
            continue  # a stray opener: too few closers left to close it and the open one
        if mark.family == SINGLE and not closers_left:
            continue  # an opening single mark with nothing to close it is an apostrophe (’tis, ’90s)
        stack.append((mark, []))
        open_count[mark.family] = open_same + 1
    left_open = False
    if stack:
        opener, inner = stack[0]  # the outermost unclosed quote runs to the end of the paragraph
        if opener.family in (DOUBLE, GUILLEMET):
            span = QuotedSpan(opener.pos + 1, _trim_end(text, end), opener.family, closed=False, inner=inner)
            span.continued = carried and opener.pos == marks[0].pos and reopens
            top.append(span)
            left_open = True
        else:
            top += inner
    return sorted(top, key=lambda s: s.start), left_open


def _mark(text: str, i: int) -> _Mark | None:
    ch = text[i]
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch in "“„‟":
        # Some pages close with “; it is a closer when a word ends right before it and nothing follows.
        if ch == "“" and before and not before.isspace() and before not in "([{—–-" and after in CLOSING_CONTEXT:
            return _Mark(i, DOUBLE, "close")
        return _Mark(i, DOUBLE, "open")
    if ch == "”":
        if before in OPENING_CONTEXT and after.isalnum():
            return _Mark(i, DOUBLE, "open")  # a page that uses ” for both ends
        return _Mark(i, DOUBLE, "close")
    if ch == '"':
        return _Mark(i, DOUBLE, _flanking(before, after))
    if ch == "«":
        return _Mark(i, GUILLEMET, "open")
    if ch == "»":
        return _Mark(i, GUILLEMET, "close")
    if ch == "‹":
        return _Mark(i, SINGLE_GUILLEMET, "open")
    if ch == "›":
        return _Mark(i, SINGLE_GUILLEMET, "close")
    if ch in "‘‚":
        if before.isalnum() and after.isalnum():
            return None  # an apostrophe typed as an opening mark
        return _Mark(i, SINGLE, "open")
    if ch in "’'":
        if before.isalnum() and after.isalnum():
            return None  # don't, Russia’s
        side = _flanking(before, after)
        if side == "open" and ch == "’":
            return None  # ’tis, ’90s
        if side == "either":
            return None
        return _Mark(i, SINGLE, side)
    return None


def _starts_sentence(text: str, mark: _Mark) -> bool:
    """A double opening mark after a full stop, question or exclamation mark and a space."""
    before = text[: mark.pos].rstrip()
    return mark.side == "open" and mark.family in (DOUBLE, GUILLEMET) and before[-1:] in (".", "!", "?")


def _flanking(before: str, after: str) -> str:
    opens = before in OPENING_CONTEXT or before in "“‘«"
    closes = after in CLOSING_CONTEXT or after in "”’»"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
