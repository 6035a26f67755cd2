"""Places named in the text, resolved offline, and the place where each event happened."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import rashomon
from tests.conftest import DEMO_ACTORS, text_annotator


@pytest.fixture(scope="module")
def annotate():
    return text_annotator(dt.date(2025, 3, 3))


def test_real_places_are_placed_and_events_located_where_the_sentence_says(annotate):
    records = annotate(
        "Israeli strikes killed 20 people in Gaza on Monday. Officials in Paris said Russia hosted talks in Moscow."
    )
    places = {p["text"]: p for p in records["places"]}
    assert (places["Gaza"]["code"], places["Gaza"]["kind"]) == ("PSE", "city")
    assert places["Moscow"]["code"] == "RUS" and 55 < places["Moscow"]["latitude"] < 56
    assert places["Russia"]["kind"] == "country"
    where = {e["trigger"]: e["location"] for e in records["events"]}
    name_of = {p["place_id"]: p["name"] for p in records["places"]}
    assert name_of[where["killed"]] == "Gaza"
    assert name_of[where["hosted"]] == "Moscow"  # not Paris, where the officials spoke


def test_a_place_in_another_clause_or_no_locative_phrase_locates_nothing(annotate):
    records = annotate("Valdoria seized 14 Morvenian boats, and officials from Ankara protested.")
    assert [p["name"] for p in records["places"]] == ["Valdoria", "Ankara"]
    assert all(e["location"] is None for e in records["events"])


def test_a_dictionarys_places_join_the_gazetteer_and_a_bad_entry_is_one_line(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(
        "Valdoria seized fishing boats near Kettle Point on 1 March 2025.\n", encoding="utf-8"
    )
    db = tmp_path / "store.duckdb"
    assert rashomon.analyze([corpus], db, actors=[DEMO_ACTORS]).ok
    with rashomon.open(db) as store:
        store.export(tmp_path / "out")
    places = [json.loads(line) for line in (tmp_path / "out" / "places.jsonl").read_text().splitlines()]
    events = [json.loads(line) for line in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    kettle = next(p for p in places if p["name"] == "Kettle Point")
    assert (kettle["code"], kettle["latitude"], kettle["longitude"]) == ("XVA", 57.1, 3.4)
    assert [e["location"] for e in events if e["event"] == "COERCE"] == [kettle["place_id"]]
    bad = tmp_path / "bad.toml"
    bad.write_text('[places]\n"Nowhere" = { code = "XVA", latitude = "north" }\n', encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        rashomon.analyze([corpus], tmp_path / "other.duckdb", actors=[DEMO_ACTORS, bad])
    assert str(raised.value).startswith(f"{bad}: [places] 'Nowhere': needs code, latitude and longitude")


def test_the_report_maps_the_places(demo_db: Path, tmp_path: Path):
    with rashomon.open(demo_db) as corpus:
        page = corpus.report(tmp_path / "report.html").read_text(encoding="utf-8")
        [(named,)] = corpus.table("places").aggregate("count(*)").fetchall()
    assert named > 0
    assert 'data-chart="map"' in page and '"feature": "land"' in page and "Port Averin" in page
