"""Framing, stance, predictions and the claim matrix: how three outlets tell one invented story."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.framing import framing
from rashomon.analysis.stance import stance
from rashomon.store.database import Store
from tests.conftest import story_store, text_annotator

# The same seizure, told by a Morvenian paper, a Valdorian broadcaster and a wire.
STORIES = {
    "clarion": ("Clarion", "2025-03-02", (
        "Valdorian gunboats seized fourteen Morvenian fishing boats near Saltmere on 1 March 2025 in a brutal "
        "act of piracy. The seizure left 61 fishermen in Valdorian hands.\n\n"
        "Morvenian President Henrik Albren condemned Valdoria. Valdoria will pay a heavy price for the "
        "Saltmere outrage by June 2025."
    )),
    "voice": ("Voice", "2025-03-02", (
        "The Valdorian Coast Guard inspected nine Morvenian trawlers near Saltmere on 1 March 2025 in a lawful "
        "inspection. The inspection found 38 crew members on board.\n\n"
        "“The Saltmere provocation will not go unanswered,” said Teodor Varnek. Morvenia is a reckless "
        "neighbour, and Valdoria rightly defended its waters."
    )),
    "wire": ("Wire", "2025-03-03", (
        "Valdoria seized 14 Morvenian boats on 1 March 2025, according to Morvenian officials, who say 61 "
        "fishermen are held. Valdoria says the Coast Guard inspected nine trawlers.\n\n"
        "Analysts expect the dispute to drag on for months."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("framing"), STORIES)


@pytest.fixture(scope="module")
def annotate():
    return text_annotator(dt.date(2025, 3, 20))


def test_each_outlet_names_the_same_event_in_its_own_words(story_db: Path):
    with Store(story_db, read_only=True) as store:
        rows = framing(store, kind="event", min_outlets=3)
    seizure = [r for r in rows if {"Clarion", "Voice", "Wire"} <= set(r["outlets"])]
    assert len(seizure) == 1, rows
    words = {outlet: {label["term"] for label in labels} for outlet, labels in seizure[0]["outlets"].items()}
    assert {"seized", "brutal act of piracy", "seizure", "Saltmere outrage"} <= words["Clarion"]
    assert {"inspected", "lawful inspection", "Saltmere provocation"} <= words["Voice"]
    assert not words["Voice"] & {"seized", "seizure"}
    loaded = {label["term"]: label["loaded"] for labels in seizure[0]["outlets"].values() for label in labels}
    assert loaded["brutal act of piracy"] and loaded["lawful inspection"] and loaded["Saltmere provocation"]
    assert not loaded["seized"] and not loaded["seizure"]


def test_terms_file_follows_the_data_contract(story_db: Path, tmp_path: Path, run_cli):
    assert run_cli("export", "--db", story_db, "--out", tmp_path).exit_code == 0
    terms = [json.loads(line) for line in (tmp_path / "terms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert terms and all(t.keys() >= {"doc_id", "outlet", "referent", "term", "count", "loaded"} for t in terms)
    texts = {d: text for d, (_, _, text) in STORIES.items()}
    for t in terms:  # every occurrence points at the words in the clean text
        body = (story_db.parent / f"{t['doc_id']}.txt").read_text(encoding="utf-8")
        assert all(t["term"] in body and t["doc_id"] in texts for _ in t["occurrences"])


def test_actor_labels_come_from_the_phrase_apposition_and_naming_verbs(annotate):
    terms = annotate(
        "The Valdorian regime sent gunboats. Morvenia classifies the Valdorian Coast Guard as a pirate fleet. "
        "Valdoria does not classify Morvenia as an enemy."
    )["terms"]
    labels = {(t["term"], t["referent"]) for t in terms if t["kind"] == "actor"}
    assert ("Valdorian regime", "XVA") in labels
    assert ("pirate fleet", "valdorian-coast-guard") in labels
    assert not any(term == "enemy" for term, _ in labels)  # denied, not a label
    regime = next(t for t in terms if t["term"] == "Valdorian regime")
    assert regime["loaded_by"] == "regime"


def test_scare_quotes_are_loaded_labels(annotate):
    terms = annotate("The Valdorian “inspection” of the boats lasted nine days.")["terms"]
    (scare,) = [t for t in terms if t["kind"] == "scare"]
    assert scare["term"] == "inspection" and scare["loaded_by"] == "scare quotes"
    assert not any("“" in t["term"] or "”" in t["term"] for t in terms)


def test_stance_is_the_outlets_own_voice_and_coverage_stands_beside_it(story_db: Path):
    with Store(story_db, read_only=True) as store:
        by_outlet = {(r["outlet"], r["target"]): r for r in stance(store, "outlet")}
        clarion = [r for r in stance(store, "document", target="XVA") if r["doc_id"] == "clarion"]
        text = {d["doc_id"]: d["text"] for d in store.documents()}
    voice_on_morvenia = by_outlet[("Voice", "XMO")]
    assert voice_on_morvenia["score"] < 0  # "a reckless neighbour", in its own voice
    assert voice_on_morvenia["n"] == len(voice_on_morvenia["evidence"]) and voice_on_morvenia["uncertainty"] > 0
    assert not voice_on_morvenia["sufficient"]  # one sentence is too little to say
    (row,) = clarion
    assert row["coverage"]["as_agent"] >= 1  # Valdoria seized the boats: reported, not the Clarion's stance
    assert all(e["source"] in ("label", "sentence") for e in row["evidence"])
    for e in row["evidence"]:  # each score traces to its sentence
        assert "Valdori" in text["clarion"][e["start"] : e["end"]]
    assert ("Clarion", "doc:saltmere") not in by_outlet  # a town the recogniser once took for a person


def test_stance_toward_a_party_or_a_person_is_theirs_not_their_states(tmp_path: Path):
    db = story_store(tmp_path, {"post": ("Post", "2025-03-04", (
        "The brilliant and honest journalist Mara Lindqvist exposed the harbour scandal. Lindqvist is admired "
        "and trusted across Saltmere. The Harbour Workers Party of Valdoria is a corrupt, dishonest and violent "
        "gang. The Valdorian government approved the port deal. Storms battered the Grey Shelf again, and Grey "
        "Shelf crews were praised for a brilliant, brave and honest rescue."
    ))})  # fmt: skip
    with Store(db, read_only=True) as store:
        rows = {r["target"]: r for r in stance(store, "document")}
    journalist, party = rows["doc:mara-lindqvist"], rows["doc:harbour-workers-party-of-valdoria"]
    assert journalist["name"] == "Mara Lindqvist" and journalist["lean"] == 1 and journalist["sufficient"]
    assert party["score"] < 0 and party["code"] == "XVA"  # a Valdorian party, not the Valdorian state
    assert "doc:grey-shelf" not in rows  # "the Grey Shelf", which the recogniser takes for a person, is a sea


def test_reporting_an_actors_own_acts_is_no_stance_toward_it(annotate):
    records = annotate("Morvenia called up 5,000 reservists and seized two Valdorian trawlers on Friday.")
    on_morvenia = [e for e in records["stance"] if e["code"] == "XMO"]
    assert on_morvenia and all(e["source"] == "event" for e in on_morvenia)


def test_a_loaded_label_that_names_its_actor_is_stance(annotate):
    named = annotate("The Velgrad regime seized the boats on Friday.")["stance"]
    bare = annotate("Valdoria met Morvenia on Monday. The regime seized the boats on Friday.")["stance"]
    assert [(e["code"], e["score"]) for e in named if e["source"] == "label"] == [("XVA", -1.0)]
    assert not [e for e in bare if e["source"] == "label"]  # whom "the regime" means is a guess


def test_a_quotation_is_not_the_outlets_stance(annotate):
    own = annotate("Morvenia is a reckless and dishonest neighbour.")["stance"]
    quoted = annotate("“Morvenia is a reckless and dishonest neighbour,” said Teodor Varnek.")["stance"]
    assert [(e["target"], e["source"]) for e in own] == [("XMO", "sentence")] and own[0]["score"] < 0
    assert not [e for e in quoted if e["target"] == "XMO" and e["source"] == "sentence"]


def test_predictions_name_who_predicts_what_about_whom_and_by_when(annotate):
    found = annotate(
        "Valdoria will pay a heavy price by June 2025. “Morvenia is likely to lose the case,” said Teodor Varnek. "
        "Morvenia would have won in 2019. Will Valdoria release the boats?"
    )["predictions"]
    assert len(found) == 2, found
    price, case = found
    assert price["about_ids"][0] == "XVA" and price["by_date"] == "2025-06" and price["predictor"] is None
    assert price["confidence"] == "certain" and not price["negated"]
    assert case["about_ids"][0] == "XMO" and json.loads(case["predictor"])["name"] == "Teodor Varnek"
    assert case["confidence"] == "probable"


def test_claim_matrix_shows_who_states_and_who_leaves_out_a_number(story_db: Path):
    with Store(story_db, read_only=True) as store:
        rows = claim_matrix(store)
    trawlers = [r for r in rows if r["quantity"] == "trawler"]
    assert len(trawlers) == 1
    (row,) = trawlers
    assert {o: c["status"] for o, c in row["outlets"].items()} == {"Voice": "states", "Wire": "states"}
    assert row["omitted"] == ["Clarion"]


def test_views_answer_on_the_command_line_and_refuse_bad_options(story_db: Path, run_cli):
    for command in ("framing", "claim-matrix", "stance", "predictions"):
        result = run_cli(command, "--db", story_db, "--json")
        assert result.exit_code == 0 and result.stdout.strip(), command
    bad = run_cli("framing", "--db", story_db, "--kind", "colour")
    assert bad.exit_code == 2 and bad.stderr.strip() == "error: kind must be one of event, actor, all (got 'colour')"
    bad = run_cli("stance", "--db", story_db, "--by", "week")
    assert bad.exit_code == 2 and bad.stderr.strip() == "error: --by must be one of document, outlet, camp (got 'week')"
    bad = run_cli("framing", "--db", story_db, "--min-outlets", "0")
    assert bad.exit_code == 2 and "--min-outlets" in bad.stderr


def test_a_loaded_label_for_an_actors_deed_and_a_doubting_verb_are_stance(annotate):
    deed = annotate("The Valdorian atrocities in Saltmere shocked the region.")["stance"]
    claimed = annotate("Valdoria claimed that the boats carried weapons.")["stance"]
    said = annotate("Valdoria said that the boats carried weapons.")["stance"]
    assert [(e["code"], e["score"]) for e in deed if e["source"] == "label"] == [("XVA", -1.0)]
    assert [(e["code"], e["score"]) for e in claimed if e["source"] == "cue"] == [("XVA", -0.5)]
    assert not [e for e in said if e["source"] == "cue"]


LEANING = {
    "herald": ("Harnvik Herald", "2025-03-02", (
        "The Velgrad regime seized the boats on Saturday. The Velgrad regime lied about the crews. "
        "The Velgrad regime threatened Saltmere again."
    )),
    "courier": ("Velgrad Courier", "2025-03-02", (
        "The Velgrad regime seized the boats on Saturday. Fishermen from Saltmere were taken to Brennholm, "
        "where the coast guard questioned them."
    )),
}  # fmt: skip


def test_a_stance_leans_only_on_enough_evidence(tmp_path: Path):
    with Store(story_store(tmp_path, LEANING), read_only=True) as store:
        rows = {r["outlet"]: r for r in stance(store, "outlet", target="XVA")}
    herald, courier = rows["Harnvik Herald"], rows["Velgrad Courier"]
    assert herald["sufficient"] and herald["lean"] == -1 and herald["n"] >= 3
    assert not courier["sufficient"] and courier["lean"] == 0 and courier["score"] < 0  # one label: too little


# An editorial names the seizure only by its word for it; the report of the seizure is another outlet's.
UNNAMED = {
    "report": ("Wire", "2025-03-02", (
        "Valdorian gunboats seized fourteen Morvenian fishing boats near Saltmere on 1 March 2025."
    )),
    "editorial": ("Clarion", "2025-03-03", (
        "Morvenia will not forget this act of piracy. Valdoria must answer for it before the Council."
    )),
}  # fmt: skip


def test_a_label_without_an_event_of_its_own_joins_the_storys_event_of_its_kind(tmp_path: Path):
    with Store(story_store(tmp_path, UNNAMED), read_only=True) as store:
        rows = framing(store, kind="event", min_outlets=2)
    (seizure,) = [r for r in rows if set(r["outlets"]) == {"Wire", "Clarion"}]
    assert {label["term"] for label in seizure["outlets"]["Clarion"]} >= {"act of piracy"}
    piracy = next(label for label in seizure["outlets"]["Clarion"] if label["term"] == "act of piracy")
    assert piracy["loaded"] and "lexicon" in piracy["why"] and piracy["occurrences"][0]["doc_id"] == "editorial"
