"""The actor dictionary: who can be named in the news, under which names, with which codes when.

Knowledge lives in data files (`data/actors/*.toml`, and any user file in the same shape, TOML or
JSON lines, such as the Phoenix dictionaries imported with `rashomon actors import-phoenix`):

- countries: every ISO 3166 country from pycountry, with the demonyms, capitals and seats of power
  that `countries.toml` adds (a capital or a seat stands for the government: Moscow → RUS GOV);
- actors: institutions, IGOs, armed and political groups and people, people with dated roles;
- roles: role titles ("the Russian president") and the nouns that name a sector ("Israeli troops").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

# Mention kinds, in the order a surface form that names several things is read.
# The sectors through which a state acts (government, military, intelligence, legislature, courts, police)
# and IGO, an intergovernmental organisation's own organs: a bare code names the state with these.
STATE_SECTORS = frozenset({"GOV", "MIL", "SPY", "LEG", "JUD", "COP", "IGO"})
OUT_OF_OFFICE = "ELI"  # the sector of an office holder between offices
COUNTRY, DEMONYM, METONYM = "country", "demonym", "metonym"


@dataclass(frozen=True)
class Role:
    code: str
    sector: str | None
    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    code: str | None
    sector: str | None
    kind: str  # country | institution | igo | group | person
    gender: str | None = None
    roles: tuple[Role, ...] = ()
    org: str | None = None  # the organisation it belongs to ("hamas"); its id is then "<org>/<own id>"

    def role_at(self, when: dt.date | None) -> Role | None:
        """The role held at `when`; the latest one when the date is unknown."""
        if not self.roles:
            return None
        if when is None:
            return max(self.roles, key=lambda r: r.start or dt.date.min)
        held = [r for r in self.roles if r.holds(when)]
        return max(held, key=lambda r: r.start or dt.date.min) if held else None

    def coded_at(self, when: dt.date | None) -> tuple[str | None, str | None]:
        """Country/IGO code and sector at `when`: people resolve through their dated roles. Someone out of
        office at a known date (a former president, a candidate between terms) is one of the country's
        elites (ELI), as the Phoenix dictionaries code them, not its government."""
        role = self.role_at(when)
        if role is not None:
            return role.code, role.sector
        if self.roles and when is not None and self.sector in STATE_SECTORS:
            return self.code, OUT_OF_OFFICE
        return self.code, self.sector


SHARED = "shared"


@dataclass(frozen=True)
class Surface:
    """One way an actor is written: "Putin", "Russians", "the Kremlin"."""

    actor_id: str
    via: str  # name | alias | shared | country | demonym | metonym
    sector: str | None = None  # what the form itself implies (a seat of power → GOV)


@dataclass(eq=False)  # compared and hashed by identity: one loaded dictionary, cached finders over it
class ActorDictionary:
    actors: dict[str, Actor] = field(default_factory=dict)
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # surface → canonical title
    title_sectors: dict[str, str] = field(default_factory=dict)
    sector_nouns: dict[str, str] = field(default_factory=dict)  # noun phrase → sector
    honorifics: set[str] = field(default_factory=set)  # "Mr", "General": written before a name
    organisation_heads: dict[str, str] = field(default_factory=dict)  # "commission" → GOV, "airlines" → BUS
    organisation_words: set[str] = field(default_factory=set)  # "council", "group": an organisation's, sector unsaid
    honorific_roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # "Gen." → (MIL, ""), "Rep." → (LEG, USA)
    # "foreign troops", "Western diplomats": modifiers that say a role or sector noun is not the local one
    non_local: set[str] = field(default_factory=set)
    anaphors: dict[str, set[str]] = field(default_factory=dict)  # "the group" → the kinds it may stand for
    digest: str = ""  # changes whenever a file behind the dictionary changes
    _roles: dict[tuple[str, str], list[Actor]] | None = field(default=None, repr=False)

    def add_surface(self, text: str, surface: Surface) -> None:
        text = " ".join(text.split())
        if not text:
            return
        entries = self.surfaces.setdefault(text, [])
        if any(e.actor_id == surface.actor_id for e in entries):
            return
        if surface.via in (COUNTRY, DEMONYM, METONYM):
            # "Russian" is first of all the demonym, whatever imported dictionaries also call "Russian".
            entries.insert(sum(e.via in (COUNTRY, DEMONYM, METONYM) for e in entries), surface)
        else:
            entries.append(surface)

    def holders(self, code: str, title: str, when: dt.date | None) -> list[Actor]:
        """People holding `title` for `code` at `when`; everyone who ever held it when `when` is None."""
        return [
            actor
            for actor in self._role_index().get((code, title), [])
            if when is None or ((role := actor.role_at(when)) and role.code == code and role.title == title)
        ]

    def _role_index(self) -> dict[tuple[str, str], list[Actor]]:
        """(code, title) → the people who ever held it, built once: role phrases are on the hot path."""
        if self._roles is None:
            self._roles = {}
            for actor in self.actors.values():
                for key in dict.fromkeys((r.code, r.title) for r in actor.roles):
                    self._roles.setdefault(key, []).append(actor)
        return self._roles


def bundled_files() -> list[Path]:
    folder = resources.files("rashomon.annotate").joinpath("data/actors")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))  # type: ignore[union-attr]


@lru_cache(maxsize=8)
def load_dictionary(extra: tuple[Path, ...] = ()) -> ActorDictionary:
    """The bundled dictionary plus the user's files (later files add names; earlier ids win)."""
    files = bundled_files() + [Path(p) for p in extra]
    dictionary = ActorDictionary()
    country_extras: dict[str, Any] = {}
    digest = hashlib.sha1()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise ValueError(f"{path}: cannot read actor dictionary: {err.strerror or err}") from None
        digest.update(path.name.encode() + data)
        _load_file(dictionary, path, data, country_extras)
    _add_countries(dictionary, country_extras)
    dictionary.digest = digest.hexdigest()[:16]
    return dictionary


def _word_lists(content: dict[str, Any], table: str, path: Path) -> dict[str, list[str]]:
    """A table of key = [words] ([sector_nouns], [titles] …), checked: a bare string would be read letter by letter."""
    value = content.get(table, {})
    if not isinstance(value, dict) or not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words) for words in value.values()
    ):
        raise ValueError(f"{path}: [{table}] must map each key to a list of words")
    return value


def _load_file(dictionary: ActorDictionary, path: Path, data: bytes, country_extras: dict[str, Any]) -> None:
    try:
        if path.suffix == ".toml":
            content = tomllib.loads(data.decode("utf-8"))
        elif path.suffix in (".jsonl", ".ndjson"):
            content = {"actor": [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]}
        else:
            raise ValueError("not a .toml or .jsonl file")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError, ValueError) as err:
        raise ValueError(f"{path}: cannot read actor dictionary: {err}") from None
    if path.name == "countries.toml":
        country_extras.update(content)  # applied to pycountry's list once every file is read
        return
    for code, extras in content.get("countries", {}).items():  # a user file may declare countries too
        merged = country_extras.setdefault(code, {})
        for key, value in extras.items():
            merged[key] = merged.get(key, []) + value if isinstance(value, list) else value
    for title, forms in _word_lists(content, "titles", path).items():
        for form in [title, *forms]:
            dictionary.titles[form.lower()] = title
    dictionary.title_sectors.update(content.get("title_sectors", {}))
    dictionary.honorifics.update(content.get("honorifics", {}).get("forms", []))
    for sector, nouns in _word_lists(content, "organisation_heads", path).items():
        dictionary.organisation_heads.update((noun.lower(), sector) for noun in nouns)
    for nouns in _word_lists(content, "organisation_words", path).values():
        dictionary.organisation_words.update(noun.lower() for noun in nouns)
    for sector, forms in _word_lists(content, "honorific_roles", path).items():
        for form in forms:
            country, _, written = form.rpartition(":")  # "USA:Rep." names the country; "Gen." leaves it to context
            dictionary.honorific_roles[written] = (sector, country)
    dictionary.non_local.update(w.lower() for w in content.get("context", {}).get("non_local", []))
    for kind, nouns in _word_lists(content, "anaphors", path).items():
        for noun in nouns:
            dictionary.anaphors.setdefault(noun.lower(), set()).add(kind)
    for sector, nouns in _word_lists(content, "sector_nouns", path).items():
        for noun in nouns:
            dictionary.sector_nouns.setdefault(noun.lower(), sector)
    for n, entry in enumerate(content.get("actor", []), start=1):
        try:
            actor = _actor(entry)
            aliases, shared = _string_list(entry, "aliases"), _string_list(entry, "shared_aliases")
        except KeyError as err:
            raise ValueError(f"{path}: actor #{n}: missing field {err}") from None
        except (TypeError, ValueError) as err:
            raise ValueError(f"{path}: actor #{n}: {err}") from None
        if actor.id in dictionary.actors:
            continue
        dictionary.actors[actor.id] = actor
        dictionary.add_surface(actor.name, Surface(actor.id, "name"))
        for alias in aliases:
            dictionary.add_surface(alias, Surface(actor.id, "alias"))
        for alias in shared:  # "Senate": this actor's, unless the story is about another country
            dictionary.add_surface(alias, Surface(actor.id, SHARED))


def _add_countries(dictionary: ActorDictionary, country_extras: dict[str, Any]) -> None:
    """Every pycountry country, then the codes only the dictionary files know (XKX, fictional states),
    then the initials of their everyday names ("C.A.R.", "DRC") where no other name is written so."""
    initials: dict[str, set[str]] = {}
    for country in pycountry.countries:
        names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        extras = country_extras.get(country.alpha_3, {})
        _add_country(dictionary, country.alpha_3, [n for n in names if n], extras)
        # only the names news uses: pycountry's formal ones would make every "IRA" Afghan, every "SAR" Syrian
        for name in filter(None, [getattr(country, "common_name", None), *extras.get("names", [])]):
            for form in _initialisms(name):
                initials.setdefault(form, set()).add(country.alpha_3)
    for code, extras in country_extras.items():
        if code not in dictionary.actors and extras.get("names"):
            _add_country(dictionary, code, [], extras)
    for form, codes in initials.items():
        if len(codes) == 1 and form not in dictionary.surfaces:
            dictionary.add_surface(form, Surface(codes.pop(), COUNTRY))


def _initialisms(name: str) -> list[str]:
    """ "Central African Republic" → CAR, C.A.R., C.A.R; names of fewer than three capitalised words have none
    (two letters are too often something else)."""
    letters = [w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper()]
    if len(letters) < 3 or "," in name:
        return []
    dotted = ".".join(letters)
    return ["".join(letters), f"{dotted}.", dotted]


def _add_country(dictionary: ActorDictionary, code: str, names: list[str], extras: dict[str, Any]) -> None:
    names = names + extras.get("names", [])
    dictionary.actors.setdefault(code, Actor(id=code, name=names[0], code=code, sector=None, kind="country"))
    for name in names:
        dictionary.add_surface(name, Surface(code, COUNTRY))
    for demonym in extras.get("demonyms", []):
        dictionary.add_surface(demonym, Surface(code, DEMONYM))
    for seat in filter(None, [extras.get("capital"), *extras.get("seats", [])]):
        dictionary.add_surface(seat, Surface(code, METONYM, sector="GOV"))


def _actor(entry: dict[str, Any]) -> Actor:
    roles = tuple(
        Role(
            code=r["code"],
            sector=r.get("sector"),
            title=r.get("title", ""),
            start=_date(r.get("start")),
            end=_date(r.get("end")),
        )
        for r in entry.get("roles", [])
    )
    org = entry.get("org")
    return Actor(
        id=f"{org}/{entry['id']}" if org else str(entry["id"]),
        name=str(entry["name"]),
        code=entry.get("code"),
        sector=entry.get("sector"),
        kind=entry.get("kind", "institution"),
        gender=entry.get("gender"),
        roles=roles,
        org=org,
    )


def _string_list(entry: dict[str, Any], key: str) -> list[str]:
    """A list of names; a bare string would be read letter by letter."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of names")
    return value


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
