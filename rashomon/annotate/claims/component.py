"""The claim annotator: quantitative claims as (thing counted, what happened to it, whose, when)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rashomon.annotate.claims.finder import Claim, ClaimFinder
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document


@component(
    "claims",
    requires=("timex", "quotes"),
    tables=("claims",),
    data=("rashomon.annotate:data/quantities.toml", "rashomon.annotate:data/plover.toml"),
)
def claims(shared: Any) -> Built:
    finder = ClaimFinder(events=shared.event_lexicon)

    def rows(found: list[Claim], document: Document, records: Records) -> None:
        records["claims"] = claim_rows(document.doc_id, found, document.text)

    find = lambda doc, _, found: finder(doc, found["timex"], found["quotes"].quotes)  # noqa: E731
    return Built(find, rows, shared.event_lexicon.digest, finder)


def claim_rows(doc_id: str, claims: list[Claim], text: str) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for claim in claims:
        claim_id = "c" + hashlib.sha1(f"{doc_id}:{claim.start}:{claim.end}".encode()).hexdigest()[:12]
        if claim_id in seen:
            continue
        seen.add(claim_id)
        speaker = claim.attributed_to
        rows.append({
            "claim_id": claim_id,
            "doc_id": doc_id,
            "start": claim.start,
            "end": claim.end,
            "phrase": claim.phrase,
            "value": claim.value,
            "low": claim.low,
            "high": claim.high,
            "hedge": claim.hedge,
            "unit": claim.unit,
            "quantity": claim.quantity,
            "predicate": claim.predicate,
            "happening": claim.happening,
            "partitive": claim.partitive,
            "counted": claim.counted,
            "qualifier": claim.qualifier,
            "moment": claim.moment,
            "scope": claim.scope,
            "subject": claim.subject,
            "attributed_to": json.dumps(speaker.to_dict(), ensure_ascii=False) if speaker else None,
            "sentence_start": claim.sentence_start,
            "sentence_end": claim.sentence_end,
            "text": text[claim.sentence_start : claim.sentence_end],
        })  # fmt: skip
    return rows
