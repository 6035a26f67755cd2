"""Import the open Phoenix actor dictionaries (TABARI/PETRARCH format) into Rashomon's actor shape.

The Phoenix dictionaries are the largest open list of who is who in event data: tens of thousands of
names, with the CAMEO code each person held at which dates. Converting them once lets an analyst add
them beside the bundled dictionary (`rashomon analyze --actors phoenix-actors.jsonl`).

The format, as the files use it:

    VLADIMIR_PUTIN_  # comment              an entry: a name, words joined by "_"
    +VLADIMIR_VLADIMIROVICH_PUTIN_          a synonym of the entry above
        [RUSGOV 991231-080507]              a dated code (yymmdd or yyyymmdd; "-" range, both days included)
        [RUSGOV >080508]                    from that date on
        [RUSELI <700101]                    until that date
        [RUSELI]                            the code outside every dated range
    NATO_  [IGOWSTNAT]                      an entry with its code on the same line

Consecutive names without a code belong to one entry ("BORIS_YELTSIN_" then "YELTSIN" then the
dated codes), as TABARI reads them. A role's `end` is exclusive, as the actor dictionary reads it, so a
range's last day plus one. Anything that cannot be read is skipped and counted, never fatal: these files
were edited by hand over decades.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

log = logging.getLogger(__name__)

PHOENIX_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
ID_PREFIX = "phoenix:"

# CAMEO IGO codes → Rashomon's IGO codes; the longest matching prefix wins (IGOUNOIAE before IGOUNO).
IGO_CODES = {
    "IGOUNO": "UN",
    "IGOUNOIAE": "IAEA",
    "IGOUNOHLHWHO": "WHO",
    "IGOUNOJUDICJ": "ICJ",
    "IGOUNODEVWBK": "WB",
    "IGOUNOWBK": "WB",
    "IGOBUSIMF": "IMF",
    "IGOWSTNAT": "NATO",
    "IGOEUREEC": "EU",
    "IGOMEAARL": "ARL",
    "IGOAFRAFU": "AU",
    "IGOAFROAU": "AU",  # the Organisation of African Unity, the AU's predecessor
    "IGOBUSOPC": "OPEC",
    "IGOOPC": "OPEC",
    "IGOMOSOIC": "OIC",
    "IGOMOS": "OIC",  # used for the Organisation of the Islamic Conference itself
    "IGOCASCIS": "CIS",
    "IGOSEAASN": "ASEAN",
    "IGOJUDICC": "ICC",
    "IGOPGSGCC": "GCC",
}
# Codes the files use that are not (or no longer) ISO 3166-1 alpha-3.
LEGACY_COUNTRIES = {
    "TMP": "TLS",  # East Timor, CAMEO's code before ISO's
    "KSV": "XKX",  # Kosovo, the World Bank code Rashomon uses
    "ANG": "AGO",  # Angola
    "USR": "SUN",  # the Soviet Union, as in USRUKR
    "FRY": "YUG",  # the Federal Republic of Yugoslavia
    "IMY": "IMN",  # the Isle of Man
    "GZA": "PSE",  # Gaza
}
# CAMEO codes that, after another code, are not the country ISO gives them: "MUS" is Muslim (IMGMUSALQ).
NOT_MEMBER_CODES = {"MUS"}
# CAMEO sectors Rashomon knows; a few CAMEO names are folded into the armed non-state sector.
SECTORS = {
    "GOV", "MIL", "SPY", "LEG", "JUD", "PTY", "REB", "OPP", "MED", "CVL", "BUS",
    "REL", "ELI", "COP", "EDU", "NGO", "IGO", "REF", "LAB", "HLH",
}  # fmt: skip
SECTOR_ALIASES = {"UAF": "REB", "INS": "REB", "SEP": "REB"}  # unaligned armed forces, insurgents, separatists
# Names: tokens kept in capitals although they have vowels, and particles kept lower case inside a name.
ACRONYMS = {
    "UN", "EU", "US", "UK", "USA", "UAE", "NATO", "IAEA", "OPEC", "OIC", "PLO", "IDF", "GRU", "ISIS", "ISIL",
    "AU", "ICC", "ICJ", "IMF", "WHO", "UNICEF", "UNHCR", "UNESCO", "UNRWA", "OSCE", "ASEAN", "ECOWAS", "OAS",
    "OAU", "FAO", "ILO", "IOM", "AIPAC", "ANC", "IRGC", "BBC", "CNN", "AFP", "KGB", "FSB", "SVR", "PKK",
    "NGO", "UNDP", "UNEP", "WFP", "OPCW", "CIA", "FBI", "NSA", "GCC", "CIS", "SCO", "BRICS",
}  # fmt: skip
PARTICLES = {"of", "the", "and", "for", "in", "on", "at", "to", "bin", "ibn", "de", "del", "van", "von", "der", "du"}
ABBREVIATIONS = {"ST", "MT", "DR", "MR", "MRS", "MS", "JR", "SR", "FT"}  # no vowel, yet not acronyms
ROMAN_NUMERALS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI"}

_CODE = re.compile(r"^(?P<code>[A-Z0-9-]+)(?:\s+(?P<op>[<>]?)\s*(?P<start>\d+)(?:\s*-\s*(?P<end>\d+))?)?$")
_NAME = re.compile(r"^[\w.'’`\"&(),/+!?*\- ]+$")  # no colon: "Source: …" header lines are not names
_BRACKETS = re.compile(r"\[([^\]]*)\]")


@dataclass
class ImportStats:
    """What an import read and what it had to leave out, so a caller can report it."""

    entries: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)  # "file:line: why", the first few hundred

    def skip(self, where: str, why: str) -> None:
        self.skipped += 1
        if len(self.reasons) < 500:
            self.reasons.append(f"{where}: {why}")


@dataclass(frozen=True)
class CameoCode:
    """One code line: the raw CAMEO code and the dates it holds."""

    raw: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class _Entry:
    """An entry while it is being read: every name written for it and every code it holds."""

    names: list[str] = field(default_factory=list)
    codes: list[CameoCode] = field(default_factory=list)
    where: str = ""


# ---------------------------------------------------------------------------------------------- public


def import_phoenix(folder: Path, stats: ImportStats | None = None) -> list[dict[str, Any]]:
    """Read the three Phoenix actor files in `folder` into actor dicts (the `[[actor]]` shape).

    Every file must be there: a partial import would silently lose whole classes of actors.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"Phoenix dictionary folder not found: {folder}")
    paths = [folder / name for name in PHOENIX_FILES]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"Phoenix dictionary file not found: {path}")
    stats = stats if stats is not None else ImportStats()
    actors: list[dict[str, Any]] = []
    ids: set[str] = set()
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for entry in _entries(text.splitlines(), path.name, stats):
            actor = _actor(entry, path.name, ids)
            actors.append(actor)
            stats.entries += 1
    if stats.skipped:
        log.warning("Phoenix import: %d actors read, %d lines or entries skipped", stats.entries, stats.skipped)
    return actors


def write_actors_jsonl(actors: list[dict[str, Any]], out: Path) -> int:
    """Write one actor per line, dates as ISO strings: the form the actor dictionary loads beside TOML."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for actor in actors:
            handle.write(json.dumps(actor, ensure_ascii=False, default=_json_default) + "\n")
    return len(actors)


def cameo_to_code(raw: str) -> tuple[str, str]:
    """Split a CAMEO code into Rashomon's (country or IGO code, sector).

    "RUSGOV" → ("RUS", "GOV"); "IGOUNO" → ("UN", "IGO"); "ELI" → ("", "ELI"); "RUSGOVMIL" → ("RUS", "GOV"):
    the first sector is the primary one. A territory after its state is the code ("GBRVGBELI" → ("VGB", "ELI"),
    "USRUKR" → ("UKR", "")). Unknown parts are kept as they are rather than guessed.
    """
    raw = raw.strip().upper()
    if raw.startswith("IGO"):
        return _igo_code(raw), "IGO"
    if raw in SECTORS or raw in SECTOR_ALIASES:
        return "", _sector(raw)
    prefix, rest = raw[:3], raw[3:]
    if prefix == "---":
        return "", _sector(rest)
    prefix = LEGACY_COUNTRIES.get(prefix, prefix)
    if prefix == "MNC":  # multinational corporations: MNCUSA, MNCGBRMED, MNC
        return (_country_prefix(rest) or "MNC"), "BUS"
    if prefix == "NGO":
        return (_country_prefix(rest) or raw), "NGO"
    if prefix == "IMG":  # international militant groups: IMGMUSALQ, IMGSAU
        return (_country_prefix(rest) or raw), "REB"
    member = _country_prefix(rest)
    if member:  # a territory or member written after its state or federation: GBRVGBELI, USRUKR, SUNRUS
        return member, _sector(rest[3:])
    return prefix, _sector(rest)


def phoenix_name(raw: str) -> str:
    """Turn VLADIMIR_VLADIMIROVICH_PUTIN_ into "Vladimir Vladimirovich Putin", keeping acronyms and particles."""
    words = raw.replace("_", " ").split()
    return " ".join(_case_word(word, first=(i == 0)) for i, word in enumerate(words))


def parse_phoenix_date(text: str) -> dt.date:
    """yymmdd (years 00-29 are 2000s, the rest 1900s) or yyyymmdd; anything else raises ValueError."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"not a yymmdd or yyyymmdd date: {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        return dt.date(year, int(text[2:4]), int(text[4:6]))
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------------------------- reading


def _entries(lines: Iterable[str], filename: str, stats: ImportStats) -> Iterator[_Entry]:
    """Group the lines of one file into entries; unreadable lines are counted and passed over."""
    current: _Entry | None = None
    for number, line in enumerate(lines, start=1):
        where = f"{filename}:{number}"
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        if body.startswith("["):
            if current is None:
                stats.skip(where, "code line before any name")
                continue
            current.codes.extend(_codes(body, where, stats))
        elif body.startswith("+"):
            if current is None:
                stats.skip(where, "synonym before any name")
                continue
            _add_name(current, body[1:], where, stats)
        else:
            name, _, _ = body.partition("[")
            if not _valid_name(name):
                stats.skip(where, f"not a name: {body[:60]!r}")
                continue
            if current is not None and current.codes:
                yield from _finish(current, stats)
                current = None
            if current is None:  # names without a code gather until the codes come
                current = _Entry(where=where)
            _add_name(current, body, where, stats)
    if current is not None:
        yield from _finish(current, stats)


def _finish(entry: _Entry, stats: ImportStats) -> Iterator[_Entry]:
    if entry.codes:
        yield entry
    else:
        stats.skip(entry.where, f"entry without a code: {entry.names[0] if entry.names else ''!r}")


def _add_name(entry: _Entry, text: str, where: str, stats: ImportStats) -> None:
    """A name line may carry codes after the name ("NATO_ [IGOWSTNAT]") and junk after them."""
    name, bracket, rest = text.partition("[")
    if not _valid_name(name):
        stats.skip(where, f"not a name: {text[:60]!r}")
        return
    entry.names.append(name.strip())
    if bracket:
        entry.codes.extend(_codes(bracket + rest, where, stats))


def _valid_name(name: str) -> bool:
    name = name.strip()
    return bool(name) and bool(_NAME.match(name)) and any(c.isalpha() for c in name)


def _codes(text: str, where: str, stats: ImportStats) -> list[CameoCode]:
    found = _BRACKETS.findall(text)
    if not found:
        stats.skip(where, f"no [code] in {text[:60]!r}")
    codes = []
    for inside in found:
        code = _code(inside.strip())
        if code is None:
            stats.skip(where, f"unreadable code [{inside}]")
        else:
            codes.append(code)
    return codes


def _code(inside: str) -> CameoCode | None:
    """Read one code: RUSGOV 991231-080507, RUSGOV >080508, RUSELI <700101, RUSELI; a lone date is a start."""
    match = _CODE.match(inside)
    if not match:
        return None
    raw, op, start, end = match.group("code", "op", "start", "end")
    if start is None:
        return CameoCode(raw)
    try:
        first = parse_phoenix_date(start)
        last = parse_phoenix_date(end) if end else None
    except ValueError:
        return None
    if op == "<":
        return CameoCode(raw, end=first) if last is None else None
    if op == ">" and last is not None:
        return None
    if last is not None and last < first:
        return None
    # TABARI includes a range's last day; a Rashomon role ends on the first day it no longer holds.
    return CameoCode(raw, start=first, end=last + dt.timedelta(days=1) if last else None)


# --------------------------------------------------------------------------------------------- building


def _actor(entry: _Entry, filename: str, ids: set[str]) -> dict[str, Any]:
    name = phoenix_name(entry.names[0])
    aliases = _aliases(name, entry.names[1:])
    default = _default_code(entry.codes)
    code, sector = cameo_to_code(default.raw)
    if not code:  # a bare sector ([ELI]) takes the country of the entry's first real code
        code = next((c for c in (cameo_to_code(x.raw)[0] for x in entry.codes) if c), "")
    roles = [_role(c) for c in entry.codes if c.dated]
    return {
        "id": _unique_id(name, ids),
        "name": name,
        "aliases": aliases,
        "code": code,
        "sector": sector,
        "kind": _kind(default.raw, sector, bool(roles), filename),
        "roles": roles,
        "cameo": default.raw,
    }


def _default_code(codes: list[CameoCode]) -> CameoCode:
    """The undated code is the one TABARI uses outside every dated range; without one, the first code."""
    return next((c for c in codes if not c.dated), codes[0])


def _role(code: CameoCode) -> dict[str, Any]:
    country, sector = cameo_to_code(code.raw)
    return {"code": country, "sector": sector, "title": "", "start": code.start, "end": code.end, "cameo": code.raw}


def _aliases(name: str, others: list[str]) -> list[str]:
    seen = {name.lower()}
    aliases = []
    for other in others:
        alias = phoenix_name(other)
        if alias and alias.lower() not in seen:
            seen.add(alias.lower())
            aliases.append(alias)
    return aliases


def _kind(raw: str, sector: str, has_roles: bool, filename: str) -> str:
    """Phoenix does not say what an entry is; dated codes mean an office holder, the file and code the rest."""
    if has_roles:
        return "person"
    if "MilNonState" in filename or raw.startswith(("IMG", "NGO")):
        return "group"
    if raw.startswith("IGO"):
        return "igo"
    if not sector:
        return "country"
    return "institution"


def _unique_id(name: str, ids: set[str]) -> str:
    base = ID_PREFIX + (slugify(name) or "actor")
    candidate, n = base, 1
    while candidate in ids:
        n += 1
        candidate = f"{base}-{n}"
    ids.add(candidate)
    return candidate


def _igo_code(raw: str) -> str:
    for prefix in sorted(IGO_CODES, key=len, reverse=True):
        if raw.startswith(prefix):
            return IGO_CODES[prefix]
    return raw


def _country_prefix(rest: str) -> str:
    """The country code `rest` starts with, if any: never a sector, nor CAMEO's "MUS" (Muslim, not Mauritius)."""
    head = LEGACY_COUNTRIES.get(rest[:3], rest[:3])
    if len(head) != 3 or not head.isalpha() or head in SECTORS or rest[:3] in NOT_MEMBER_CODES:
        return ""
    return head if _is_country(head) else ""


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def _is_country(code: str) -> bool:
    return code in _country_codes()


def _sector(rest: str) -> str:
    """The first three letters name the primary sector (GOVMIL → GOV); unknown sectors are kept as written."""
    if not rest:
        return ""
    head = rest[:3]
    head = SECTOR_ALIASES.get(head, head)
    return head if head in SECTORS else rest


def _case_word(word: str, first: bool) -> str:
    bare = word.strip("().,")
    if bare.upper() in ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", word):
        return word.upper()
    if word.startswith("(") and word.endswith(")"):
        return word.upper()
    letters = "".join(c for c in bare if c.isalpha())
    if 0 < len(letters) <= 3 and not set(letters.upper()) & set("AEIOUY") and letters.upper() not in ABBREVIATIONS:
        return word.upper()
    if not first and bare.upper() in ROMAN_NUMERALS:
        return word.upper()
    if not first and word.lower() in PARTICLES:
        return word.lower()
    parts = word.split("-")
    cased = [_case_part(p) for p in parts]
    if not first and len(parts) > 1 and parts[0].lower() in {"al", "el", "ad", "as", "ash", "az", "an"}:
        cased[0] = cased[0].lower()  # "AL-ASSAD" → "al-Assad", as English news writes it
    return "-".join(cased)


def _case_part(part: str) -> str:
    """Capitalise one hyphen-free part: "MCCLOY" → "McCloy", "O'BRIEN" → "O'Brien", "QA'IDA" → "Qa'ida"."""
    lower = part.lower()
    if not lower:
        return part
    head, apostrophe, tail = lower.partition("'")
    if apostrophe and len(head) == 1 and tail:
        return head.upper() + "'" + tail[0].upper() + tail[1:]
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2].upper() + lower[3:]
    index = next((i for i, c in enumerate(lower) if c.isalpha()), None)
    if index is None:
        return lower
    return lower[:index] + lower[index].upper() + lower[index + 1 :]


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def main(argv: list[str] | None = None) -> int:
    """`python -m rashomon.annotate.actors.phoenix FOLDER OUT.jsonl`, for use without the CLI."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m rashomon.annotate.actors.phoenix FOLDER OUT.jsonl", file=sys.stderr)
        return 2
    stats = ImportStats()
    try:
        n = write_actors_jsonl(import_phoenix(Path(args[0]), stats), Path(args[1]))
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{args[1]}: {n} actors, {stats.skipped} lines or entries skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
