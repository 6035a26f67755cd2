"""The bundled lexicon files in rashomon/annotate/data, read the one way every annotator reads them."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


def bundled_toml(name: str) -> dict[str, Any]:
    """The tables of the lexicon file `name`. What is annotated with it depends on its bytes: the
    annotator that reads it names it among its `data` files, which the annotation digest covers."""
    raw = resources.files("rashomon.annotate").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tomllib.loads(raw)
