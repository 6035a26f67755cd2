"""Which lines of a copied web page are the article: a small logistic model over layout and wording.

The rules of `data/web_chrome.toml` take out the chrome they name (share buttons, "Related stories",
comment openers). What no list names — a site's menu, teaser headlines of other stories, reader
comments without an opener, a calendar widget — still looks different from an article's prose once
each line is seen in its page: short lines in long runs, far from the block of prose, ending without
a full stop, full of capitals and digits. This model scores each line from such features:

    paragraphs → per-page context (prose block, runs of short lines, comment handles) → features
               → logistic(w · x + b) → the best contiguous stretch of likely body → body lines

A second logistic model picks the headline among the lines around the body's start. The weights of
both are data (data/chrome_lines.json), trained by bench/train_chrome_lines.py on the dev halves of the
article-extraction and trafilatura-eval pages as a browser copies them; nothing but numpy runs here.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import Pattern
from statistics import median
from typing import Any

from rashomon.logistic import Logistic

SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
PROSE_MIN_WORDS = 15
SHORT_MAX_WORDS = 6
WORDING_MAX_WORDS = 12  # wording features only for lines this short: prose is judged by its shape
# "jdoe says:", "Maria K. wrote:" — a reader's handle over a comment
COMMENT_HANDLE = re.compile(r"^\S+(?: \S+){0,2} (?:says|said|wrote|writes|replied)\s*:?$", re.IGNORECASE)
TIMESTAMP = re.compile(
    r"\b\d{1,2}:\d\d\s*(?:am|pm)?\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:\d+ )?(?:minutes?|hours?|days?) ago\b",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z])")
CREDIT = re.compile(r"\([^()]{2,60}\)\.?$")  # "… (Photo: Agency)"
SYMBOLS = re.compile(r"[|•·©@#»›«‹/\\]")
LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w|\.(?:com|org|net)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")


@dataclass
class _Page:
    """What every line's features read about the page it stands in."""

    words: list[int]
    prose: list[bool]
    block: tuple[int, int]  # first and last paragraph of the main stretch of prose
    total_words: int
    median_words: float
    counts: Counter[str]


def _page(paras: list[str]) -> _Page:
    words = [len(p.split()) for p in paras]
    prose = [n >= PROSE_MIN_WORDS and bool(SENTENCE_END.search(p)) for p, n in zip(paras, words, strict=True)]
    # The main block: the stretch where prose outweighs the short lines between its paragraphs.
    gains = [n if is_prose else -min(n, SHORT_MAX_WORDS) - 2 for n, is_prose in zip(words, prose, strict=True)]
    return _Page(words, prose, _best_stretch(gains), sum(words), median(words) if words else 0.0, Counter(paras))


def _best_stretch(gains: list[float]) -> tuple[int, int]:
    """The contiguous stretch of greatest total gain (Kadane); (0, -1) when nothing gains."""
    best, current, start, span = 0.0, 0.0, 0, (0, -1)
    for i, gain in enumerate(gains):
        if current <= 0:
            current, start = 0.0, i
        current += gain
        if current > best:
            best, span = current, (start, i)
    return span


def _own_features(p: str, n: int, tokens: list[str], letters: list[str], median_words: float) -> dict[str, float]:
    """What a paragraph's own text looks like: its length, ends, case, digits and marks."""
    return {
        "words": math.log1p(n),
        "relative_length": math.log1p(n) - math.log1p(median_words),
        "chars_per_word": min(len(p) / max(n, 1), 15.0) / 10,
        "ends_sentence": float(bool(SENTENCE_END.search(p))),
        "ends_colon": float(p.endswith(":")),
        "ends_with_credit": float(bool(CREDIT.search(p))),
        "starts_with_bullet": float(bool(re.match(r"[-–•*»›·>]", p))),
        "all_capitals": float(p.isupper()),
        "capitalised_share": sum(t[:1].isupper() for t in tokens) / max(n, 1),
        "lowercase_share": sum(t.islower() for t in letters) / max(len(letters), 1),
        "digit_share": sum(any(c.isdigit() for c in t) for t in tokens) / max(n, 1),
        "short_word_share": sum(len(t) <= 3 for t in letters) / max(len(letters), 1),
        "symbols": min(len(SYMBOLS.findall(p)) / max(n, 1), 1.0),
        "link": float(bool(LINK.search(p))),
        "quotation_mark": float(bool(re.search(r"[\"“”«»„]", p))),
        "comma_rate": min(p.count(",") / max(n, 1), 1.0),
        "timestamp": float(bool(TIMESTAMP.search(p))),
        "comment_handle": float(bool(COMMENT_HANDLE.match(p))),
    }


def line_features(paras: list[str]) -> list[dict[str, float]]:
    """The features of each paragraph of a copied page, in the page's order."""
    page = _page(paras)
    handles = 0
    words_before = 0
    prose_before = 0
    prose_total = sum(n for n, is_prose in zip(page.words, page.prose, strict=True) if is_prose)
    features = []
    for i, p in enumerate(paras):
        n = page.words[i]
        tokens = p.split()
        letters = WORD.findall(p)
        first, last = page.block
        previous_headline = i > 0 and _headline_like(paras[i - 1], page.words[i - 1])
        next_headline = i + 1 < len(paras) and _headline_like(paras[i + 1], page.words[i + 1])
        f: dict[str, float] = {
            **_own_features(p, n, tokens, letters, page.median_words),
            "handles_before": math.log1p(handles),
            "position": i / max(len(paras) - 1, 1),
            "words_before_share": words_before / max(page.total_words, 1),
            "prose_before": math.log1p(prose_before),
            "prose_after": math.log1p(prose_total - prose_before - (n if page.prose[i] else 0)),
            "previous_words": math.log1p(page.words[i - 1]) if i else 0.0,
            "next_words": math.log1p(page.words[i + 1]) if i + 1 < len(paras) else 0.0,
            "previous_prose": float(i > 0 and page.prose[i - 1]),
            "next_prose": float(i + 1 < len(paras) and page.prose[i + 1]),
            "previous_headline_like": float(previous_headline),
            "next_headline_like": float(next_headline),
            "between_headline_like": float(previous_headline and next_headline),
            "sentences": math.log1p(len(SENTENCE_BREAK.findall(p)) + 1),
            "short_run": math.log1p(_short_run(page.words, i)) if n <= SHORT_MAX_WORDS else 0.0,
            "repeated": float(page.counts[p] > 1),
            "in_prose_block": float(first <= i <= last),
            "distance_from_block": math.log1p(first - i if i < first else i - last if i > last else 0),
        }
        if n <= WORDING_MAX_WORDS:
            for word in {w.lower() for w in letters}:
                f[f"word={word}"] = 1.0
            if letters:
                f[f"first_word={letters[0].lower()}"] = 1.0
        features.append(f)
        handles += bool(COMMENT_HANDLE.match(p))
        words_before += n
        prose_before += n if page.prose[i] else 0
    return features


HEADLINE_WINDOW = 12  # lines above the body's first line where the headline is looked for
DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)[a-zäé]*|\b\d{4}\b",
    re.IGNORECASE,
)


def headline_features(
    paras: list[str], body: list[bool], roles: list[str], byline: Pattern[str]
) -> list[tuple[int, dict[str, float]]]:
    """The lines around the body's start that could be the headline (not in a comment thread), each with
    its features: how far from the body, its shape, the role the rules gave it (they may take a headline
    for a caption), and how many of its words the first body paragraph repeats (a lede retells its
    headline)."""
    first = next((i for i, keep in enumerate(body) if keep), len(paras))
    lede = {w.lower() for w in WORD.findall(paras[first])} if first < len(paras) else set()
    candidates = []
    for i in range(max(0, first - HEADLINE_WINDOW), min(len(paras), first + 2)):
        p = paras[i]
        n = len(p.split())
        if roles[i] == "comments" or not 0 < n <= 40:
            continue
        content = {w.lower() for w in WORD.findall(p) if len(w) > 3}
        candidates.append(
            (
                i,
                {
                    "distance": math.log1p(abs(first - i)),
                    "in_body": float(i >= first),
                    "words": math.log1p(n),
                    "headline_length": float(2 <= n <= 15),
                    "ends_full_stop": float(bool(re.search(r"\.[\"'”’»)\]]*$", p))),
                    "ends_question_or_exclamation": float(p.endswith(("?", "!"))),
                    "date": float(bool(DATE_WORDS.search(p))),
                    "timestamp": float(bool(TIMESTAMP.search(p))),
                    "byline": float(bool(byline.fullmatch(p))),
                    "capitalised_share": sum(t[:1].isupper() for t in p.split()) / n,
                    "all_capitals": float(p.isupper()),
                    "digit_share": sum(any(c.isdigit() for c in t) for t in p.split()) / n,
                    "symbols": min(len(SYMBOLS.findall(p)) / n, 1.0),
                    "separator": float(bool(re.search(r"\s[|–—-]\s|\|", p))),
                    "colon": float(":" in p),
                    "repeated": float(paras.count(p) > 1),
                    "inside_another_line": float(any(p in q and q != p for q in paras)),
                    "lede_overlap": len(content & lede) / max(len(content), 1),
                    "ends_with_credit": float(bool(CREDIT.search(p))),
                    f"rules_role={roles[i]}": 1.0,
                },
            )
        )
    return candidates


def _headline_like(p: str, words: int) -> bool:
    """A line that could head a teaser: a few words, no full stop."""
    return 2 <= words <= 15 and not SENTENCE_END.search(p)


def _short_run(words: list[int], i: int) -> int:
    """How many short lines in a row surround line i (itself included)."""
    start = i
    while start > 0 and words[start - 1] <= SHORT_MAX_WORDS:
        start -= 1
    end = i
    while end + 1 < len(words) and words[end + 1] <= SHORT_MAX_WORDS:
        end += 1
    return end - start + 1


@dataclass(frozen=True, eq=False)
class ChromeLineModel:
    """The two judgements on a copied page: which lines are body (`lines`) and which is the headline.

    A line is body when it lies in the page's best stretch of likely body — the contiguous lines of
    greatest total (probability − `threshold`) × √words — and scores at least `inner_threshold`
    there; a line outside that stretch is chrome whatever it scores. Under `min_words` words of body so
    judged, the rules' body stands; and a text with fewer than `min_short_lines` `short_lines`, or fewer
    than `min_leading_short_lines` of them above its first paragraph of prose, is no copied page, so the
    model does not judge it. The headline is the likeliest of the lines around the
    body's start (`headline_features`) when it scores at least `headline_threshold` (`pick_headline`).
    """

    lines: Logistic
    threshold: float
    inner_threshold: float
    min_words: int
    min_short_lines: int
    min_leading_short_lines: int
    headline_lines: Logistic
    headline_threshold: float
    headline_margin: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def copied_page(self, paras: list[str]) -> bool:
        """Enough short lines, and enough of them above the first paragraph of prose (a site's header),
        for the text to be a copied page rather than an article that arrived clean."""
        return short_lines(paras) >= self.min_short_lines and leading_short_lines(paras) >= self.min_leading_short_lines

    def probabilities(self, paras: list[str]) -> list[float]:
        """Each paragraph's probability of being the article's body."""
        return [self.lines.probability(features) for features in line_features(paras)]

    def body_lines(self, paras: list[str], candidates: list[bool]) -> list[bool]:
        """Which paragraphs are body, among the `candidates` the rules left in the body."""
        return select_body(
            paras, self.probabilities(paras), candidates, self.threshold, self.inner_threshold, self.min_words
        )

    def headline(self, paras: list[str], body: list[bool], roles: list[str], byline: Pattern[str]) -> int | None:
        """The paragraph that is the page's headline, or None to leave the rules' choice."""
        candidates = headline_features(paras, body, roles, byline)
        scored = [(self.headline_lines.probability(f), i) for i, f in candidates]
        rules_title = roles.index("title") if "title" in roles else None
        return pick_headline(scored, rules_title, self.headline_threshold, self.headline_margin)


def pick_headline(
    scored: list[tuple[float, int]], rules_title: int | None, threshold: float, margin: float
) -> int | None:
    """The likeliest line, if it scores at least `threshold`; but the rules' headline when it scores
    within `margin` of that line (the explainable choice, where the model barely differs)."""
    best = max(scored, default=None)
    if best is None or best[0] < threshold:
        return None
    rules_score = next((p for p, i in scored if i == rules_title), None)
    return rules_title if rules_score is not None and rules_score >= best[0] - margin else best[1]


def short_lines(paras: list[str]) -> int:
    """Lines of a few words that end without a full stop: menu items, teaser headlines, widget labels."""
    return sum(len(p.split()) <= SHORT_MAX_WORDS and not SENTENCE_END.search(p) for p in paras)


def leading_short_lines(paras: list[str]) -> int:
    """The short lines above the first paragraph of prose."""
    count = 0
    for p in paras:
        words = len(p.split())
        if words >= PROSE_MIN_WORDS and SENTENCE_END.search(p):
            break
        count += words <= SHORT_MAX_WORDS and not SENTENCE_END.search(p)
    return count


def select_body(
    paras: list[str],
    probabilities: list[float],
    candidates: list[bool],
    threshold: float,
    inner_threshold: float,
    min_words: int,
) -> list[bool]:
    """The candidates in the best stretch of likely body that score at least `inner_threshold`; all the
    candidates when that leaves fewer than `min_words` words (a page of lists and tables, no prose,
    looks like chrome throughout: better the rules' body than none)."""
    gains = [
        (p - threshold) * math.sqrt(max(len(text.split()), 1)) if keep else 0.0
        for p, text, keep in zip(probabilities, paras, candidates, strict=True)
    ]
    first, last = _best_stretch(gains)
    chosen = [
        keep and first <= i <= last and p >= inner_threshold
        for i, (p, keep) in enumerate(zip(probabilities, candidates, strict=True))
    ]
    kept_words = sum(len(text.split()) for text, keep in zip(paras, chosen, strict=True) if keep)
    return chosen if kept_words >= min_words else list(candidates)


def read_chrome_line_model(path: Path) -> ChromeLineModel:
    """The model in a weights file, or `ValueError` naming the file and what is wrong with it."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        body, headline = raw["body"], raw["headline"]
        return ChromeLineModel(
            Logistic.from_dict(body),
            float(body["threshold"]),
            float(body["inner_threshold"]),
            int(body["min_words"]),
            int(body["min_short_lines"]),
            int(body["min_leading_short_lines"]),
            Logistic.from_dict(headline),
            float(headline["threshold"]),
            float(headline["margin"]),
            metadata=raw.get("metadata", {}),
        )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{path}: not a chrome-line model: {err}") from None


@lru_cache(maxsize=1)
def bundled_chrome_line_model() -> ChromeLineModel:
    with resources.as_file(resources.files("rashomon.ingest").joinpath("data/chrome_lines.json")) as path:
        return read_chrome_line_model(path)
