"""The bundled lexicon files in rashomon/annotate/data, read the one way every annotator reads them."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from typing import Any


def bundled_toml(name: str) -> tuple[dict[str, Any], str]:
    """The tables of the lexicon file `name`, and a digest of its bytes: what is annotated with it
    depends on them."""
    raw = resources.files("rashomon.annotate").joinpath(f"data/{name}").read_bytes()
    return tomllib.loads(raw.decode("utf-8")), hashlib.sha1(raw).hexdigest()[:12]
