"""Search: the words an analyst remembers find the documents, quotations, events and claims that hold
them, best documents first, each hit pointing into its document's text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

import rashomon
from rashomon.views.app import create_app
from tests.conftest import served, story_store

STORIES = {
    "herald": ("Harnvik Herald", "2025-05-12", (
        "Morvenia accused Valdoria on 10 May 2025 of flooding the Ostra valley. \"The dam is a weapon,\" "
        "Foreign Minister Sofia Maelstad said. The dam holds back the Ostra; the dam's gates were shut. "
        "Workers on the dam said the dam was full."
    )),
    "courier": ("Velgrad Courier", "2025-05-13", (
        "Valdoria denied that its dam had flooded anything. Engineers said 40 villages lay downstream of the "
        "dam in Bogotá county."
    )),
    "dispatch": ("Dispatch", "2025-05-14", (
        "Valdoria sent food aid to Morvenia on 3 April 2025. Fishermen in Saltmere waited for their boats."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("search"), STORIES)


def search(db: Path, text: str, **options: object):
    with rashomon.open(db) as corpus:
        return corpus.search(text, **options)


def test_documents_holding_every_word_come_first_where_the_words_weigh_most(db: Path):
    page = search(db, "dam", kind=("document",))
    assert [hit["doc_id"] for hit in page.items] == ["herald", "courier"]  # six dams outweigh two
    assert page.items[0]["score"] > page.items[1]["score"] > 0
    assert [h["doc_id"] for h in search(db, "DAM Valdoria flooded", kind=("document",)).items] == ["courier"]
    assert search(db, "dam boats").total == 0


def test_every_hit_points_into_its_document(db: Path):
    page = search(db, "dam")
    kinds = {hit["kind"] for hit in page.items}
    assert {"document", "quote", "event"} <= kinds
    with rashomon.open(db) as corpus:
        texts = dict(corpus.table("documents").select("doc_id, text").fetchall())
    for hit in page.items:
        assert texts[hit["doc_id"]][hit["start"] : hit["end"]] == hit["text"], hit
        assert "dam" in hit["text"].lower()
    quote = next(hit for hit in page.items if hit["kind"] == "quote")
    assert quote["text"] == "The dam is a weapon" and quote["outlet"] == "Harnvik Herald"
    claims = search(db, "villages", kind=("claim",)).items
    assert [(c["doc_id"], c["kind"]) for c in claims] == [("courier", "claim")]
    assert search(db, "bogotá").total == search(db, "BOGOTÁ").total > 0  # letters beyond ASCII are words


def test_pages_and_kinds(db: Path):
    every = search(db, "dam", limit=100)
    assert every.total == len(every.items)
    second = search(db, "dam", limit=2, offset=2)
    assert second.items == every.items[2:4] and second.total == every.total
    with pytest.raises(ValueError, match="kind must be among"):
        search(db, "dam", kind=("memo",))
    with pytest.raises(ValueError, match="holds no word"):
        search(db, " -- ")


def test_the_index_follows_the_documents(db: Path, tmp_path: Path):
    folder = tmp_path / "corpus"
    shutil.copytree(db.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*"))
    store = tmp_path / "store.duckdb"
    assert rashomon.analyze([folder], store, manifest=folder / "manifest.jsonl").ok
    assert search(store, "fishermen").total > 0
    (folder / "dispatch.txt").write_text(
        "Dispatch report\n\nValdoria sent engineers to Morvenia on 3 April 2025 to inspect the flood barriers "
        "along the Ostra river, the foreign ministry in Velgrad said on Thursday.\n",
        encoding="utf-8",
    )
    assert rashomon.analyze([folder], store, manifest=folder / "manifest.jsonl").ok
    assert search(store, "fishermen").total == 0
    assert [h["doc_id"] for h in search(store, "engineers", kind=("document",)).items] == ["courier", "dispatch"]


def test_search_from_the_command_line_and_the_api(db: Path, run_cli):
    text = run_cli("search", "dam", "--db", db, "--kind", "quote")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == "hits 1–4 of 4" and "“The dam is a weapon”" in text.stdout
    lines = [json.loads(line) for line in run_cli("search", "dam", "--db", db, "--json").stdout.splitlines()]
    assert lines == search(db, "dam").items
    assert run_cli("search", "dam", "--db", db, "--kind", "memo").exit_code == 2
    with served(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        answer = http.get("/api/search", params={"q": "dam", "kind": ["document", "quote"]}).json()
        assert answer["total"] == 2 + 4 and {h["kind"] for h in answer["items"]} == {"document", "quote"}
        assert http.get("/api/search", params={"q": "..."}).status_code == 400
