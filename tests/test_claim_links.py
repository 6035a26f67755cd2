"""Claim links: which figures from different outlets count the same thing, and whether they agree."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy
import pytest

from rashomon.annotate.embeddings import sentence_embedder
from rashomon.link import claims as linking
from rashomon.link.claims import stored_embedder
from rashomon.settings import load_settings
from rashomon.store.database import Store
from rashomon.store.linking import story_actors
from tests.conftest import story_store

# An invented story: each outlet counts the seized crews with its own noun, and the exercise's troops are
# not the reservists called up in the same week.
STORIES = {
    "herald": ("Harnvik Herald", "2025-05-03", (
        "Valdorian cutters seized twelve Morvenian trawlers off Saltmere on 2 May 2025, and 70 fishermen "
        "were seized with them.\n\n"
        "Morvenia called up 5,000 reservists on Friday. Valdoria's war games began the same day with more "
        "than 3,000 troops.\n\n"
        "Presidents Albren and Varnek have met three times since 2019. Weapons were found on two of the twelve "
        "trawlers, Valdoria said."
    )),
    "courier": ("Velgrad Courier", "2025-05-04", (
        "The Coast Guard detained eight Morvenian vessels and 41 crew members near Saltmere on 2 May 2025, "
        "Valdoria said.\n\n"
        "Morvenia called up 5,000 reservists on Friday, Valdoria said.\n\n"
        "Valdoria will return the remaining 19 crew members of Morvenia next week."
    )),
    "wire": ("Northern Wire", "2025-05-20", (
        "Morvenia says twelve boats were seized by Valdoria on 2 May 2025. Valdoria puts the figure at eight "
        "vessels.\n\n"
        "Valdoria still holds about 30 fishermen from Morvenia, Morvenian officials said.\n\n"
        "Albren and Varnek met in 2019 and again in 2022."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("claims"), STORIES)


@pytest.fixture(scope="module")
def links(story_db: Path) -> list[dict]:
    with Store(story_db, read_only=True) as store:
        found = store.con.execute(
            """
            SELECT a.phrase, b.phrase, l.relation, l.note, da.outlet, db.outlet
            FROM claim_links l JOIN claims a ON a.claim_id = l.a JOIN claims b ON b.claim_id = l.b
                 JOIN documents da ON da.doc_id = a.doc_id JOIN documents db ON db.doc_id = b.doc_id
            """
        ).fetchall()
    return [
        {"pair": frozenset((a, b)), "relation": relation, "note": note, "outlets": {outlet_a, outlet_b}}
        for a, b, relation, note, outlet_a, outlet_b in found
    ]


def relation(links: list[dict], a: str, b: str) -> str | None:
    return next((x["relation"] for x in links if x["pair"] == frozenset((a, b))), None)


def test_counts_of_one_kind_under_different_nouns_are_compared(links):
    assert relation(links, "70", "41") == "contradict"  # fishermen seized, crew members detained
    assert relation(links, "twelve", "eight") == "contradict"  # trawlers, vessels


def test_a_figure_given_by_a_reporting_verb_counts_what_the_figure_before_it_counted(links):
    # "Morvenia says twelve boats were seized. Valdoria puts the figure at eight vessels."
    pair = frozenset(("twelve", "eight"))
    inside_the_wire = [x for x in links if x["pair"] == pair and x["outlets"] == {"Northern Wire"}]
    assert [x["relation"] for x in inside_the_wire] == ["contradict"]


def test_what_is_left_is_compared_with_what_is_left_not_with_the_first_count(links):
    assert relation(links, "19", "about 30") == "contradict"
    assert relation(links, "70", "19") is None
    assert relation(links, "41", "about 30") is None


def test_a_part_of_a_set_is_no_count_of_the_set(links):
    assert relation(links, "two", "twelve") is None
    assert relation(links, "two", "eight") is None


def test_different_happenings_to_people_are_not_one_quantity(links):
    assert relation(links, "5,000", "5,000") == "agree"
    assert relation(links, "more than 3,000", "5,000") is None  # troops in an exercise, reservists called up


def test_an_enumeration_of_dates_is_a_count_that_can_contradict(links):
    assert relation(links, "three times", "2019 and again in 2022") == "contradict"


def test_every_link_explains_itself(links):
    reasons = {"agree": "the intervals overlap", "contradict": "source",
               "update": "a later figure"}  # fmt: skip
    assert links and all(reasons[x["relation"]] in x["note"] for x in links)


# Running totals on three days, a population, and an unrelated story with the same noun.
TOTALS = {
    "day1": ("Harnvik Herald", "2025-06-02", (
        "Morvenian crews rescued 80 people from the flooded Saltmere valley, Morvenia said. Valdoria sent "
        "two cutters to help.\n\nThe valley has a population of 2.5 million."
    )),
    "day2": ("Velgrad Courier", "2025-06-03", (
        "Morvenian crews have now rescued 150 people from the flooded Saltmere valley, Morvenia said. Valdoria's "
        "cutters are still helping.\n\nThe floods have killed 40 people in Morvenia."
    )),
    "other": ("Kessary Times", "2025-06-03", (
        "Kessarian lifeguards rescued 12 people from the sea at Port Averin on Monday, Kessary said."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def totals(tmp_path_factory) -> list[tuple[str, str, str]]:
    db = story_store(tmp_path_factory.mktemp("totals"), TOTALS)
    with Store(db, read_only=True) as store:
        return store.con.execute(
            """
            SELECT a.phrase, b.phrase, l.relation FROM claim_links l
            JOIN claims a ON a.claim_id = l.a JOIN claims b ON b.claim_id = l.b
            """
        ).fetchall()


def test_a_running_total_reported_the_next_day_updates_and_does_not_contradict(totals):
    assert {frozenset(p) for *p, r in totals if r == "update"} == {frozenset(("80", "150"))}
    assert not [t for t in totals if t[2] == "contradict"]


def test_a_population_and_another_story_are_other_quantities(totals):
    linked = {phrase for a, b, _ in totals for phrase in (a, b)}
    assert "2.5 million" not in linked and "12" not in linked


def test_measures_of_two_named_subjects_in_one_document_are_two_things(tmp_path: Path):
    db = story_store(tmp_path, {"motors": ("Kessary Times", "2025-07-01", (
        "The Volt GT will go from zero to 60 mph in about 3.5 seconds. The Volt Base will go from zero to 60 "
        "mph in five seconds, the maker says."
    ))})  # fmt: skip
    with Store(db, read_only=True) as store:
        relations = store.con.execute("SELECT relation FROM claim_links").fetchall()
    assert ("contradict",) not in relations  # two cars' times, not two sources on one


def test_an_outlet_does_not_dispute_its_own_figures_and_the_press_makes_no_story(tmp_path: Path):
    db = story_store(tmp_path, {
        "train": ("Kessary Times", "2025-03-12", (
            "Gunmen attacked a train near Saltmere on Tuesday, Reuters reported. All 33 terrorists were killed in "
            "the attack. “Four frontier corps personnel were killed in the attack,” army spokesman Ahmed Sharif "
            "said."
        )),
        "storm": ("Kessary Times", "2025-03-12", (
            "A storm hit Port Averin in Morvenia on Tuesday, Reuters reported. Fifteen people were killed."
        )),
    })  # fmt: skip
    with Store(db, read_only=True) as store:
        relations = store.con.execute("SELECT relation FROM claim_links").fetchall()
        actors = story_actors(store)
    assert ("contradict",) not in relations  # the outlet's count of attackers, a spokesman's of soldiers
    assert all("reuters" not in found for found in actors.values())


HELD = {
    "early": ("Harnvik Herald", "2025-04-02", (
        "Valdoria still holds about 40 Morvenian fishermen, Morvenian officials said. Morvenia and Valdoria "
        "met in Port Averin."
    )),
    "late": ("Velgrad Courier", "2025-04-14", (
        "Valdoria still holds the remaining 16 Morvenian fishermen, Valdoria said. Morvenia and Valdoria met "
        "in Port Averin."
    )),
}  # fmt: skip
FREED = "Valdoria freed 24 Morvenian fishermen on 8 April 2025. Morvenia and Valdoria met in Port Averin."


@pytest.mark.parametrize("freed", [False, True])
def test_what_is_held_falls_only_when_the_story_reports_captives_freed(tmp_path: Path, freed: bool):
    stories = HELD | ({"release": ("Northern Wire", "2025-04-09", FREED)} if freed else {})
    db = story_store(tmp_path, stories)
    with Store(db, read_only=True) as store:
        relations = store.con.execute(
            """
            SELECT l.relation FROM claim_links l JOIN claims a ON a.claim_id = l.a JOIN claims b ON b.claim_id = l.b
            WHERE list_sort([a.phrase, b.phrase]) = ['16', 'about 40']
            """
        ).fetchall()
    assert relations == ([] if freed else [("contradict",)])


def test_a_limit_is_no_agreement_and_sums_of_money_are_no_running_totals(tmp_path: Path):
    met = " Morvenia and Valdoria met in Port Averin."
    db = story_store(tmp_path, {
        "early": ("Harnvik Herald", "2025-05-02", (
            "Valdoria granted a $16.6 billion loan to Morvenia's national airline, Morvenian officials said. The "
            "airline's new jet carries 555 people." + met
        )),
        "late": ("Velgrad Courier", "2025-05-20", (
            "Valdoria granted a $6 billion loan to Morvenia's national airline, Valdorian officials said. The "
            "airline's new jet carries up to 840 people." + met
        )),
    })  # fmt: skip
    with Store(db, read_only=True) as store:
        relations = store.con.execute("SELECT relation FROM claim_links").fetchall()
    # a smaller later loan is no fallen running total; 555 people fit under "up to 840" and confirm nothing
    assert relations == []


def test_embeddings_are_kept_so_a_second_run_embeds_nothing_again(story_db: Path, tmp_path: Path):
    model = sentence_embedder()
    embedded: list[str] = []

    def counted(texts):
        embedded.extend(texts)
        return model(texts)

    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(story_db.read_bytes())
    texts = ["61 fishermen were seized", "38 crew members were detained", "61 fishermen were seized"]
    with Store(copy) as store:
        first = stored_embedder(store, counted, "test-model")(texts)
        assert embedded == texts[:2]  # each distinct text once
        again = stored_embedder(store, counted, "test-model")(texts)
        assert embedded == texts[:2]  # nothing embedded the second time
        assert numpy.array_equal(first, again) and numpy.array_equal(first[0], first[2])
        assert store.con.execute("SELECT count(*) FROM embeddings WHERE model = 'test-model'").fetchone() == (2,)


@pytest.mark.parametrize("n_process", [1, 2])
def test_claim_texts_are_embedded_where_their_documents_are_annotated(tmp_path: Path, monkeypatch, n_process: int):
    """Every claim's quantity and predicate is embedded with its batch, by the process that parsed it; linking
    asks the model only for the rest (the sentences of unsure pairs, qualifiers)."""
    asked: list[str] = []

    def counting_embedder():
        model = sentence_embedder()
        return lambda texts: asked.extend(texts) or model(texts)

    monkeypatch.setattr(linking, "sentence_embedder", counting_embedder)
    db = story_store(tmp_path, STORIES, n_process=n_process)
    with Store(db, read_only=True) as store:
        counted = store.con.execute("SELECT quantity, predicate FROM claims WHERE quantity <> ''").fetchall()
        linked = store.con.execute("SELECT count(*) FROM claim_links").fetchone()
    assert counted and linked and linked[0] > 0
    assert not {text for pair in counted for text in pair} & set(asked)


def fake_embedder(texts):
    """Unit vectors by the texts' words: texts sharing words are close, others (nearly) orthogonal; no model."""
    rows = []
    for text in texts:
        vector = numpy.zeros(1024)
        for word in text.lower().split():
            vector[zlib.crc32(word.encode()) % 1024] += 1.0
        rows.append(vector / (numpy.linalg.norm(vector) or 1.0))
    return numpy.array(rows)


def claim(claim_id: str, doc_id: str, low: float, published: str, speaker: str, **fields) -> linking._Claim:
    base = {"outlet": doc_id, "phrase": str(low), "high": low, "dimension": "count", "quantity": "fishing boat",
            "predicate": "seize", "context": "Valdoria seized # boats", "happening": "COERCE", "residual": False,
            "partitive": False, "sentence": 0, "actors": frozenset({"XVA", "XMO"})}  # fmt: skip
    return linking._Claim(claim_id, doc_id, base.pop("outlet"), base.pop("phrase"), low, published=published,
                          speaker=speaker, **(base | fields))  # fmt: skip


def test_the_link_logic_runs_alone_with_a_fake_embedder():
    rules = load_settings()["link.claims"]
    same_day = [claim("a", "d1", 14, "2025-03-02", "XMO"), claim("b", "d2", 14, "2025-03-02", "XVA"),
                claim("c", "d3", 9, "2025-03-02", "XVA")]  # fmt: skip
    links = {(x.a, x.b): x.relation for x in linking.find_links(same_day, fake_embedder, rules)}
    # b and c are one source's two figures (Valdoria's): a source does not dispute itself
    assert links == {("a", "b"): "agree", ("a", "c"): "contradict"}
    other_story = [claim("a", "d1", 14, "2025-03-02", "XMO"), claim("d", "d4", 9, "2025-03-02", "XKS",
                   actors=frozenset({"XKS"}))]  # fmt: skip
    assert linking.find_links(other_story, fake_embedder, rules) == []  # no actors in common: two stories
