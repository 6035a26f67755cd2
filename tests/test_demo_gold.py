"""The bundled demo corpus against its gold annotations (tests/gold/demo.json): cleaning and metadata."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rashomon.pipeline import analyze
from rashomon.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
GOLD = json.loads((ROOT / "tests" / "gold" / "demo.json").read_text(encoding="utf-8"))["docs"]


def norm(text: str | None, case: bool = False) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if case else text.casefold()


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> dict[str, dict]:
    """Stored documents keyed as the gold keys them: file stem, or URL for records of a container."""
    db = tmp_path_factory.mktemp("gold") / "demo.duckdb"
    assert analyze([DEMO], db, manifest=DEMO / "manifest.jsonl").ok
    with Store(db, read_only=True) as store:
        return {doc["url"] if doc["format"] in ("json", "feed") else doc["doc_id"]: doc for doc in store.documents()}


def test_every_gold_document_is_stored(stored):
    assert sorted(stored) == sorted(GOLD)


@pytest.mark.parametrize("key", sorted(GOLD))
def test_chrome_captions_and_comments_leave_the_body(stored, key):
    # Case kept: a kicker such as "BRIEFING" is chrome, the word "briefing" in a sentence is not.
    gold, body = GOLD[key], norm(stored[key]["text"], case=True)
    kept = [line for line in gold.get("boilerplate", []) if norm(line, case=True) in body]
    assert kept == []
    assert not gold.get("comments_start") or norm(gold["comments_start"], case=True) not in body
    assert [c for c in gold.get("captions_start", []) if norm(c, case=True) in body] == []


@pytest.mark.parametrize("key", sorted(GOLD))
def test_article_text_stays_in_the_body(stored, key):
    gold, body = GOLD[key], norm(stored[key]["text"])
    evidence = gold.get("keep", []) + [q["text"] for q in gold.get("quotes", [])]
    evidence += [e["evidence"] for e in gold.get("events", [])] + [c["evidence"] for c in gold.get("claims", [])]
    assert [text for text in evidence if norm(text) not in body] == []


@pytest.mark.parametrize("key", sorted(GOLD))
def test_metadata(stored, key):
    meta, doc = GOLD[key]["meta"], stored[key]
    assert norm(doc["title"]) == norm(meta["title"])
    assert doc["outlet"] == meta["outlet"]
    assert doc["published"] == meta["published"]
    if meta.get("author"):
        assert norm(meta["author"]) in [norm(a) for a in doc["authors"]]
