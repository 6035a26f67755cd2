"""One settings file: a user's file replaces the bundled thresholds it names, and a bad one is refused in one
line naming it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

import rashomon
from rashomon.settings import SettingsError, load_settings

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"


def write(folder: Path, text: str) -> Path:
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_file_replaces_only_what_it_names(tmp_path: Path):
    bundled = load_settings()
    mine = load_settings(write(tmp_path, "[analysis.stance]\nmin_evidence = 1\n[link.claims]\nstory_days = 7\n"))
    assert mine["analysis.stance"].min_evidence == 1 and mine["link.claims"].story_days == 7
    assert mine["analysis.stance"].neutral_band == bundled["analysis.stance"].neutral_band
    assert mine["link.claims"].quantity_similarity == bundled["link.claims"].quantity_similarity
    assert mine.digest("annotate") == bundled.digest("annotate")  # nothing to re-annotate
    assert mine.digest("link") != bundled.digest("link") and mine.digest("analysis") != bundled.digest("analysis")
    integer = load_settings(write(tmp_path, "[link.claims]\nopen_agreement = 2\n"))
    assert isinstance(integer["link.claims"].open_agreement, float)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[analysis.stance\nmin_evidence = 1\n", "not valid TOML"),
        ("[analysis.stances]\nmin_evidence = 1\n", "no section [analysis.stances]"),
        ("[analysis.stance]\nminimum_evidence = 1\n", "[analysis.stance] has no setting 'minimum_evidence'"),
        ('[analysis.stance]\nmin_evidence = "three"\n', "[analysis.stance] min_evidence = 'three': expected int"),
        ("[analysis.dyads]\nsignificance = true\n", "expected float"),
        ("[views.report]\nmax_rows = -1\n", "[views.report] max_rows = -1: expected 0 or more"),
    ],
)
def test_a_bad_settings_file_is_one_line_naming_it(tmp_path: Path, text: str, reason: str):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_the_cli_refuses_a_missing_settings_file_before_anything_runs(demo_db: Path, tmp_path: Path, run_cli):
    result = run_cli("stance", "--db", demo_db, "--settings", tmp_path / "none.toml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'none.toml'}: no such settings file"


def test_view_settings_change_the_answers_of_one_store(demo_db: Path, tmp_path: Path, run_cli):
    def stance(*settings: Path) -> dict[tuple[str, str], dict]:
        args = ["stance", "--db", demo_db, "--json", *(a for s in settings for a in ("--settings", s))]
        printed = run_cli(*args)
        assert printed.exit_code == 0, printed.stderr
        return {(row["outlet"], row["target"]): row for row in map(json.loads, printed.stdout.splitlines())}

    bundled = stance()
    eager = stance(write(tmp_path, "[analysis.stance]\nmin_evidence = 1\nneutral_band = 0.0\n"))
    assert bundled.keys() == eager.keys()
    assert sum(row["lean"] != 0 for row in eager.values()) > sum(row["lean"] != 0 for row in bundled.values())
    assert all(row["sufficient"] for row in eager.values() if row["n"] >= 1)
    with rashomon.open(demo_db, settings=tmp_path / "settings.toml") as corpus:
        assert {(r["outlet"], r["target"]): r["lean"] for r in corpus.stance()} == {
            key: row["lean"] for key, row in eager.items()
        }


def test_changed_annotation_settings_re_annotate_and_link_settings_relink(corpus: Path, tmp_path: Path):
    (corpus / "a.txt").write_text(
        "Valdoria seized 14 Morvenian fishing boats on 1 March 2025, Morvenian officials said.\n", encoding="utf-8"
    )
    db = tmp_path / "store.duckdb"

    def confidences() -> list[float]:
        with rashomon.open(db) as store:
            return [row[0] for row in store.table("events").order("id").select("confidence").fetchall()]

    options = {"event_veto": "off", "actors": [DEMO_ACTORS]}
    assert rashomon.analyze([corpus], db, **options).ingested
    assert rashomon.analyze([corpus], db, **options).unchanged  # the same settings: nothing to redo
    before = confidences()
    lower = write(tmp_path, "[annotate.events]\nconfidence_base = 0.3\n")
    again = rashomon.analyze([corpus], db, **options, settings=lower)
    assert again.ingested and not again.unchanged  # its events' confidence depends on the setting
    after = confidences()
    assert before and len(after) == len(before) and all(a < b for a, b in zip(after, before, strict=True))
    links_only = write(tmp_path, "[annotate.events]\nconfidence_base = 0.3\n[link.claims]\nstory_days = 1\n")
    assert rashomon.analyze([corpus], db, **options, settings=links_only).unchanged  # links recomputed, not records


def test_a_rerun_with_nothing_new_keeps_the_links_and_a_changed_link_setting_remakes_them(corpus: Path, tmp_path: Path):
    said = "“We will not allow our fishermen to be treated as criminals in their own waters,” Maelstad said."
    for name, lead in (("a", "Harnvik protested on Monday."), ("b", "The talks in Port Averin failed.")):
        (corpus / f"{name}.txt").write_text(f"{lead} {said} Officials gave no further details.\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"

    def clusters() -> set[str]:
        with rashomon.open(db) as store:
            return {row[0] for row in store.table("quotes").select("cluster_id").fetchall()}

    assert len(rashomon.analyze([corpus], db).ingested) == 2
    assert len(clusters()) == 1  # one quotation, reported twice
    with duckdb.connect(str(db)) as con:  # links another process broke, to see whether a run remakes them
        con.execute("UPDATE quotes SET cluster_id = quote_id")
    assert rashomon.analyze([corpus], db).unchanged == ["a", "b"]
    assert len(clusters()) == 2  # nothing new: no link step ran
    stricter = write(tmp_path, "[link.quotes]\nmin_share = 0.7\n")
    assert rashomon.analyze([corpus], db, settings=stricter).unchanged == ["a", "b"]
    assert len(clusters()) == 1  # the link settings changed: the links are made again
