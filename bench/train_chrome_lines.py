"""Train the chrome-line model (rashomon/ingest/chrome_lines.py) on the dev half of the article pages.

Each dev page of ``article-extraction/`` (ids whose sha1 starts with 0-7; bench/plaintext.py scores
the other half) is copied as a browser copies it (bench/pagecopy.py) and split into paragraphs as
ingest splits them. A paragraph is body when at least half of its 4-token shingles are in the page's
gold article body (a paragraph under four tokens: when its tokens occur in that order in the gold).

A logistic regression over `line_features` is fitted. Wording features (`word=…`, `first_word=…`)
are kept only when they occur on at least `MIN_PAGES` training pages, so no single site's words are
learnt. C, the stretch threshold and the inner threshold are chosen by 5-fold cross-validation
grouped by page, for the best F1 of bench/plaintext.py's metric (per-page shingle precision and
recall of the cleaned body, averaged over pages), the rules of web_chrome.toml applied first as at
run time.

Run from the project root:  python bench/train_chrome_lines.py   → rashomon/ingest/data/chrome_lines.json
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from common import BENCH_DATA, half_of
from extract import TOKEN_RE, as_list, f1, precision_recall
from pagecopy import copied_texts
from plaintext import article_pages, traf_pages
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from rashomon.ingest.chrome_lines import line_features, select_body, short_lines
from rashomon.ingest.plaintext import BODY, ChromeRules, rule_roles, split_paragraphs

OUT = Path(__file__).resolve().parents[1] / "rashomon" / "ingest" / "data" / "chrome_lines.json"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
INNER_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4)
MIN_WORDS = (0, 25, 50, 100, 200)
MIN_SHORT_LINES = (0, 4, 8, 12, 16)
FOLDS = 5
MIN_PAGES = 5
USE_SNIPPETS = True
WORDING = ("word=", "first_word=")


@dataclass
class Page:
    key: str
    gold: str
    paras: list[str]
    candidates: list[bool]  # left in the body by the rules
    features: list[dict[str, float]]
    labels: list[bool]


def body_labels(paras: list[str], gold: str) -> list[bool]:
    tokens = TOKEN_RE.findall(gold)
    shingles = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    joined = f" {' '.join(tokens)} "
    labels = []
    for p in paras:
        mine = TOKEN_RE.findall(p)
        if len(mine) >= 4:
            own = [tuple(mine[i : i + 4]) for i in range(len(mine) - 3)]
            labels.append(sum(s in shingles for s in own) >= 0.5 * len(own))
        else:
            labels.append(bool(mine) and f" {' '.join(mine)} " in joined)
    return labels


def dev_pages(rules: ChromeRules) -> list[Page]:
    html, gold = article_pages(BENCH_DATA / "article-extraction")
    dev = {k: v for k, v in html.items() if half_of(k) == "dev"}
    copies = copied_texts(dev.items())
    pages = []
    for key in sorted(dev):
        paras = split_paragraphs(copies[key])
        candidates = [role == BODY for role in rule_roles(paras, rules)]
        pages.append(Page(key, gold[key], paras, candidates, line_features(paras), body_labels(paras, gold[key])))
    return pages


def snippet_pages(rules: ChromeRules) -> list[Page]:
    """The dev half of trafilatura-eval, labelled where its snippets say: a paragraph holding a snippet
    that must stay is body, one holding a snippet that must go is chrome; the rest are left out."""
    html, gold = traf_pages(BENCH_DATA / "trafilatura-eval")
    dev = {k: v for k, v in html.items() if half_of(k) == "dev"}
    copies = copied_texts(dev.items())
    pages = []
    for key in sorted(dev):
        paras = split_paragraphs(copies[key])
        wanted, unwanted = as_list(gold[key].get("with")), as_list(gold[key].get("without"))
        features, labels = [], []
        for f, p in zip(line_features(paras), paras, strict=True):
            inside, outside = any(w in p for w in wanted), any(u in p for u in unwanted)
            if inside != outside:
                features.append(f)
                labels.append(inside)
        if labels:
            pages.append(Page(key, "", [], [], features, labels))
    return pages


def common_wording(pages: list[Page]) -> set[str]:
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({name for f in page.features for name in f if name.startswith(WORDING)})
    return {name for name, n in seen.items() if n >= MIN_PAGES}


def rows(pages: list[Page], wording: set[str]) -> list[dict[str, float]]:
    def known(f: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in f.items() if not k.startswith(WORDING) or k in wording}

    return [known(f) for page in pages for f in page.features]


def fit(pages: list[Page], c: float) -> tuple[DictVectorizer, LogisticRegression, set[str]]:
    wording = common_wording(pages)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows(pages, wording))
    y = numpy.array([label for page in pages for label in page.labels])
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    return vectorizer, model, wording


def probabilities(pages: list[Page], fitted: tuple[DictVectorizer, LogisticRegression, set[str]]) -> list[list[float]]:
    vectorizer, model, wording = fitted
    flat = model.predict_proba(vectorizer.transform(rows(pages, wording)))[:, 1]
    out, at = [], 0
    for page in pages:
        out.append(list(flat[at : at + len(page.features)]))
        at += len(page.features)
    return out


def page_scores(
    pages: list[Page], probs: list[list[float]], threshold: float, inner: float, min_words: int, min_short: int
) -> tuple[float, float]:
    pairs = []
    for page, p in zip(pages, probs, strict=True):
        if short_lines(page.paras) < min_short:
            keep = page.candidates
        else:
            keep = select_body(page.paras, p, page.candidates, threshold, inner, min_words)
        pairs.append(precision_recall(page.gold, "\n\n".join(t for t, k in zip(page.paras, keep, strict=True) if k)))
    return statistics.mean(a for a, _ in pairs), statistics.mean(b for _, b in pairs)


def cross_validate(pages: list[Page], extra: list[Page]) -> list[dict[str, Any]]:
    groups = [page.key for page in pages]
    folds = list(GroupKFold(FOLDS).split(pages, groups=groups))
    results = []
    for c in C_GRID:
        oof: list[list[float]] = [[] for _ in pages]
        for train, test in folds:
            fitted = fit([pages[i] for i in train] + extra, c)
            for i, p in zip(test, probabilities([pages[i] for i in test], fitted), strict=True):
                oof[i] = p
        grid = itertools.product(THRESHOLDS, INNER_THRESHOLDS, MIN_WORDS, MIN_SHORT_LINES)
        for threshold, inner, min_words, min_short in grid:
            precision, recall = page_scores(pages, oof, threshold, inner, min_words, min_short)
            results.append(
                {
                    "C": c,
                    "threshold": threshold,
                    "inner_threshold": inner,
                    "min_words": min_words,
                    "min_short_lines": min_short,
                    "precision": precision,
                    "recall": recall,
                    "f1": f1(precision, recall),
                }
            )
        best = max((r for r in results if r["C"] == c), key=lambda r: r["f1"])
        print(
            f"C={c}: best cross-validated F1 {best['f1']:.3f} at {best['threshold']}/{best['inner_threshold']}/"
            f"{best['min_words']}/{best['min_short_lines']}"
        )
    return results


def main() -> int:
    if not (BENCH_DATA / "article-extraction").is_dir():
        print(f"skipped: {BENCH_DATA / 'article-extraction'} not found")
        return 0
    rules = ChromeRules.load()
    pages = dev_pages(rules)
    print(f"{len(pages)} dev pages, {sum(len(p.paras) for p in pages)} paragraphs")
    extra = snippet_pages(rules) if USE_SNIPPETS else []
    print(f"{len(extra)} snippet-labelled pages, {sum(len(p.labels) for p in extra)} paragraphs")
    results = cross_validate(pages, extra)
    best = max(results, key=lambda r: (round(r["f1"], 3), r["min_short_lines"], -r["C"]))
    vectorizer, model, wording = fit(pages + extra, best["C"])
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True))
    kept = {name: round(float(w), 5) for name, w in sorted(weights.items()) if abs(w) >= 1e-5}
    OUT.write_text(
        json.dumps(
            {
                "about": "Rashomon's chrome-line model: logistic weights over rashomon/ingest/chrome_lines.py's "
                "line_features. Written by bench/train_chrome_lines.py; retrain rather than edit.",
                "bias": round(float(model.intercept_[0]), 5),
                "threshold": best["threshold"],
                "inner_threshold": best["inner_threshold"],
                "min_words": best["min_words"],
                "min_short_lines": best["min_short_lines"],
                "features": list(kept),
                "weights": list(kept.values()),
                "metadata": {
                    "trained_on": "article-extraction dev half (sha1 of id starts 0-7), browser copies",
                    "pages": len(pages),
                    "paragraphs": sum(len(p.paras) for p in pages),
                    "C": best["C"],
                    "wording_min_pages": MIN_PAGES,
                    "wording_features": len(wording),
                    "cross_validated": {k: round(best[k], 4) for k in ("precision", "recall", "f1")},
                },
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"best: {best}\nwrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
