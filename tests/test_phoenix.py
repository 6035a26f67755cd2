"""The Phoenix importer on small made-up dictionaries, the real ones when present, and the bundled TOML schema."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pycountry
import pytest

from rashomon.annotate.actors.phoenix import (
    PHOENIX_FILES,
    ImportStats,
    cameo_to_code,
    import_phoenix,
    parse_phoenix_date,
    phoenix_name,
    write_actors_jsonl,
)

REAL_PHOENIX = Path(__file__).resolve().parents[1].parent / "shared" / "bench-data" / "petrarch"
DATA = Path(__file__).resolve().parents[1] / "rashomon" / "annotate" / "data" / "actors"

COUNTRIES = """\
# made-up country file
VALDORIA_  [VLD]
+VALDORIAN_
+HARNVIK_ # the capital

ANNA_MARIA_KOVAL_  # a president
+PRESIDENT_KOVAL_
+A._M._KOVAL_
\t[VLDELI 650101-991231]
\t[VLDGOV 20000101-080507]
\t[VLDGOV >080508]
\t[VLDELI]
PETER_BRANDT_
PETER_J._BRANDT
BRANDT
\t[VLDOPP <910101]
\t[VLDGOV 910101-950101]
MORVENIAN_NAVY_  [MRVMIL]
"""
INTERNATIONAL = """\
THE_UNITED_NATIONS_ [IGOUNO]
+UN_
NORTHERN_DEFENCE_PACT_\t[IGOWSTNAT]# a made-up alliance
OLAF_TRENTE_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] # two dated codes on one line
UNKNOWN_AGENCY_\t[IGOXYZ]
"""
MILNONSTATE = """\
SILVER_HAND_FRONT_ [VLDREB] # made up
+SILVER_HAND_
+FRONT_OF_THE_SILVER_HAND_
"""


def write_folder(folder: Path, countries: str = COUNTRIES, international: str = INTERNATIONAL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [countries, international, MILNONSTATE]
    for name, text in zip(PHOENIX_FILES, texts, strict=True):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def by_name(actors: list[dict]) -> dict[str, dict]:
    return {a["name"]: a for a in actors}


def test_names_and_synonyms_become_name_and_aliases(tmp_path: Path) -> None:
    actors = by_name(import_phoenix(write_folder(tmp_path)))
    koval = actors["Anna Maria Koval"]
    assert koval["aliases"] == ["President Koval", "A. M. Koval"]
    assert koval["id"] == "phoenix:anna-maria-koval"
    assert koval["kind"] == "person"
    # names without a code gather into one entry until its codes come
    assert actors["Peter Brandt"]["aliases"] == ["Peter J. Brandt", "Brandt"]
    front = actors["Silver Hand Front"]
    assert front["aliases"] == ["Silver Hand", "Front of the Silver Hand"]
    assert (front["code"], front["sector"], front["kind"]) == ("VLD", "REB", "group")
    assert actors["Valdoria"]["kind"] == "country"
    assert actors["Morvenian Navy"]["sector"] == "MIL"


def test_dated_codes_become_roles(tmp_path: Path) -> None:
    actors = by_name(import_phoenix(write_folder(tmp_path)))
    roles = [(r["code"], r["sector"], r["start"], r["end"]) for r in actors["Anna Maria Koval"]["roles"]]
    assert roles == [
        ("VLD", "ELI", dt.date(1965, 1, 1), dt.date(2000, 1, 1)),  # the last day is included: end is the next
        ("VLD", "GOV", dt.date(2000, 1, 1), dt.date(2008, 5, 8)),  # yyyymmdd, then yymmdd
        ("VLD", "GOV", dt.date(2008, 5, 8), None),  # ">": from that date on
    ]
    assert all(r["title"] == "" for r in actors["Anna Maria Koval"]["roles"])
    # the undated code is the default outside every range
    assert (actors["Anna Maria Koval"]["code"], actors["Anna Maria Koval"]["sector"]) == ("VLD", "ELI")
    brandt = actors["Peter Brandt"]["roles"]
    assert (brandt[0]["sector"], brandt[0]["start"], brandt[0]["end"]) == ("OPP", None, dt.date(1991, 1, 1))
    # without an undated code the first code is the default
    assert actors["Peter Brandt"]["sector"] == "OPP"


def test_igo_codes_are_mapped(tmp_path: Path) -> None:
    actors = by_name(import_phoenix(write_folder(tmp_path)))
    assert (actors["The United Nations"]["code"], actors["The United Nations"]["kind"]) == ("UN", "igo")
    assert actors["The United Nations"]["aliases"] == ["UN"]
    assert actors["Northern Defence Pact"]["code"] == "NATO"
    assert [r["code"] for r in actors["Olaf Trente"]["roles"]] == ["EU", "NATO"]
    assert actors["Unknown Agency"]["code"] == "IGOXYZ"  # unknown IGOs keep their raw code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("RUSGOVMIL", ("RUS", "GOV")),
        ("IGOUNO", ("UN", "IGO")),
        ("IGOUNOIAE", ("IAEA", "IGO")),
        ("IGOWSTNAT", ("NATO", "IGO")),
        ("IGOMEAARL", ("ARL", "IGO")),
        ("ELI", ("", "ELI")),
        ("KSVGOV", ("XKX", "GOV")),
        ("USRUKR", ("UKR", "")),
        ("GBRVGBELI", ("VGB", "ELI")),
        ("SYRUAF", ("SYR", "REB")),
        ("IMGMUSALQ", ("IMGMUSALQ", "REB")),
        ("MNCUSA", ("USA", "BUS")),
        ("RUSXYZ", ("RUS", "XYZ")),
    ],
)
def test_cameo_codes(raw: str, expected: tuple[str, str]) -> None:
    assert cameo_to_code(raw) == expected


def test_names_are_cased_for_reading() -> None:
    assert phoenix_name("VLADIMIR_VLADIMIROVICH_PUTIN_") == "Vladimir Vladimirovich Putin"
    assert phoenix_name("BASHAR_AL-ASSAD_") == "Bashar al-Assad"
    assert phoenix_name("UN_SECRETARY_GENERAL") == "UN Secretary General"
    assert phoenix_name("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_") == "Aden Abyan Islamic Army (AAIA)"
    assert phoenix_name("KURDISTAN_WORKERS_PARTY_PKK") == "Kurdistan Workers Party PKK"
    assert phoenix_name("KING_ABDULLAH_II") == "King Abdullah II"
    assert phoenix_name("JOHN_MCCLOY_") == "John McCloy"


def test_dates() -> None:
    assert parse_phoenix_date("991231") == dt.date(1999, 12, 31)
    assert parse_phoenix_date("290101") == dt.date(2029, 1, 1)
    assert parse_phoenix_date("300101") == dt.date(1930, 1, 1)
    assert parse_phoenix_date("20070101") == dt.date(2007, 1, 1)
    for bad in ("2004017", "201005011", "991331", "abc"):
        with pytest.raises(ValueError):
            parse_phoenix_date(bad)


def test_malformed_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    broken = (
        "\t[VLDGOV 990101-991231]\n"  # a code before any name
        "+ORPHAN_SYNONYM_\n"  # a synonym before any name
        "GOOD_NAME_ [VLDGOV]\n"
        "\t[VLDGOV 2004017-20061201]\n"  # seven digits
        "\t[vldgov]\n"  # not a code
        "\t[VLDGOV 991231-990101]\n"  # ends before it starts
        "Source: a header line\n"
        "NAME_WITHOUT_CODE_\n"
    )
    stats = ImportStats()
    actors = import_phoenix(write_folder(tmp_path, countries=broken), stats)
    good = by_name(actors)["Good Name"]
    assert good["roles"] == [] and good["code"] == "VLD"
    assert stats.skipped == 7
    assert any("2004017" in r for r in stats.reasons)


def test_missing_folder_or_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        import_phoenix(tmp_path / "nowhere")
    folder = write_folder(tmp_path / "partial")
    (folder / "Phoenix.MilNonState.actors.txt").unlink()
    with pytest.raises(FileNotFoundError, match=re.escape("Phoenix.MilNonState.actors.txt")):
        import_phoenix(folder)


def test_write_jsonl(tmp_path: Path) -> None:
    actors = import_phoenix(write_folder(tmp_path / "in"))
    out = tmp_path / "out" / "phoenix.jsonl"
    assert write_actors_jsonl(actors, out) == len(actors)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    koval = next(r for r in rows if r["name"] == "Anna Maria Koval")
    assert koval["roles"][1]["start"] == "2000-01-01" and koval["roles"][2]["end"] is None
    assert koval["roles"][1]["end"] == "2008-05-08"
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.skipif(not REAL_PHOENIX.is_dir(), reason=f"Phoenix dictionaries not found at {REAL_PHOENIX}")
def test_real_phoenix_dictionaries() -> None:
    stats = ImportStats()
    actors = import_phoenix(REAL_PHOENIX, stats)
    assert len(actors) > 20000
    assert stats.skipped < 100
    putin = next(a for a in actors if a["name"] == "Vladimir Putin")
    assert putin["code"] == "RUS" and putin["kind"] == "person"
    when = dt.date(2015, 6, 1)
    assert any(
        r["code"] == "RUS"
        and r["sector"] == "GOV"
        and (r["start"] is None or r["start"] <= when)
        and (r["end"] is None or when < r["end"])
        for r in putin["roles"]
    )
    assert len({a["id"] for a in actors}) == len(actors)


# ------------------------------------------------------------------------------------- bundled TOML schema

SECTORS = {
    "GOV", "MIL", "SPY", "LEG", "JUD", "PTY", "REB", "OPP", "MED", "CVL", "BUS",
    "REL", "ELI", "COP", "EDU", "NGO", "IGO", "REF", "LAB", "HLH",
}  # fmt: skip
IGO_CODES = {
    "UN", "NATO", "EU", "CIS", "OPEC", "ICC", "ICJ", "AU", "ARL", "OIC", "SCO", "BRICS", "IAEA", "WHO", "IMF",
    "WB", "GCC", "CSTO", "ASEAN", "OSCE", "G7", "G20", "APEC", "ILO", "ECOWAS", "SADC", "EAC", "IGAD", "AES",
    "WTO", "OAS", "MERCOSUR", "CARICOM", "COE", "INTERPOL", "OECD",
}  # fmt: skip
COUNTRY_EXCEPTIONS = {"XKX"}  # Kosovo: no ISO code, the one news data uses
KINDS = {"institution", "igo", "group", "person"}


def load(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def known_codes() -> set[str]:
    return {c.alpha_3 for c in pycountry.countries} | COUNTRY_EXCEPTIONS


def test_countries_schema() -> None:
    countries = load("countries.toml")
    codes = known_codes()
    assert set(countries) <= codes, sorted(set(countries) - codes)
    assert {c.alpha_3 for c in pycountry.countries} <= set(countries)  # every country has a table
    for code, table in countries.items():
        assert set(table) <= {"names", "demonyms", "capital", "seats"}, code
        for key in ("names", "demonyms", "seats"):
            assert all(isinstance(v, str) and v.strip() for v in table.get(key, [])), (code, key)
        assert isinstance(table.get("capital", ""), str), code
    assert "Gaza" in countries["PSE"]["names"] and "the West Bank" in countries["PSE"]["names"]
    assert "Kremlin" in countries["RUS"]["seats"] and countries["RUS"]["capital"] == "Moscow"
    assert {"Kyiv", "Kiev"} <= {countries["UKR"]["capital"], *countries["UKR"]["seats"]}
    # a surface form may name only one country
    seen: dict[str, str] = {}
    for code, table in countries.items():
        for form in [*table.get("names", []), *table.get("demonyms", [])]:
            assert seen.setdefault(form, code) == code, (form, code, seen[form])


def test_actors_schema() -> None:
    actors = load("actors.toml")["actor"]
    titles = set(load("roles.toml")["titles"])
    codes = known_codes() | IGO_CODES
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for actor in actors:
        for key in ("id", "name", "code", "sector", "kind"):
            assert key in actor, (actor.get("id"), key)
        assert actor["id"] == actor["id"].lower() and " " not in actor["id"], actor["id"]
        assert actor["code"] in codes, (actor["id"], actor["code"])
        assert actor["sector"] in SECTORS, (actor["id"], actor["sector"])
        assert actor["kind"] in KINDS, (actor["id"], actor["kind"])
        for field in ("aliases", "shared_aliases"):
            assert all(isinstance(a, str) and a.strip() for a in actor.get(field, [])), actor["id"]
        if actor["kind"] == "person":
            assert actor.get("gender") in ("m", "f"), actor["id"]
        for role in actor.get("roles", []):
            assert role["title"] in titles, (actor["id"], role["title"])
            assert role["code"] in codes and role["sector"] in SECTORS, (actor["id"], role)
            assert isinstance(role["start"], dt.date), (actor["id"], role)
            if "end" in role:
                assert isinstance(role["end"], dt.date) and role["start"] < role["end"], (actor["id"], role)
    by_id = {a["id"]: a for a in actors}
    assert by_id["un-security-council"]["code"] == "UN"
    assert (by_id["hamas"]["code"], by_id["hamas"]["sector"]) == ("PSE", "REB")
    putin = by_id["vladimir-putin"]
    assert any(r["title"] == "president" and r["start"] == dt.date(2012, 5, 7) for r in putin["roles"])


def test_roles_schema() -> None:
    roles = load("roles.toml")
    assert set(roles) == {
        "titles", "title_sectors", "sector_nouns", "context", "anaphors", "honorifics", "honorific_roles",
        "organisation_heads", "organisation_words",
    }  # fmt: skip
    assert set(roles["honorific_roles"]) <= SECTORS and set(roles["organisation_heads"]) <= SECTORS
    heads = [h for hs in roles["organisation_heads"].values() for h in hs]
    assert len(heads) == len(set(heads)) and all(h == h.lower() for h in heads)  # one sector each
    words = roles["organisation_words"]["words"]
    assert len(words) == len(set(words)) and all(w == w.lower() for w in words) and not set(words) & set(heads)
    ranks = [f.rpartition(":")[2] for fs in roles["honorific_roles"].values() for f in fs]
    assert len(ranks) == len(set(ranks)), [f for f in ranks if ranks.count(f) > 1]
    for title, forms in roles["titles"].items():
        assert forms and all(f == f.lower() for f in forms), title
        assert title in roles["title_sectors"], title
    assert set(roles["title_sectors"].values()) <= SECTORS
    assert set(roles["sector_nouns"]) <= SECTORS
    forms = [f for fs in roles["titles"].values() for f in fs]
    assert len(forms) == len(set(forms)), [f for f in forms if forms.count(f) > 1]
    nouns = [n for ns in roles["sector_nouns"].values() for n in ns]
    assert all(n == n.lower() for n in nouns)
    assert len(nouns) == len(set(nouns)), [n for n in nouns if nouns.count(n) > 1]
