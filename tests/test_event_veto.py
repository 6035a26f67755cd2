"""The event veto: shipped weights, the mechanism (scores become confidence, low scores are dropped),
and the switch that turns it off."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.events import EventFinder
from rashomon.annotate.events.veto import EventVeto, load_event_veto
from rashomon.annotate.temporal import find_timexes
from rashomon.document import Document

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"
PUBLISHED = dt.date(2025, 3, 20)


@pytest.fixture(scope="module")
def bare() -> Annotators:
    return Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), event_veto="off"))


@pytest.fixture(scope="module")
def vetoed() -> Annotators:
    return Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), event_veto="drop"))


@pytest.fixture(scope="module")
def scored() -> Annotators:
    """The default: every candidate kept, its confidence the veto's probability."""
    return Annotators(AnnotateOptions(actors=(DEMO_ACTORS,)))


def parsed(ann: Annotators, text: str):
    """The Doc and what the finder needs besides it, as the annotators make them."""
    doc = ann.nlp(text)
    doc.user_data["rashomon.text"] = text
    mentions = ann["mentions"].finder(doc, PUBLISHED)
    quotes = ann["quotes"].finder(doc, mentions).quotes
    return doc, (doc, mentions, find_timexes(doc, PUBLISHED), quotes, PUBLISHED)


def rows(ann: Annotators, text: str) -> list[dict]:
    document = Document(doc_id="t", source="t", text=text, published=PUBLISHED)
    (_, records), *_ = ann.annotate([document])
    return records["events"]


def test_the_shipped_weights_load():
    veto = load_event_veto()
    assert len(veto.model.names) == len(veto.model.weights) > 0
    assert 0 < veto.threshold < 1
    assert veto.digest
    assert all("dev" in name for name in veto.metadata["trained_on"])  # development halves only
    assert not any("blind2" in name or "blind4" in name for name in veto.metadata["trained_on"])  # still blind


def test_a_clear_event_keeps_its_event_with_a_probability_as_confidence(vetoed):
    found = rows(vetoed, "Valdoria's navy shelled the port of Saltmere on Monday.")
    assault = [r for r in found if r["event"] == "ASSAULT"]
    assert assault and 0 < assault[0]["confidence"] <= 1


def test_the_probability_becomes_the_confidence_and_low_scores_are_dropped(bare):
    veto = EventVeto.from_weights({"type=ASSAULT": 3.0, "type=CONSULT": -3.0}, bias=0.0, threshold=0.5)
    text = "Valdoria's navy shelled the port of Saltmere on Monday. Valdoria hosted a Morvenian delegation."
    doc, args = parsed(bare, text)
    candidates = bare["events"].finder(*args)
    assert {e.type for e in candidates} >= {"ASSAULT", "CONSULT"}
    kept = veto.apply(candidates, doc)
    assert [e.type for e in kept] == ["ASSAULT"]
    assert kept[0].confidence == round(1 / (1 + math.exp(-3.0)), 2)
    # the same through the finder's hook
    hooked = EventFinder(bare["events"].finder.lexicon, veto=veto)(*parsed(bare, text)[1])
    assert [(e.type, e.start, e.confidence) for e in hooked] == [(e.type, e.start, e.confidence) for e in kept]


def test_a_hypothetical_event_is_scored_but_not_dropped(bare):
    veto = EventVeto.from_weights({"type=CONSULT": -3.0}, bias=0.0, threshold=0.5)
    doc, args = parsed(bare, "Valdoria will host a Morvenian delegation.")
    consult = [e for e in veto.apply(bare["events"].finder(*args), doc) if e.type == "CONSULT"]
    assert consult and consult[0].modality == "hypothetical"
    assert consult[0].confidence == round(1 / (1 + math.exp(3.0)), 2)


def test_features_are_named_for_what_they_read(bare):
    doc, args = parsed(bare, "Valdoria's navy shelled the port of Saltmere on Monday.")
    [assault] = [e for e in bare["events"].finder(*args) if e.type == "ASSAULT"]
    features = load_event_veto(bare["events"].finder.lexicon).features(assault, doc)
    assert {"type=ASSAULT", "lemma=shell", "lemma*type=shell*ASSAULT", "pos=VERB", "actor=coded"} <= set(features)
    assert 0 <= features["position_in_sentence"] <= 1


def test_without_the_veto_every_candidate_is_kept(bare, vetoed):
    text = (
        "Valdoria's navy shelled the port of Saltmere on Monday. Morvenian criticism of Valdoria has been harsh. "
        "The talks of the town were about the strike."
    )
    assert bare["events"].finder.veto is None and vetoed["events"].finder.veto is not None
    off = {(r["event"], r["trigger_start"]) for r in rows(bare, text)}
    on = {(r["event"], r["trigger_start"]) for r in rows(vetoed, text)}
    assert on <= off
    assert off == {(e.type, e.start) for e in bare["events"].finder(*parsed(bare, text)[1])}


def test_by_default_the_veto_scores_and_keeps_every_candidate(bare, scored):
    text = "Valdoria's navy shelled the port of Saltmere on Monday. The talks of the town were about the strike."
    off, on = rows(bare, text), rows(scored, text)
    assert [(r["event"], r["trigger_start"]) for r in on] == [(r["event"], r["trigger_start"]) for r in off]
    veto = scored["events"].finder.veto
    doc, args = parsed(bare, text)
    expected = {(e.type, e.start): round(veto.probability(e, doc), 2) for e in bare["events"].finder(*args)}
    assert {(r["event"], r["trigger_start"]): r["confidence"] for r in on} == expected


def test_the_digest_names_the_veto_and_its_mode(bare, vetoed, scored):
    assert len({bare.digest, vetoed.digest, scored.digest}) == 3


def test_analyze_takes_the_veto_mode_and_refuses_another(run_cli, corpus, tmp_path):
    assert "--event-veto" in run_cli("analyze", "--help").stdout
    result = run_cli("analyze", str(corpus), "--db", str(tmp_path / "x.duckdb"), "--event-veto", "sometimes")
    assert result.exit_code == 2 and "sometimes" in result.stderr
    with pytest.raises(ValueError, match="event veto must be one of"):
        Annotators(AnnotateOptions(event_veto="sometimes"))
