"""Camps: outlets tagged by the analyst, coverage per camp over time, and what one camp alone reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

import rashomon
from rashomon.views.app import create_app
from tests.conftest import served, story_store

COURIER, VOICE, HERALD, WIRE = "Velgrad Courier", "Voice of Valdoria", "Harnvik Herald", "Morvenian Wire"
STORIES = {
    # both camps report the condemnation; only the Morvenian press the seizure (COERCE); only the
    # Valdorian press the aid
    "courier1": (COURIER, "2025-03-02", "Morvenia condemned Valdoria on 1 March 2025, the ministry in Velgrad said."),
    "herald1": (HERALD, "2025-03-02", "On 1 March 2025, Morvenia condemned Valdoria over the fishing dispute."),
    "herald2": (HERALD, "2025-03-05", "Valdorian coast guards seized 14 Morvenian boats on 4 March 2025."),
    "wire1": (WIRE, "2025-03-05", "Valdoria seized 14 Morvenian fishing boats on 4 March 2025, officials said."),
    "voice1": (VOICE, "2025-04-09", "Valdoria sent food aid to Morvenia on 8 April 2025 after the floods."),
}  # fmt: skip
OUTLETS_CSV = (
    "outlet,camp,country,tags\n"
    f"{COURIER},Valdorian press,XVA,daily;private\n"
    f"{VOICE},Valdorian press,XVA,state media\n"
    f"{HERALD},Morvenian press,XMO,daily\n"
    f"{WIRE},Morvenian press,XMO,wire\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("camps"), STORIES)


@pytest.fixture(scope="module")
def tagged(db: Path, tmp_path_factory) -> Path:
    outlets = tmp_path_factory.mktemp("outlets") / "outlets.csv"
    outlets.write_text(OUTLETS_CSV, encoding="utf-8")
    with rashomon.open(db) as corpus:
        assert not corpus.outlets() or all(o["camp"] is None for o in corpus.outlets())
    rashomon.load_outlets(db, outlets)
    return db


def test_outlets_carry_their_camp_country_and_tags(tagged: Path, run_cli):
    rows = [json.loads(line) for line in run_cli("outlets", "--db", tagged, "--json").stdout.splitlines()]
    by_name = {row["outlet"]: row for row in rows}
    assert by_name[VOICE] == {"outlet": VOICE, "camp": "Valdorian press", "country": "XVA", "tags": ["state media"],
                              "documents": 1}  # fmt: skip
    assert by_name[HERALD]["documents"] == 2 and by_name[COURIER]["tags"] == ["daily", "private"]


def test_coverage_per_camp_and_month(tagged: Path):
    with rashomon.open(tagged) as corpus:
        rows = corpus.coverage(by="camp", period="month")
        outlets = corpus.coverage(by="outlet", period="year")
    assert rows == [
        {"period": "2025-03", "camp": "Morvenian press", "documents": 3},
        {"period": "2025-03", "camp": "Valdorian press", "documents": 1},
        {"period": "2025-04", "camp": "Valdorian press", "documents": 1},
    ]
    assert {(r["outlet"], r["documents"]) for r in outlets} == {(COURIER, 1), (VOICE, 1), (HERALD, 2), (WIRE, 1)}


def test_blindspots_are_what_one_camp_alone_reports(tagged: Path, run_cli):
    with rashomon.open(tagged) as corpus:
        found = corpus.blindspots(by="camp")
        events = {e["about"].split()[0]: e for e in found if e["kind"] == "event"}
        texts = dict(corpus.table("documents").select("doc_id, text").fetchall())
    assert events["COERCE"]["camp"] == "Morvenian press" and events["COERCE"]["documents"] == 2
    assert events["COERCE"]["outlets"] == [HERALD, WIRE]
    assert events["AID"]["camp"] == "Valdorian press"
    assert "ACCUSE" not in events  # both camps carry the condemnation
    assert all(e["referent"] == e["id"] for e in events.values())  # the event cluster, to name it by
    for spot in found:
        assert texts[spot["doc_id"]][spot["start"] : spot["end"]] == spot["text"]
    assert run_cli("blindspots", "--db", tagged).exit_code == 0
    lines = [json.loads(line) for line in run_cli("blindspots", "--db", tagged, "--json").stdout.splitlines()]
    assert lines == json.loads(json.dumps(found))


def test_blindspots_need_two_camps(db: Path, tmp_path: Path, run_cli):
    untagged = story_store(tmp_path / "untagged", {"courier1": STORIES["courier1"]})
    result = run_cli("blindspots", "--db", untagged)
    assert result.exit_code == 2 and "at least two groups by camp" in result.stderr


def test_outlets_from_the_command_line_and_a_bad_file(db: Path, tmp_path: Path, run_cli):
    db = Path(shutil.copy(db, tmp_path / "store.duckdb"))  # the module's store keeps its camps
    bad = tmp_path / "outlets.csv"
    bad.write_text("name,camp\nRT,state media\n", encoding="utf-8")
    result = run_cli("outlets", "--db", db, "--load", bad)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {bad}: CSV has no outlet column (columns: name, camp)"
    lines = tmp_path / "outlets.jsonl"
    lines.write_text(json.dumps({"outlet": WIRE, "camp": "wires", "tags": ["wire"]}) + "\n", encoding="utf-8")
    assert run_cli("outlets", "--db", db, "--load", lines).exit_code == 0
    with rashomon.open(db) as corpus:
        assert {o["outlet"]: o["camp"] for o in corpus.outlets()}[WIRE] == "wires"


def test_camps_over_the_api(tagged: Path):
    with served(create_app(tagged)) as base, httpx.Client(base_url=base, timeout=60) as http:
        spots = http.get("/api/blindspots", params={"by": "country"}).json()
        assert spots["total"] > 0 and {s["country"] for s in spots["items"]} <= {"XVA", "XMO"}
        coverage = http.get("/api/coverage", params={"by": "camp", "period": "year"}).json()
        assert {(c["camp"], c["documents"]) for c in coverage["items"]} == {("Morvenian press", 3),
                                                                         ("Valdorian press", 2)}  # fmt: skip
        assert http.get("/api/outlets").json()["total"] == 4
        assert http.get("/api/coverage", params={"period": "decade"}).status_code == 400


def test_analyze_takes_the_outlets_file_too(db: Path, tmp_path: Path, run_cli):
    corpus = tmp_path / "corpus"
    shutil.copytree(db.parent, corpus, ignore=shutil.ignore_patterns("*.duckdb*"))  # the stories, manifest
    outlets = tmp_path / "outlets.csv"
    outlets.write_text(OUTLETS_CSV, encoding="utf-8")
    store = tmp_path / "store.duckdb"
    result = run_cli("analyze", corpus, "--db", store, "--manifest", corpus / "manifest.jsonl", "--outlets", outlets,
                     "-q")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with rashomon.open(store) as corpus_read:
        assert {o["outlet"]: o["camp"] for o in corpus_read.outlets()}[VOICE] == "Valdorian press"
    missing = run_cli("analyze", corpus, "--db", store, "--outlets", tmp_path / "none.csv", "-q")
    assert missing.exit_code == 2 and missing.stderr.strip() == f"error: {tmp_path / 'none.csv'}: no such file"


@pytest.fixture(scope="module")
def demo_camps(demo_db: Path, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The demo store with its outlets in camps (demo/outlets.csv), and outlet → camp."""
    db = Path(shutil.copy(demo_db, tmp_path_factory.mktemp("demo-camps") / "demo.duckdb"))
    rashomon.load_outlets(db, Path(__file__).parents[1] / "demo" / "outlets.csv")
    with rashomon.open(db) as corpus:
        return db, {o["outlet"]: o["camp"] for o in corpus.outlets()}


def test_stance_per_camp_pools_its_outlets_evidence(demo_camps):
    db, camp_of = demo_camps
    with rashomon.open(db) as corpus:
        per_outlet, per_camp = corpus.stance(by="outlet"), corpus.stance(by="camp")
    pooled: dict[tuple[str, str], list] = {}
    for row in per_outlet:
        pooled.setdefault((camp_of[row["outlet"]], row["target"]), []).extend(row["evidence"])
    assert {(r["camp"], r["target"]) for r in per_camp} == set(pooled)
    for row in per_camp:
        key = (row["camp"], row["target"])
        assert sorted(map(json.dumps, row["evidence"])) == sorted(map(json.dumps, pooled[key])) and "outlet" not in row
    assert len({r["camp"] for r in per_camp}) == 3 < len({r["outlet"] for r in per_outlet})


def test_framing_per_camp_adds_up_its_outlets_labels(demo_camps):
    db, camp_of = demo_camps
    with rashomon.open(db) as corpus:
        per_outlet = corpus.framing(kind="all", min_outlets=1)
        per_camp = corpus.framing(kind="all", min_outlets=1, by="camp")
        widely = corpus.framing(kind="all", min_outlets=2, by="camp")
    counts: dict[tuple[str, str, str], int] = {}
    for row in per_outlet:
        for outlet, labels in row["outlets"].items():
            for label in labels:
                key = (row["referent"], camp_of[outlet], label["term"])
                counts[key] = counts.get(key, 0) + label["count"]
    assert {(r["referent"], camp, label["term"]): label["count"] for r in per_camp
            for camp, labels in r["outlets"].items() for label in labels} == counts  # fmt: skip
    assert widely and all(len(r["outlets"]) >= 2 for r in widely)  # two camps, not two outlets of one camp
    assert {r["referent"] for r in widely} < {r["referent"] for r in per_camp}


def test_the_claim_matrix_per_camp(demo_camps):
    db, camp_of = demo_camps
    with rashomon.open(db) as corpus:
        per_outlet, per_camp = corpus.claim_matrix(), corpus.claim_matrix(by="camp")
    by_cluster = {r["cluster_id"]: r for r in per_outlet}
    assert sorted(by_cluster) == sorted(r["cluster_id"] for r in per_camp)
    same_claim = 0
    for camps in per_camp:
        outlets = by_cluster[camps["cluster_id"]]
        for camp, cell in camps["outlets"].items():
            members = [c for o, c in outlets["outlets"].items() if camp_of[o] == camp]
            assert sorted(cell["claim_ids"]) == sorted(i for c in members for i in c["claim_ids"])
            if camps["claim"] != outlets["claim"]:  # most camps need not hold what most outlets hold
                continue
            same_claim += 1
            states = any(c["status"] in ("states", "both") for c in members)
            contradicts = any(c["status"] in ("contradicts", "both") for c in members)
            assert cell["status"] == ("both" if states and contradicts else "states" if states else
                                      "contradicts" if contradicts else "differs")  # fmt: skip
        assert set(camps["omitted"]) <= {camp_of[o] for o in outlets["omitted"]}
    assert same_claim > 10


def test_who_quotes_whom_per_camp(demo_camps, run_cli):
    db, camp_of = demo_camps
    with rashomon.open(db) as corpus:
        per_outlet = corpus.who_quotes_whom(("country",))
        per_camp = corpus.who_quotes_whom(("country",), per="camp")
    quotes: dict[tuple[str, str | None], int] = {}
    for share in per_outlet:
        quotes[(camp_of[share.outlet], share.country)] = (
            quotes.get((camp_of[share.outlet], share.country), 0) + share.quotes
        )
    assert {(s.outlet, s.country): s.quotes for s in per_camp} == quotes
    for camp in set(camp_of.values()):
        assert sum(s.share for s in per_camp if s.outlet == camp) == pytest.approx(1.0, abs=1e-3)
    table = run_cli("who-quotes-whom", "--db", db, "--per", "camp")
    assert table.exit_code == 0 and "international" in table.stdout


def test_views_per_camp_from_the_command_line_and_the_api(demo_camps, tmp_path: Path, run_cli):
    camps_db, _ = demo_camps
    rows = [
        json.loads(line) for line in run_cli("stance", "--db", camps_db, "--by", "camp", "--json").stdout.splitlines()
    ]
    assert {r["camp"] for r in rows} == {"Valdorian media", "Morvenian media", "international"}
    with served(create_app(camps_db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        matrix = http.get("/api/claim-matrix", params={"by": "camp"}).json()["items"]
        assert matrix and set().union(*(r["outlets"] for r in matrix)) <= {"Valdorian media", "Morvenian media",
                                                                           "international"}  # fmt: skip
        assert http.get("/api/terms", params={"by": "camp", "kind": "all"}).status_code == 200
        assert http.get("/api/stance", params={"by": "leaning"}).status_code == 400
    untagged = run_cli("claim-matrix", "--db", story_store(tmp_path, STORIES), "--by", "camp")
    assert untagged.exit_code == 2
    assert "no outlet has a camp yet" in untagged.stderr and "outlets --db FILE --load" in untagged.stderr


def test_the_manifest_gives_outlets_their_camps_and_a_file_overrides_it(tmp_path: Path, run_cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = []
    for name, (outlet, published, text) in STORIES.items():
        (corpus / f"{name}.txt").write_text(f"{outlet} report\n\n{text}\n", encoding="utf-8")
        camp = "Valdorian press" if outlet in (COURIER, VOICE) else "Morvenian press"
        lines.append({"path": f"{name}.txt", "outlet": outlet, "published": published, "camp": camp,
                      "tags": ["daily"] if outlet == HERALD else "wire;agency"})  # fmt: skip
    lines.append({"path": "herald2.txt", "outlet": HERALD, "camp": "tabloids"})  # a second, different camp
    (corpus / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    result = run_cli("analyze", corpus, "--db", db, "--manifest", corpus / "manifest.jsonl")
    assert result.exit_code == 0, result.stderr
    said = result.stdout + result.stderr
    assert f"{HERALD!r} was given camp 'Morvenian press'" in said  # said, and the first camp stands
    with rashomon.open(db) as store:
        outlets = {o["outlet"]: o for o in store.outlets()}
    assert outlets[HERALD]["camp"] == "Morvenian press" and outlets[HERALD]["tags"] == ["daily"]
    assert outlets[WIRE]["tags"] == ["wire", "agency"] and outlets[VOICE]["camp"] == "Valdorian press"
    override = tmp_path / "outlets.csv"
    override.write_text(f"outlet,camp\n{WIRE},wires\n", encoding="utf-8")
    again = run_cli("analyze", corpus, "--db", db, "--manifest", corpus / "manifest.jsonl", "--outlets", override, "-q")
    assert again.exit_code == 0
    with rashomon.open(db) as store:
        assert {o["outlet"]: o["camp"] for o in store.outlets()}[WIRE] == "wires"


def test_events_quotes_and_claims_of_one_camp(demo_camps):
    db, camp_of = demo_camps
    with served(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        for path in ("/api/events", "/api/quotes", "/api/claims"):
            every = http.get(path, params={"limit": 1000}).json()
            wire = http.get(path, params={"camp": "international", "limit": 1000}).json()
            assert 0 < wire["total"] < every["total"], path
            assert wire["items"] == [i for i in every["items"] if camp_of.get(i["outlet"]) == "international"]
        one = http.get("/api/events", params={"camp": "international", "outlet": "Meridian Wire"}).json()
        assert one["total"] and {e["outlet"] for e in one["items"]} == {"Meridian Wire"}
        assert http.get("/api/events", params={"camp": "international", "outlet": "Voice of Valdoria"}).json()[
            "total"] == 0  # fmt: skip
        unknown = http.get("/api/quotes", params={"camp": "tabloids"})
        assert unknown.status_code == 400
        assert unknown.json()["detail"] == (
            "no outlet is in camp 'tabloids'; the camps are: Morvenian media, Valdorian media, international"
        )
