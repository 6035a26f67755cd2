"""Every threshold and window in one commented TOML file (``rashomon/data/settings.toml``); a user's
file overrides any of its values. `load_settings(path)` returns the values and a digest of them."""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A settings file that cannot be used: one line naming the file and the reason."""


@dataclass(frozen=True)
class Section(Mapping[str, Any]):
    """One [section] of the settings; its values are read as attributes (`section.threshold`)."""

    name: str
    values: Mapping[str, Any]

    def __getattr__(self, key: str) -> Any:
        values = self.__dict__.get("values", {})  # absent while unpickling: no recursion through here
        if key not in values:
            raise AttributeError(f"no setting {key!r} in [{self.__dict__.get('name')}]")
        return values[key]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __hash__(self) -> int:  # a component built with these values can be cached by them
        return hash((self.name, tuple(sorted(self.values.items()))))


@dataclass(frozen=True)
class Settings:
    sections: Mapping[str, Section]
    source: Path | None  # the user's file, None for the defaults

    def __getitem__(self, name: str) -> Section:
        return self.sections[name]

    def digest(self, layer: str = "") -> str:
        """A hash of the values of the sections under `layer` ("annotate", "link"; "" for all): what
        results computed with them depend on."""
        chosen = {name: dict(s.values) for name, s in sorted(self.sections.items()) if name.startswith(layer)}
        return hashlib.sha1(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:12]


def load_settings(path: Path | str | None = None) -> Settings:
    """The bundled settings, with the values of the file at `path` (if any) in their place."""
    return _load(Path(path).resolve() if path is not None else None)


@lru_cache(maxsize=8)
def _load(path: Path | None) -> Settings:
    defaults = tomllib.loads(resources.files("rashomon").joinpath("data/settings.toml").read_text(encoding="utf-8"))
    values = {name: dict(section) for name, section in _sections(defaults)}
    if path is not None:
        for name, section in _sections(_read(path)):
            if name not in values:
                raise SettingsError(f"{path}: no section [{name}]; there are {', '.join(sorted(values))}")
            for key, value in section.items():
                _check(path, name, key, value, values[name])
                values[name][key] = float(value) if isinstance(values[name][key], float) else value
    return Settings({name: Section(name, section) for name, section in values.items()}, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such settings file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: cannot read it: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path}: not valid TOML: {err}") from None


def _sections(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """("link.claims", {...}) for each table of values, however the TOML nests the dotted names."""
    own = {k: v for k, v in data.items() if not isinstance(v, dict)}
    if own:
        yield prefix.rstrip("."), own
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _sections(value, f"{prefix}{key}.")


def _check(path: Path, section: str, key: str, value: Any, known: dict[str, Any]) -> None:
    if key not in known:
        raise SettingsError(f"{path}: [{section}] has no setting {key!r}; it has {', '.join(sorted(known))}")
    default = known[key]
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if not (isinstance(default, float) and numeric) and type(value) is not type(default):
        raise SettingsError(
            f"{path}: [{section}] {key} = {value!r}: expected {type(default).__name__} like the default {default!r}"
        )
    if numeric and value < 0 <= default:  # counts, windows, limits and similarities: a negative one means nothing
        raise SettingsError(f"{path}: [{section}] {key} = {value!r}: expected 0 or more, like the default {default!r}")
