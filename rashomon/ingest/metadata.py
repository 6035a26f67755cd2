"""Metadata helpers shared by every format: dates, author lists, language."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser
import py3langid

_DATEPARSER_SETTINGS = {
    # Only absolute dates: "2 hours ago" in a feed would otherwise resolve against today.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year", "month", "day"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def parse_date(value: object) -> date | None:
    """A calendar date from an ISO string, a datetime, a struct_time or free text; None if unsure."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "tm_year"):  # time.struct_time, as feedparser gives
        return date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if not re.search(r"\d", text):
        return None
    parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|&|\band\b)\s*")


def split_authors(value: object) -> list[str]:
    """Author names from a list, a "A, B and C" string, or dicts with a name."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("full_name") or ""
        for name in _AUTHOR_SPLIT.split(str(item)):
            name = re.sub(r"^(?i:by)\s+", "", name.strip())
            if name and name not in names:
                names.append(name)
    return names


@lru_cache(maxsize=1)
def _identifier() -> py3langid.langid.LanguageIdentifier:
    return py3langid.langid.LanguageIdentifier.from_model_file(py3langid.langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:5000]
    if len(re.findall(r"\w+", sample)) < 5:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None


# Below this many words the identifier takes English dense with names for a pidgin or a Nordic language
# ("Morvenian Foreign Minister Sofia Maelstad visited Velgrad": Nigerian Pidgin, 0.50).
SURELY_FOREIGN_WORDS = 40
SURELY_FOREIGN = 0.9  # the identifier's probability for the other language


def surely_not_in(text: str, language: str) -> bool:
    """Whether `text` is long enough, and the identifier sure enough, to say it is not in `language`: a
    document the model cannot read is left unannotated only then."""
    sample = text[:5000]
    if len(re.findall(r"\w+", sample)) < SURELY_FOREIGN_WORDS:
        return False
    lang, prob = _identifier().classify(sample)
    return lang != language and prob >= SURELY_FOREIGN
