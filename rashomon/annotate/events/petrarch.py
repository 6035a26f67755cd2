"""Import PETRARCH-2's CAMEO verb-pattern dictionary into Rashomon's event lexicon (TOML).

The CAMEO verb dictionary (CAMEO.2.0.verbs.txt, MIT licence, Open Event Data Alliance) is the field's
standard list of which verbs, in which constructions, report which kind of event. Converting it once,
through the CAMEO → PLOVER table (CAMEO2PLOVER-2021.txt), gives a file for `rashomon analyze --events`.

The format, as the file uses it (comments start with `#`, or the legacy `;`):

    &CURRENCY                       a synonym set, its words on the lines after it ("_" joins a phrase)
    +DOLLAR
    ---  ACCELERATE   [---]  ---    a verb block: a label and the code of its bare verbs ([---]: none)
    SPEED {SPEEDING SPEEDS SPED }   a verb in its base form (the lemma), its irregular forms in braces
    ASK     [020]                   a verb with a code of its own
    +ASK_FOR {+ASKED_FOR} [020]     a multi-word verb: the verb, then a particle, preposition or noun
                                    (its own entry only: patterns go to the single-word verbs)
    - * &FOOD            [073]      a pattern, for every verb of the block: `*` is the verb, words are
    - * (TO +)           [042:043]  literal, (PREP …) a prepositional phrase, {A B} a noun phrase (head
    - $ * ATTACK (ON +)  [112]      last), `$` the source, `+` the target, `%` both, `^` any noun phrase

A code `[A:B]` codes A for source → target and B for the reverse (`[A:A]`: both act, `symmetric`);
`[:B]` codes only the reverse. CAMEO codes map to PLOVER through the table: the code's own line, else
its longest listed prefix; 02x (appeals) has no line and is REQUEST; 01x (public statements) has no
PLOVER type and 00x/`---` no event: both are dropped.

What the lexicon can express becomes an entry: a bare verb the verb's general entry; a literal word or
a synonym set after the verb `object` (as lemmas), a particle `particle`, `(TO +)` or TABARI's bare
`TO +` `prep` with `target = ["prep:to"]`, `(FROM $)` `source = ["prep:from"]`, `(AGAINST)` a `prep`
condition. A pattern that names the object but not the target looks for the recipient in the object's
phrase, then after the usual prepositions (OBJECT_TARGETS); one that places the source but not the
target makes the subject the recipient. Everything else is counted, by reason, and left out: words
before the verb (conditions on the subject), words inside a prepositional phrase, modifiers on the
object noun, more than one object word or prepositional condition. Entries for one verb with one
condition but different types compete (the type most lines give wins, a tie keeps none); entries that
differ only by lemma are written as one `lemmas = [...]` entry.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rashomon.annotate.events.lexicon import PLOVER_TYPES

# (words, "verb" | "noun") → {word: lemma}; a noun's lemma is "" when the word is no noun ("bitterly", "and")
Lemmatizer = Callable[[Iterable[str], str], dict[str, str]]

# Words that, right after the verb and outside parentheses, are a particle ("call off", "put up").
PARTICLES = frozenset({"up", "down", "out", "off", "away", "back", "forward", "aside", "apart", "together"})
PREPOSITIONS = frozenset({
    "about", "across", "after", "against", "along", "amid", "among", "around", "as", "at", "before", "behind",
    "between", "beyond", "by", "despite", "during", "for", "from", "in", "inside", "into", "near", "of", "on",
    "onto", "outside", "over", "since", "than", "through", "throughout", "to", "toward", "towards", "under",
    "until", "upon", "via", "with", "within", "without",
})  # fmt: skip
MARKERS = frozenset({"+", "$", "%", "^"})
# Where the recipient is when a pattern names the object but not the target: the object's own phrase
# ("condemned the attack on X"), else the usual prepositions ("sent aid to X", "imposed sanctions on X").
OBJECT_TARGETS = ("object", "prep:to", "prep:on", "prep:against", "prep:with", "prep:into")
# Penn tags of words that are never an object noun: conjunctions, determiners, pronouns, numbers …
FUNCTION_TAGS = frozenset({"CC", "CD", "DT", "EX", "IN", "MD", "PDT", "PRP", "PRP$", "RP", "TO", "UH", "WDT", "WP",
                           "WRB"})  # fmt: skip

# Why a pattern (or a verb's own entry) was left out; the header of the written file counts each.
BEFORE_VERB = "words or actors before the verb (conditions on the subject)"
PREP_WORDS = "words inside a prepositional phrase"
MODIFIERS = "an object noun phrase with modifiers"
PHRASE = "a multi-word object"
SEVERAL_OBJECTS = "more than one object word"
SEVERAL_PREPS = "more than one prepositional condition"
WORD_ORDER = "a word order the lexicon cannot express"
BOTH_SIDES = "an actor on both sides (%)"
UNDEFINED_SET = "an undefined synonym set"
NOT_NOUN = "an adverb or function word where the object noun stands"
REVERSE_ONLY = "a code for the reverse direction only ([:NNN])"
STATEMENT = "CAMEO 01x public statement (no PLOVER type)"
NO_EVENT = "no event code ([---], 00x)"
UNKNOWN_CODE = "a CAMEO code the CAMEO2PLOVER table lacks"
UNREADABLE = "unreadable line"
CONFLICT = "another code for the same verb and construction"
NO_VERBS = "a block with no single-word verb"
HYPHENATED = "a hyphenated verb (the parse splits it: re-open → re, -, open)"
AUXILIARY = "an auxiliary verb (be, have, do)"
AUXILIARIES = frozenset(
    {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must"}
)

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_VERB = re.compile(r"^(\+?)([A-Z][A-Z_'\-]*)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?\s*$")
_CODE = re.compile(r"^(\d{2,4}|---)?(?::(\d{2,4}|---)?)?$")
_TABLE_LINE = re.compile(r"^(\d{2,4})\s*:\s*([A-Z]+)\s*(?:,([^,#]*))?")
_TOKEN = re.compile(r"[(){}]|[^\s(){}]+")


class PetrarchError(Exception):
    """A dictionary or table that cannot be imported; the message is one line naming the file."""


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: the lemmas it serves and the construction they share."""

    lemmas: tuple[str, ...]
    type: str
    mode: str | None = None
    particle: str | None = None
    prep: str | None = None
    objects: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # empty: the lexicon's default (the direct object)
    sources: tuple[str, ...] = ()  # empty: the subject
    symmetric: bool = False

    @property
    def condition(self) -> tuple:
        """What decides whether the entry matches a verb: two entries with one condition compete."""
        return (self.lemmas, self.particle, self.prep, self.objects)

    def to_toml(self) -> str:
        lines = ["[[verb]]"]
        if len(self.lemmas) == 1:
            lines.append(f"lemma = {_string(self.lemmas[0])}")
        else:
            lines.append(f"lemmas = {_strings(self.lemmas)}")
        lines.append(f"type = {_string(self.type)}")
        for key, value in (("mode", self.mode), ("particle", self.particle), ("prep", self.prep)):
            if value:
                lines.append(f"{key} = {_string(value)}")
        for key, values in (("object", self.objects), ("target", self.targets), ("source", self.sources)):
            if values:
                lines.append(f"{key} = {_strings(values)}")
        if self.symmetric:
            lines.append("symmetric = true")
        return "\n".join(lines) + "\n"


@dataclass
class PetrarchLexicon:
    """The converted dictionary and the account of what it read and left out."""

    verbs_file: str
    plover_file: str
    entries: list[Entry] = field(default_factory=list)
    verbs: int = 0  # verb lines read (single- and multi-word)
    lemmas: int = 0  # distinct lemmas with at least one entry
    patterns: int = 0  # pattern lines read
    converted: int = 0  # pattern lines behind at least one written entry
    general: int = 0  # verb lines whose bare verb became an entry
    skipped: Counter[str] = field(default_factory=Counter)  # pattern lines left out, by reason
    verbs_skipped: Counter[str] = field(default_factory=Counter)  # verb lines without an entry, by reason
    licence: list[str] = field(default_factory=list)  # the licence notice of the dictionary's header

    def header(self) -> str:
        licence = "MIT" if any("MIT License" in line for line in self.licence) else "not stated in its header"
        lines = [
            f"# Rashomon event lexicon imported from {self.verbs_file}, a PETRARCH-2 CAMEO verb-pattern dictionary",
            f"# (licence: {licence}), its CAMEO codes mapped to PLOVER through {self.plover_file}, by",
            "# `rashomon lexicon import-petrarch`. Use it with `rashomon analyze … --events FILE`. It supplements",
            "# the bundled lexicon (`supplement = true` below): its entries serve only verbs that lexicon lacks.",
            "#",
            *(f"# {line}".rstrip() for line in self.licence),
            *(["#"] if self.licence else []),
            f"# {len(self.entries)} entries for {self.lemmas} lemmas: {self.general} of {self.verbs} verbs coded "
            f"as bare verbs, {self.converted} of {self.patterns} patterns converted, "
            f"{sum(self.skipped.values())} skipped.",
        ]
        if self.skipped:
            lines.append("# Patterns skipped, by reason:")
            lines += [f"#   {n:5d}  {reason}" for reason, n in sorted(self.skipped.items(), key=_by_count)]
        if self.verbs_skipped:
            lines.append("# Verbs without an entry of their own, by reason:")
            lines += [f"#   {n:5d}  {reason}" for reason, n in sorted(self.verbs_skipped.items(), key=_by_count)]
        return "\n".join(lines) + "\n"

    def to_toml(self) -> str:
        return self.header() + "\nsupplement = true\n" + "".join("\n" + entry.to_toml() for entry in self.entries)


# ---------------------------------------------------------------------------------------------- public


def import_petrarch(
    verbs_file: Path, cameo2plover_file: Path | None = None, lemmatize: Lemmatizer | None = None
) -> PetrarchLexicon:
    """Convert a PETRARCH verb dictionary through a CAMEO2PLOVER table into lexicon entries.

    Without a table, the one `default_plover_file` finds beside the dictionary. `lemmatize` maps words to
    the lemmas the parse gives them; by default spaCy's lemmatizer on the model `rashomon.annotate.nlp`
    loads, each word tagged in a short carrier sentence.
    """
    text = _read_text(Path(verbs_file))
    if not re.search(_BLOCK.pattern, text, re.MULTILINE):
        raise PetrarchError(f"{verbs_file}: not a PETRARCH verb dictionary: no '---  NAME  [CODE]  ---' verb block")
    if cameo2plover_file is None:
        cameo2plover_file = default_plover_file(verbs_file)
        if cameo2plover_file is None:
            folder = Path(verbs_file).resolve().parent.parent / "plover"
            raise PetrarchError(f"{verbs_file}: no CAMEO2PLOVER table beside it ({folder}/CAMEO2PLOVER*.txt): name one")
    table = read_cameo2plover(cameo2plover_file)
    synsets, blocks, bad_lines = _read_dictionary(text)
    result = PetrarchLexicon(verbs_file=Path(verbs_file).name, plover_file=Path(cameo2plover_file).name)
    result.licence = _licence(text)
    result.skipped[UNREADABLE] += bad_lines.patterns
    result.verbs_skipped[UNREADABLE] += bad_lines.verbs
    lemmatize = lemmatize or spacy_lemmatizer()
    verb_words = {w for block in blocks for verb in block.verbs for w in verb.words[:1]}
    verb_lemmas = lemmatize(sorted(verb_words), "verb")
    noun_words = {w for words in synsets.values() for w in words} | {
        t.lower() for block in blocks for line in (*block.patterns, *block.verbs) for t in line.words_after()
    }
    noun_lemmas = lemmatize(sorted(w for w in noun_words if w.isalpha()), "noun")
    converter = _Converter(table, synsets, verb_lemmas, noun_lemmas)
    candidates: list[tuple[Entry, int]] = []  # (entry for one lemma, its source: pattern number or -verb number)
    for block in blocks:
        candidates += converter.block(block, result)
    _resolve(candidates, result)
    result.skipped, result.verbs_skipped = +result.skipped, +result.verbs_skipped  # no reason counted 0 times
    return result


def write_lexicon(lexicon: PetrarchLexicon, out: Path) -> int:
    """Write the entries as TOML (what `rashomon analyze --events` reads); returns how many."""
    out = Path(out)
    text = lexicon.to_toml()
    tomllib.loads(text)  # a file the lexicon cannot read must never be written
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(lexicon.entries)


def default_plover_file(verbs_file: Path) -> Path | None:
    """The CAMEO2PLOVER table in the `plover/` folder beside the dictionary's folder, if there is one."""
    folder = Path(verbs_file).resolve().parent.parent / "plover"
    found = sorted(folder.glob("CAMEO2PLOVER*.txt")) if folder.is_dir() else []
    return found[-1] if found else None


def read_cameo2plover(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER type, mode or None), from lines like `0841: RETREAT, release, legal # …`."""
    text = _read_text(Path(path))
    table: dict[str, tuple[str, str | None]] = {}
    for line in text.splitlines():
        match = _TABLE_LINE.match(line.strip())
        if match and match.group(2) in PLOVER_TYPES:
            mode = (match.group(3) or "").strip()
            table.setdefault(match.group(1), (match.group(2), mode or None))
    if len(table) < 5:
        raise PetrarchError(f"{path}: not a CAMEO2PLOVER table: no 'CODE: PLOVER_TYPE, mode, context' lines")
    return table


def plover_for(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | str:
    """The (type, mode) a CAMEO code maps to, or the reason it maps to none."""
    if not code or code == "---" or code.startswith("00"):
        return NO_EVENT
    if code.startswith("01"):
        return STATEMENT
    for end in range(len(code), 1, -1):
        if code[:end] in table:
            return table[code[:end]]
    if code.startswith("02"):  # appeals: CAMEO2PLOVER leaves them out, PLOVER folds them into REQUEST
        return ("REQUEST", None)
    return UNKNOWN_CODE


def spacy_lemmatizer(model: str | None = None) -> Lemmatizer:
    """Lemmas as the parse will give them: each word tagged in a carrier sentence by the spaCy model."""

    def lemmatize(words: Iterable[str], pos: str) -> dict[str, str]:
        from rashomon.annotate.nlp import load_model

        nlp = load_model(model)
        words = sorted({w.lower() for w in words})
        carrier, index, tag = ("They {} them.", 1, "VB") if pos == "verb" else ("They discussed the {}.", 3, "NN")
        disable = [name for name in ("parser", "ner") if name in nlp.pipe_names]
        lemmas, nouns = {}, set()
        for word, doc in zip(words, nlp.pipe((carrier.format(w) for w in words), disable=disable), strict=True):
            token = doc[index] if len(doc) > index else None
            good = token is not None and token.lower_ == word and token.tag_.startswith(tag) and token.lemma_
            lemmas[word] = token.lemma_.lower() if good else word
            nouns |= {word} if good else set()
        if pos == "noun":  # "They spoke bitterly.": an adverb or a function word is no object noun
            for word, doc in zip(words, nlp.pipe((f"They spoke {w}." for w in words), disable=disable), strict=True):
                as_adverb = doc[2].tag_ if len(doc) > 2 and doc[2].lower_ == word else "NN"
                if as_adverb in FUNCTION_TAGS or (
                    as_adverb.startswith("RB") and (word not in nouns or word.endswith("ly"))
                ):
                    lemmas[word] = ""
        return lemmas

    return lemmatize


# --------------------------------------------------------------------------------------------- reading


@dataclass
class _Line:
    """A verb line or pattern line, split into tokens around its `*` (the verb)."""

    number: int
    before: list[str]
    after: list[str]
    code: str
    words: tuple[str, ...] = ()  # verb lines: the verb's words ("ask", "for")

    def words_after(self) -> list[str]:
        return [t for t in self.after if t not in MARKERS and t not in ("(", ")", "{", "}") and not t.startswith("&")]


@dataclass
class _Block:
    label: str
    code: str
    verbs: list[_Line] = field(default_factory=list)
    patterns: list[_Line] = field(default_factory=list)


@dataclass
class _BadLines:
    verbs: int = 0
    patterns: int = 0


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PetrarchError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise PetrarchError(f"{path}: a folder, not a file") from None
    except OSError as err:
        raise PetrarchError(f"{path}: cannot read it: {err.strerror or err}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PetrarchError(
            f"{path}: not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start}): not a PETRARCH dictionary"
        ) from None


def _read_dictionary(text: str) -> tuple[dict[str, list[str]], list[_Block], _BadLines]:
    synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    bad = _BadLines()
    current_set: list[str] | None = None
    block: _Block | None = None
    pattern_number = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line or line.startswith("~"):  # "~" lines are PETRARCH's transformations
            continue
        if line.startswith("&"):
            current_set = synsets.setdefault(line.split()[0][1:].rstrip("_").upper(), [])
            block = None
        elif line.startswith("+") and current_set is not None:
            words = line[1:].strip().rstrip("_")
            if words:
                current_set.append(words.lower())
        elif line.startswith("---"):
            current_set = None
            match = _BLOCK.match(line)
            block = _Block(match.group(1), match.group(2).strip()) if match else None
            if block is not None:
                blocks.append(block)
            else:
                bad.verbs += 1
        elif line.startswith("-"):
            pattern_number += 1
            parsed = _pattern(line, pattern_number)
            if block is None or parsed is None:
                bad.patterns += 1
            else:
                block.patterns.append(parsed)
        else:
            current_set = None
            parsed = _verb_line(line, number)
            if block is None or parsed is None:
                bad.verbs += 1
            else:
                block.verbs.append(parsed)
    return synsets, blocks, bad


def _licence(text: str) -> list[str]:
    """The licence notice in the file's opening comments, from "The MIT License" to its closing
    "… DEALINGS IN THE SOFTWARE.", kept with the converted entries as that licence asks."""
    comments = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            break
        comments.append(line[1:].strip() if line.startswith("#") else "")
    start = next((i for i, line in enumerate(comments) if "MIT License" in line), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(comments)) if "DEALINGS IN THE SOFTWARE" in comments[i]), start)
    return comments[start : end + 1]


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return line.split("#", 1)[0].split(";", 1)[0].strip()


def _pattern(line: str, number: int) -> _Line | None:
    body, bracket, rest = line[1:].rpartition("[")
    code, closing, _ = rest.partition("]")
    if not bracket or not closing or body.count("*") != 1:
        return None
    before, _, after = body.partition("*")
    return _Line(number, _tokens(before), _tokens(after), code.strip())


def _verb_line(line: str, number: int) -> _Line | None:
    match = _VERB.match(line)
    if not match:
        return None
    words = tuple(w.lower() for w in match.group(2).strip("_").split("_") if w)
    if not words:
        return None
    return _Line(number, [], [w.upper() for w in words[1:]], (match.group(4) or "").strip(), words=words)


def _tokens(text: str) -> list[str]:
    """Tokens in capitals: brackets alone; "CEASE_FIRE" stays one token (a phrase), as does "&FIGHT_GAMES"."""
    return [t.rstrip("_") if t.startswith("&") else t for t in _TOKEN.findall(text.upper())]


# --------------------------------------------------------------------------------------------- building


@dataclass(frozen=True)
class _Construction:
    particle: str | None = None
    prep: str | None = None
    objects: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class _Converter:
    def __init__(
        self,
        table: dict[str, tuple[str, str | None]],
        synsets: dict[str, list[str]],
        verb_lemmas: dict[str, str],
        noun_lemmas: dict[str, str],
    ) -> None:
        self.table = table
        self.synsets = synsets
        self.verb_lemmas = verb_lemmas
        self.noun_lemmas = noun_lemmas

    def block(self, block: _Block, result: PetrarchLexicon) -> list[tuple[Entry, int]]:
        out: list[tuple[Entry, int]] = []
        lemmas: list[str] = []
        for verb in block.verbs:
            result.verbs += 1
            lemma = self.verb_lemmas.get(verb.words[0], verb.words[0])
            if not lemma.isalpha() or lemma in AUXILIARIES:
                result.verbs_skipped[HYPHENATED if not lemma.isalpha() else AUXILIARY] += 1
                continue
            if len(verb.words) == 1:
                lemmas.append(lemma)
            code = verb.code or block.code
            entry = self._entry((lemma,), verb, code)
            if isinstance(entry, str):
                result.verbs_skipped[entry] += 1
            else:
                out.append((entry, -verb.number))
        lemmas = sorted(set(lemmas))
        for pattern in block.patterns:
            result.patterns += 1
            if not lemmas:
                result.skipped[NO_VERBS] += 1
                continue
            entry = self._entry(tuple(lemmas), pattern, pattern.code)
            if isinstance(entry, str):
                result.skipped[entry] += 1
            else:
                out += [(replace(entry, lemmas=(lemma,)), pattern.number) for lemma in lemmas]
        return out

    def _entry(self, lemmas: tuple[str, ...], line: _Line, code: str) -> Entry | str:
        match = _CODE.match(code.strip())
        if not match:
            return UNKNOWN_CODE
        forward, backward = match.group(1), match.group(2)
        if not forward and backward and backward != "---":
            return REVERSE_ONLY
        plover = plover_for(forward or "", self.table)
        if isinstance(plover, str):
            return plover
        construction = self._construction(line)
        if isinstance(construction, str):
            return construction
        return Entry(
            lemmas=lemmas,
            type=plover[0],
            mode=plover[1],
            particle=construction.particle,
            prep=construction.prep,
            objects=construction.objects,
            targets=construction.targets,
            sources=construction.sources,
            symmetric=bool(backward) and backward == forward,
        )

    def _construction(self, line: _Line) -> _Construction | str:
        if [t for t in line.before if t != "$"]:
            return BOTH_SIDES if "%" in line.before else BEFORE_VERB
        items = _items(line.after)
        if isinstance(items, str):
            return items
        particle: str | None = None
        objects: tuple[str, ...] | None = None
        conditions: list[str] = []  # prepositions that must be there
        targets: list[str] = []
        sources: list[str] = []
        bare = False  # after TABARI's bare "ON +", a word belongs to that phrase ("BY $ SYMPATHISER")
        for position, item in enumerate(items):
            kind, value = item
            if kind == "word" and value.lower() in PARTICLES and position == 0:
                particle = value.lower()
            elif kind in ("prep", "bare prep"):
                bare = bare or kind == "bare prep"
                prep, inside = value
                if inside is None:
                    conditions.append(prep)
                elif inside == "+":
                    targets.append(f"prep:{prep}")
                elif inside == "$":
                    sources.append(f"prep:{prep}")
                elif inside == "%":
                    return BOTH_SIDES
                else:
                    return PREP_WORDS
            elif kind == "marker":
                if value == "+":
                    if objects is not None or targets:
                        return WORD_ORDER
                    targets.append("object")
                elif value == "$":
                    sources.append("object")
                elif value == "%":
                    return BOTH_SIDES
            else:
                if objects is not None:
                    return SEVERAL_OBJECTS
                if "object" in targets or bare:
                    return WORD_ORDER
                found = self._objects(kind, value)
                if isinstance(found, str):
                    return found
                objects = found
        actor_preps = [t[5:] for t in (*targets, *sources) if t.startswith("prep:")]
        if len(conditions) > 1 or (conditions and actor_preps):
            return SEVERAL_PREPS
        prep = conditions[0] if conditions else (actor_preps[0] if actor_preps else None)
        if sources and not targets:
            targets = ["subject"]  # "drew protests from Y": Y acts on the subject
        elif conditions and not targets:
            targets = ["object", f"prep:{prep}"]  # "rushed to Kessary": the place, or what was rushed
        elif objects and not targets:
            targets = list(OBJECT_TARGETS)  # "sent aid to Morvenia": the object is a thing, not the recipient
        return _Construction(particle, prep, objects or (), tuple(targets), tuple(sources))

    def _objects(self, kind: str, value: object) -> tuple[str, ...] | str:
        if kind == "phrase":
            words = list(value)  # type: ignore[call-overload]
            if len(words) > 1:
                return MODIFIERS
            kind, value = ("set", words[0][1:]) if words[0].startswith("&") else ("word", words[0])
        if kind == "set":
            members = self.synsets.get(str(value).upper().rstrip("_"))
            if members is None:
                return UNDEFINED_SET
            single = {self.noun_lemmas.get(m, m) for m in members if m.isalpha()} - {""}
            return tuple(sorted(single)) if single else PHRASE
        word = str(value).lower()
        if not word.isalpha():
            return PHRASE
        lemma = self.noun_lemmas.get(word, word)
        return (lemma,) if lemma else NOT_NOUN


def _items(tokens: list[str]) -> list[tuple[str, object]] | str:
    """Group a pattern's tokens after the verb: ("word", W), ("set", NAME), ("phrase", [words]),
    ("marker", M) and ("prep", (P, None | marker | "words")); `^` (any noun phrase) is passed over."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "(":
            end = _closing(tokens, i, ")")
            if end is None:
                return UNREADABLE
            inside = tokens[i + 1 : end]
            i = end + 1
            if not inside or inside[0].lower() not in PREPOSITIONS:
                return PREP_WORDS if inside else UNREADABLE
            rest = [t for t in inside[1:] if t != "^"]
            if not rest and i < len(tokens) and tokens[i] in ("+", "$", "%"):  # "(FROM) +": TABARI's order
                rest = [tokens[i]]
                i += 1
            if len(rest) > 1 or (rest and rest[0] not in ("+", "$", "%")):
                items.append(("prep", (inside[0].lower(), "words")))
            else:
                items.append(("prep", (inside[0].lower(), rest[0] if rest else None)))
        elif token == "{":
            end = _closing(tokens, i, "}")
            if end is None or end == i + 1:
                return UNREADABLE
            items.append(("phrase", tokens[i + 1 : end]))
            i = end + 1
        elif token in (")", "}"):
            return UNREADABLE
        elif token == "^":
            i += 1
        elif token in MARKERS:
            items.append(("marker", token))
            i += 1
        elif token.startswith("&"):
            items.append(("set", token[1:]))
            i += 1
        elif token.lower() in PREPOSITIONS and not (token.lower() in PARTICLES and not items):
            # TABARI's bare preposition: "TOWARD +", "FROM $ TO +", "ATTACK ON +"
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following in ("+", "$", "%"):
                items.append(("bare prep", (token.lower(), following)))
                i += 2
            elif following is None or following == "(" or following.lower() in PREPOSITIONS:
                items.append(("bare prep", (token.lower(), None)))
                i += 1
            else:
                items.append(("bare prep", (token.lower(), "words")))
                i += 1
                while i < len(tokens) and tokens[i] not in ("(", "+", "$", "%"):
                    i += 1
        else:
            items.append(("word", token))
            i += 1
    return items


def _closing(tokens: list[str], start: int, close: str) -> int | None:
    """The index of the bracket that closes the one at `start`; a prepositional phrase may hold a noun phrase."""
    j = start + 1
    while j < len(tokens):
        if tokens[j] == close:
            return j
        if tokens[j] == "{" and close == ")":
            inner = _closing(tokens, j, "}")
            if inner is None:
                return None
            j = inner
        elif tokens[j] in "(){}":
            return None
        j += 1
    return None


# --------------------------------------------------------------------------------------------- resolving


def _resolve(candidates: list[tuple[Entry, int]], result: PetrarchLexicon) -> None:
    """Entries that share a lemma and a condition compete: the type most lines give wins (a tie keeps
    none); entries that differ only by lemma are then grouped into one `lemmas = [...]` entry."""
    by_condition: dict[tuple, list[tuple[Entry, int]]] = {}
    for entry, source in candidates:
        by_condition.setdefault(entry.condition, []).append((entry, source))
    kept: list[Entry] = []
    winning_sources: set[int] = set()
    losing_sources: set[int] = set()
    for group in by_condition.values():
        types = Counter(entry.type for entry, _ in group)
        (best, n), *rest = types.most_common()
        if rest and rest[0][1] == n:
            losing_sources |= {source for _, source in group}
            continue
        same = [(entry, source) for entry, source in group if entry.type == best]
        specs = Counter(entry for entry, _ in same)
        top = max(specs.values())
        kept.append(next(entry for entry, _ in same if specs[entry] == top))  # the first of the most frequent
        winning_sources |= {source for _, source in same}
        losing_sources |= {source for entry, source in group if entry.type != best}
    patterns_won = {s for s in winning_sources if s > 0}
    result.converted = len(patterns_won)
    result.skipped[CONFLICT] += len({s for s in losing_sources if s > 0} - patterns_won)
    verbs_won = {s for s in winning_sources if s < 0}
    result.general = len(verbs_won)
    result.verbs_skipped[CONFLICT] += len({s for s in losing_sources if s < 0} - verbs_won)
    result.lemmas = len({lemma for entry in kept for lemma in entry.lemmas})
    grouped: dict[Entry, set[str]] = {}
    for entry in kept:
        grouped.setdefault(replace(entry, lemmas=()), set()).update(entry.lemmas)
    result.entries = sorted(
        (replace(shape, lemmas=tuple(sorted(lemmas))) for shape, lemmas in grouped.items()), key=_order
    )


def _order(entry: Entry) -> tuple:
    """The lexicon tries a verb's entries most specific first, then in file order: of two entries as specific,
    the one naming the object ("sped food to X": AID) goes before the one naming a preposition (a visit)."""
    specificity = bool(entry.objects) + 2 * bool(entry.particle) + bool(entry.prep)
    return (-specificity, not entry.objects, entry.lemmas, entry.particle or "", entry.prep or "", entry.objects,
            entry.type, entry.mode or "", entry.targets, entry.sources, entry.symmetric)  # fmt: skip


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"
