"""The grammar of temporal expressions: ``data/temporal.toml``'s word lists and rules, compiled."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

# --------------------------------------------------------------------------- the grammar (data)

# Lists matched with their capital letter only, so that "may" (verb) or "sun" never become dates.
CASED_LISTS = {"month", "weekday"}
UNKNOWN = "X"  # an unknown count ("several days")
LOOKUP_FALLBACK = {"month": ("month_abbreviation",)}  # "Feb." is a month too


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    type: str
    regex: re.Pattern[str]
    priority: int = 0
    checks: dict[str, re.Pattern[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Prefix:
    name: str
    regex: re.Pattern[str]  # anchored at the end of the text before a candidate
    kinds: frozenset[str]


@dataclass(frozen=True)
class Scanner:
    """Every rule matched in one pass over a text, as if each ran `finditer` alone.

    Each rule scanned alone tests its boundary at every character of the text, and with dozens of rules
    that scan costs more than the matching: `anywhere` tests the boundary once per character and finds the
    places where some rule matches; at each such place `each` holds every rule's match in group
    `rule_groups[k]`, and rule k's named groups in `named[k]` (renamed apart in one pattern).
    """

    anywhere: re.Pattern[str]
    each: re.Pattern[str]
    rule_groups: tuple[int, ...]
    named: tuple[dict[str, int], ...]

    def matches(self, text: str) -> list[list[tuple[int, int, dict[str, str]]]]:
        """For each rule, its non-empty matches (start, end, named groups matched), in text order, none
        starting inside the one before (what `finditer` gives)."""
        found: list[list[tuple[int, int, dict[str, str]]]] = [[] for _ in self.rule_groups]
        free_from = [0] * len(self.rule_groups)  # where rule k may match next
        for place in self.anywhere.finditer(text):
            match = self.each.match(text, place.start())
            assert match is not None  # every part of `each` is optional
            for k, group in enumerate(self.rule_groups):
                start, end = match.span(group)
                if start < free_from[k] or end <= start:  # unmatched: (-1, -1)
                    continue
                free_from[k] = end
                named = {name: value for name, index in self.named[k].items() if (value := match.group(index))}
                found[k].append((start, end, named))
        return found


@dataclass(frozen=True)
class Grammar:
    words: dict[str, dict[str, Any]]  # word list name -> normalised word -> meaning
    rules: tuple[Rule, ...]
    scanner: Scanner
    prefixes: tuple[Prefix, ...]
    settings: dict[str, Any]
    tense: dict[str, Any]
    event_groups: dict[str, frozenset[str]]  # lemma -> the lemmas naming the same event

    def setting(self, name: str) -> re.Pattern[str]:
        return _compile_setting(self, name)

    def lookup(self, table: str, text: str | None) -> Any:
        """The meaning of `text` in a word list (case and spacing ignored), or None."""
        if not text:
            return None
        key = normal(text)
        for name in (table, *LOOKUP_FALLBACK.get(table, ())):
            words = self.words.get(name, {})
            found = words[key] if key in words else words.get(key.rstrip("."))
            if found is not None:
                return found
        return None


def normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


@functools.lru_cache(maxsize=64)
def _compile_setting_cached(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _compile_setting(grammar: Grammar, name: str) -> re.Pattern[str]:
    return _compile_setting_cached(expand(grammar.settings[name], grammar.words))


def _alternation(words: Iterable[str], cased: bool) -> str:
    """A regex alternation of `words`, longest first; cased lists match Capitalised or UPPER forms only."""
    forms: set[str] = set()
    for word in words:
        forms.update({word.title(), word.upper()} if cased else {word})
    body = _trie([form.split() for form in forms])
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _trie(forms: list[list[str]]) -> str:
    """The forms (words, each a list of parts) as a regex that shares their common beginnings: the regex
    engine tries alternatives one by one, and a flat list of 100 words costs 100 tries at every word.
    The forms a text can match at one place are prefixes of each other, and longer ones are tried first,
    so it matches what the flat list ordered longest first matches."""
    units = [[*"\n".join(form)] for form in forms]  # "\n": the space between parts, matched as \s+
    return _branches(units)


def _branches(units: list[list[str]]) -> str:
    ends_here = any(not u for u in units)
    heads: dict[str, list[list[str]]] = {}
    for unit in units:
        if unit:
            heads.setdefault(unit[0], []).append(unit[1:])
    branches = [(r"\s+" if head == "\n" else re.escape(head)) + _branches(rest) for head, rest in sorted(heads.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


def word_lists(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    skip = {"settings", "tense", "rule", "prefix", "event_synonyms"}
    return {name: {normal(k): v for k, v in table.items()} for name, table in data.items() if name not in skip}


def expand(pattern: str, words: dict[str, dict[str, Any]]) -> str:
    """Replace {list} with the alternation of a word list; other braces ({1,2}) are regex counts."""

    def replacement(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "month_name":
            return _alternation(words["month"], cased=True)
        if name == "month":
            full = _alternation(words["month"], cased=True)
            abbreviations = _alternation(words["month_abbreviation"], cased=True)
            return rf"(?:{full}|{abbreviations}\.?)"
        if name == "number":  # digits, a listed word, or a compound such as "twenty-five"
            listed = _alternation(words["number"], cased=False)
            tens = _alternation([w for w, n in words["number"].items() if n in range(20, 100, 10)], cased=False)
            ones = _alternation([w for w, n in words["number"].items() if n in range(1, 10) and w[0] != "a"], False)
            return rf"(?:\d+(?:\.\d+)?|{tens}[-\s]{ones}|{listed})"
        if name in words:
            return _alternation(words[name], cased=name in CASED_LISTS)
        return match.group(0)

    return re.sub(r"\{([a-z_]+)\}", replacement, pattern)


# A match starts and ends at a word boundary and never inside a decimal number or after a currency sign.
STARTS = r"(?<![\w$£€])(?<!\d[.,])"
ENDS = r"(?!\w)"
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")


def compile_rule(spec: dict[str, Any], words: dict[str, dict[str, Any]]) -> Rule:
    regex = re.compile(f"{STARTS}(?:{expand(spec['pattern'], words)}){ENDS}", re.IGNORECASE)
    checks = {}
    for name, anchor in (("before", "$"), ("not_before", "$"), ("after", "^"), ("not_after", "^")):
        if name in spec:
            pattern = expand(spec[name], words)
            pattern = f"(?:{pattern})$" if anchor == "$" else f"^(?:{pattern})"
            checks[name] = re.compile(pattern, re.IGNORECASE)
    if "not_text" in spec:
        checks["not_text"] = re.compile(expand(spec["not_text"], words), re.IGNORECASE)
    return Rule(spec["name"], spec["kind"], spec["type"], regex, int(spec.get("priority", 0)), checks)


def compile_scanner(rules: tuple[Rule, ...]) -> Scanner:
    """The rules' patterns in one: rule k's groups renamed `r{k}_…` (the patterns use no back-references)."""
    bodies = [rule.regex.pattern.removeprefix(STARTS) for rule in rules]
    unnamed = [NAMED_GROUP.sub("(?:", body) for body in bodies]
    renamed = [NAMED_GROUP.sub(lambda m, k=k: f"(?P<r{k}_{m.group(1)}>", body) for k, body in enumerate(bodies)]
    anywhere = re.compile(f"{STARTS}(?=" + "|".join(unnamed) + ")", re.IGNORECASE)
    each = re.compile(STARTS + "".join(f"(?=(?P<rule{k}>{body}))?" for k, body in enumerate(renamed)), re.IGNORECASE)
    named = tuple(
        {name.removeprefix(f"r{k}_"): index for name, index in each.groupindex.items() if name.startswith(f"r{k}_")}
        for k in range(len(rules))
    )
    return Scanner(anywhere, each, tuple(each.groupindex[f"rule{k}"] for k in range(len(rules))), named)


def parse_grammar(data: dict[str, Any]) -> Grammar:
    words = word_lists(data)
    rules = tuple(compile_rule(spec, words) for spec in data["rule"])
    prefixes = tuple(
        Prefix(
            spec["name"],
            re.compile(rf"(?<!\w)(?:{expand(spec['pattern'], words)})$", re.IGNORECASE),
            frozenset(spec["kinds"]),
        )
        for spec in data.get("prefix", [])
    )
    groups: dict[str, frozenset[str]] = {}
    for group in data.get("event_synonyms", {}).get("groups", []):
        members = frozenset(w.lower() for w in group)
        for word in members:
            groups[word] = members | groups.get(word, frozenset())
    return Grammar(words, rules, compile_scanner(rules), prefixes, data["settings"], data["tense"], groups)


@functools.cache
def load_grammar() -> Grammar:
    """The bundled grammar, read once per process."""
    text = resources.files("rashomon.annotate").joinpath("data/temporal.toml").read_text(encoding="utf-8")
    return parse_grammar(tomllib.loads(text))


def default_use_entities() -> bool:
    return bool(load_grammar().settings.get("use_entities", False))
