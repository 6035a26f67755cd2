"""Clean plain text that was copied from a web page: body apart from chrome, captions, bylines, comments.

No library does this for text already stripped of its HTML, so it is a chain of small passes over
paragraphs, each driven by the rules in `data/web_chrome.toml`:

    paragraphs → comment thread → chrome, captions, bylines, datelines → repeated captions
               → header (navigation, masthead, title, name line) → author biographies
               → on a copied page, the chrome-line model (chrome_lines.py): body lines, headline, byline
               → body

Nothing is dropped: every paragraph that leaves the body is kept as a `RemovedSpan` with its role.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from re import Pattern
from typing import Any

from rashomon.document import RemovedSpan
from rashomon.ingest.chrome_lines import ChromeLineModel, bundled_chrome_line_model
from rashomon.ingest.metadata import parse_date

BODY, TITLE = "body", "title"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_STATEMENT_END = re.compile(r"[.…][\"'”’»)\]]*$")  # headlines may ask or exclaim; prose states
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))  # zero-width: a line of them is blank
_CAPITALISED = re.compile(r"^[A-Z\u00C0-\u024F\u0400-\u042F][\w.’'-]*$")


def _compile(patterns: list[str]) -> list[Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


@dataclass
class ChromeRules:
    """The cleaning rules, loaded from the bundled data file plus any user file."""

    raw: dict[str, Any]
    boilerplate: list[Pattern[str]] = field(init=False)
    list_headers: list[Pattern[str]] = field(init=False)
    comment_start: list[Pattern[str]] = field(init=False)
    captions: list[Pattern[str]] = field(init=False)
    datelines: list[Pattern[str]] = field(init=False)
    furniture: list[Pattern[str]] = field(init=False)
    byline_prefix: Pattern[str] = field(init=False)
    byline_anywhere: Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        r = self.raw
        self.boilerplate = _compile(r["boilerplate"]["lines"])
        self.list_headers = _compile(r["boilerplate"]["list_headers"])
        self.comment_start = _compile(r["comments"]["start"])
        self.captions = _compile(r["caption"]["lines"])
        self.datelines = _compile(r["dateline"]["lines"])
        self.furniture = _compile(r["header"]["furniture"])
        prefixes = sorted(r["byline"]["prefixes"], key=len, reverse=True)
        self.byline_prefix = re.compile(
            r"(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s+(?P<rest>.+)", re.IGNORECASE
        )
        near = sorted(r["byline"]["near_headline_prefixes"], key=len, reverse=True)
        self.byline_anywhere = re.compile(
            r"(?:^|(?<=\s))(?:" + "|".join(re.escape(p) for p in near) + r")\s*(?P<rest>\S.*)", re.IGNORECASE
        )
        if not isinstance(r["line_model"]["use"], bool):
            raise TypeError("[line_model] use must be true or false")

    @cached_property
    def line_model(self) -> ChromeLineModel | None:
        """The bundled chrome-line model, loaded on first use; None when the rules turn it off."""
        return bundled_chrome_line_model() if self.raw["line_model"]["use"] else None

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    @classmethod
    def load(cls, extra: Path | None = None) -> ChromeRules:
        bundled = resources.files("rashomon.ingest").joinpath("data/web_chrome.toml").read_text("utf-8")
        raw = tomllib.loads(bundled)
        if extra is not None:
            try:
                user = tomllib.loads(Path(extra).read_text("utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
                raise ValueError(f"{extra}: cannot read cleaning rules: {err}") from None
            try:
                _merge(raw, user)
            except TypeError as err:
                raise ValueError(f"{extra}: invalid cleaning rules: {err}") from None
        try:
            return cls(raw)
        except (KeyError, TypeError, AttributeError, re.error) as err:
            where = f"{extra}: " if extra is not None else ""
            raise ValueError(f"{where}invalid cleaning rules: {err}") from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Lists in `extra` extend those in `base`; scalars replace them; a value of another shape than the
    bundled one (a word where a list belongs) is a `TypeError`, not a list read letter by letter."""
    for key, value in extra.items():
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            _merge(base[key], value)
        elif isinstance(base.get(key), list) and isinstance(value, list):
            base[key] = base[key] + [v for v in value if v not in base[key]]
        elif key in base and _shape(base[key]) != _shape(value):
            raise TypeError(f"{key} must be a {_shape(base[key])}, not {value!r}")
        else:
            base[key] = value


def _shape(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else type(value).__name__


@dataclass
class CleanText:
    body: str
    removed: list[RemovedSpan]
    title: str | None
    authors: list[str]
    published: date | None


def clean_web_text(
    text: str,
    rules: ChromeRules,
    outlet: str | None = None,
    known_title: str | None = None,
    line_model: ChromeLineModel | None = None,
) -> CleanText:
    """Separate the article in `text` from what the web page put around it.

    `known_title` is the headline when the source already gave it (HTML metadata, an export's
    field): then only a line repeating it is taken out, and no other line is guessed to be one.
    `line_model` judges the lines the rules leave in the body (a browser copy of a page; an
    extractor's output from HTML needs no second judgement).
    """
    paras = split_paragraphs(text)
    found = _Found()
    roles = rule_roles(paras, rules, outlet, known_title, found)
    if line_model is not None and line_model.copied_page(paras):
        _mark_copied_page(paras, roles, line_model, rules, found, headline=known_title is None)
    body = [p for p, role in zip(paras, roles, strict=True) if role == BODY]
    title = found.title if known_title is not None else found.title or _lead_title(body)
    return CleanText(
        body="\n\n".join(body),
        removed=_removed_spans(paras, roles),
        title=title,
        authors=found.authors,
        published=found.published or found.updated,
    )


def _mark_copied_page(
    paras: list[str], roles: list[str], model: ChromeLineModel, rules: ChromeRules, found: _Found, headline: bool
) -> None:
    """The model's judgement on a copied page: body lines the rules kept that are chrome, then the
    headline among the lines around the body's start, which replaces the rules' guess."""
    candidates = [role == BODY for role in roles]
    body = model.body_lines(paras, candidates)
    for i, (candidate, keep) in enumerate(zip(candidates, body, strict=True)):
        if candidate and not keep:
            roles[i] = "boilerplate"
    if not headline or (chosen := model.headline(paras, body, roles, rules.byline_prefix)) is None:
        return
    for i, role in enumerate(roles):
        if role == TITLE:
            roles[i] = "boilerplate"
    roles[chosen] = TITLE
    found.title = paras[chosen]
    if not found.authors:
        _mark_byline_near(paras, roles, chosen, rules, found)


def _mark_byline_near(paras: list[str], roles: list[str], headline: int, rules: ChromeRules, found: _Found) -> None:
    """The author line around a copied page's headline: the nearest line with a name after a byline word,
    else the nearest that starts with a name set off by a date, a pipe or a role."""
    cfg = rules["byline"]
    window = range(
        max(0, headline - cfg["near_headline_before"]), min(len(paras), headline + cfg["near_headline_after"] + 1)
    )
    by_distance = sorted(
        (i for i in window if i != headline and _words(paras[i]) <= cfg["max_words"]),
        key=lambda i: abs(i - headline),
    )
    for finder in (_names_after_byline_word, _leading_name):
        for i in by_distance:
            if names := finder(paras[i], rules):
                found.add_authors(names)
                if roles[i] == BODY:
                    roles[i] = "byline"
                return


_NAME_STOP = re.compile(r"\s*(?:[|·•,;(]|\s[–—-]\s|\s(?:on|am|le|el|il|op|den|the)\s|\d)")


def _names_after_byline_word(p: str, rules: ChromeRules) -> list[str]:
    m = rules.byline_anywhere.search(p)
    if not m:
        return []
    candidate = _NAME_STOP.split(m["rest"], maxsplit=1)[0].strip(" .:")
    names = re.split(r"\s+(?:and|und|et|y|e|en|og|&)\s+", candidate)
    if all(_is_person_name(name, rules) for name in names):
        return [name.title() if name.isupper() else name for name in names]
    # A one-word handle ("von gizzmo") when nothing follows it but a date or a separator.
    return [candidate] if re.fullmatch(r"[\w.-]{3,30}", candidate) else []


def _leading_name(p: str, rules: ChromeRules) -> list[str]:
    candidate = _NAME_STOP.split(p, maxsplit=1)[0].strip(" .:")
    if not _is_person_name(candidate, rules):
        return []
    return [candidate.title() if candidate.isupper() else candidate]


def rule_roles(
    paras: list[str],
    rules: ChromeRules,
    outlet: str | None = None,
    known_title: str | None = None,
    found: _Found | None = None,
) -> list[str]:
    """Each paragraph's role by the rules alone: body, title, boilerplate, caption, byline or comments."""
    roles = [BODY] * len(paras)
    found = found if found is not None else _Found()
    _mark_comments(paras, roles, rules)
    _mark_chrome_lines(paras, roles, rules, found, outlet)
    _mark_repeated_captions(paras, roles, rules)
    if known_title is None:
        _mark_header(paras, roles, rules, found, outlet)
    else:
        _mark_known_title(paras, roles, known_title, found)
    _mark_bios(paras, roles, rules, found)
    return roles


@dataclass
class _Found:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    updated: date | None = None

    def add_authors(self, names: list[str]) -> None:
        self.authors.extend(n for n in names if n not in self.authors)


def split_paragraphs(text: str) -> list[str]:
    """One entry per paragraph; hard-wrapped lines (next line starts lower-case) are joined.

    A menu laid out with runs of spaces ("Home   World   Sport") keeps its segments apart as
    "Home | World | Sport", since collapsing the spaces would make it read like a phrase.
    """
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current = ""
        for raw in block.split("\n"):
            line = _menu_segments(raw) or " ".join(raw.translate(_INVISIBLE).split())
            if not line:
                continue
            if current and not _SENTENCE_END.search(current) and line[:1].islower():
                current += " " + line
            else:
                if current:
                    paras.append(current)
                current = line
        if current:
            paras.append(current)
    return paras


def _menu_segments(raw: str) -> str | None:
    segments = [seg for seg in re.split(r"\s{2,}|\t", raw.strip()) if seg]
    if len(segments) >= 3 and all(len(seg.split()) <= 3 for seg in segments) and not _SENTENCE_END.search(raw.strip()):
        return " | ".join(" ".join(seg.split()) for seg in segments)
    return None


def _words(s: str) -> int:
    return len(s.split())


def _reads_as_paragraph(p: str) -> bool:
    """Prose, as opposed to a headline, a menu item or a caption fragment."""
    n = _words(p)
    return n > 25 or (n >= 10 and bool(_STATEMENT_END.search(p)))


def _mark_comments(paras: list[str], roles: list[str], rules: ChromeRules) -> None:
    needed = rules["comments"]["min_body_words_before"]
    seen = 0
    for i, p in enumerate(paras):
        if seen >= needed and _words(p) <= rules["max_chrome_words"] and _any_match(rules.comment_start, p):
            for j in range(i, len(paras)):
                roles[j] = "comments"
            return
        if _reads_as_paragraph(p):
            seen += _words(p)


def _mark_chrome_lines(
    paras: list[str], roles: list[str], rules: ChromeRules, found: _Found, outlet: str | None
) -> None:
    in_link_list = False
    for i, p in enumerate(paras):
        if roles[i] != BODY:
            continue
        short = _words(p) <= rules["max_chrome_words"]
        if in_link_list and _words(p) <= rules["list_item_max_words"] and not _STATEMENT_END.search(p):
            roles[i] = "boilerplate"
            continue
        in_link_list = False
        if short and _any_match(rules.list_headers, p):
            roles[i] = "boilerplate"
            in_link_list = True
        elif short and _any_match(rules.boilerplate, p):
            roles[i] = "boilerplate"
        elif _words(p) <= rules["caption"]["max_words"] and (_any_match(rules.captions, p) or _house_credit(p, outlet)):
            roles[i] = "caption"
        elif short and _dateline(p, rules, found):
            roles[i] = "byline"
        elif _words(p) <= rules["byline"]["max_words"] and (names := _byline_names(p, rules)):
            roles[i] = "byline"
            found.add_authors(names)


def _house_credit(p: str, outlet: str | None) -> bool:
    """A caption credited to the outlet itself: "… after the signing (VoV)" for Voice of Valdoria."""
    m = re.search(r"\(([^()]{2,60})\)\.?$", p)
    if not m or not outlet or _STATEMENT_END.search(p[: m.start()].strip()):
        return False
    credit = m.group(1).strip().casefold()
    words = outlet.split()
    initials = {"".join(w[0] for w in words), "".join(w[0] for w in words if w[:1].isupper())}
    return credit in {outlet.casefold()} | {i.casefold() for i in initials} or credit.startswith(
        f"{outlet.casefold()}/"
    )


def _mark_repeated_captions(paras: list[str], roles: list[str], rules: ChromeRules) -> None:
    """A lead image's caption shows up two or three times; a block of repeated lines is content (a table)."""
    cap = rules["caption"]
    counts = Counter(p for p, role in zip(paras, roles, strict=True) if role == BODY)

    def other_repeated(j: int, p: str) -> bool:
        return 0 <= j < len(paras) and paras[j] != p and counts[paras[j]] > 1

    for i, p in enumerate(paras):
        if (
            roles[i] == BODY
            and 2 <= counts[p] <= cap["max_repeats"]
            and cap["min_repeat_words"] <= _words(p) <= cap["max_words"]
            and not other_repeated(i - 1, p)
            and not other_repeated(i + 1, p)
        ):
            roles[i] = "caption"


def _mark_header(paras: list[str], roles: list[str], rules: ChromeRules, found: _Found, outlet: str | None) -> None:
    """Lines above the first paragraph of prose: site header, section kicker, the headline, an author line.

    A line that only might be site furniture (an all-caps site name, a tagline, a kicker) is dropped
    only when a better headline candidate follows it, so a page whose headline is the first line
    never loses it.
    """
    header = []
    for i, p in enumerate(paras):
        if roles[i] != BODY:
            continue
        if _reads_as_paragraph(p):
            break
        header.append(i)
    first = header[0] if header else -1
    after_site_name = False
    for pos, i in enumerate(header):
        p = paras[i]
        if found.title is None:
            later = [paras[j] for j in header[pos + 1 :] if roles[j] == BODY]
            headline_follows = any(_could_be_headline(q, rules, outlet) for q in later)
            site_name = _is_masthead(p, outlet) or (i == first and _is_kicker(p, 6) and headline_follows)
            if site_name or _is_navigation(p, rules):
                roles[i] = "boilerplate"
                after_site_name = after_site_name or site_name
            elif headline_follows and (after_site_name or _is_kicker(p, 3) or _any_match(rules.furniture, p)):
                roles[i] = "boilerplate"  # the site's tagline, a section kicker ("ANALYSIS"), a news ticker
                after_site_name = False
            else:
                found.title = p
                roles[i] = TITLE
        elif _is_person_name(p, rules) and _next_body_is_bio(paras, roles, i, rules, p):
            roles[i] = "byline"
            found.add_authors([p])


def _could_be_headline(p: str, rules: ChromeRules, outlet: str | None) -> bool:
    return not (
        _is_navigation(p, rules)
        or _is_masthead(p, outlet)
        or _is_kicker(p, 3)
        or _is_person_name(p, rules)
        or _any_match(rules.furniture, p)
        or _bio_name(p, rules) is not None
    )


def _is_kicker(p: str, max_words: int) -> bool:
    """A short all-capitals line: a site name or a section label, or a shouted headline."""
    return _words(p) <= max_words and p.isupper()


def _first_body(roles: list[str]) -> int:
    return next((i for i, role in enumerate(roles) if role == BODY), -1)


def _mark_known_title(paras: list[str], roles: list[str], title: str, found: _Found) -> None:
    found.title = title or None
    wanted = " ".join(title.split()).casefold()
    for i, p in enumerate(paras):
        if roles[i] == BODY and wanted and p.casefold() == wanted:
            roles[i] = TITLE
            return


def _next_body_is_bio(paras: list[str], roles: list[str], i: int, rules: ChromeRules, name: str) -> bool:
    nxt = next((j for j in range(i + 1, len(paras)) if roles[j] == BODY), None)
    return nxt is not None and _bio_name(paras[nxt], rules) == name


def _mark_bios(paras: list[str], roles: list[str], rules: ChromeRules, found: _Found) -> None:
    """Author biographies and sign-offs: right below an author line at the top, or closing the story."""
    body = [i for i, role in enumerate(roles) if role == BODY]
    closing = body[-3:]
    first_after_author = next((i for i in body if i > 0 and roles[i - 1] == "byline"), None)
    candidates = set(closing) | ({first_after_author} if first_after_author is not None else set())
    for i in sorted(candidates):
        name = _bio_name(paras[i], rules) or (_signoff_name(paras[i], rules) if i in closing else None)
        if name and (not found.authors or name in found.authors or i in closing):
            roles[i] = "byline"
            if not found.authors:
                found.add_authors([name])


def _signoff_name(p: str, rules: ChromeRules) -> str | None:
    """ "Anton Berisk, VoV News, Velgrad": a name, then the outlet or a place, closing a wire story."""
    parts = [part.strip() for part in p.split(",")]
    if not (2 <= len(parts) <= 3 and _words(p) <= 10 and not _SENTENCE_END.search(p)):
        return None
    names_a_place = all(_CAPITALISED.match(word) for part in parts[1:] for word in part.split())
    if names_a_place and _is_person_name(parts[0], rules) and not rules.byline_prefix.match(parts[0]):
        return parts[0]
    return None


def _bio_name(p: str, rules: ChromeRules) -> str | None:
    bio = rules["bio"]
    if _words(p) > bio["max_words"]:
        return None
    verbs = "|".join(re.escape(v) for v in bio["verbs"])
    m = re.match(rf"(?P<name>.+?) (?:{verbs}) ", p)
    if not m or not _is_person_name(m["name"], rules):
        return None
    lowered = p.lower()
    return m["name"] if any(w in lowered for w in bio["words"]) else None


def _dateline(p: str, rules: ChromeRules, found: _Found) -> bool:
    for pattern in rules.datelines:
        m = pattern.fullmatch(p)
        if not m:
            continue
        when = parse_date(m["date"])
        if when is None:
            continue
        if m["kind"].lower().endswith(("updated", "modified")):
            found.updated = found.updated or when
        else:
            found.published = found.published or when
        return True
    return False


def _byline_names(p: str, rules: ChromeRules) -> list[str]:
    m = rules.byline_prefix.fullmatch(p)
    if not m:
        return []
    # A role or the outlet may follow the names after a pipe, a dash or a comma.
    rest = re.split(r"\s+[|–—-]\s+|\s*\|\s*", m["rest"])[0]
    names = []
    for part in re.split(r"\s*,\s*|\s+(?:and|&)\s+", rest.strip(" .")):
        if _is_person_name(part, rules):
            names.append(part.title() if part.isupper() else part)  # "DELLA FRAYNE" → "Della Frayne"
        else:
            break  # "Jane Doe, Diplomatic Editor": the role ends the list of names
    return names


def _is_person_name(s: str, rules: ChromeRules) -> bool:
    tokens = s.split()
    if not 2 <= len(tokens) <= 5:
        return False
    particles = set(rules["byline"]["name_particles"])
    roles = set(rules["byline"]["role_words"])
    capitalised = 0
    for token in tokens:
        if token.lower() in roles:
            return False
        if _CAPITALISED.match(token):
            capitalised += 1
        elif token.lower() not in particles:
            return False
    return capitalised >= 2


def _is_navigation(p: str, rules: ChromeRules) -> bool:
    nav = rules["navigation"]
    pattern = "|".join(re.escape(s) for s in nav["separators"])
    segments = [s.strip() for s in re.split(pattern, p) if s.strip()]
    return len(segments) >= 2 and all(_words(s) <= nav["max_segment_words"] for s in segments)


def _is_masthead(p: str, outlet: str | None) -> bool:
    """The outlet's own name at the top, alone or with a short tag ("Outlet – Exclusive")."""
    if not outlet:
        return False
    name, line = outlet.lower().strip(), p.lower().strip()
    if not line.startswith(name):
        return False
    rest = line[len(name) :].strip(" -–—|:·•")
    return _words(rest) <= 3


def _lead_title(body: list[str]) -> str | None:
    """No headline line: the lead sentence's first clause stands in, as a reader would cite it."""
    if not body:
        return None
    sentence = re.split(r"(?<=[.!?])\s+", body[0])[0]
    clause = re.split(r",\s|;\s|:\s|\s[–—-]\s", sentence)[0]
    chosen = clause if _words(clause) >= 4 else sentence
    words = chosen.split()
    return " ".join(words[:20]).rstrip(".")


def _removed_spans(paras: list[str], roles: list[str]) -> list[RemovedSpan]:
    spans: list[RemovedSpan] = []
    comments = [p for p, role in zip(paras, roles, strict=True) if role == "comments"]
    for p, role in zip(paras, roles, strict=True):
        if role not in (BODY, TITLE, "comments"):
            spans.append(RemovedSpan(role, p))
    if comments:
        spans.append(RemovedSpan("comments", "\n".join(comments)))
    return spans


def _any_match(patterns: list[Pattern[str]], p: str) -> bool:
    return any(pattern.fullmatch(p) for pattern in patterns)
