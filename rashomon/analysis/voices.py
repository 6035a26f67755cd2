"""Who quotes whom: each outlet's quotations by the speaker's country and sector."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rashomon.store.database import Store

GROUPINGS = {
    "country": "coalesce(q.speaker_code, 'unknown')",
    "sector": "coalesce(q.speaker_sector, 'unknown')",
    "actor": "coalesce(q.speaker_name, q.speaker_text, 'unknown')",
}


@dataclass(frozen=True)
class VoiceShare:
    outlet: str
    country: str | None  # speaker's country or organisation code ("unknown" when none is known)
    sector: str | None
    actor: str | None
    quotes: int
    share: float  # of the outlet's quotations

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def who_quotes_whom(store: Store, by: tuple[str, ...] = ("country", "sector")) -> list[VoiceShare]:
    """Per outlet, how many of its quotations come from speakers of each country/sector/actor.

    Every kind of quotation counts (direct, mixed, indirect); a quotation without a named speaker
    counts as "unknown", so each outlet's shares add up to 1.
    """
    unknown = [key for key in by if key not in GROUPINGS]
    if unknown or not by:
        raise ValueError(f"group by one or more of {', '.join(GROUPINGS)} (got {', '.join(unknown) or 'nothing'})")
    columns = ", ".join(f"{GROUPINGS[key]} AS {key}" for key in by)
    rows = store.con.execute(
        f"""
        SELECT coalesce(d.outlet, 'unknown') AS outlet, {columns}, count(*) AS quotes,
               count(*) / sum(count(*)) OVER (PARTITION BY coalesce(d.outlet, 'unknown')) AS share
        FROM quotes q JOIN documents d USING (doc_id)
        GROUP BY {", ".join(str(i) for i in range(1, len(by) + 2))}
        ORDER BY outlet, quotes DESC, {", ".join(by)}
        """
    )
    names = [d[0] for d in rows.description]
    found = [dict(zip(names, row, strict=True)) for row in rows.fetchall()]
    return [
        VoiceShare(
            outlet=row["outlet"], country=row.get("country"), sector=row.get("sector"), actor=row.get("actor"),
            quotes=row["quotes"], share=round(row["share"], 4),
        )
        for row in found
    ]  # fmt: skip
