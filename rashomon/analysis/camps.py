"""Camps: outlets grouped as the analyst groups them (state media, opposition, a country, a leaning),
how much each covers over time, and what one camp reports that no other does.

An outlet's camp, country and tags come from the `outlets` table (`rashomon outlets --load FILE`, or
`analyze --outlets FILE`); an outlet given none is in no camp. A blindspot is an event cluster, a claim
cluster or a framing label that only one camp's documents carry, while at least one other camp is in
the store: what the others' readers never see (Ground News's "blindspot"). A label is a loaded word for
an actor or a name for an event (rashomon.annotate.framing), and counts only for a referent other camps
name too: a referent they never name is an event blindspot, not a label one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rashomon.analysis.errors import QueryError
from rashomon.store.outlets import NO_CAMP, outlet_camps

if TYPE_CHECKING:
    from rashomon.store.database import Store

GROUPS = ("outlet", "camp", "country")
# how each period is named (a week by its Monday)
PERIODS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def coverage(store: Store, by: str = "camp", period: str = "month") -> list[dict[str, Any]]:
    """Documents per `period` (day, week, month, year) and `by` group (outlet, camp, country), in date
    order; documents without a date are counted in rows of period null, last."""
    group = _group_column(by)
    if period not in PERIODS:
        raise QueryError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    rows = store.con.execute(
        f"""
        SELECT strftime(date_trunc('{period}', d.published), '{PERIODS[period]}') AS period,
               {group} AS "group", count(*) AS documents
        FROM documents d LEFT JOIN outlets o ON o.outlet = d.outlet
        GROUP BY ALL ORDER BY period NULLS LAST, "group"
        """
    ).fetchall()
    return [{"period": p, by: g, "documents": n} for p, g, n in rows]


def grouping(store: Store, by: str) -> Callable[[str], str]:
    """What the views group outlets into (`by`: outlet or camp): each outlet itself, or its camp
    (NO_CAMP for an outlet given none). QueryError when `by` is camp and no outlet has one."""
    if by == "outlet":
        return lambda outlet: outlet
    if by != "camp":
        raise QueryError(f"group outlets by outlet or camp, not {by!r}")
    camps = outlet_camps(store)
    if not camps:
        raise QueryError("no outlet has a camp yet: give them camps with `rashomon outlets --db FILE --load OUTLETS`")
    return lambda outlet: camps.get(outlet, NO_CAMP)


def camps_in(store: Store, by: str = "camp") -> int:
    """How many camps (or countries) the analyst has put outlets in."""
    row = store.con.execute(f"SELECT count(DISTINCT {by}) FROM outlets WHERE {by} IS NOT NULL").fetchone()
    return int(row[0]) if row else 0


def blindspots(store: Store, by: str = "camp") -> list[dict[str, Any]]:
    """Event clusters, claim clusters and framing labels that one `by` group (camp or country) alone
    reports, most reported first within each kind: kind (event | claim | label), id, `by`, its outlets,
    how many documents, what it is (`about`: the event's type and date, the claim's quantity and figure,
    the label and what it names), `referent` (the event cluster, or what the label names: an actor id
    or an event cluster; null for a claim), and one report: doc_id, start, end, text."""
    if by not in ("camp", "country"):
        raise QueryError(f"blindspots are by camp or country, not {by!r}")
    if camps_in(store, by) < 2:
        raise QueryError(
            f"blindspots need outlets in at least two groups by {by}: give each outlet its camp and country "
            "with `rashomon outlets --db FILE --load OUTLETS`"
        )
    from rashomon.annotate.events.lexicon import HAPPENED  # here: the command line's help reads this module

    happened = list(HAPPENED)
    events = _alone(
        store, by, "event",
        "SELECT cluster_id AS id, doc_id, \"start\", \"end\", text, confidence AS weight, "
        "event || coalesce(' ' || date, '') AS about, cluster_id AS referent FROM events "
        "WHERE modality IN (SELECT unnest($happened))",
        {"happened": happened},
    )  # fmt: skip
    claims = _alone(
        store, by, "claim",
        "SELECT cluster_id AS id, doc_id, sentence_start AS \"start\", sentence_end AS \"end\", text, "
        "1.0 AS weight, quantity || ': ' || phrase AS about, NULL AS referent FROM claims",
    )  # fmt: skip
    labels = _alone(
        store, by, "label",
        "SELECT referent || ' ' || lower(term) AS id, doc_id, \"start\", \"end\", term AS text, 1.0 AS weight, "
        "term || ' (' || referent || ')' AS about, referent FROM terms t "
        "WHERE (loaded_by IS NOT NULL OR kind = 'event') AND referent IN ("
        "  SELECT referent FROM terms JOIN documents USING (doc_id) JOIN outlets USING (outlet) "
        f"  WHERE {by} IS NOT NULL GROUP BY referent HAVING count(DISTINCT {by}) >= 2)",
    )  # fmt: skip
    return events + claims + labels


def _group_column(by: str) -> str:
    if by not in GROUPS:
        raise QueryError(f"group by one of {', '.join(GROUPS)}, not {by!r}")
    return "coalesce(d.outlet, '(no outlet)')" if by == "outlet" else f"coalesce(o.{by}, '{NO_CAMP}')"


def _alone(
    store: Store, by: str, kind: str, reports: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The ids of `reports` (SQL giving id, doc_id, start, end, text, weight, about, referent) whose every report
    comes from the outlets of one group, each with its weightiest report."""
    cursor = store.con.execute(
        f"""
        WITH reports AS (
            SELECT r.*, o.{by} AS grp, d.outlet FROM ({reports}) r JOIN documents d USING (doc_id)
            LEFT JOIN outlets o ON o.outlet = d.outlet
            WHERE r.id IS NOT NULL)
        SELECT '{kind}' AS kind, id, min(grp) AS {by}, list(DISTINCT outlet ORDER BY outlet) AS outlets,
               count(DISTINCT doc_id) AS documents,
               first(struct_pack(about, referent, doc_id, "start", "end", text) ORDER BY weight DESC, doc_id, "start")
                   AS report
        FROM reports GROUP BY id
        HAVING count(DISTINCT grp) = 1 AND count(grp) = count(*)
        ORDER BY documents DESC, id
        """,
        params or {},
    )
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [{**{k: v for k, v in row.items() if k != "report"}, **row["report"]} for row in rows]
