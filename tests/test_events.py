"""Events: PLOVER coding from the parse, modality, dates, clusters across documents, dyads and shifts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import rashomon
from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.events.lexicon import load_lexicon
from rashomon.document import Document
from rashomon.pipeline import analyze

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"
PUBLISHED = dt.date(2025, 3, 20)


@pytest.fixture(scope="module")
def annotators() -> Annotators:
    return Annotators(AnnotateOptions(actors=(DEMO_ACTORS,)))


@pytest.fixture(scope="module")
def code(annotators):
    """Events of a text as (type, actor codes, recipient codes, date, precision, modality)."""

    def run(text: str, published: dt.date | None = PUBLISHED, annotate: Annotators | None = None) -> list[tuple]:
        document = Document(doc_id="t", source="t", text=text, published=published)
        (_, records), *_ = (annotate or annotators).annotate([document])
        return [
            (r["event"], r["actor_codes"], r["recipient_codes"], r["date"], r["date_precision"], r["modality"])
            for r in records["events"]
        ]

    return run


def test_a_verb_with_its_subject_object_and_date(code):
    assert code("Valdoria hosted a Morvenian delegation on 3 March 2025.") == [
        ("CONSULT", ["XVA"], ["XMO"], "2025-03-03", "day", "asserted")
    ]


def test_a_nominal_event_and_the_report_date_when_the_text_gives_none(code):
    assert code("Teodor Varnek's conversation with Henrik Albren was tense.") == [
        ("CONSULT", ["XVA"], ["XMO"], "2025-03-20", "report", "asserted")
    ]


def test_the_subject_of_a_bare_infinitive_is_the_verbs_object(code):
    assert code("Morvenian water bombers helped Valdoria put out the forest fires in 2024.")[0][:3] == (
        "AID",
        ["XMO"],
        ["XVA"],
    )


def test_a_nominal_event_said_not_to_exist_is_negated(code):
    denied, real = code(
        "Morvenian criticism of Valdoria has been non-existent. Morvenian criticism of Valdoria has been harsh."
    )
    assert (denied[0], denied[5]) == ("ACCUSE", "negated")
    assert (real[0], real[5]) == ("ACCUSE", "asserted")


def test_light_verbs_passives_and_coordinated_actors(code):
    assert code("Valdoria used its veto against the draft.")[0][:3] == ("REJECT", ["XVA"], [])
    condemned = code("The seizure was condemned by Kessary.")
    assert condemned == [("ACCUSE", ["XKS"], [], "2025-03-20", "report", "asserted")]
    signed = code("Morvenia and Kessary signed an agreement on fisheries in 2024.")
    assert signed == [("AGREE", ["XKS", "XMO"], ["XKS", "XMO"], "2024", "year", "historical")]


def test_modality(code):
    assert code("Valdoria did not impose sanctions on Morvenia.")[0][0::5] == ("SANCTION", "negated")
    refused = code("Teodor Varnek refused to release the Morvenian boats.")
    assert ("REJECT", "asserted") in [(e[0], e[5]) for e in refused]
    assert ("RETREAT", "negated") in [(e[0], e[5]) for e in refused]
    assert code("Morvenia is likely to impose sanctions on Valdoria.")[0][0::5] == ("SANCTION", "hypothetical")
    assert code("Teodor Varnek visited Harnvik in 2019.")[0][3:] == ("2019", "year", "historical")


def test_two_coordinated_dates_are_two_events(code):
    dates = [e[3] for e in code("Teodor Varnek was the first president to visit Morvenia, where he visited in 2005 "
                                "and then again in 2012.") if e[3] != "2025-03-20"]  # fmt: skip
    assert sorted(dates) == ["2005", "2012"]


def test_events_in_quotations_are_reported_and_their_speaker_accuses(annotators):
    text = "“Valdoria attacked our fishermen,” said Sofia Maelstad on Monday."
    document = Document(doc_id="t", source="t", text=text, published=PUBLISHED)
    (_, records), *_ = annotators.annotate([document])
    events = {r["event"]: r for r in records["events"]}
    assert events["ASSAULT"]["modality"] == "reported"
    assert json.loads(events["ASSAULT"]["attributed_to"])["name"] == "Sofia Maelstad"
    accusation = events["ACCUSE"]
    assert (accusation["actor_codes"], accusation["recipient_codes"]) == (["XMO"], ["XVA"])
    assert accusation["date"] == "2025-03-17" and accusation["derived"]


def test_the_lexicon_is_extended_by_a_users_file(tmp_path: Path, code):
    assert code("Valdoria blockaded Morvenia's ports.") == []
    extra = tmp_path / "events.toml"
    extra.write_text('[[verb]]\nlemma = "blockade"\ntype = "COERCE"\nmode = "blockade"\ntarget = ["possessor"]\n')
    extended = Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), events=(extra,)))
    assert code("Valdoria blockaded Morvenia's ports.", annotate=extended) == [
        ("COERCE", ["XVA"], ["XMO"], "2025-03-20", "report", "asserted")
    ]
    assert extended.digest != Annotators(AnnotateOptions(actors=(DEMO_ACTORS,))).digest


def test_a_broken_lexicon_file_is_a_one_line_error(tmp_path: Path, corpus: Path, run_cli):
    extra = tmp_path / "events.toml"
    extra.write_text('[[verb]]\nlemma = "blockade"\ntype = "BLOCKADE"\n')
    (corpus / "a.txt").write_text("Valdoria hosted a Morvenian delegation.", encoding="utf-8")
    result = run_cli("analyze", corpus, "--db", tmp_path / "s.duckdb", "--events", extra)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {extra}: [[verb]] #1 (blockade): 'BLOCKADE' is not a PLOVER type"
    extra.write_text("[modality]\nstate_acts = 5\n")
    result = run_cli("analyze", corpus, "--db", tmp_path / "s.duckdb", "--events", extra)
    assert result.exit_code == 2
    assert result.stderr.strip() == f'error: {extra}: [modality] state_acts must be a table of word = "SECTOR", not 5'


# --- the corpus: clusters, dyads, shift ---------------------------------------------------------------

STORIES = {
    # (published, text): Morvenia and Valdoria cooperate, then fall out on 1 March 2025.
    "a": ("2024-05-02", "Morvenia and Valdoria signed a fisheries agreement on 1 May 2024."),
    "b": ("2024-09-11", "Morvenian Foreign Minister Sofia Maelstad visited Velgrad on 10 September 2024."),
    "c": ("2025-01-15", "Morvenia agreed with Valdoria on joint patrols on 14 January 2025."),
    "d": ("2025-03-02", "Morvenia condemned Valdoria on 1 March 2025 after the seizure of the boats."),
    "e": ("2025-03-03", "On 1 March 2025, Morvenia condemned Valdoria over the seized boats."),
    "f": ("2025-03-10", "Morvenia imposed sanctions on Valdoria on 9 March 2025."),
    "g": ("2025-03-21", "Morvenia threatened Valdoria on 20 March 2025."),
}


def analyze_stories(folder: Path, stories: dict[str, tuple[str, str]]) -> Path:
    """Each story (published, text) as a text file of its own outlet, analysed into a new store."""
    rows = []
    for name, (published, text) in stories.items():
        (folder / f"{name}.txt").write_text(f"Report {name}.\n\n{text}\n", encoding="utf-8")
        rows.append({"path": f"{name}.txt", "outlet": f"Outlet {name}", "published": published})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = folder / "store.duckdb"
    assert analyze([folder], db, manifest=folder / "manifest.jsonl", annotate=AnnotateOptions(actors=(DEMO_ACTORS,))).ok
    return db


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return analyze_stories(tmp_path_factory.mktemp("stories"), STORIES)


def test_the_same_event_in_two_documents_shares_a_cluster(story_db: Path, tmp_path: Path, run_cli):
    assert run_cli("export", "--db", story_db, "--out", tmp_path).exit_code == 0
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    condemned = [e for e in events if e["event"] == "ACCUSE"]
    assert sorted(e["doc_id"] for e in condemned) == ["d", "e"]
    assert condemned[0]["cluster_id"] == condemned[1]["cluster_id"]
    others = {e["cluster_id"] for e in events if e["event"] != "ACCUSE"}
    assert condemned[0]["cluster_id"] not in others
    for e in events:
        assert e.keys() >= {"id", "doc_id", "event", "mode", "context", "actor", "recipient", "date", "enddate",
                            "date_precision", "date_text", "text", "text_info", "modality", "attributed_to",
                            "confidence", "cluster_id"}  # fmt: skip
        assert all(p.keys() >= {"entity_text", "code", "sector", "name", "actor_id"} for p in e["actor"])


def test_reports_naming_one_side_of_the_same_days_deed_share_a_cluster(tmp_path: Path, run_cli):
    stories = {
        "h": ("2025-03-21", "Morvenia called up 5,000 reservists on 20 March 2025."),
        "i": ("2025-03-24", "On 20 March 2025 Morvenia called up its reservists, and Valdoria shrugged."),
        "j": ("2025-03-24", "Morvenia called up more reservists on 23 March 2025."),
    }
    db = analyze_stories(tmp_path, stories)
    assert run_cli("export", "--db", db, "--out", tmp_path / "out").exit_code == 0
    events = [json.loads(line) for line in (tmp_path / "out" / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    mobilised = {e["doc_id"]: e["cluster_id"] for e in events if e["event"] == "MOBILIZE"}
    assert mobilised["h"] == mobilised["i"]  # one side named, the same day
    assert mobilised["j"] != mobilised["h"]  # another day: another call-up


def test_dyad_counts_each_real_event_once(story_db: Path, run_cli):
    result = run_cli("dyad", "XMO", "XVA", "--db", story_db, "--json")
    assert result.exit_code == 0
    series = json.loads(result.stdout)
    months = {p["period"]: (p["events"], p["types"]) for p in series["periods"]}
    assert months["2025-03"] == (3, {"ACCUSE": 1, "SANCTION": 1, "THREATEN": 1})
    assert months["2024-09"] == (1, {"CONSULT": 1})


def test_shift_finds_the_change_point_and_shows_the_evidence(story_db: Path, run_cli):
    with rashomon.open(story_db) as corpus:
        answer = corpus.shift("XMO", "XVA")
        given = corpus.shift("XMO", "XVA", at="2025-01-01")
    assert answer.found and answer.at == "2025-03-01"
    assert (answer.before.events, answer.after.events) == (3, 3)
    scale = load_lexicon().scale
    sides = (answer.before.evidence, answer.after.evidence)  # every event: three a side
    assert [sorted(e.type for e in side) for side in sides] == [
        ["AGREE", "AGREE", "CONSULT"],
        ["ACCUSE", "SANCTION", "THREATEN"],
    ]
    # Each side's mean weighs its events by their confidence.
    before, after = (sum(e.confidence * scale[e.type] for e in s) / sum(e.confidence for e in s) for s in sides)
    assert answer.difference == pytest.approx(after - before, abs=0.001)
    assert answer.p_value is not None and 0 < answer.p_value <= 1
    assert not given.found and (given.before.events, given.after.events) == (2, 4)
    result = run_cli("shift", "XMO", "XVA", "--db", story_db)
    assert result.exit_code == 0
    assert "toward conflict" in result.stdout and "2025-03-01" in result.stdout
    assert "Morvenia imposed sanctions on Valdoria on 9 March 2025." in result.stdout


def test_shift_at_sector_and_actor_level_and_bad_input(story_db: Path, run_cli):
    with rashomon.open(story_db) as corpus:
        assert corpus.shift("XMO:GOV", "XVA").before.events == 1  # the foreign minister's visit
        assert corpus.shift("sofia-maelstad", "XVA").before.events == 1
    bad = run_cli("shift", "XMO", "XVA", "--db", story_db, "--at", "soon")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "error: at: 'soon' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"


def test_a_stated_intention_is_an_agreement_or_a_threat(code):
    promised = code("Valdoria will release the Morvenian fishermen.")
    assert ("RETREAT", ["XVA"], ["XMO"], "hypothetical") in [(e[0], e[1], e[2], e[5]) for e in promised]
    assert ("AGREE", ["XVA"], ["XMO"], "asserted") in [(e[0], e[1], e[2], e[5]) for e in promised]
    vowed = [(e[0], e[5]) for e in code("Morvenia vowed to attack Valdoria.")]
    assert ("THREATEN", "asserted") in vowed and ("ASSAULT", "hypothetical") in vowed
    predicted = [e[0] for e in code("Morvenia is likely to attack Valdoria.")]
    assert predicted == ["ASSAULT"]  # a prediction by someone else states nobody's intention
    promised = [(e[0], e[5]) for e in code("Valdoria said it would release the Morvenian fishermen.")]
    assert ("AGREE", "reported") in promised
    guessed = [(e[0], e[5]) for e in code("Kessarian analysts said Valdoria would release the Morvenian fishermen.")]
    assert ("AGREE", "reported") not in guessed  # others' guess at what Valdoria would do


def test_saying_another_actor_must_act_is_a_demand(code):
    events = code("Sofia Maelstad said that Valdoria must release the boats.")
    assert ("REQUEST", ["XMO"], ["XVA"]) in [e[:3] for e in events]


def test_a_word_that_refers_back_takes_the_date_of_the_event_it_names(code):
    events = code("Valdoria seized Morvenian boats on 1 March 2025. Harnvik condemned Valdoria's seizure of the boats.")
    seizures = [(e[0], e[3], e[4]) for e in events if e[0] == "COERCE"]
    assert seizures == [("COERCE", "2025-03-01", "day"), ("COERCE", "2025-03-01", "day")]


def test_dyad_refuses_a_bad_period_or_actor(story_db: Path, run_cli):
    bad = run_cli("dyad", "XMO", "XVA", "--db", story_db, "--by", "week")
    assert bad.exit_code == 2 and bad.stderr.strip() == "error: period must be day, month or year, not 'week'"
    empty = run_cli("dyad", " ", "XVA", "--db", story_db)
    assert empty.exit_code == 2 and "an actor is needed" in empty.stderr
