"""Train the chrome-line models (rashomon/ingest/chrome_lines.py) on the dev halves of two page sets.

Body lines. Each dev page of ``article-extraction/`` (ids whose sha1 starts with 0-7; bench/plaintext.py
scores the other half) is copied as a browser copies it (bench/pagecopy.py) and split into paragraphs
as ingest splits them. A paragraph is body when at least half of its 4-token shingles are in the page's
gold article body (a paragraph under four tokens: when its tokens occur in that order in the gold). The
dev half of ``trafilatura-eval/`` adds the paragraphs its snippets label (a snippet that must stay: body;
one that must go: chrome). A logistic regression over `line_features` is fitted; wording features
(`word=…`, `first_word=…`) are kept only when they occur on at least `MIN_PAGES` training pages, so no
single site's words are learnt. C, the stretch and inner thresholds, the least body kept and the
copied-page guard (short lines, and short lines above the first paragraph of prose) are chosen by 5-fold
cross-validation grouped by page, for the best F1 of bench/plaintext.py's metric on the copies among
the settings that take at most `CLEAN_LOSS` more of the same articles' clean gold bodies than the rules
alone do (an article that arrives clean must come out whole).

Headline. On the dev half of trafilatura-eval's pages with a gold title, the lines around the body's
start (`headline_features`) are labelled by trafilatura-eval's title match; C, the threshold and the
margin by which the rules' headline is kept are chosen by the same cross-validation, for the share of
pages whose title is right.

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
from extract import TOKEN_RE, as_list, f1, precision_recall, title_correct
from pagecopy import copied_texts
from plaintext import article_pages, traf_pages
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from rashomon.ingest.chrome_lines import (
    ChromeLineModel,
    headline_features,
    leading_short_lines,
    line_features,
    pick_headline,
    select_body,
    short_lines,
)
from rashomon.ingest.plaintext import (
    BODY,
    TITLE,
    ChromeRules,
    clean_web_text,
    rule_roles,
    split_paragraphs,
)
from rashomon.logistic import Logistic

OUT = Path(__file__).resolve().parents[1] / "rashomon" / "ingest" / "data" / "chrome_lines.json"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
INNER_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4)
MIN_WORDS = (0, 25, 50, 100)
MIN_SHORT_LINES = (0, 8, 16)
MIN_LEADING_SHORT_LINES = (0, 2, 4, 6, 8)
CLEAN_LOSS = 0.002  # of a clean article's text, the share the model may take beyond the rules (a mean)
FOLDS = 5
MIN_PAGES = 5
HEADLINE_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
HEADLINE_MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3)
WORDING = ("word=", "first_word=")


@dataclass
class Page:
    key: str
    gold: str
    paras: list[str]
    candidates: list[bool]  # left in the body by the rules
    features: list[dict[str, float]]
    labels: list[bool]

    @property
    def short_lines(self) -> int:
        return short_lines(self.paras)

    @property
    def leading_short_lines(self) -> int:
        return leading_short_lines(self.paras)


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


def dev_pages(rules: ChromeRules) -> tuple[list[Page], list[Page]]:
    """The dev pages as a browser copies them, and the same articles' gold bodies as clean texts."""
    html, gold = article_pages(BENCH_DATA / "article-extraction")
    dev = {k: v for k, v in html.items() if half_of(k) == "dev"}
    copies = copied_texts(dev.items())
    pages, clean = [], []
    for key in sorted(dev):
        for text, out in ((copies[key], pages), (gold[key], clean)):
            paras = split_paragraphs(text)
            candidates = [role == BODY for role in rule_roles(paras, rules)]
            out.append(Page(key, gold[key], paras, candidates, line_features(paras), body_labels(paras, gold[key])))
    return pages, clean


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


def body_pairs(page: Page, keep: list[bool]) -> tuple[float, float]:
    return precision_recall(page.gold, "\n\n".join(t for t, k in zip(page.paras, keep, strict=True) if k))


def cross_validate(pages: list[Page], clean: list[Page], extra: list[Page]) -> list[dict[str, Any]]:
    """Every setting's precision and recall on the copies, and its recall on the same articles' clean
    bodies (`clean`, aligned with `pages`), which the model must leave whole."""
    groups = [page.key for page in pages]
    folds = list(GroupKFold(FOLDS).split(pages, groups=groups))
    rules_only = [body_pairs(page, page.candidates) for page in pages]
    clean_rules_only = [body_pairs(page, page.candidates)[1] for page in clean]
    guards = [(page.short_lines, page.leading_short_lines) for page in pages]
    clean_guards = [(page.short_lines, page.leading_short_lines) for page in clean]
    results = []
    for c in C_GRID:
        oof: list[list[float]] = [[] for _ in pages]
        clean_oof: list[list[float]] = [[] for _ in clean]
        for train, test in folds:
            fitted = fit([pages[i] for i in train] + extra, c)
            for i, p in zip(test, probabilities([pages[i] for i in test], fitted), strict=True):
                oof[i] = p
            for i, p in zip(test, probabilities([clean[i] for i in test], fitted), strict=True):
                clean_oof[i] = p
        for threshold, inner, min_words in itertools.product(THRESHOLDS, INNER_THRESHOLDS, MIN_WORDS):
            judged = [
                body_pairs(page, select_body(page.paras, p, page.candidates, threshold, inner, min_words))
                for page, p in zip(pages, oof, strict=True)
            ]
            clean_judged = [
                body_pairs(page, select_body(page.paras, p, page.candidates, threshold, inner, min_words))[1]
                for page, p in zip(clean, clean_oof, strict=True)
            ]
            for min_short, min_leading in itertools.product(MIN_SHORT_LINES, MIN_LEADING_SHORT_LINES):
                on = [g[0] >= min_short and g[1] >= min_leading for g in guards]
                clean_on = [g[0] >= min_short and g[1] >= min_leading for g in clean_guards]
                pairs = [j if a else r for j, r, a in zip(judged, rules_only, on, strict=True)]
                kept = [j if a else r for j, r, a in zip(clean_judged, clean_rules_only, clean_on, strict=True)]
                precision, recall = statistics.mean(a for a, _ in pairs), statistics.mean(b for _, b in pairs)
                results.append(
                    {
                        "C": c,
                        "threshold": threshold,
                        "inner_threshold": inner,
                        "min_words": min_words,
                        "min_short_lines": min_short,
                        "min_leading_short_lines": min_leading,
                        "precision": precision,
                        "recall": recall,
                        "f1": f1(precision, recall),
                        "clean_recall": statistics.mean(kept),
                        "clean_loss": statistics.mean(clean_rules_only) - statistics.mean(kept),
                    }
                )
        allowed = [r for r in results if r["C"] == c and r["clean_loss"] <= CLEAN_LOSS]
        best = max(allowed, key=lambda r: r["f1"])
        print(f"C={c}: best cross-validated F1 {best['f1']:.3f}, clean bodies kept {best['clean_recall']:.4f}: {best}")
    return results


def weights_entry(names: Any, coefficients: Any, intercept: float) -> dict[str, Any]:
    kept = {name: round(float(w), 5) for name, w in sorted(zip(names, coefficients, strict=True)) if abs(w) >= 1e-5}
    return {"bias": round(float(intercept), 5), "features": list(kept), "weights": list(kept.values())}


# --------------------------------------------------------------------------- the headline


@dataclass
class TitledPage:
    key: str
    title: str  # gold
    paras: list[str]
    fallback: str | None  # what the rules would say without the headline model
    rules_title: int | None  # the line the rules took for the headline
    candidates: list[tuple[int, dict[str, float]]]


def titled_pages(rules: ChromeRules, body_model: ChromeLineModel) -> list[TitledPage]:
    """The dev half of trafilatura-eval pages with a gold title, as the body model leaves them."""
    html, gold = traf_pages(BENCH_DATA / "trafilatura-eval")
    dev = {k: v for k, v in html.items() if half_of(k) == "dev" and as_list(gold[k].get("title"))}
    copies = copied_texts(dev.items())
    pages = []
    for key in sorted(dev):
        paras = split_paragraphs(copies[key])
        roles = rule_roles(paras, rules)
        body = body_model.body_lines(paras, [role == BODY for role in roles])
        fallback = clean_web_text(copies[key], rules).title
        candidates = headline_features(paras, body, roles, rules.byline_prefix)
        rules_title = roles.index(TITLE) if TITLE in roles else None
        pages.append(TitledPage(key, as_list(gold[key]["title"])[0], paras, fallback, rules_title, candidates))
    return pages


def headline_accuracy(pages: list[TitledPage], probs: list[list[float]], threshold: float, margin: float) -> float:
    hits = 0
    for page, p in zip(pages, probs, strict=True):
        scored = list(zip(p, [i for i, _ in page.candidates], strict=True)) if p else []  # none: the rules' title
        chosen = pick_headline(scored, page.rules_title, threshold, margin)
        hits += title_correct(page.title, page.fallback if chosen is None else page.paras[chosen])
    return hits / len(pages)


def fit_headline(pages: list[TitledPage], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([f for page in pages for _, f in page.candidates])
    y = [title_correct(page.title, page.paras[i]) for page in pages for i, _ in page.candidates]
    return vectorizer, LogisticRegression(C=c, max_iter=5000).fit(x, y)


def train_headline(pages: list[TitledPage]) -> dict[str, Any]:
    """C and threshold by cross-validation grouped by page, for the share of pages whose title is right."""
    folds = list(GroupKFold(FOLDS).split(pages, groups=[p.key for p in pages]))
    results = []
    for c in C_GRID:
        oof: list[list[float]] = [[] for _ in pages]
        for train, test in folds:
            vectorizer, model = fit_headline([pages[i] for i in train], c)
            for i in test:
                features = [f for _, f in pages[i].candidates]
                oof[i] = list(model.predict_proba(vectorizer.transform(features))[:, 1]) if features else []
        for threshold, margin in itertools.product(HEADLINE_THRESHOLDS, HEADLINE_MARGINS):
            accuracy = headline_accuracy(pages, oof, threshold, margin)
            results.append({"C": c, "threshold": threshold, "margin": margin, "accuracy": accuracy})
    best = max(results, key=lambda r: (round(r["accuracy"], 3), r["margin"], -r["C"]))
    vectorizer, model = fit_headline(pages, best["C"])
    print(f"headline: cross-validated {best}")
    return {
        **weights_entry(vectorizer.get_feature_names_out(), model.coef_[0], model.intercept_[0]),
        "threshold": best["threshold"],
        "margin": best["margin"],
        "C": best["C"],
        "pages": len(pages),
        "cross_validated_accuracy": round(best["accuracy"], 4),
        "rules_alone_accuracy": round(headline_accuracy(pages, [[] for _ in pages], 1.0, 0.0), 4),
    }


def main() -> int:
    for folder in ("article-extraction", "trafilatura-eval"):
        if not (BENCH_DATA / folder).is_dir():
            print(f"skipped: {BENCH_DATA / folder} not found")
            return 0
    rules = ChromeRules.load()
    pages, clean = dev_pages(rules)
    print(f"{len(pages)} dev pages, {sum(len(p.paras) for p in pages)} paragraphs")
    extra = snippet_pages(rules)
    print(f"{len(extra)} snippet-labelled pages, {sum(len(p.labels) for p in extra)} paragraphs")
    results = [r for r in cross_validate(pages, clean, extra) if r["clean_loss"] <= CLEAN_LOSS]
    best = max(results, key=lambda r: (round(r["f1"], 3), -r["clean_loss"], -r["C"]))
    vectorizer, model, wording = fit(pages + extra, best["C"])
    body = {
        **weights_entry(vectorizer.get_feature_names_out(), model.coef_[0], model.intercept_[0]),
        **{
            k: best[k]
            for k in ("threshold", "inner_threshold", "min_words", "min_short_lines", "min_leading_short_lines")
        },
    }
    print(f"body: {best}")
    body_model = ChromeLineModel(
        Logistic.from_dict(body),
        best["threshold"],
        best["inner_threshold"],
        best["min_words"],
        0,  # the headline is learnt on copied pages: the model always judges them
        0,
        Logistic.from_dict({"features": [], "weights": [], "bias": 0.0}),  # the headline is trained next
        1.0,
        0.0,
    )
    headline = train_headline(titled_pages(rules, body_model))
    OUT.write_text(
        json.dumps(
            {
                "about": "Rashomon's chrome-line model: logistic weights over rashomon/ingest/chrome_lines.py's "
                "line_features (body) and headline_features (headline). Written by bench/train_chrome_lines.py; "
                "retrain rather than edit.",
                "body": body,
                "headline": {k: headline[k] for k in ("bias", "features", "weights", "threshold", "margin")},
                "metadata": {
                    "body": {
                        "trained_on": "article-extraction dev half (sha1 of id starts 0-7), browser copies; "
                        "trafilatura-eval dev half's snippet-labelled lines",
                        "pages": len(pages) + len(extra),
                        "paragraphs": sum(len(p.labels) for p in pages + extra),
                        "C": best["C"],
                        "wording_min_pages": MIN_PAGES,
                        "wording_features": len(wording),
                        "cross_validated": {
                            k: round(best[k], 4) for k in ("precision", "recall", "f1", "clean_recall", "clean_loss")
                        },
                        "clean_loss_ceiling": CLEAN_LOSS,
                    },
                    "headline": {
                        "trained_on": "trafilatura-eval dev half pages with a gold title, browser copies",
                        **{
                            k: v
                            for k, v in headline.items()
                            if k not in ("bias", "features", "weights", "threshold", "margin")
                        },
                    },
                },
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
