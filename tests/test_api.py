"""The web API (`rashomon serve`): a real uvicorn server on a free local port, spoken to over HTTP."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

import rashomon
from rashomon.pipeline import analyze
from rashomon.store.database import StoreError
from rashomon.views.api_models import ErrorAnswer
from rashomon.views.app import create_app, served_corpus
from tests.conftest import article, served, story_store

# One invented quarrel over a river dam, told by a Morvenian paper, a Valdorian paper and a wire.
STORIES = {
    "herald": ("Harnvik Herald", "2025-05-12", (
        "Valdoria threatened Morvenia with new tariffs on 9 May 2025 after a shouting match over the river dam. "
        "Morvenian officials said Valdorian police detained 240 farmers at the dam.\n\n"
        "“We will not be bullied by Velgrad,” said Morvenian Foreign Minister Lina Corr. "
        "Valdoria will regret this shameful blackmail before the winter."
    )),
    "courier": ("Velgrad Courier", "2025-05-13", (
        "Valdoria warned Morvenia on 9 May 2025 that the dam talks could not continue without guarantees. "
        "The ministry said police detained 90 farmers at the dam.\n\n"
        "Teodor Varnek met Morvenian envoys in Velgrad on 2 April 2025 and offered aid to the flooded villages. "
        "“Our door stays open,” Varnek said."
    )),
    "dispatch": ("Dispatch", "2025-05-14", (
        "Morvenia accused Valdoria on 10 May 2025 of flooding its valley. Valdoria sent food aid to Morvenia "
        "on 3 April 2025.\n\nObservers expect the quarrel to last until the autumn."
    )),
}  # fmt: skip

PAGE_KEYS = {"total", "limit", "offset", "items"}
# List endpoint → fields every item has (the export's contract fields where the export has the file).
LISTS = {
    "/api/documents": {"doc_id", "source", "outlet", "title", "authors", "published", "language"},
    "/api/events": {"id", "doc_id", "event", "mode", "context", "actor", "recipient", "date", "enddate",
                    "date_precision", "date_text", "text", "text_info", "modality", "attributed_to", "confidence",
                    "cluster_id", "outlet"},
    "/api/quotes": {"quote_id", "doc_id", "text", "kind", "start", "end", "speaker", "cue", "cluster_id", "outlet"},
    "/api/who-quotes-whom": {"outlet", "country", "sector", "quotes", "share"},
    "/api/claims": {"claim_id", "doc_id", "text", "value", "unit", "quantity", "subject", "start", "end",
                    "attributed_to", "cluster_id", "outlet"},
    "/api/claim-links": {"a", "b", "relation", "note"},
    "/api/claim-matrix": {"cluster_id", "quantity", "claim", "outlets", "omitted"},
    "/api/terms": {"referent", "label", "outlets"},
    "/api/stance": {"outlet", "target", "score", "n"},
    "/api/predictions": {"prediction_id", "doc_id", "text", "outlet", "about_codes", "predictor"},
    "/api/actors": {"actor_id", "code", "name", "sector", "kind", "mentions", "documents", "as_actor",
                    "as_recipient", "quotes"},
}  # fmt: skip
DYAD = {"source": "XVA", "target": "XMO"}


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("api"), STORIES)


@pytest.fixture(scope="module")
def app(story_db: Path) -> FastAPI:
    return create_app(story_db)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[httpx.Client]:
    with served(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


def get(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params or None)  # params={} would drop a query written in the path
    assert response.status_code == 200, (path, params, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def file_state(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("path", sorted(LISTS))
def test_every_list_answers_a_page_of_records(client: httpx.Client, path: str):
    page = get(client, path)
    assert set(page) == PAGE_KEYS
    assert page["limit"] == 100 and page["offset"] == 0
    assert page["items"] and page["total"] == len(page["items"])
    for item in page["items"]:
        assert item.keys() >= LISTS[path], (path, item)


def test_documents_leave_the_text_to_the_document_itself(client: httpx.Client):
    page = get(client, "/api/documents")
    assert [d["doc_id"] for d in page["items"]] == ["courier", "dispatch", "herald"]
    assert all("text" not in d and d["length"] > 0 for d in page["items"])
    assert all(d["text"] for d in get(client, "/api/documents", text="true")["items"])
    doc = get(client, "/api/documents/herald")
    assert doc["outlet"] == "Harnvik Herald" and doc["published"] == "2025-05-12"
    assert "shameful blackmail" in doc["text"] and len(doc["text"]) == doc["length"]
    assert isinstance(doc["removed"], list) and isinstance(doc["authors"], list)
    assert [d["doc_id"] for d in get(client, "/api/documents", outlet="Dispatch")["items"]] == ["dispatch"]


def test_a_feed_or_jsonl_entry_is_fetched_by_its_url(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = STORIES["herald"][2]
    row = {"url": "https://herald.example/2025/05/12/dam-row?id=7", "title": "Dam row", "text": text}
    (corpus / "wire.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    db = tmp_path / "wire.duckdb"
    assert analyze([corpus], db).ok
    with served(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        (listed,) = get(http, "/api/documents")["items"]
        assert listed["doc_id"] == row["url"]
        doc = get(http, "/api/documents/" + quote(row["url"], safe="/:"))
    assert doc["title"] == "Dam row" and "shameful blackmail" in doc["text"]


def test_dyad_and_shift_answer_as_the_command_line_does(client: httpx.Client):
    series = get(client, "/api/dyad", **DYAD)
    assert series.keys() >= {"source", "target", "events", "periods"} and series["source"] == "XVA"
    assert series["events"] and sum(p["events"] for p in series["periods"]) == len(series["events"])
    assert {p["period"] for p in get(client, "/api/dyad", **DYAD, by="year")["periods"]} == {"2025"}
    assert len(get(client, "/api/dyad", **DYAD, since="2025-05")["events"]) < len(series["events"])
    answer = get(client, "/api/shift", **DYAD, at="2025-05-01")
    assert answer.keys() >= {"at", "found", "before", "after", "difference", "effect_size", "p_value", "note"}
    assert answer["at"] == "2025-05-01" and not answer["found"]
    assert answer["before"]["events"] and answer["after"]["events"]
    # Two events before the split and one after: too few (3 a side) for a difference, said in the note.
    assert answer["difference"] is None and answer["note"].startswith("not enough evidence")
    assert all(e["date"] < "2025-05-01" for e in answer["before"]["evidence"])
    assert get(client, "/api/shift", **DYAD)["note"]
    # the command line's --min-events and --by-outlet
    lenient = get(client, "/api/shift", **DYAD, at="2025-05-01", min_events=1)
    assert lenient["difference"] is not None and lenient["p_value"] is not None
    outlets = get(client, "/api/shift", **DYAD, by_outlet="true")["outlets"]
    assert outlets and all(o["outlet"] and o["note"] for o in outlets)


def test_the_shift_chart_draws_the_events_the_answer_counts(client: httpx.Client):
    spec = get(client, "/api/shift/chart", **DYAD, at="2025-05-01")
    detail, strip = spec["vconcat"]
    points, rule = detail["layer"]
    events = get(client, "/api/dyad", **DYAD)["events"]
    assert len(points["data"]["values"]) == len(events) and len(strip["data"]["values"]) == len(events)
    assert rule["data"]["values"] == [{"at": "2025-05-01"}]  # the split asked for
    assert all(point["href"].startswith("#hl=") for point in points["data"]["values"])
    best = get(client, "/api/shift", **DYAD)["at"]
    rules = get(client, "/api/shift/chart", **DYAD)["vconcat"][0]["layer"][1:]  # a rule where shift splits, if it does
    assert [rule["data"]["values"] for rule in rules] == ([[{"at": best}]] if best else [])
    assert not get(client, "/api/dyad", source="XMO", target="doc:lina-corr")["events"]
    assert get(client, "/api/shift/chart", source="XMO", target="doc:lina-corr") is None  # no events, no chart
    assert client.get("/api/shift/chart", params={"source": "Atlantis", "target": "XMO"}).status_code == 400
    assert client.get("/api/shift/chart", params={**DYAD, "at": "someday"}).status_code == 400


def test_actors_are_asked_by_name_as_by_code(client: httpx.Client):
    by_name = get(client, "/api/shift", source="valdoria", target="Morvenia", at="2025-05-01")
    assert by_name == get(client, "/api/shift", **DYAD, at="2025-05-01")
    assert (by_name["source_label"], by_name["target_label"]) == ("Valdoria (XVA)", "Morvenia (XMO)")
    found = get(client, "/api/actors", search="varnek")["items"]
    assert [(a["actor_id"], a["code"]) for a in found] == [("teodor-varnek", "XVA")]
    unknown = client.get("/api/shift", params={"source": "Atlantis", "target": "XMO"})
    assert unknown.status_code == 400 and "'Atlantis' names no actor of this store" in unknown.text


def test_an_unknown_parameter_is_refused_not_ignored(client: httpx.Client):
    response = client.get("/api/events", params={"text": "piracy"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("unknown parameter 'text': /api/events takes ") and "actor" in detail
    assert client.get("/api/shift", params={**DYAD, "until": "2025-05"}).status_code == 200


def test_every_error_has_one_shape(client: httpx.Client):
    """A value FastAPI refuses, one Rashomon refuses and an unknown parameter: all 400 {"detail": line}."""
    for path, params in (
        ("/api/events", {"limit": "5000"}),
        ("/api/events", {"limit": "many"}),
        ("/api/dyad", {"source": "XVA"}),  # target missing
        ("/api/dyad", {**DYAD, "by": "week"}),
        ("/api/events", {"colour": "red"}),
    ):
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, params, response.text)
        body = response.json()
        assert list(body) == ["detail"] and isinstance(body["detail"], str) and "\n" not in body["detail"]
    assert client.get("/api/events", params={"limit": "5000"}).json()["detail"].startswith("limit: ")
    assert client.get("/api/dyad", params={"source": "XVA"}).json()["detail"].startswith("target: ")


def test_api_lists_its_endpoints(client: httpx.Client):
    index = get(client, "/api")
    paths = {e["path"]: e for e in index["endpoints"]}
    assert set(LISTS) | {"/api/dyad", "/api/shift", "/api/documents/{doc_id}"} <= set(paths)
    assert "until" in paths["/api/shift"]["parameters"] and paths["/api/events"]["summary"] == "Events"
    assert index["openapi"] == "/openapi.json"


def test_events_by_words_modality_and_actor_name(client: httpx.Client):
    every = get(client, "/api/events")["items"]
    flooding = get(client, "/api/events", q="Flooding VALLEY")["items"]
    assert flooding and all("flooding" in e["text"].lower() and "valley" in e["text"].lower() for e in flooding)
    assert len(flooding) < len(every)
    for modality in ("asserted", "hypothetical"):
        kept = get(client, "/api/events", modality=modality)["items"]
        assert [e["id"] for e in kept] == [e["id"] for e in every if e["modality"] == modality]
    assert get(client, "/api/events", actor="Morvenia") == get(client, "/api/events", actor="XMO")
    assert client.get("/api/events", params={"modality": "maybe"}).status_code == 400
    latest = get(client, "/api/events", sort="-date")["items"]
    dated = [e["date"] for e in latest if e["date"]]
    assert dated == sorted(dated, reverse=True) and sorted(e["id"] for e in latest) == sorted(e["id"] for e in every)
    assert all(e["date"] is None for e in latest[len(dated) :])  # undated last
    surest = [e["confidence"] for e in get(client, "/api/events", sort="-confidence", limit=5)["items"]]
    assert surest == sorted((e["confidence"] for e in every), reverse=True)[:5]
    assert client.get("/api/events", params={"sort": "colour"}).status_code == 400
    assert client.get("/api/events", params={"actor": "Atlantis"}).status_code == 400


def test_event_filters_narrow_the_list(client: httpx.Client):
    every = get(client, "/api/events")["items"]
    for params, keep in (
        ({"type": "THREATEN"}, lambda e: e["event"] == "THREATEN"),
        ({"type": "threaten"}, lambda e: e["event"] == "THREATEN"),
        ({"actor": "XMO"}, lambda e: any(p["code"] == "XMO" for p in e["actor"])),
        ({"recipient": "XMO"}, lambda e: any(p["code"] == "XMO" for p in e["recipient"])),
        ({"actor": "teodor-varnek"}, lambda e: any(p["actor_id"] == "teodor-varnek" for p in e["actor"])),
        ({"outlet": "Dispatch"}, lambda e: e["outlet"] == "Dispatch"),
        ({"since": "2025-05-01"}, lambda e: e["date"] and e["date"] >= "2025-05-01"),
        ({"until": "2025-04"}, lambda e: e["date"] and e["date"][:7] <= "2025-04"),  # all of April
    ):
        page = get(client, "/api/events", **params)
        assert page["items"] == [e for e in every if keep(e)], params
        assert 0 < page["total"] < len(every), params
    both = get(client, "/api/events", actor="XVA", recipient="XMO", type="THREATEN")["items"]
    assert {e["outlet"] for e in both} == {"Harnvik Herald", "Velgrad Courier"}
    assert get(client, "/api/events", actor="XMO", type="AID", since="2025-06")["total"] == 0
    absent = client.get("/api/events", params={"actor": "XKS"})  # an actor this store never mentions
    assert absent.status_code == 400 and "'XKS' names no actor of this store" in absent.json()["detail"]
    page = get(client, "/api/events", limit=2, offset=3)  # unfiltered: one page read alone, the same rows
    assert page["items"] == every[3:5] and page["total"] == len(every)


def test_other_filters_narrow_their_lists(client: httpx.Client):
    quotes = get(client, "/api/quotes", speaker="teodor-varnek")["items"]
    assert [q["text"] for q in quotes] == ["Our door stays open"]
    assert {q["outlet"] for q in get(client, "/api/quotes", outlet="Harnvik Herald")["items"]} == {"Harnvik Herald"}
    assert {c["outlet"] for c in get(client, "/api/claims", outlet="Velgrad Courier")["items"]} == {"Velgrad Courier"}
    assert {row["relation"] for row in get(client, "/api/claim-links", relation="contradict")["items"]} == {
        "contradict"
    }
    assert get(client, "/api/claim-links", relation="agree")["total"] == 0
    by_document = get(client, "/api/stance", by="document", target="XVA")["items"]
    assert by_document and all(r["doc_id"] and r["code"] == "XVA" and len(r["evidence"]) == r["n"] for r in by_document)
    assert all(r["n"] or r["quotes"] or sum(r["coverage"][k] for k in ("as_agent", "as_victim")) for r in by_document)
    assert {p["outlet"] for p in get(client, "/api/predictions", outlet="Dispatch")["items"]} <= {"Dispatch"}
    assert all("XVA" in p["about_codes"] for p in get(client, "/api/predictions", about="XVA")["items"])
    by_actor = get(client, "/api/who-quotes-whom", by="actor")["items"]
    assert by_actor and all(r["country"] is None and r["actor"] for r in by_actor)
    every_label = get(client, "/api/terms", kind="all", min_outlets=1)
    assert every_label["total"] > get(client, "/api/terms")["total"]
    assert [r["referent"] for r in get(client, "/api/terms", kind="all", min_outlets=1, referent="XMO")["items"]] == [
        "XMO"
    ]


@pytest.mark.parametrize("path", sorted(LISTS))
def test_pages_split_the_list_without_changing_its_total(client: httpx.Client, path: str):
    every = get(client, path, limit=1000)
    first = get(client, path, limit=1)
    assert len(first["items"]) == 1 and first["total"] == every["total"] and first["limit"] == 1
    last = get(client, path, limit=1, offset=every["total"] - 1)
    assert last["items"] == every["items"][-1:] and last["total"] == every["total"]
    beyond = get(client, path, offset=every["total"] + 5)
    assert beyond["items"] == [] and beyond["total"] == every["total"]
    pages = [
        item for start in range(0, every["total"], 2) for item in get(client, path, limit=2, offset=start)["items"]
    ]
    assert pages == every["items"]  # pages are slices of one order, records of one sentence too


def test_a_page_of_the_demo_events_is_a_slice_of_all_of_them(demo_db: Path):
    """The demo has sentences holding several events: a page read alone keeps them in the whole list's order."""
    with served(create_app(demo_db)) as base, httpx.Client(base_url=base, timeout=120) as http:
        every = get(http, "/api/events", limit=1000)["items"]
        spans = [(e["doc_id"], e["text_info"]["start"]) for e in every]
        assert len(set(spans)) < len(spans)  # ties that an unstable order would shuffle
        pages = [
            e for start in range(0, len(every), 7) for e in get(http, "/api/events", limit=7, offset=start)["items"]
        ]
        assert pages == every
        assert get(http, "/api/events", limit=1000, modality="asserted")["items"] == [
            e for e in every if e["modality"] == "asserted"
        ]  # a filtered list, read whole, in the same order


BAD_PAGES = [{"limit": "0"}, {"limit": "-1"}, {"limit": "abc"}, {"limit": "1001"}, {"offset": "-5"}]
BAD_REQUESTS = [
    *[(path, params) for path in sorted(LISTS) for params in BAD_PAGES],
    ("/api/documents", {"text": "perhaps"}),
    ("/api/documents/no-such-document", {}),
    ("/api/events", {"since": "not-a-date"}),
    ("/api/events", {"until": "2025-13-01"}),
    ("/api/events", {"since": "2025-02-30"}),
    ("/api/events", {"since": ""}),
    ("/api/events", {"type": "BOMBING"}),
    ("/api/events", {"type": ""}),
    ("/api/events", {"actor": ""}),
    ("/api/events", {"recipient": " "}),
    ("/api/dyad", {"source": "", "target": "XMO"}),
    ("/api/dyad", {"source": "XVA"}),
    ("/api/dyad", {**DYAD, "since": "not-a-date"}),
    ("/api/dyad", {**DYAD, "until": "9 May"}),
    ("/api/dyad", {**DYAD, "by": "sideways"}),
    ("/api/shift", {"source": "", "target": "XMO"}),
    ("/api/shift", {"target": "XMO"}),
    ("/api/shift", {**DYAD, "at": "not-a-date"}),
    ("/api/shift", {**DYAD, "since": "not-a-date"}),
    ("/api/shift", {**DYAD, "evidence": "-1"}),
    ("/api/quotes", {"speaker": ""}),
    ("/api/who-quotes-whom", {"by": "sideways"}),
    ("/api/claim-links", {"relation": "sideways"}),
    ("/api/terms", {"kind": "sideways"}),
    ("/api/terms", {"min_outlets": "0"}),
    ("/api/terms", {"min_outlets": "two"}),
    ("/api/stance", {"by": "sideways"}),
]


@pytest.mark.parametrize(("path", "params"), BAD_REQUESTS, ids=[f"{p}?{q}" for p, q in BAD_REQUESTS])
def test_malformed_parameters_are_refused_with_a_reason(client: httpx.Client, path: str, params: dict[str, str]):
    response = client.get(path, params=params)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    detail = response.json()["detail"]
    assert detail and (isinstance(detail, str) or all(d["msg"] for d in detail))


def test_a_bad_value_names_what_was_wrong(client: httpx.Client):
    response = client.get("/api/events", params={"type": "BOMBING"})
    assert response.status_code == 400 and "BOMBING" in response.json()["detail"]
    assert "ASSAULT" in response.json()["detail"]
    response = client.get("/api/stance", params={"by": "sideways"})
    assert response.json() == {"detail": "--by must be one of document, outlet, camp (got 'sideways')"}
    response = client.get("/api/documents/no-such-document")
    assert response.status_code == 404 and "no-such-document" in response.json()["detail"]


# Parameters each endpoint is asked with, past its defaults, so that every shape of answer is checked.
ASKED: dict[str, list[dict[str, str]]] = {
    "/api/dyad": [DYAD],
    "/api/shift": [DYAD, {**DYAD, "by_outlet": "true", "at": "2025-03-20"}],
    "/api/shift/chart": [DYAD],
    "/api/search": [{"q": "boats"}],
    "/api/who-quotes-whom": [{}, {"per": "camp", "by": "actor"}],
    "/api/coverage": [{}, {"by": "outlet", "period": "year"}, {"by": "country"}],
    "/api/blindspots": [{}, {"by": "country"}],
    "/api/claim-matrix": [{}, {"by": "camp"}],
    "/api/terms": [{"kind": "all"}, {"kind": "all", "by": "camp"}],
    "/api/stance": [{}, {"by": "document"}, {"by": "camp"}],
}


def test_every_answer_is_what_the_schema_says(demo_db: Path, tmp_path: Path):
    """Each endpoint's answers on the demo (its outlets in camps) hold exactly the fields its model in
    the OpenAPI schema declares, of the declared types: the schema is what clients can rely on."""
    db = Path(shutil.copy(demo_db, tmp_path / "demo.duckdb"))
    rashomon.load_outlets(db, Path(__file__).parents[1] / "demo" / "outlets.csv")
    app = create_app(db)
    models = {route.path_format: route.responses[200]["model"] for route in app.routes
              if isinstance(route, APIRoute) and route.path.startswith("/api")}  # fmt: skip
    schema = app.openapi()
    assert all("$ref" in schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
               for path in models if path != "/api/shift/chart")  # fmt: skip
    with served(app) as base, httpx.Client(base_url=base, timeout=120) as http:
        doc_id = get(http, "/api/documents", limit=1)["items"][0]["doc_id"]
        for path, model in models.items():
            for params in ASKED.get(path, [{}]):
                answer = get(http, path.replace("{doc_id}", quote(doc_id, safe="")), **params, **(
                    {"limit": "1000"} if path in LISTS or "items" in str(model) else {}))  # fmt: skip
                TypeAdapter(model).validate_python(answer)  # ValidationError names the field
        error = http.get("/api/events", params={"limit": "lots"}).json()
        assert TypeAdapter(ErrorAnswer).validate_python(error).detail


def test_the_openapi_schema_lists_every_api_path(client: httpx.Client):
    schema = get(client, "/openapi.json")
    paths = set(schema["paths"])
    assert paths >= {*LISTS, "/api/documents/{doc_id}", "/api/dyad", "/api/shift"}
    limit = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1 and limit["schema"]["maximum"] == 1000
    assert client.get("/docs").status_code == 200


def test_the_docs_page_loads_nothing_from_the_internet(client: httpx.Client):
    """An analyst offline still gets Swagger UI: every script and style the page names is served here."""
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # same origin: no CDN
        assert client.get(asset).status_code == 200, asset


def test_concurrent_requests_each_get_their_answer(client: httpx.Client):
    paths = [
        "/api/events", "/api/terms", "/api/stance", "/api/quotes", "/api/claim-matrix", "/api/documents",
        "/api/who-quotes-whom", "/api/dyad?source=XVA&target=XMO", "/api/shift?source=XVA&target=XMO",
    ] * 4  # fmt: skip
    expected = {path: get(client, path) for path in set(paths)}
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda path: (path, client.get(path)), paths))
    for path, response in answers:
        assert response.status_code == 200 and response.json() == expected[path], path


def test_the_store_is_only_read(client: httpx.Client, app: FastAPI, story_db: Path):
    before = file_state(story_db)
    for path in [*LISTS, "/api/documents/courier"]:
        get(client, path)
    get(client, "/api/dyad", **DYAD)
    get(client, "/api/shift", **DYAD)
    assert file_state(story_db) == before
    with pytest.raises(duckdb.Error, match="read-only"):
        served_corpus(app).store.con.execute("CREATE TABLE scribble (i INTEGER)")
    with pytest.raises(duckdb.Error, match="read-only"):
        served_corpus(app).store.con.cursor().execute("DELETE FROM documents")
    assert get(client, "/api/documents")["total"] == 3


def test_every_endpoint_answers_on_the_demo_database(demo_db: Path):
    with served(create_app(demo_db)) as base, httpx.Client(base_url=base, timeout=120) as http:
        for path in sorted(LISTS):
            page = get(http, path, limit=1000)
            assert page["total"] > 0 and len(page["items"]) == min(page["total"], 1000), path
        doc_id = get(http, "/api/documents", limit=1)["items"][0]["doc_id"]
        assert get(http, f"/api/documents/{doc_id}")["text"]
        assert get(http, "/api/dyad", source="XVA", target="XMO")["events"]
        assert get(http, "/api/shift", source="XVA", target="XMO")["before"]["evidence"]
        assert "Voice of Valdoria" in http.get("/", params={"dyad": "XVA,XMO"}).text


def test_the_report_is_served_at_the_root(client: httpx.Client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "Harnvik Herald" in response.text


def test_a_missing_or_foreign_file_is_refused_when_the_app_is_made(tmp_path: Path):
    with pytest.raises(StoreError) as missing:
        create_app(tmp_path / "none.duckdb")
    assert str(missing.value) == f"{tmp_path / 'none.duckdb'}: no such database"
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError) as foreign:
        create_app(text)
    assert str(foreign.value).startswith(f"{text}: cannot open as a DuckDB database")
    assert "\n" not in str(foreign.value)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(StoreError, match="not a Rashomon database"):
        create_app(empty)


def test_analyze_adds_to_a_store_while_it_is_served(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(article("Alpha"), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    assert analyze([corpus], db).ok
    rashomon = Path(sys.executable).parent / "rashomon"
    with served(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        assert get(http, "/api/documents")["total"] == 1
        (corpus / "b.txt").write_text(article("Beta"), encoding="utf-8")
        added = subprocess.run([rashomon, "analyze", corpus, "--db", db, "-q"], capture_output=True, text=True)
        assert added.returncode == 0, added.stderr  # the server does not hold the store
        deadline = time.monotonic() + 30
        while get(http, "/api/documents")["total"] == 1 and time.monotonic() < deadline:
            time.sleep(0.2)  # the next request after a second serves a new snapshot
        assert [d["doc_id"] for d in get(http, "/api/documents")["items"]] == ["a", "b"]
