"""The link step's SQL: what the corpus-level links (rashomon/link/) read from the store and write back.

No function here opens a transaction: a link step holds one (`Store.transaction()`) around the calls
whose reads and writes must commit together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy
import pyarrow
import scipy.sparse
import scipy.sparse.csgraph

from rashomon.store.database import Store

# --- clusters ------------------------------------------------------------------------------------


def replace_quote_clusters(store: Store) -> int:
    """Each quotation's `cluster_id`: the smallest id of its component over the quotation pairs found, else
    its own id; an indirect quotation outside every cluster has none. Returns how many are clustered."""
    store.con.execute("UPDATE quotes SET cluster_id = CASE WHEN kind = 'indirect' THEN NULL ELSE quote_id END")
    return _write_clusters(store, "quotes", "quote_id", "SELECT a, b FROM link_pairs WHERE step = 'quotes'")


def replace_event_clusters(store: Store) -> int:
    """Each event's `cluster_id`: the smallest id of its component over the event pairs found, else its
    own id. Returns how many are clustered."""
    store.con.execute("UPDATE events SET cluster_id = id")
    return _write_clusters(store, "events", "id", "SELECT a, b FROM link_pairs WHERE step = 'events'")


def replace_claim_clusters(store: Store) -> int:
    """Each claim's `cluster_id`: the smallest id of its component over the claim links, else its own id.
    Returns how many are clustered."""
    store.con.execute("UPDATE claims SET cluster_id = claim_id")
    return _write_clusters(store, "claims", "claim_id", "SELECT a, b FROM claim_links")


def _write_clusters(store: Store, table: str, key: str, pairs: str) -> int:
    """Set `cluster_id` of the rows of `table` (by their `key` column) that the query `pairs` (columns a,
    b) links to the smallest id of their connected component; the others keep theirs. The ids are
    numbered in DuckDB and scipy finds the components over the numbers, so that no pair of ids becomes
    Python objects (a store of 10,000 documents holds half a million event pairs)."""
    con = store.con
    con.execute(f"""CREATE OR REPLACE TEMP TABLE clustered AS
                    SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS k
                    FROM (SELECT a AS id FROM ({pairs}) UNION SELECT b FROM ({pairs}))""")  # fmt: skip
    try:
        roots = _roots(con, pairs)
        with store.registered(cluster_roots=roots):
            con.execute(f"""UPDATE {table} SET cluster_id = c.cluster_id
                            FROM (SELECT m.id AS member, r.id AS cluster_id FROM cluster_roots
                                  JOIN clustered m ON m.k = cluster_roots.k
                                  JOIN clustered r ON r.k = cluster_roots.root) c
                            WHERE {table}.{key} = c.member""")  # fmt: skip
        return roots.num_rows
    finally:
        con.execute("DROP TABLE IF EXISTS clustered")


def _roots(con: Any, pairs: str) -> pyarrow.Table:
    """For each number k of the `clustered` ids, the number of the smallest id in its component (root)."""
    numbered = con.execute(
        f"SELECT x.k AS a, y.k AS b FROM ({pairs}) p JOIN clustered x ON x.id = p.a JOIN clustered y ON y.id = p.b"
    ).fetchnumpy()
    # fetchall, not fetchone: DuckDB 2 refuses more work on the connection while a result is unfinished
    (count,) = con.execute("SELECT count(*) FROM clustered").fetchall()[0]
    if count == 0:
        return pyarrow.table({"k": pyarrow.array([], pyarrow.int32()), "root": pyarrow.array([], pyarrow.int32())})
    edges = numpy.ones(len(numbered["a"]), dtype=numpy.int8)
    graph = scipy.sparse.coo_matrix((edges, (numbered["a"], numbered["b"])), shape=(count, count))
    _, component = scipy.sparse.csgraph.connected_components(graph, directed=False)
    smallest = numpy.full(component.max() + 1, count, dtype=numpy.int32)
    numpy.minimum.at(smallest, component, numpy.arange(count, dtype=numpy.int32))  # numbered in id order
    return pyarrow.table({"k": numpy.arange(count, dtype=numpy.int32), "root": smallest[component]})


# --- pairs of clustering steps -------------------------------------------------------------------


def replace_pairs(store: Store, step: str, pairs_sql: str, params: dict[str, Any], fresh: list[str] | None) -> None:
    """Replace `step`'s pairs that touch the documents `fresh` (None: every pair) with the rows of the query
    `pairs_sql` (with `params`): columns a, b (record ids), doc_a and doc_b (their documents), each pair
    once and with a document of `fresh`. The pairs go from query to table inside DuckDB: hundreds of
    thousands of them as Python objects would cost more than the rest of the step."""
    touching = f"({_fresh_filter('doc_a', fresh)} OR {_fresh_filter('doc_b', fresh)})"
    store.con.execute(
        f"DELETE FROM link_pairs WHERE step = $step AND {touching}", {"step": step} | _fresh_params(fresh)
    )
    store.con.execute(
        f"INSERT INTO link_pairs SELECT $step, a, b, doc_a, doc_b FROM ({pairs_sql})", {"step": step} | params
    )


def replace_pairs_at(
    store: Store, step: str, ids: list[str], doc_ids: list[str], first: Sequence[int], second: Sequence[int],
    fresh: list[str] | None,
) -> None:  # fmt: skip
    """`replace_pairs` with pairs found in Python: pair k is of the records at positions first[k] and
    second[k] of `ids`, whose documents are at the same positions of `doc_ids`; a pair may come twice. The
    positions go to DuckDB as integers and meet the ids there."""
    records = pyarrow.table({"k": numpy.arange(len(ids), dtype=numpy.int64), "id": pyarrow.array(ids, pyarrow.string()),
                             "doc_id": pyarrow.array(doc_ids, pyarrow.string())})  # fmt: skip
    found = pyarrow.table({"a": numpy.asarray(first, dtype=numpy.int64), "b": numpy.asarray(second, dtype=numpy.int64)})
    with store.registered(found_records=records, found_positions=found):
        replace_pairs(store, step, """
            SELECT x.id AS a, y.id AS b, x.doc_id AS doc_a, y.doc_id AS doc_b
            FROM (SELECT DISTINCT a, b FROM found_positions) p
            JOIN found_records x ON x.k = p.a JOIN found_records y ON y.k = p.b
            """, {}, fresh)  # fmt: skip


def _fresh_filter(column: str, fresh: list[str] | None) -> str:
    """A WHERE condition keeping the rows whose `column` is one of the documents `fresh` (None: all)."""
    return "true" if fresh is None else f"{column} IN (SELECT unnest($fresh::VARCHAR[]))"


def _fresh_params(fresh: list[str] | None) -> dict[str, list[str]]:
    """The parameter `_fresh_filter` names, when it names one."""
    return {} if fresh is None else {"fresh": fresh}


# --- quotations ----------------------------------------------------------------------------------


def replace_citations(store: Store, max_docs_per_shingle: int, min_share: float, fresh: list[str] | None) -> int:
    """Recompute the `citations` of the documents `fresh` (None: all), quoting or quoted; returns how many
    rows the table holds.

    A quotation of at least two 5-grams cites another document when at least `min_share` of its 5-grams
    appear in that document's own words (its shingles outside quotation marks) and that document is not
    newer. 5-grams in the own words of more than `max_docs_per_shingle` documents are stock phrases and
    count for nothing. One join of the unnested hashes on the hash: the work grows with the shared 5-grams.
    """
    touching = f"({_fresh_filter('doc_id', fresh)} OR {_fresh_filter('cited_doc_id', fresh)})"
    store.con.execute(f"DELETE FROM citations WHERE {touching}", _fresh_params(fresh))
    store.con.execute(
        f"""
        INSERT INTO citations
        WITH quoted AS (SELECT doc_id, quote_id, unnest(hashes) AS "hash" FROM shingles WHERE quote_id IS NOT NULL),
        quote_size AS (SELECT quote_id, count(*) AS n FROM quoted GROUP BY quote_id),
        -- own words only where a quotation has them: the joins and counts then hold the few shared 5-grams,
        -- not every 5-gram of the corpus (at 10,000 documents, 350 MB)
        own AS (
            SELECT doc_id, "hash" FROM (SELECT doc_id, unnest(hashes) AS "hash" FROM shingles WHERE quote_id IS NULL)
            WHERE "hash" IN (SELECT "hash" FROM quoted)
        ),
        stock AS (SELECT "hash" FROM own GROUP BY "hash" HAVING count(*) > $max_docs),
        hits AS (
            SELECT q.quote_id, q.doc_id, o.doc_id AS cited_doc_id, count(*) AS shared
            FROM quoted q JOIN own o ON q."hash" = o."hash" AND o.doc_id <> q.doc_id
            WHERE q."hash" NOT IN (SELECT "hash" FROM stock)
              AND ({_fresh_filter("q.doc_id", fresh)} OR {_fresh_filter("o.doc_id", fresh)})
            GROUP BY ALL
        )
        SELECT h.quote_id, h.doc_id, h.cited_doc_id, round(h.shared / s.n, 4)
        FROM hits h
        JOIN quote_size s USING (quote_id)
        JOIN documents quoting ON quoting.doc_id = h.doc_id
        JOIN documents cited ON cited.doc_id = h.cited_doc_id
        WHERE s.n >= 2 AND h.shared / s.n >= $min_share
          AND (quoting.published IS NULL OR cited.published IS NULL OR cited.published <= quoting.published)
        ORDER BY ALL
        """,
        {"max_docs": max_docs_per_shingle, "min_share": min_share} | _fresh_params(fresh),
    )
    return store.con.execute("SELECT count(*) FROM citations").fetchall()[0][0]  # all: an open result blocks the next


def replace_quote_pairs(store: Store, min_share: float, fresh: list[str] | None) -> None:
    """The quotation pairs of the documents `fresh` (None: all) found anew (`replace_pairs`): quotations in
    different documents, one of them in `fresh`, that share at least `min_share` of the 5-grams of the
    shorter one (a's document first in doc_id order); a quotation of one shingle (under five words) pairs
    only with one of the same text and the same speaker."""
    pairs = f"""
        WITH qs AS (
            SELECT s.quote_id, s.doc_id, unnest(s.hashes) AS "hash" FROM shingles s JOIN quotes q USING (quote_id)
        ),
        size AS (SELECT quote_id, count(*) AS n FROM qs GROUP BY quote_id),
        hits AS (  -- each shared 5-gram once: from the first document's side when both are fresh
            SELECT CASE WHEN f.doc_id < o.doc_id THEN f.quote_id ELSE o.quote_id END AS a,
                   CASE WHEN f.doc_id < o.doc_id THEN o.quote_id ELSE f.quote_id END AS b
            FROM (SELECT * FROM qs WHERE {_fresh_filter("doc_id", fresh)}) f
            JOIN qs o ON f."hash" = o."hash" AND f.doc_id <> o.doc_id
            WHERE f.doc_id < o.doc_id OR NOT {_fresh_filter("o.doc_id", fresh)}
        ),
        shared AS (SELECT a, b, count(*) AS k FROM hits GROUP BY ALL)
        SELECT sh.a, sh.b, qa.doc_id AS doc_a, qb.doc_id AS doc_b FROM shared sh
        JOIN size sa ON sa.quote_id = sh.a JOIN size sb ON sb.quote_id = sh.b
        JOIN quotes qa ON qa.quote_id = sh.a JOIN quotes qb ON qb.quote_id = sh.b
        WHERE sh.k / least(sa.n, sb.n) >= $min_share
          AND (least(sa.n, sb.n) > 1 OR (sa.n = 1 AND sb.n = 1 AND qa.speaker_actor_id = qb.speaker_actor_id))
        """
    replace_pairs(store, "quotes", pairs, {"min_share": min_share} | _fresh_params(fresh), fresh)


# --- events --------------------------------------------------------------------------------------


def events_to_cluster(store: Store, fresh: list[str] | None) -> list[tuple[Any, ...]]:
    """Events as (id, document, PLOVER type, actor codes, recipient codes, date, date precision, trigger
    lemma, its document's publication date): every event when `fresh` is None, else those of the
    documents `fresh` and those that share a type and an actor code with one of theirs (every event a
    block of theirs can hold)."""
    near_fresh = "true"
    if fresh is not None:
        near_fresh = f"""e.id IN (
            WITH coded AS (
                SELECT id, doc_id, event, unnest(list_concat(actor_codes, recipient_codes)) AS code FROM events
            ),
            keys AS (SELECT DISTINCT event, code FROM coded WHERE {_fresh_filter("doc_id", fresh)})
            SELECT id FROM coded JOIN keys USING (event, code)
        )"""
    return store.con.execute(
        f"""
        SELECT e.id, e.doc_id, e.event, e.actor_codes, e.recipient_codes, e.date, e.date_precision, e.lemma, d.published
        FROM events e JOIN documents d USING (doc_id) WHERE {near_fresh}
        """,
        _fresh_params(fresh),
    ).fetchall()


# --- claims --------------------------------------------------------------------------------------


class StoredClaim(NamedTuple):
    """A claim as the claim link reads it: its row with its document's outlet and date."""

    claim_id: str
    doc_id: str
    outlet: str | None
    phrase: str
    low: float
    high: float | None
    unit: str | None
    quantity: str
    predicate: str
    text: str  # the sentence
    speaker: str | None  # the name of who says it, when it is inside a quotation
    happening: str | None
    partitive: bool
    published: str  # ISO date, '' when unknown
    sentence: int  # the sentence's start
    counted: str
    moment: str | None
    scope: str  # point when not given
    qualifier: str
    subject: str


def stored_claims(store: Store) -> Iterator[StoredClaim]:
    """Every claim, in claim id order, a few thousand rows at a time: 30,000 claims fetched at once take
    80 MB. No other query may run on the store until the last is read."""
    cursor = store.con.execute(
        """
        SELECT c.claim_id, c.doc_id, d.outlet, c.phrase, c.low, c.high, c.unit, c.quantity, c.predicate, c.text,
               json_extract_string(c.attributed_to, '$.name'), c.happening, coalesce(c.partitive, false),
               coalesce(CAST(d.published AS VARCHAR), ''), c.sentence_start, coalesce(c.counted, ''), c.moment,
               coalesce(c.scope, 'point'), coalesce(c.qualifier, ''), coalesce(c.subject, '')
        FROM claims c JOIN documents d USING (doc_id) ORDER BY c.claim_id
        """
    )
    while rows := cursor.fetchmany(2000):
        yield from (StoredClaim(*row) for row in rows)


def story_actors(store: Store) -> dict[str, set[str]]:
    """Per document, the actors that place it in a story: coded, named (not only by a pronoun), and not
    the press, whose agencies ("told Reuters", a byline's AP, the outlet naming itself) are in every
    story. A defaultdict: a document that names none has the empty set."""
    named: dict[str, set[str]] = defaultdict(set)
    for doc_id, actor_id in store.con.execute(
        """
        SELECT DISTINCT doc_id, actor_id FROM mentions
        WHERE code IS NOT NULL AND actor_id IS NOT NULL AND via <> 'pronoun' AND coalesce(sector, '') <> 'MED'
        """
    ).fetchall():
        named[doc_id].add(actor_id)
    return named


def day_event_clusters(store: Store) -> list[tuple[str, str]]:
    """(document, event cluster) for the clusters of events dated to the day that two or more documents
    report: events known only by their report's date would join too much into one story."""
    return store.con.execute(
        """
        WITH told AS (SELECT doc_id, cluster_id FROM events WHERE date_precision = 'day')
        SELECT DISTINCT doc_id, cluster_id FROM told
        WHERE cluster_id IN (SELECT cluster_id FROM told GROUP BY 1 HAVING count(DISTINCT doc_id) > 1)
        """
    ).fetchall()


def sentence_event_dates(store: Store) -> dict[tuple[str, int, str], str]:
    """(document, sentence start, PLOVER type) → the earliest date of its events dated to a day, month or
    year."""
    rows = store.con.execute(
        """
        SELECT doc_id, start, event, min(date) FROM events
        WHERE date IS NOT NULL AND date_precision IN ('day', 'month', 'year') GROUP BY ALL
        """
    ).fetchall()
    return {(doc_id, start, kind): date for doc_id, start, kind, date in rows}


def freeing_events(store: Store, freed_by: list[str]) -> list[tuple[str, str, str]]:
    """(document, event date, publication date or '') of the dated events, asserted or historical, whose
    type or `type:mode` is in `freed_by`."""
    return store.con.execute(
        """
        SELECT e.doc_id, CAST(e.date AS VARCHAR), coalesce(CAST(d.published AS VARCHAR), '') FROM events e
        JOIN documents d USING (doc_id)
        WHERE e.event || coalesce(':' || e.mode, '') IN (SELECT unnest($freed)) AND e.date IS NOT NULL
              AND e.modality IN ('asserted', 'historical')
        """,
        {"freed": freed_by},
    ).fetchall()


def replace_claim_links(store: Store, links: list[tuple[str, str, str, float, str]], fresh: list[str] | None) -> None:
    """Replace the claim links that touch the documents `fresh` (None: every link), and those whose claims
    are gone, with `links`: (a, b, relation, similarity, note) rows."""
    store.con.execute(
        f"""
        WITH standing AS (SELECT claim_id FROM claims WHERE NOT {_fresh_filter("doc_id", fresh)})
        DELETE FROM claim_links
        WHERE a NOT IN (SELECT claim_id FROM standing) OR b NOT IN (SELECT claim_id FROM standing)
        """,
        _fresh_params(fresh),
    )
    if links:
        # as Arrow: bound as lists, each of 60,000 notes would be a DuckDB value (100 MB)
        names = ("a", "b", "relation", "similarity", "note")
        table = pyarrow.table(dict(zip(names, (list(column) for column in zip(*links, strict=True)), strict=True)))
        with store.registered(found_links=table):
            store.con.execute("INSERT INTO claim_links SELECT a, b, relation, similarity, note FROM found_links")


# --- embeddings ----------------------------------------------------------------------------------


def keep_only_embeddings(store: Store, model: str, text_hashes: list[str]) -> None:
    """Delete every embedding but those of `text_hashes` under `model`."""
    store.con.execute(
        "DELETE FROM embeddings WHERE model <> ? OR text_hash NOT IN (SELECT unnest(?))", [model, text_hashes]
    )


# --- event labels --------------------------------------------------------------------------------


def event_term_chains(store: Store) -> list[tuple[Any, ...]]:
    """Each document's chain of event labels as (document, chain, the trigger starts of the events it
    names, its dates, its names in lower case, its event types); an empty list is None."""
    return store.con.execute(
        """
        SELECT doc_id, chain,
               list(DISTINCT event_start) FILTER (WHERE event_start IS NOT NULL),
               list(DISTINCT date) FILTER (WHERE date IS NOT NULL),
               list(DISTINCT lower(name)) FILTER (WHERE name IS NOT NULL),
               list(DISTINCT t) FILTER (WHERE t IS NOT NULL)
        FROM (SELECT *, unnest(CASE WHEN len(types) = 0 THEN [NULL] ELSE types END) AS t
              FROM terms WHERE kind = 'event')
        GROUP BY doc_id, chain
        """
    ).fetchall()


def stated_events(store: Store) -> list[tuple[Any, ...]]:
    """The events a document states (not derived from another) as (document, trigger start, cluster id,
    PLOVER type, date, date precision, actor and recipient codes)."""
    return store.con.execute(
        """
        SELECT doc_id, trigger_start, cluster_id, event, date, date_precision, list_concat(actor_codes, recipient_codes)
        FROM events WHERE NOT derived
        """
    ).fetchall()


def documents_per_event_cluster(store: Store) -> dict[str, int]:
    """Event cluster → how many documents report it."""
    return dict(store.con.execute("SELECT cluster_id, count(DISTINCT doc_id) FROM events GROUP BY 1").fetchall())


def publication_dates(store: Store) -> dict[str, dt.date]:
    """Document → its publication date, for the dated documents."""
    return dict(store.con.execute("SELECT doc_id, published FROM documents WHERE published IS NOT NULL").fetchall())


def coded_mentions(store: Store) -> list[tuple[str, str]]:
    """(document, country or IGO code) for every code a document's mentions carry, once."""
    return store.con.execute("SELECT DISTINCT doc_id, code FROM mentions WHERE code IS NOT NULL").fetchall()


def set_event_term_referents(store: Store, referent_of: dict[str, str]) -> None:
    """Set the `referent` of the event labels of each chain (`<doc_id>#<chain>` → referent)."""
    if not referent_of:
        return
    nodes, referents = zip(*referent_of.items(), strict=True)
    store.con.execute(
        """
        UPDATE terms SET referent = r.referent
        FROM (SELECT unnest(?::VARCHAR[]) AS node, unnest(?::VARCHAR[]) AS referent) r
        WHERE terms.kind = 'event' AND terms.doc_id || '#' || terms.chain = r.node
        """,
        [list(nodes), list(referents)],
    )
