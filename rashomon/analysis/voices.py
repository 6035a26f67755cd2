"""Who quotes whom: each outlet's quotations by the speaker's country and sector."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from rashomon.analysis.camps import grouping
from rashomon.store.reading.quotes import SPEAKER_GROUPS, speaker_shares

if TYPE_CHECKING:  # a type only: the command line's help reads this module without DuckDB
    from rashomon.store.database import Store

GROUPINGS = tuple(SPEAKER_GROUPS)  # country, sector, actor


@dataclass(frozen=True)
class VoiceShare:
    outlet: str  # or the camp, when counted per camp
    # the speaker's country or organisation code; "unknown": no speaker, "uncoded": not in the dictionaries
    country: str | None
    sector: str | None
    actor: str | None
    quotes: int
    share: float  # of the outlet's quotations

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def who_quotes_whom(store: Store, by: Sequence[str] = ("country", "sector"), per: str = "outlet") -> list[VoiceShare]:
    """Per outlet (or per camp: `per`), how many of its quotations come from speakers of each
    country/sector/actor.

    Every kind of quotation counts (direct, mixed, indirect); a quotation without a named speaker
    counts as "unknown", one whose speaker the actor dictionaries do not place as "uncoded", so each
    outlet's shares add up to 1.
    """
    by = tuple(by)
    grouping(store, per)  # a camp needs camps: the same error as every view's
    unknown = [key for key in by if key not in GROUPINGS]
    if unknown or not by:
        raise ValueError(f"group by one or more of {', '.join(GROUPINGS)} (got {', '.join(unknown) or 'nothing'})")
    return [
        VoiceShare(
            outlet=row[per], country=row.get("country"), sector=row.get("sector"), actor=row.get("actor"),
            quotes=row["quotes"], share=round(row["share"], 4),
        )
        for row in speaker_shares(store, by, per)
    ]  # fmt: skip
