"""Every table of the store, declared once: its columns, their DuckDB types and what they hold.

The store creates from these declarations what a file lacks: every table of a new store, and the tables
and columns that a store written by an older Rashomon does not have yet (with `fill`, the SQL that gives
an added column its values for the rows already there). The writer binds each column with its declared
type, and the exports and the checks read the same declarations. An annotator that writes a table of
its own declares it with `declare`, or adds columns to another with `extend`, from its own package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

import duckdb


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type: VARCHAR, INTEGER, BIGINT[], JSON …
    doc: str = ""  # what it holds (the data contract's wording)
    required: bool = False  # NOT NULL
    fill: str | None = None  # SQL for its value in rows stored before the column existed


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    doc: str = ""
    key: tuple[str, ...] = ()  # primary key
    order: str = 'doc_id, start, "end"'  # the order of its export: document and text order
    role: str = "record"  # record (replaced with its document) | link (recomputed by the link step) | core
    file: str | None = None  # its export file, when exported row for row ("places.jsonl")
    extra: tuple[Column, ...] = field(default=(), compare=False)  # columns other packages add (`extend`)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.extra

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.all_columns)

    def type_of(self, column: str) -> str:
        return next(c.type for c in self.all_columns if c.name == column)

    def create_sql(self) -> str:
        columns = [f'"{c.name}" {c.type}{" NOT NULL" if c.required else ""}' for c in self.all_columns]
        if self.key:
            columns.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(columns)})"


_DECLARED: dict[str, Table] = {}


def declare(table: Table) -> Table:
    """Add a table to the store's schema (a new annotator's records); returns it."""
    if table.name in _DECLARED and _DECLARED[table.name] != table:
        raise ValueError(f"table {table.name!r} is declared twice, differently")
    _DECLARED[table.name] = table
    return table


def extend(name: str, *columns: Column) -> None:
    """Add columns to a declared table (a location on events, say), from the package that fills them."""
    table = _DECLARED[name]
    known = set(table.names)
    _DECLARED[name] = replace(table, extra=table.extra + tuple(c for c in columns if c.name not in known))


def tables(role: str | None = None) -> tuple[Table, ...]:
    """The declared tables, in declaration order; only those of `role` when given."""
    _load_annotators()
    return tuple(t for t in _DECLARED.values() if role is None or t.role == role)


def table(name: str) -> Table:
    _load_annotators()
    try:
        return _DECLARED[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}") from None


def ensure(con: duckdb.DuckDBPyConnection, declared: Iterable[Table]) -> None:
    """Create the declared tables the database lacks and add the columns its tables lack."""
    for declaration in declared:
        con.execute(declaration.create_sql())
        present = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [declaration.name]
            ).fetchall()
        }
        for column in declaration.all_columns:
            if column.name in present:
                continue
            con.execute(f'ALTER TABLE {declaration.name} ADD COLUMN "{column.name}" {column.type}')
            if column.fill:
                con.execute(f'UPDATE {declaration.name} SET "{column.name}" = {column.fill}')


def missing(con: duckdb.DuckDBPyConnection, declared: Iterable[Table]) -> list[str]:
    """The declared tables and columns the database lacks ("claims.scope"), for a reader to refuse."""
    present: dict[str, set[str]] = {}
    for name, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        present.setdefault(name, set()).add(column)
    out = []
    for declaration in declared:
        if declaration.name not in present:
            out.append(declaration.name)
            continue
        out += [f"{declaration.name}.{c}" for c in declaration.names if c not in present[declaration.name]]
    return out


@cache
def _load_annotators() -> None:
    """Import every registered annotator: those that write tables of their own declare them on import,
    and a store read without annotating must know them too."""
    from rashomon.annotate import registry  # imported here: the annotate layer sits above the store

    registry.components()


def _c(name: str, type_: str, doc: str = "", *, required: bool = False, fill: str | None = None) -> Column:
    return Column(name, type_, doc, required, fill)


# --- the store's own tables ---------------------------------------------------------------------------

SCHEMA_INFO = declare(Table("schema_info", (
    _c("key", "VARCHAR", "version | links", required=True),
    _c("value", "VARCHAR"),
), "What the store is: its schema version, and whether its links are complete.", key=("key",), order="key",
    role="core"))  # fmt: skip

DOCUMENTS = declare(Table("documents", (
    _c("doc_id", "VARCHAR", required=True),
    _c("source", "VARCHAR", "file path; path#n for a record inside a container file", required=True),
    _c("url", "VARCHAR"),
    _c("outlet", "VARCHAR"),
    _c("title", "VARCHAR"),
    _c("authors", "VARCHAR[]"),
    _c("published", "DATE"),
    _c("language", "VARCHAR"),
    _c("format", "VARCHAR", "text | html | json | csv | feed | warc", required=True),
    _c("text", "VARCHAR", "the clean body; every offset in the other tables points into it", required=True),
    _c("removed", "JSON", "[{role, text}] taken out of the body", required=True),
    _c("content_hash", "VARCHAR", "sha1 of the normalised text (exact duplicates)", required=True),
    _c("fingerprint", "VARCHAR", "sha1 of the whole record (unchanged on a re-run?)", required=True),
    _c("minhash", "BLOB", "MinHash signature (near duplicates)", required=True),
    _c("annotated_with", "VARCHAR", "digest of the annotators and settings behind its records"),
), key=("doc_id",), order="doc_id", role="core"))  # fmt: skip

DUPLICATES = declare(Table("duplicates", (
    _c("source", "VARCHAR", required=True),
    _c("duplicate_of", "VARCHAR", "doc_id of the stored document", required=True),
    _c("kind", "VARCHAR", "exact | near", required=True),
    _c("similarity", "DOUBLE", required=True),
), key=("source",), order="source", role="core"))  # fmt: skip

FAILURES = declare(Table("failures", (
    _c("source", "VARCHAR", required=True),
    _c("reason", "VARCHAR", required=True),
), key=("source",), order="source", role="core"))  # fmt: skip

EMBEDDINGS = declare(Table("embeddings", (
    _c("model", "VARCHAR", "the model and its package version", required=True),
    _c("text_hash", "VARCHAR", "sha1 of the embedded text", required=True),
    _c("vector", "FLOAT[]", "unit length", required=True),
), key=("model", "text_hash"), order="model, text_hash", role="core"))  # fmt: skip

# --- records, one set per document, replaced with it ----------------------------------------------------

MENTIONS = declare(Table("mentions", (
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", required=True),
    _c("end", "INTEGER", required=True),
    _c("text", "VARCHAR", required=True),
    _c("actor_id", "VARCHAR", "dictionary id; doc:<slug> for a named entity the dictionary lacks"),
    _c("name", "VARCHAR"),
    _c("code", "VARCHAR", "country or IGO code at the publication date; null when unknown"),
    _c("sector", "VARCHAR"),
    _c("kind", "VARCHAR", "country | institution | igo | group | person"),
    _c("via", "VARCHAR", "how it was resolved: name, alias, demonym, metonym, role, sector, pronoun, …", required=True),
    _c("antecedent", "INTEGER", "pronouns: start of the mention they refer to"),
    _c("org", "VARCHAR", "the organisation the actor belongs to (actor id)"),
    _c("resolved_by", "VARCHAR", "dictionary | coreference | context", fill=(
        "CASE WHEN actor_id IS NULL AND code IS NULL THEN NULL "
        "WHEN via IN ('name', 'alias', 'name-variant', 'country', 'demonym', 'metonym', 'place') THEN 'dictionary' "
        "WHEN via IN ('short-form', 'anaphor', 'pronoun') THEN 'coreference' ELSE 'context' END")),
)))  # fmt: skip

TIMEXES = declare(Table("timexes", (
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", required=True),
    _c("end", "INTEGER", required=True),
    _c("text", "VARCHAR", required=True),
    _c("type", "VARCHAR", "date | time | duration | set", required=True),
    _c("value", "VARCHAR", "TIMEX3 value", required=True),
    _c("precision", "VARCHAR"),
    _c("anchor", "VARCHAR", "null (absolute) | publication | previous | timex:<start> | event:<start> | unknown"),
    _c("mod", "VARCHAR"),
)))  # fmt: skip

QUOTES = declare(Table("quotes", (
    _c("quote_id", "VARCHAR", required=True),
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", "the quoted words, without their quotation marks", required=True),
    _c("end", "INTEGER", required=True),
    _c("text", "VARCHAR", required=True),
    _c("kind", "VARCHAR", "direct | mixed | indirect", required=True),
    _c("cue", "VARCHAR", 'reporting verb lemma, a source phrase ("according to") or ":"'),
    _c("cue_start", "INTEGER"),
    _c("continues", "VARCHAR", "quote_id of the quotation this one continues"),
    _c("speaker_text", "VARCHAR", 'the speaker as written where named ("the Russian president")'),
    _c("speaker_name", "VARCHAR"),
    _c("speaker_actor_id", "VARCHAR"),
    _c("speaker_code", "VARCHAR"),
    _c("speaker_sector", "VARCHAR"),
    _c("speaker_kind", "VARCHAR"),
    _c("speaker_start", "INTEGER"),
    _c("speaker_end", "INTEGER"),
    _c("cluster_id", "VARCHAR", "set by the link step: the same quotation in other documents"),
)))  # fmt: skip

SHINGLES = declare(Table("shingles", (
    _c("doc_id", "VARCHAR", required=True),
    _c("quote_id", "VARCHAR", "set: a quotation's; null: the document's own words outside quotation marks"),
    _c("hashes", "BIGINT[]", "word 5-gram hashes, joined on to find reused quotations", required=True),
), order="doc_id, quote_id"))  # fmt: skip

TERMS = declare(Table("terms", (
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", required=True),
    _c("end", "INTEGER", required=True),
    _c("term", "VARCHAR", required=True),
    _c("kind", "VARCHAR", "actor | event | scare | title", required=True),
    _c("referent", "VARCHAR", "actor id, or event cluster, of what the term names or qualifies"),
    _c("loaded_by", "VARCHAR", 'the word, or "scare quotes", that loads the label'),
    _c("quoted", "BOOLEAN", "inside a quotation: the speaker's word"),
    _c("event_start", "INTEGER", "event labels: trigger offset of the event they name"),
    _c("chain", "INTEGER", "event labels: first label of the same event here"),
    _c("date", "VARCHAR", "event labels: the day or month they carry"),
    _c("name", "VARCHAR", 'event labels: a proper name ("Al-Aqsa Flood")'),
    _c("types", "VARCHAR[]", "event labels: PLOVER types the event can have"),
)))  # fmt: skip

EVENTS = declare(Table("events", (
    _c("id", "VARCHAR", required=True),
    _c("doc_id", "VARCHAR", required=True),
    _c("event", "VARCHAR", "PLOVER type", required=True),
    _c("mode", "VARCHAR"),
    _c("context", "VARCHAR"),
    _c("actor", "VARCHAR", "JSON list of {entity_text, code, sector, name, actor_id, start, end}", required=True),
    _c("recipient", "VARCHAR", required=True),
    _c("actor_codes", "VARCHAR[]", "the same codes and ids, for dyad queries", required=True),
    _c("recipient_codes", "VARCHAR[]", required=True),
    _c("actor_ids", "VARCHAR[]", required=True),
    _c("recipient_ids", "VARCHAR[]", required=True),
    _c("date", "VARCHAR", "when it happened: YYYY, YYYY-MM or YYYY-MM-DD"),
    _c("enddate", "VARCHAR"),
    _c("date_precision", "VARCHAR", "day | month | year | report (only the report's date is known)"),
    _c("date_text", "VARCHAR"),
    _c("text", "VARCHAR", "the sentence", required=True),
    _c("start", "INTEGER", "the sentence's offsets", required=True),
    _c("end", "INTEGER", required=True),
    _c("trigger", "VARCHAR", required=True),
    _c("lemma", "VARCHAR", 'the trigger\'s lemma ("" for a derived accusation)', required=True),
    _c("trigger_start", "INTEGER", required=True),
    _c("trigger_end", "INTEGER", required=True),
    _c("modality", "VARCHAR", "asserted | reported | hypothetical | negated | historical", required=True),
    _c("attributed_to", "VARCHAR", "JSON speaker when the event is reported inside a quotation"),
    _c("confidence", "DOUBLE", required=True),
    _c("derived", "BOOLEAN", "an accusation read from a reported conflict action", required=True),
    _c("score", "DOUBLE", "the type's place on the cooperation (+) / conflict (−) scale"),
    _c("cluster_id", "VARCHAR", "set by the link step: the same real-world event elsewhere"),
    _c("target_inferred", "BOOLEAN", "the recipient was read from the story, not the clause"),
    _c("actor_inferred", "BOOLEAN", "the actor was read from the story, not the clause"),
)))  # fmt: skip

CLAIMS = declare(Table("claims", (
    _c("claim_id", "VARCHAR", required=True),
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", "the number phrase, hedge and unit included", required=True),
    _c("end", "INTEGER", required=True),
    _c("phrase", "VARCHAR", required=True),
    _c("value", "DOUBLE", required=True),
    _c("low", "DOUBLE", 'the interval the hedge allows ("nearly 19,000": 15,580 to 19,000)', required=True),
    _c("high", "DOUBLE", 'null: no upper bound ("more than 3,000")'),
    _c("hedge", "VARCHAR"),
    _c("unit", "VARCHAR", 'currency code, measure, "times", or null for a count'),
    _c("quantity", "VARCHAR", "what is counted or measured", required=True),
    _c("predicate", "VARCHAR", 'what happened to it ("seize", "hold still")', required=True),
    _c("subject", "VARCHAR"),
    _c("attributed_to", "VARCHAR", "JSON speaker when the number is inside a quotation"),
    _c("sentence_start", "INTEGER", required=True),
    _c("sentence_end", "INTEGER", required=True),
    _c("text", "VARCHAR", "the sentence", required=True),
    _c("cluster_id", "VARCHAR", "set by the link step: claims about the same quantity"),
    _c("happening", "VARCHAR", "PLOVER type[:mode] of what happened to the counted thing"),
    _c("partitive", "BOOLEAN", '"three of the boats": a part of a set'),
    _c("counted", "VARCHAR", "what is counted, as written"),
    _c("qualifier", "VARCHAR", "what the counted phrase says besides the thing"),
    _c("moment", "VARCHAR", "the date its clause gives; null: the report's"),
    _c("scope", "VARCHAR", "point | total | forecast"),
)))  # fmt: skip

STANCE = declare(Table("stance", (
    _c("doc_id", "VARCHAR", required=True),
    _c("target", "VARCHAR", "actor id", required=True),
    _c("code", "VARCHAR"),
    _c("source", "VARCHAR", "label | sentence | cue | event", required=True),
    _c("start", "INTEGER", "the sentence", required=True),
    _c("end", "INTEGER", required=True),
    _c("score", "DOUBLE", "−1…1", required=True),
    _c("cue", "VARCHAR", "the event and role, or the words that carry the sentiment", required=True),
)))  # fmt: skip

PREDICTIONS = declare(Table("predictions", (
    _c("prediction_id", "VARCHAR", required=True),
    _c("doc_id", "VARCHAR", required=True),
    _c("start", "INTEGER", "the predicted clause", required=True),
    _c("end", "INTEGER", required=True),
    _c("text", "VARCHAR", required=True),
    _c("sentence_start", "INTEGER", required=True),
    _c("sentence_end", "INTEGER", required=True),
    _c("sentence", "VARCHAR", required=True),
    _c("cue", "VARCHAR", '"will", "likely" …', required=True),
    _c("verb", "VARCHAR", required=True),
    _c("confidence", "VARCHAR", "certain | probable | possible", required=True),
    _c("negated", "BOOLEAN", required=True),
    _c("about", "VARCHAR", "JSON list of the actors the clause names, subject first", required=True),
    _c("about_ids", "VARCHAR[]", required=True),
    _c("about_codes", "VARCHAR[]", required=True),
    _c("predictor", "VARCHAR", "JSON speaker; null: the outlet's own voice"),
    _c("by_date", "VARCHAR", "a date in the clause after publication"),
    _c("event", "VARCHAR", "PLOVER type of the event the verb triggers"),
    _c("event_start", "INTEGER"),
)))  # fmt: skip

# --- links, recomputed over the whole corpus on every run -----------------------------------------------

CITATIONS = declare(Table("citations", (
    _c("quote_id", "VARCHAR", required=True),
    _c("doc_id", "VARCHAR", "the quoting document", required=True),
    _c("cited_doc_id", "VARCHAR", "the document whose own words it quotes", required=True),
    _c("similarity", "DOUBLE", "share of the quotation's 5-grams found there", required=True),
), order="doc_id, quote_id, cited_doc_id", role="link"))  # fmt: skip

CLAIM_LINKS = declare(Table("claim_links", (
    _c("a", "VARCHAR", "claim ids", required=True),
    _c("b", "VARCHAR", required=True),
    _c("relation", "VARCHAR", "agree | contradict | update", required=True),
    _c("similarity", "DOUBLE", "of what the two claims count", required=True),
    _c("note", "VARCHAR", "why: the two numbers, their intervals, who states them", required=True),
), order="a, b", role="link"))  # fmt: skip
