"""Quotations: quote marks in every style, speech against scare quotes and titles, speakers, indirect
speech, and quotations linked across documents."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import rashomon
from rashomon.annotate.actors.dictionary import load_dictionary
from rashomon.annotate.actors.mentions import mention_finder
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.annotate.nlp import load_model
from rashomon.annotate.quotes import FoundQuotes, QuoteFinder
from rashomon.annotate.quotes.marks import quoted_spans
from rashomon.pipeline import analyze

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"
SPRING_2025 = dt.date(2025, 3, 20)
DEMO_OPTIONS = AnnotateOptions(actors=(DEMO_ACTORS,))


# --- quotation marks ---------------------------------------------------------------------------------


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we are ready” and left.", ["we are ready"]),
        ('He said "we are ready" and left.', ["we are ready"]),
        ("He said ‘we are ready’ and left.", ["we are ready"]),
        ("He said 'we are ready' and left.", ["we are ready"]),
        ("Il a dit «nous sommes prêts» hier.", ["nous sommes prêts"]),
        ("Er sagte „wir sind bereit“ gestern.", ["wir sind bereit"]),
    ],
)
def test_every_quote_style_pairs(text, expected):
    assert spans(text) == expected


def test_apostrophes_are_not_quotation_marks():
    text = "Russia’s envoy and the Palestinians’ delegates didn't meet in the ’90s."
    assert spans(text) == []


def test_a_quote_nested_in_a_quote_stays_inside_it():
    text = "“He told me ‘never again’, and I believed him,” she said."
    found = quoted_spans(text)
    assert [text[s.start : s.end] for s in found] == ["He told me ‘never again’, and I believed him,"]
    assert [text[i.start : i.end] for i in found[0].inner] == ["never again"]


def test_a_stray_opener_does_not_swallow_the_rest_of_the_paragraph():
    text = "It said they “are trying to divert attention, as Israel continues to… “The longest occupation.”"
    assert spans(text) == ["are trying to divert attention, as Israel continues to… “The longest occupation."]


def test_a_second_double_opener_ends_a_quotation_left_unclosed():
    # paragraphs of one quotation run together, or a closing mark lost: double marks never nest
    text = 'He said, “Part one. “Part two,” she said. Later, "Unclosed. Narrative. "Next one," he said.'
    found = quoted_spans(text)
    assert [text[s.start : s.end] for s in found] == ["Part one.", "Part two,", "Unclosed. Narrative.", "Next one,"]
    assert [s.closed for s in found] == [False, True, False, True]


def test_an_unclosed_quote_ends_with_its_paragraph_and_the_next_paragraph_continues_it():
    text = "She said: “The first part of the statement.\n“The second part,” she added.\nPlain text “here”."
    found = quoted_spans(text)
    assert [text[s.start : s.end] for s in found] == [
        "The first part of the statement.",
        "The second part,",
        "here",
    ]
    assert [s.closed for s in found] == [False, True, True]
    assert [s.continued for s in found] == [False, True, False]


# --- speech, speakers, scare quotes ------------------------------------------------------------------


@pytest.fixture(scope="module")
def find():
    nlp = load_model()
    mentions = mention_finder(nlp, load_dictionary((DEMO_ACTORS,)))
    quotes = QuoteFinder()

    def run(text: str) -> FoundQuotes:
        doc = nlp(text)
        return quotes(doc, mentions(doc, SPRING_2025))

    return run


def speech(found: FoundQuotes) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.speaker.name if q.speaker else None) for q in found.quotes]


def test_a_direct_quote_with_the_speaker_after_it(find):
    found = find("“Valdoria will not be lectured about its own waters,” said President Teodor Varnek on Monday.")
    assert speech(found) == [("direct", "Valdoria will not be lectured about its own waters", "Teodor Varnek")]
    assert found.quotes[0].speaker.code == "XVA" and found.quotes[0].cue == "say"


def test_a_quote_after_the_sentence_that_introduces_its_speaker_is_theirs(find):
    found = find(
        "The talks had failed, Sofia Maelstad told reporters in Harnvik. “We expect an apology from Valdoria.”"
    )
    assert ("direct", "We expect an apology from Valdoria.", "Sofia Maelstad") in speech(found)


def test_a_quote_split_by_its_attribution_keeps_its_speaker(find):
    found = find("“That is unacceptable,” declared the Valdorian president, “and we will answer it.”")
    assert speech(found) == [
        ("direct", "That is unacceptable", "Teodor Varnek"),
        ("direct", "and we will answer it.", "Teodor Varnek"),
    ]
    assert found.quotes[1].continues == found.quotes[0].start


def test_a_quote_running_over_two_paragraphs_keeps_its_speaker(find):
    found = find(
        "Foreign Minister Sofia Maelstad spoke to reporters after the vote.\n"
        "“We will bring the case back to the Council. We have the evidence.\n"
        "“And we will not wait for Velgrad to agree,” Maelstad said."
    )
    assert [(q.text[:15], q.speaker.name) for q in found.quotes if q.kind == "direct"] == [
        ("We will bring t", "Sofia Maelstad"),
        ("And we will not", "Sofia Maelstad"),
    ]


def test_a_paragraph_that_is_only_a_quote_continues_the_previous_speaker(find):
    found = find(
        "“The sanctions are a mistake,” said Teodor Varnek.\n“They will hurt the people of Saltmere most of all.”"
    )
    assert [q.speaker.name for q in found.quotes] == ["Teodor Varnek", "Teodor Varnek"]


def test_mixed_quotes_are_attributed_through_the_reporting_verb(find):
    found = find("Sofia Maelstad blasted the Valdorian government's “reckless adventurism” at the Council.")
    assert speech(found) == [("mixed", "reckless adventurism", "Sofia Maelstad")]


def test_scare_quotes_and_titles_are_terms_not_speech(find):
    found = find(
        "The so-called “friendship treaty” has not survived the seizure. The “bromance” between the two "
        "leaders is over, an editorial titled “Why the treaty failed” argued, and the boats stay in what "
        "officials call a “special maritime operation”."
    )
    assert found.quotes == [] or all(q.kind == "indirect" for q in found.quotes)
    assert [(t.term, t.kind) for t in found.terms] == [
        ("friendship treaty", "scare"),
        ("bromance", "scare"),
        ("Why the treaty failed", "title"),
        ("special maritime operation", "scare"),
    ]


def test_a_third_partys_term_inside_someone_elses_warning_is_a_scare_quote(find):
    found = find("An analyst warned that Morvenia could no longer rely on Varnek's “warm feelings” for Albren.")
    assert [t.term for t in found.terms] == ["warm feelings"]
    assert all(q.kind == "indirect" for q in found.quotes)


def test_indirect_speech_and_according_to(find):
    found = find(
        "Sofia Maelstad said that Morvenia would bring the case back to the Council.\n"
        "According to the Glass Hall, Henrik Albren demanded the return of every boat."
    )
    assert speech(found) == [
        ("indirect", "Morvenia would bring the case back to the Council", "Sofia Maelstad"),
        ("indirect", "Henrik Albren demanded the return of every boat", "Morvenia"),
    ]
    assert found.quotes[1].speaker.text == "the Glass Hall"


def test_institutions_pronouns_and_groups_speak(find):
    found = find(
        "The Amber Palace stressed that the talks had been useful.\n"
        "Sofia Maelstad arrived in Port Averin on Friday. She said the talks would take a week.\n"
        "The Morvenian Foreign Ministry issued a statement. It said the seizure was illegal.\n"
        "Navy officers in Harnvik told the Clarion that the fleet would stay in port."
    )
    speakers = [(q.speaker.text, q.speaker.name, q.speaker.code) for q in found.quotes]
    assert speakers[0][2] == "XVA" and speakers[0][0] == "The Amber Palace"
    assert speakers[1] == ("She", "Sofia Maelstad", "XMO")
    assert speakers[2][0] == "It" and speakers[2][2] == "XMO"
    # no demonym, but the place they speak from is Morvenia's: the officers are Morvenia's
    assert speakers[3] == ("Navy officers in Harnvik", "Morvenia", "XMO")


def test_words_reported_twice_belong_to_the_outer_speaker(find):
    found = find("The embassy said the ambassador had explained the position “calmly and in full”.")
    assert [(q.text, q.speaker.text) for q in found.quotes] == [("calmly and in full", "The embassy")]


def test_a_malformed_paragraph_does_not_break_the_next_one(find):
    found = find(
        "The ministry said the boats “were carrying rifles and “other things.\n"
        "“We are ready to talk,” said Sofia Maelstad."
    )
    assert [q.text for q in found.quotes if q.kind != "indirect"] == [
        "were carrying rifles and “other things.",
        "We are ready to talk",
    ]
    assert found.quotes[-1].speaker.name == "Sofia Maelstad"


# --- across documents, in the store ------------------------------------------------------------------

LEDGER = (
    "Northern Ledger editorial.\n\n"
    "The seizure has turned a quarrel over fish into a test of whether the treaty was ever more than paper. "
    "Both capitals should remember what the treaty was for."
)
DISPATCH = (
    "Coastal Dispatch report.\n\n"
    "“The seizure has turned a quarrel over fish into a test of whether the treaty was ever more than paper,” "
    "the Northern Ledger wrote on Monday. “Valdoria will not be lectured about its own waters,” Teodor Varnek said."
)
CLARION = (
    "Clarion report.\n\n"
    "In Velgrad, the president was defiant. “Valdoria will not be lectured about its own waters,” Varnek said, "
    "before leaving for the coast."
)


def write_corpus(folder: Path) -> Path:
    (folder / "ledger.txt").write_text(LEDGER, encoding="utf-8")
    (folder / "dispatch.txt").write_text(DISPATCH, encoding="utf-8")
    (folder / "clarion.txt").write_text(CLARION, encoding="utf-8")
    manifest = folder / "manifest.jsonl"
    rows = [
        {"path": "ledger.txt", "outlet": "Northern Ledger", "published": "2025-03-03"},
        {"path": "dispatch.txt", "outlet": "Coastal Dispatch", "published": "2025-03-05"},
        {"path": "clarion.txt", "outlet": "Morvenian Clarion", "published": "2025-03-06"},
    ]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return manifest


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_quotations_are_clustered_and_cited_across_documents(corpus: Path, tmp_path: Path):
    manifest = write_corpus(corpus)
    db = tmp_path / "store.duckdb"
    assert analyze([corpus], db, manifest=manifest, annotate=DEMO_OPTIONS).ok
    out = tmp_path / "out"
    with rashomon.open(db) as store:
        store.export(out)
    quotes = read_jsonl(out / "quotes.jsonl")
    docs = {d["doc_id"]: d for d in read_jsonl(out / "documents.jsonl")}
    for q in quotes:
        assert q.keys() >= {"quote_id", "doc_id", "text", "kind", "start", "end", "speaker", "cue", "cluster_id"}
        assert docs[q["doc_id"]]["text"][q["start"] : q["end"]] == q["text"]
    lectured = [q for q in quotes if q["text"].startswith("Valdoria will not be lectured")]
    assert sorted(q["doc_id"] for q in lectured) == ["clarion", "dispatch"]
    assert len({q["cluster_id"] for q in lectured}) == 1
    seizure = next(q for q in quotes if q["text"].startswith("The seizure has turned"))
    assert seizure["speaker"]["entity_text"] == "the Northern Ledger"
    assert {q["cluster_id"] for q in quotes if q is not seizure}.isdisjoint({seizure["cluster_id"]})
    citations = read_jsonl(out / "citations.jsonl")
    assert [(c["quote_id"], c["doc_id"], c["cited_doc_id"]) for c in citations] == [
        (seizure["quote_id"], "dispatch", "ledger")
    ]
    assert citations[0]["similarity"] == 1.0

    # A second run changes nothing: same ids, same clusters, same citations.
    assert analyze([corpus], db, manifest=manifest, annotate=DEMO_OPTIONS).ok
    with rashomon.open(db) as store:
        store.export(tmp_path / "again")
    for name in ("quotes.jsonl", "citations.jsonl", "terms.jsonl"):
        assert (tmp_path / "again" / name).read_text(encoding="utf-8") == (out / name).read_text(encoding="utf-8")


def test_who_quotes_whom_per_outlet(corpus: Path, tmp_path: Path, run_cli):
    manifest = write_corpus(corpus)
    db = tmp_path / "store.duckdb"
    assert analyze([corpus], db, manifest=manifest, annotate=DEMO_OPTIONS).ok
    result = run_cli("who-quotes-whom", "--db", db, "--json")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    clarion = [r for r in rows if r["outlet"] == "Morvenian Clarion"]
    assert [(r["country"], r["quotes"], r["share"]) for r in clarion] == [("XVA", 1, 1.0)]
    for outlet in {r["outlet"] for r in rows}:
        assert sum(r["share"] for r in rows if r["outlet"] == outlet) == pytest.approx(1.0)
    bad = run_cli("who-quotes-whom", "--db", db, "--by", "colour")
    assert bad.exit_code == 2 and "colour" in bad.stderr


def test_a_speech_nouns_that_clause_is_indirect_speech(find):
    found = find("Tension grew after Sofia Maelstad's statement in March that Valdoria was arming the rebels.")
    assert speech(found) == [("indirect", "Valdoria was arming the rebels", "Sofia Maelstad")]
