"""Importing PETRARCH-2's CAMEO verb patterns into the event lexicon, and the lexicon's `lemmas = [...]` key."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.events.lexicon import LexiconError, load_lexicon
from rashomon.annotate.events.petrarch import (
    NO_EVENT,
    STATEMENT,
    UNKNOWN_CODE,
    PetrarchError,
    import_petrarch,
    plover_for,
    read_cameo2plover,
    write_lexicon,
)
from rashomon.document import Document

ROOT = Path(__file__).resolve().parents[1]
DEMO_ACTORS = ROOT / "demo" / "actors.toml"
BENCH = ROOT.parent / "shared" / "bench-data"
REAL_VERBS = BENCH / "petrarch" / "CAMEO.2.0.verbs.txt"
REAL_TABLE = BENCH / "plover" / "CAMEO2PLOVER-2021.txt"

# An invented dictionary in PETRARCH-2's format: synonym sets, verb blocks, irregular forms, patterns.
VERBS = """\
# A made-up verb dictionary for the tests.
#
# The MIT License (MIT)
#
# Copyright (c) 2031 Nobody In Particular
# ... DEALINGS IN THE SOFTWARE.

####### SYNONYM SETS #######

&SUPPLIES
+BREAD
+BLANKETS
+TENT_POLES

####### VERB PATTERNS #######

---  CARRY_GOODS   [---]  ---
FERRY {FERRIES FERRYING FERRIED }
HAUL
- * &SUPPLIES                     [0733]   # HAUL
- * WHEAT (TO +)                  [073]    # FERRY
- * (TOWARD +)                    [042:043]  # HAUL
- * PARCELS                       [012]    # 01x: a statement, no PLOVER type
- * CRATES                        [987]    # not in the table
- * CARTS                         [---]    # no event
- * (OVER BRIDGE)                 [042]    # words inside a prepositional phrase
- &MILITARY * &SUPPLIES           [074]    # a condition on the subject
- * {HEAVY BLANKETS}              [073]    # a noun phrase with a modifier
- * BACK &SUPPLIES                [0842]   # a particle and an object

---  COMPLAIN   [111]  ---
GRUMBLE
GROUSE  [110]
+CARP_AT  [111]
- * (AGAINST +)                   [111]    # GRUMBLE
- * (FROM $)                      [112]    # GROUSE

---  PLEAD   [023]  ---
IMPLORE
"""

TABLE = """\
# An invented CAMEO to PLOVER table for the tests.
04: CONSULT
042: CONSULT, visit,   # going there
043: CONSULT, visit,   # receiving them
07: AID
073: AID,   ,   humanitarian # relief
0842: RETREAT, return,   legal # handing back
11: ACCUSE
110: ACCUSE, disapprove,    # disapproval
111: ACCUSE, disapprove,    # criticism
112: ACCUSE, disapprove,    # accusation
~~~~~
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    """The dictionary in petrarch/ and the table in plover/, as the bench data lays them out."""
    root = tmp_path_factory.mktemp("bench")
    (root / "petrarch").mkdir()
    (root / "plover").mkdir()
    verbs = root / "petrarch" / "verbs.txt"
    verbs.write_text(VERBS, encoding="utf-8")
    table = root / "plover" / "CAMEO2PLOVER-test.txt"
    table.write_text(TABLE, encoding="utf-8")
    return verbs, table


@pytest.fixture(scope="module")
def imported(files, tmp_path_factory):
    lexicon = import_petrarch(*files)
    out = tmp_path_factory.mktemp("out") / "petrarch.toml"
    write_lexicon(lexicon, out)
    return lexicon, out


OBJECT_TARGETS = ["object", "prep:to", "prep:on", "prep:against", "prep:with", "prep:into"]


def entries(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["verb"]


def code(text: str, events: tuple[Path, ...] = ()) -> list[tuple]:
    """The events the lexicon reads (the learned veto off: it is tested in tests/test_event_veto.py)."""
    annotate = Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), events=events, event_veto="off"))
    document = Document(doc_id="t", source="t", text=text, published=dt.date(2025, 3, 20))
    (_, records), *_ = annotate.annotate([document])
    return [(r["event"], r["actor_codes"], r["recipient_codes"]) for r in records["events"]]


# --- the importer ----------------------------------------------------------------------------------


def test_synonym_sets_and_verb_forms_expand(imported):
    _, out = imported
    # both verbs of the block, as lemmas ("FERRY {FERRIES …}" is "ferry"); the synonym set's words as
    # lemmas ("BLANKETS" is "blanket"), its phrase (TENT_POLES) left out
    assert {"lemmas": ["ferry", "haul"], "type": "AID", "object": ["blanket", "bread"], "target": OBJECT_TARGETS} in (
        entries(out)
    )
    assert {
        "lemmas": ["ferry", "haul"],
        "type": "RETREAT",
        "mode": "return",
        "particle": "back",
        "object": ["blanket", "bread"],
        "target": OBJECT_TARGETS,
    } in entries(out)
    assert "ferries" not in out.read_text(encoding="utf-8") and "tent" not in out.read_text(encoding="utf-8")
    assert code("Valdoria ferried blankets to Morvenia.", (out,)) == [("AID", ["XVA"], ["XMO"])]
    assert code("Valdoria hauled bread to Morvenia.", (out,)) == [("AID", ["XVA"], ["XMO"])]
    assert code("Valdoria ferried blankets to Morvenia.") == []  # the bundled lexicon alone has no "ferry"


def test_a_preposition_with_the_target_becomes_that_construction(imported):
    _, out = imported
    assert {
        "lemmas": ["grouse", "grumble"],
        "type": "ACCUSE",
        "mode": "disapprove",
        "prep": "against",
        "target": ["prep:against"],
    } in entries(out)
    assert code("Morvenia grumbled against Valdoria on 3 March 2025.", (out,)) == [("ACCUSE", ["XMO"], ["XVA"])]
    assert code("Morvenia groused against Valdoria.", (out,)) == [("ACCUSE", ["XMO"], ["XVA"])]
    assert code("Morvenia grumbled against Valdoria on 3 March 2025.") == []
    assert {"lemmas": ["ferry", "haul"], "type": "AID", "prep": "to", "object": ["wheat"], "target": ["prep:to"]} in (
        entries(out)
    )
    assert {
        "lemmas": ["ferry", "haul"],
        "type": "CONSULT",
        "mode": "visit",
        "prep": "toward",
        "target": ["prep:toward"],
    } in entries(out)
    # "(FROM $)" without a target: the one it comes from acts, on the subject
    source = next(e for e in entries(out) if e.get("source"))
    assert (source["prep"], source["source"], source["target"]) == ("from", ["prep:from"], ["subject"])
    # "+CARP_AT": a multi-word verb is the verb and its preposition
    assert {"lemma": "carp", "type": "ACCUSE", "mode": "disapprove", "prep": "at", "target": ["object", "prep:at"]} in (
        entries(out)
    )


def test_unknown_and_statement_codes_are_dropped_and_counted(imported):
    lexicon, out = imported
    text = out.read_text(encoding="utf-8")
    for word in ("parcel", "crate", "cart"):  # 01x, a code the table lacks, [---]
        assert f'"{word}"' not in text
    assert {"lemma": "implore", "type": "REQUEST"} in entries(out)  # 02x has no line: REQUEST
    assert dict(lexicon.skipped) == {
        STATEMENT: 1,
        UNKNOWN_CODE: 1,
        NO_EVENT: 1,
        "words inside a prepositional phrase": 1,
        "words or actors before the verb (conditions on the subject)": 1,
        "an object noun phrase with modifiers": 1,
    }
    assert (lexicon.patterns, lexicon.converted) == (12, 6)
    assert dict(lexicon.verbs_skipped) == {NO_EVENT: 2}  # FERRY and HAUL: their block codes no bare verb
    header = text.split("\n[[verb]]", 1)[0]
    assert "verbs.txt" in header and "licence: MIT" in header and "CAMEO2PLOVER-test.txt" in header
    assert "6 of 12 patterns converted, 6 skipped" in header
    assert "#       1  CAMEO 01x public statement (no PLOVER type)" in header
    assert "Copyright (c) 2031 Nobody In Particular" in header  # the dictionary's notice, kept
    assert str(dt.date.today().year) not in header  # no date of the import


def test_cameo_codes_map_through_the_table(files):
    table = read_cameo2plover(files[1])
    assert plover_for("0842", table) == ("RETREAT", "return")
    assert plover_for("0731", table) == ("AID", None)  # the longest listed prefix: 073's line has no mode
    assert plover_for("1123", table) == ("ACCUSE", "disapprove")
    assert plover_for("041", table) == ("CONSULT", None)
    assert plover_for("0214", table) == ("REQUEST", None)  # 02x: no line, PLOVER's REQUEST
    assert plover_for("013", table) == STATEMENT
    assert plover_for("---", table) == NO_EVENT
    assert plover_for("987", table) == UNKNOWN_CODE


def test_the_output_is_deterministic_and_loads(files, imported, tmp_path):
    _, out = imported
    again = tmp_path / "again.toml"
    write_lexicon(import_petrarch(*files), again)
    assert again.read_bytes() == out.read_bytes()
    lexicon_read = load_lexicon((out,))
    assert {"ferry", "haul", "grumble", "grouse", "carp", "implore"} <= set(lexicon_read.verbs)
    assert [t.lemma for t in lexicon_read.verbs["haul"][:3]] == ["haul", "haul", "haul"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe- * (TO +) [042]\n", "not UTF-8 text (byte 0xff at offset 0)"),
        (b"just some notes\nabout verbs\n", "not a PETRARCH verb dictionary"),
    ],
)
def test_a_broken_dictionary_is_a_one_line_error(files, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(PetrarchError) as err:
        import_petrarch(bad, files[1])
    message = str(err.value)
    assert message.startswith(f"{bad}: ") and reason in message and "\n" not in message


def test_a_missing_file_or_table_is_a_one_line_error(files, tmp_path):
    with pytest.raises(PetrarchError, match=r"missing\.txt: file not found$"):
        import_petrarch(tmp_path / "missing.txt", files[1])
    with pytest.raises(PetrarchError, match=r"verbs\.txt: not a CAMEO2PLOVER table"):
        import_petrarch(files[0], files[0])
    alone = tmp_path / "alone" / "verbs.txt"
    alone.parent.mkdir()
    alone.write_text(VERBS, encoding="utf-8")
    with pytest.raises(PetrarchError, match=r"no CAMEO2PLOVER table beside it"):
        import_petrarch(alone)


def test_the_cli_writes_a_loadable_lexicon(files, tmp_path, corpus, run_cli):
    out = tmp_path / "lexicon" / "petrarch.toml"
    result = run_cli("lexicon", "import-petrarch", files[0], "--out", out)  # the table found in ../plover/
    assert result.exit_code == 0, result.output
    assert f"{out}: " in result.stdout and "patterns converted" in result.stdout
    assert "CAMEO 01x public statement (no PLOVER type)" in result.stdout
    load_lexicon((out,))
    (corpus / "a.txt").write_text(
        "Fishing row deepens\n\nMorvenia grumbled against Valdoria on 3 March 2025 over the seized boats, "
        "and its fishermen said the inspections in the strait had gone on for far too long this season.\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    analysed = run_cli("analyze", corpus, "--db", db, "--events", out, "--actors", DEMO_ACTORS)
    assert analysed.exit_code == 0, analysed.output
    assert run_cli("export", "--db", db, "--out", tmp_path / "export").exit_code == 0
    events = [json.loads(line) for line in (tmp_path / "export" / "events.jsonl").read_text().splitlines()]
    grumbled = [e for e in events if e["event"] == "ACCUSE"]
    assert [([a["code"] for a in e["actor"]], [r["code"] for r in e["recipient"]]) for e in grumbled] == [
        (["XMO"], ["XVA"])
    ]


def test_the_cli_says_in_one_line_what_is_wrong(files, tmp_path, run_cli):
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here\n", encoding="utf-8")
    result = run_cli("lexicon", "import-petrarch", bad, "--plover", files[1], "--out", tmp_path / "o.toml")
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"error: {bad}: not a PETRARCH verb dictionary: no '---  NAME  [CODE]  ---' verb block"
    )
    assert not (tmp_path / "o.toml").exists()


# --- `lemmas = [...]` in the lexicon ----------------------------------------------------------------


def test_a_lemmas_entry_codes_each_of_its_lemmas(tmp_path):
    extra = tmp_path / "events.toml"
    extra.write_text('[[verb]]\nlemmas = ["blockade", "encircle"]\ntype = "COERCE"\ntarget = ["possessor"]\n')
    for verb in ("blockaded", "encircled"):
        assert code(f"Valdoria {verb} Morvenia's ports.") == []
        assert code(f"Valdoria {verb} Morvenia's ports.", (extra,)) == [("COERCE", ["XVA"], ["XMO"])]
    both = load_lexicon((extra,))
    assert both.verbs["blockade"][0].targets == both.verbs["encircle"][0].targets == ("possessor",)


def test_a_supplement_adds_words_and_never_overrides_the_bundled_lexicon(tmp_path):
    extra = tmp_path / "imported.toml"
    extra.write_text('supplement = true\n[[verb]]\nlemmas = ["blockade", "attack"]\ntype = "COERCE"\n'
                     'target = ["possessor"]\n')  # fmt: skip
    lexicon = load_lexicon((extra,))
    assert lexicon.verbs["blockade"][0].type == "COERCE"  # a word the bundled lexicon lacks
    assert {t.type for t in lexicon.verbs["attack"]} == {"ASSAULT"}  # a word it has keeps its reading
    assert code("Valdoria attacked Morvenia's ports.", (extra,)) == [("ASSAULT", ["XVA"], ["XMO"])]
    bad = tmp_path / "bad.toml"
    bad.write_text('supplement = "yes"\n')
    with pytest.raises(LexiconError, match="supplement must be true or false"):
        load_lexicon((bad,))


def test_lemma_and_lemmas_together(tmp_path):
    extra = tmp_path / "events.toml"
    extra.write_text('[[verb]]\nlemma = "haul"\nlemmas = ["ferry", "haul"]\ntype = "AID"\n')
    lexicon = load_lexicon((extra,))
    assert [t.lemma for t in lexicon.verbs["haul"]] == ["haul"]  # once, though named twice
    assert lexicon.verbs["ferry"][0].type == "AID"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('type = "COERCE"', "[[verb]] #1 (?): needs a lemma (or lemmas) and a type"),
        ('lemmas = []\ntype = "COERCE"', "[[verb]] #1 (?): needs a lemma (or lemmas) and a type"),
        ('lemmas = ["blockade", ""]\ntype = "COERCE"', "[[verb]] #1 (blockade): lemma '' is not a non-empty string"),
        ('lemmas = ["blockade", 3]\ntype = "COERCE"', "[[verb]] #1 (blockade): lemma 3 is not a non-empty string"),
        ('lemmas = "blockade"\ntype = "COERCE"', "[[verb]] #1 (?): lemmas must be a list of words, not 'blockade'"),
    ],
)
def test_a_bad_lemmas_entry_is_a_one_line_error(tmp_path, entry, message):
    extra = tmp_path / "events.toml"
    extra.write_text(f"[[verb]]\n{entry}\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon((extra,))
    assert str(err.value) == f"{extra}: {message}"


# --- the real dictionary -----------------------------------------------------------------------------


@pytest.mark.skipif(
    not (REAL_VERBS.is_file() and REAL_TABLE.is_file()),
    reason=f"PETRARCH-2's verb dictionary not found at {REAL_VERBS} (../shared/bench-data is absent)",
)
def test_the_real_petrarch_dictionary_converts_and_loads(tmp_path):
    lexicon = import_petrarch(REAL_VERBS, REAL_TABLE)
    assert lexicon.patterns > 4000 and lexicon.converted > 2000
    assert len(lexicon.entries) > 1000 and lexicon.lemmas > 1000
    out = tmp_path / "petrarch.toml"
    write_lexicon(lexicon, out)
    loaded = load_lexicon((out,))
    assert {"attack", "accuse", "visit", "host"} <= set(loaded.verbs)
    assert "licence: MIT" in out.read_text(encoding="utf-8").split("\n[[verb]]", 1)[0]
