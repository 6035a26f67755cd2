"""`rashomon shift` as an answer to trust: significance first, enough evidence on each side, events
weighed by their confidence and counted once, evidence that names who did what to whom, one answer per
outlet, and states kept apart from their citizens."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

import rashomon
from rashomon.analysis.dyads import ActorSpec, Dyad, Shift
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.annotate.events.lexicon import load_lexicon
from rashomon.pipeline import analyze
from tests.conftest import story_store

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"
HERALD, COURIER, TRIBUNE = "Harnvik Herald", "Velgrad Courier", "Tbilisi Tribune"

STORIES = {
    # Morvenia's line toward Valdoria, one event a report: friendly through 2024, hostile from March 2025.
    "h01": (HERALD, "2024-02-04", "Morvenia signed a fisheries agreement with Valdoria on 3 February 2024."),
    "h02": (HERALD, "2024-03-13", "Morvenian Foreign Minister Sofia Maelstad visited Velgrad on 12 March 2024."),
    "h03": (HERALD, "2024-04-09", "Morvenia sent food aid to Valdoria on 8 April 2024."),
    "h04": (HERALD, "2024-05-16", "Morvenia praised Valdoria on 15 May 2024."),
    "h05": (HERALD, "2024-06-15", "Morvenia agreed with Valdoria on joint patrols on 14 June 2024."),
    "h06": (HERALD, "2024-07-03", "Morvenia helped Valdoria put out forest fires on 2 July 2024."),
    "h07": (HERALD, "2025-03-02", "Morvenia condemned Valdoria on 1 March 2025."),
    "h08": (HERALD, "2025-03-10", "Morvenia imposed sanctions on Valdoria on 9 March 2025."),
    "h09": (HERALD, "2025-03-21", "Morvenia threatened Valdoria on 20 March 2025."),
    "h10": (HERALD, "2025-04-03", "Morvenia accused Valdoria of piracy on 2 April 2025."),
    "h11": (HERALD, "2025-04-11", "Morvenian troops attacked Valdoria on 10 April 2025."),
    "h12": (HERALD, "2025-05-06", "Morvenia expelled Valdorian diplomats on 5 May 2025."),
    # The Velgrad paper tells three of the same events in its own words.
    "c1": (COURIER, "2024-04-10", "On 8 April 2024, Morvenia sent food aid to Valdoria after the floods."),
    "c2": (COURIER, "2025-03-03", "On 1 March 2025, Morvenia condemned Valdoria over the seized boats."),
    "c3": (COURIER, "2025-03-11", "On 9 March 2025, Morvenia imposed sanctions on Valdoria over the boats."),
    # Citizens, companies and tourists are not their state.
    "t1": (TRIBUNE, "2024-06-10", (
        "Thousands of Georgians protested against Russia in Tbilisi on 5 May 2024. "
        "Russian tourists praised Georgia on 4 June 2024. "
        "Russian businessmen signed a deal with Georgia on 3 June 2024. "
        "Russia threatened Georgia on 7 June 2024. Georgia condemned Russia on 8 June 2024."
    )),
    "t2": (TRIBUNE, "2024-06-12", (
        "Morvenian citizens sent food aid to Valdoria on 4 June 2024. "
        "Valdorian troops attacked Morvenian civilians on 8 June 2024."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shift")
    rows = []
    for name, (outlet, published, text) in STORIES.items():
        (folder / f"{name}.txt").write_text(f"Report {name}.\n\n{text}\n", encoding="utf-8")
        rows.append({"path": f"{name}.txt", "outlet": outlet, "published": published})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = tmp_path_factory.mktemp("store") / "store.duckdb"
    options = AnnotateOptions(actors=(DEMO_ACTORS,))
    assert analyze([folder], store, manifest=folder / "manifest.jsonl", annotate=options).ok
    return store


def shift(db: Path, *args: object, **options: object) -> Shift:
    with rashomon.open(db) as corpus:
        return corpus.shift(*args, **options)  # type: ignore[arg-type]


def dyad(db: Path, source: str, target: str) -> Dyad:
    with rashomon.open(db) as corpus:
        return corpus.dyad(source, target)


def reweighed(db: Path, folder: Path, confidence: dict[str, float]) -> Path:
    """A copy of the store whose events weigh 1, but those of the documents named: the view's arithmetic
    checked exactly, whatever confidence the event finder gives."""
    copy = folder / "reweighed.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE events SET confidence = 1.0")
        for doc_id, weight in confidence.items():
            con.execute("UPDATE events SET confidence = ? WHERE doc_id = ?", [weight, doc_id])
    return copy


def weighted_mean(events) -> float:
    return sum(e.confidence * e.score for e in events) / sum(e.confidence for e in events)


def test_too_few_events_on_a_side_is_not_enough_evidence(db: Path, run_cli):
    answer = shift(db, "XMO", "XVA", at="2025-04-01", since="2025-03-05")
    assert (answer.before.events, answer.after.events) == (2, 3)
    assert answer.note == "not enough evidence: 2 events before, 3 after (need 3 on each side)"
    assert (answer.difference, answer.effect_size, answer.p_value) == (None, None, None)
    assert [e.date for e in answer.before.evidence] == ["2025-03-09", "2025-03-20"]  # what there is, still shown
    assert len(answer.after.evidence) == 3

    looser = shift(db, "XMO", "XVA", at="2025-04-01", since="2025-03-05", min_events=2)
    assert looser.difference is not None and looser.p_value is not None

    unsplit = shift(db, "XMO", "XVA", since="2025-03-05")  # five events cannot put three on each side
    assert unsplit.found and unsplit.at is None and unsplit.p_value is None
    assert unsplit.note == "not enough evidence: 5 events in all, and no change point leaves 3 on each side"

    result = run_cli("shift", "XMO", "XVA", "--db", db, "--since", "2025-03-05", "--at", "2025-04-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Morvenia (XMO) → Valdoria (XVA): not enough evidence: 2 events before, 3 after (need 3 on each side)"
    )
    assert "difference" not in result.stdout
    assert "not enough evidence" not in run_cli("shift", "XMO", "XVA", "--db", db, "--since", "2025-03-05",
                                                "--at", "2025-04-01", "--min-events", "2").stdout  # fmt: skip
    bad = run_cli("shift", "XMO", "XVA", "--db", db, "--min-events", "0")
    assert bad.exit_code == 2 and bad.stderr.strip() == "error: min-events must be at least 1, not 0"


def test_a_clear_change_is_found_with_its_direction_and_significance(db: Path, run_cli):
    answer = shift(db, "XMO", "XVA", evidence=20)
    assert answer.found and answer.at == "2025-03-01"
    # Three events were told by both papers: each counts once.
    assert (answer.before.events, answer.after.events) == (6, 6)
    before, after = answer.before.evidence, answer.after.evidence
    assert sorted(e.type for e in before) == ["AGREE", "AGREE", "AID", "AID", "CONSULT", "SUPPORT"]
    assert sorted(e.type for e in after) == ["ACCUSE", "ACCUSE", "ASSAULT", "SANCTION", "SANCTION", "THREATEN"]
    assert answer.difference == pytest.approx(weighted_mean(after) - weighted_mean(before), abs=0.001)
    assert answer.difference < 0 and answer.p_value is not None and answer.p_value < 0.05
    assert answer.note == (
        f"unlikely to be chance (p = {answer.p_value:.2g}): toward conflict by {-answer.difference:.2f} "
        "on the PLOVER scale"
    )
    assert answer.to_dict() == shift(db, "XMO", "XVA", evidence=20).to_dict()  # fixed seed: the same answer

    result = run_cli("shift", "XMO", "XVA", "--db", db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"Morvenia (XMO) → Valdoria (XVA): {answer.note}"
    assert lines[1] == "  change point found: 2025-03-01"


def test_a_given_split_gets_a_p_value(db: Path, run_cli, tmp_path: Path):
    clear = shift(db, "XMO", "XVA", at="2025-01-01")
    assert not clear.found and (clear.before.events, clear.after.events) == (6, 6)
    assert clear.p_value is not None and clear.p_value < 0.05
    assert clear.note.startswith(f"unlikely to be chance (p = {clear.p_value:.2g}): toward conflict by ")
    # Every friendly event before, every hostile one after, all of one weight: of the 924 ways to split
    # twelve events six and six, only this one and its mirror image set the means this far apart.
    even = shift(reweighed(db, tmp_path, {}), "XMO", "XVA", at="2025-01-01")
    assert even.p_value == round(2 / 924, 4)
    assert even.note.startswith("unlikely to be chance (p = 0.0022): toward conflict by ")

    noise = shift(db, "XMO", "XVA", at="2025-04-01", since="2025-01-01")  # hostile on both sides
    assert (noise.before.events, noise.after.events) == (3, 3)
    assert noise.p_value is not None and noise.p_value >= 0.05 and noise.difference is not None
    assert noise.note.startswith(f"not distinguishable from chance (p = {noise.p_value:.2g}): ")

    result = run_cli("shift", "XMO", "XVA", "--db", db, "--at", "2025-01-01", "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert (body["found"], body["at"], body["p_value"], body["min_events"]) == (False, "2025-01-01", clear.p_value, 3)


def test_events_weigh_by_confidence_and_each_real_event_counts_once(db: Path, tmp_path: Path):
    store = reweighed(db, tmp_path, {"h07": 0.9, "c2": 0.3, "c3": 0.6, "h11": 0.2})
    answer = shift(store, "XMO", "XVA", at="2025-01-01", evidence=20, min_events=1, by_outlet=True)
    # Both papers date the condemnation to the day: the more confident report speaks for it, with its weight.
    condemned = [e for e in answer.after.evidence if e.date == "2025-03-01"]
    assert [(e.type, e.doc_id, e.reports, e.confidence) for e in condemned] == [("ACCUSE", "h07", 2, 0.9)]
    sanctions = [e for e in answer.after.evidence if e.date == "2025-03-09"]
    assert [(e.doc_id, e.reports, e.confidence) for e in sanctions] == [("h08", 2, 1.0)]
    assert answer.after.events == len(answer.after.evidence) == 6
    assert answer.after.mean_score == round(weighted_mean(answer.after.evidence), 3)
    assert answer.after.mean_score != round(sum(e.score for e in answer.after.evidence) / 6, 3)
    # Alone, the Courier's own reports speak, with their own confidence.
    courier = {o.outlet: o for o in answer.outlets}[COURIER]
    assert [(e.type, e.doc_id, e.reports, e.confidence) for e in courier.after.evidence] == [
        ("ACCUSE", "c2", 1, 0.3),
        ("SANCTION", "c3", 1, 0.6),
    ]
    accuse, sanction = courier.after.evidence
    assert courier.after.mean_score == round((0.3 * accuse.score + 0.6 * sanction.score) / 0.9, 3)


def test_states_are_not_their_citizens(db: Path, run_cli):
    def types(source: str, target: str) -> list[str]:
        return sorted(e.type for e in dyad(db, source, target).events)

    assert types("RUS", "GEO") == ["THREATEN"]  # not the tourists' praise nor the businessmen's deal
    assert types("RUS:CVL", "GEO") == ["SUPPORT"]
    assert types("RUS:CVL+BUS", "GEO") == ["AGREE", "SUPPORT"]
    assert types("GEO", "RUS") == ["ACCUSE"]  # not the thousands of Georgians who protested
    assert types("GEO:CVL", "RUS") == ["PROTEST"]
    # The state acts through its minister and its troops; its citizens' aid is theirs.
    morvenia = dyad(db, "XMO", "XVA").events
    assert {"CONSULT", "ASSAULT"} <= {e.type for e in morvenia}
    assert "2024-06-04" not in [e.date for e in morvenia]
    assert [(e.type, e.date) for e in dyad(db, "XMO:CVL", "XVA").events] == [("AID", "2024-06-04")]
    assert dyad(db, "XVA", "XMO").events == []  # troops firing on civilians is no act toward the state
    assert [e.type for e in dyad(db, "XVA", "XMO:CVL").events] == ["ASSAULT"]

    result = run_cli("shift", "GEO:CVL", "RUS", "--db", db)
    assert result.exit_code == 0
    assert "PROTEST" in result.stdout and "Georgians (GEO CVL) → Russia (RUS)" in result.stdout

    state = ActorSpec.parse("RUS")
    assert [state.matches({"code": "RUS", "sector": s}) for s in (None, "", "GOV", "MIL", "SPY", "LEG", "JUD")] == [
        True
    ] * 7
    assert not any(state.matches({"code": "RUS", "sector": s}) for s in ("CVL", "BUS", "MED", "REB", "OPP", "NGO"))
    assert ActorSpec.parse("UN").matches({"code": "UN", "sector": "IGO"})


def test_by_outlet_gives_one_answer_per_outlet(db: Path, run_cli):
    result = run_cli("shift", "XMO", "XVA", "--db", db, "--by-outlet", "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    outlets = {o["outlet"]: o for o in body["outlets"]}
    assert list(outlets) == [HERALD, COURIER]  # the Tribune reports no act of the Morvenian state toward Valdoria
    herald, courier = outlets[HERALD], outlets[COURIER]
    assert (herald["at"], herald["before"]["events"], herald["after"]["events"]) == ("2025-03-01", 6, 6)
    assert herald["p_value"] < 0.05 and herald["note"].startswith("unlikely to be chance")
    assert courier["note"] == "not enough evidence: 3 events in all, and no change point leaves 3 on each side"
    assert all(o["outlets"] == [] for o in body["outlets"])

    text = run_cli("shift", "XMO", "XVA", "--db", db, "--by-outlet", "--at", "2025-01-01").stdout
    lines = text.splitlines()
    start = lines.index("by outlet:")
    herald = shift(db, "XMO", "XVA", at="2025-01-01", by_outlet=True).outlets[0]
    assert lines[start + 1] == f"  {HERALD}: {herald.note}" and herald.note.startswith("unlikely to be chance")
    assert lines[start + 2] == (
        f"    split 2025-01-01; before: 6 events, mean {herald.before.mean_score:+.2f}; "
        f"after: 6 events, mean {herald.after.mean_score:+.2f}"
    )
    assert lines[start + 3] == f"  {COURIER}: not enough evidence: 1 event before, 2 after (need 3 on each side)"
    assert "by outlet:" not in run_cli("shift", "XMO", "XVA", "--db", db).stdout


def test_evidence_names_type_actor_and_target(db: Path, run_cli):
    result = run_cli("shift", "XMO", "XVA", "--db", db, "--at", "2025-01-01", "--evidence", "6")
    assert result.exit_code == 0
    scale = load_lexicon().scale
    out = result.stdout
    weight = {e.doc_id: e.confidence for e in shift(db, "XMO", "XVA", at="2025-01-01", evidence=6).after.evidence}
    assert (
        f"    2025-04-10 ASSAULT {scale['ASSAULT']:+.1f}: Morvenian troops (XMO MIL) → Valdoria (XVA) "
        f"(confidence {weight['h11']:.2f}) — h11:0-52 (Harnvik Herald)\n"
        "      “Morvenian troops attacked Valdoria on 10 April 2025.”"
    ) in out
    assert f"2024-03-12 CONSULT {scale['CONSULT']:+.1f}: Sofia Maelstad (XMO GOV) → Velgrad (XVA GOV) " in out
    assert ", 2 reports) — " in out  # the aid both papers reported

    body = json.loads(run_cli("shift", "XMO", "XVA", "--db", db, "--json").stdout)
    for event in body["before"]["evidence"] + body["after"]["evidence"]:
        assert event.keys() >= {"id", "type", "score", "date", "doc_id", "outlet", "text", "start", "end",
                                "reports", "confidence", "actor", "recipient"}  # fmt: skip
        for p in event["actor"] + event["recipient"]:
            assert p.keys() == {"entity_text", "code", "sector", "name", "actor_id"}
        assert any(p["code"] == "XMO" for p in event["actor"]) and any(p["code"] == "XVA" for p in event["recipient"])


def test_names_aliases_and_ids_ask_what_codes_ask(db: Path, run_cli):
    """An analyst types the country's name, in any case, or a person's alias: the answer is the one its
    code gives (the state, not every mention named so), and it says whom it is about by name."""
    by_code = shift(db, "XMO", "XVA").to_dict()
    assert by_code["before"]["events"] + by_code["after"]["events"] > 0
    for source, target in (("Morvenia", "Valdoria"), ("morvenia", "VALDORIA"), ("xmo", "valdoria")):
        assert shift(db, source, target).to_dict() == by_code
    assert by_code["source_label"] == "Morvenia (XMO)"
    assert shift(db, "Maelstad", "XVA").source == "sofia-maelstad"
    assert shift(db, "Morvenia:mil", "XVA").source == "XMO:MIL"
    text = run_cli("shift", "Morvenia", "Valdoria", "--db", db)
    assert text.exit_code == 0 and text.stdout.startswith("Morvenia (XMO) → Valdoria (XVA): ")
    assert dyad(db, "Morvenia", "valdoria").events == dyad(db, "XMO", "XVA").events


def test_an_unknown_actor_is_an_error_with_suggestions(db: Path, run_cli):
    unknown = run_cli("shift", "FOO", "BAR", "--db", db)
    assert unknown.exit_code == 2
    assert "'FOO' names no actor of this store" in unknown.stderr and "Morvenia (XMO)" in unknown.stderr
    misspelt = run_cli("dyad", "Morvnia", "XVA", "--db", db)
    assert misspelt.exit_code == 2 and "did you mean Morvenia (XMO)?" in misspelt.stderr


def test_until_leaves_out_later_events(db: Path, run_cli):
    everything = shift(db, "XMO", "XVA", at="2025-01-01")
    until = shift(db, "XMO", "XVA", at="2025-01-01", until="2025-03-31")
    assert until.before.events == everything.before.events
    assert 0 < until.after.events < everything.after.events
    result = run_cli("shift", "XMO", "XVA", "--db", db, "--at", "2025-01-01", "--until", "2025-03-31", "--json")
    assert json.loads(result.stdout)["after"]["events"] == until.after.events


def test_actors_lists_names_codes_and_counts(db: Path, run_cli, monkeypatch):
    monkeypatch.setenv("RASHOMON_DB", str(db))  # the store, without --db
    rows = [json.loads(line) for line in run_cli("actors", "--json").stdout.splitlines()]
    assert {"XMO", "XVA", "sofia-maelstad"} <= {r["actor_id"] for r in rows}
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    found = [json.loads(line) for line in run_cli("actors", "--search", "maelstad", "--json").stdout.splitlines()]
    assert [(r["actor_id"], r["name"], r["code"]) for r in found] == [("sofia-maelstad", "Sofia Maelstad", "XMO")]
    assert run_cli("actors", "--search", "nobody-by-this-name").exit_code == 1


def test_events_dated_only_by_their_report_are_counted_and_marked(tmp_path: Path, run_cli):
    """Most events in real news carry no date of their own: the answer says how many of a side's rest
    on the report's publication date, and marks those in the evidence."""
    stories = {
        "p1": (HERALD, "2025-03-02", "Morvenia condemned Valdoria on 1 March 2025 over the seized fishing boats."),
        "p2": (HERALD, "2025-03-09", "Morvenia threatened Valdoria with new sanctions over the seized fishing boats."),
    }
    db = story_store(tmp_path, stories)
    answer = shift(db, "XMO", "XVA", min_events=1)
    sides = [answer.before, answer.after] if answer.at else [answer.before]
    assert sum(side.dated_by_report for side in sides) == 1
    assert sum(side.events for side in sides) == 2
    text = run_cli("shift", "XMO", "XVA", "--db", db, "--min-events", "1").stdout
    assert "1 dated only by their report's publication" in text
    assert "2025-03-09 (publication) THREATEN" in text
