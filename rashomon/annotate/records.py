"""Annotations as store rows: stable ids, one flat row per record, nested parts as JSON."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from rashomon.annotate.claims import Claim
from rashomon.annotate.events import Event
from rashomon.annotate.framing import Label
from rashomon.annotate.predictions import Prediction
from rashomon.annotate.quotes import FoundQuotes
from rashomon.annotate.stance import StanceEvidence
from rashomon.document import Document
from rashomon.link.shingles import own_shingles, shingle_hashes


def quote_id(doc_id: str, start: int, end: int) -> str:
    return "q" + hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def quote_rows(doc_id: str, found: FoundQuotes) -> list[dict[str, Any]]:
    id_at = {q.start: quote_id(doc_id, q.start, q.end) for q in found.quotes}
    rows = []
    for q in found.quotes:
        speaker = q.speaker.to_dict() if q.speaker else {}
        row = {
            "quote_id": id_at[q.start],
            "doc_id": doc_id,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "kind": q.kind,
            "cue": q.cue,
            "cue_start": q.cue_start,
            "continues": id_at.get(q.continues) if q.continues is not None else None,
        }
        for key in ("text", "name", "actor_id", "code", "sector", "kind", "start", "end"):
            row[f"speaker_{key}"] = speaker.get(key)
        rows.append(row)
    return rows


def shingle_rows(document: Document, found: FoundQuotes) -> list[dict[str, Any]]:
    """The link step's index: hashes of the document's own words and of each quotation it makes."""
    doc_id = document.doc_id
    rows = [{"doc_id": doc_id, "quote_id": None, "hashes": sorted(own_shingles(document.text, found.marked))}]
    for q in found.quotes:
        if q.kind != "indirect":
            qid = quote_id(doc_id, q.start, q.end)
            rows.append({"doc_id": doc_id, "quote_id": qid, "hashes": sorted(shingle_hashes(q.text))})
    return rows


def event_rows(doc_id: str, events: list[Event], text: str, scale: dict[str, float]) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for event in events:
        speaker = event.attributed_to
        event_id = "e" + hashlib.sha1(f"{doc_id}:{event.start}:{event.type}:{event.date}".encode()).hexdigest()[:12]
        if event_id in seen:
            continue
        seen.add(event_id)
        actor = [asdict(p) for p in event.actor]
        recipient = [asdict(p) for p in event.recipient]
        rows.append({
            "id": event_id,
            "doc_id": doc_id,
            "event": event.type,
            "mode": event.mode,
            "context": None,
            "actor": json.dumps(actor, ensure_ascii=False),
            "recipient": json.dumps(recipient, ensure_ascii=False),
            "actor_codes": sorted({p.code for p in event.actor if p.code}),
            "recipient_codes": sorted({p.code for p in event.recipient if p.code}),
            "actor_ids": sorted({p.actor_id for p in event.actor if p.actor_id}),
            "recipient_ids": sorted({p.actor_id for p in event.recipient if p.actor_id}),
            "date": event.date or None,
            "enddate": event.enddate or None,
            "date_precision": event.date_precision,
            "date_text": event.date_text,
            "text": text[event.sentence_start : event.sentence_end],
            "start": event.sentence_start,
            "end": event.sentence_end,
            "trigger": event.trigger,
            "lemma": event.lemma,
            "trigger_start": event.start,
            "trigger_end": event.end,
            "modality": event.modality,
            "attributed_to": json.dumps(speaker.to_dict(), ensure_ascii=False) if speaker else None,
            "confidence": event.confidence,
            "derived": event.derived,
            "target_inferred": event.target_inferred,
            "actor_inferred": event.actor_inferred,
            "score": scale.get(event.type),
        })  # fmt: skip
    return rows


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


def label_rows(doc_id: str, labels: list[Label]) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc_id,
            "start": label.start,
            "end": label.end,
            "term": label.term,
            "kind": label.kind,
            "referent": label.referent,
            "loaded_by": label.loaded_by,
            "quoted": label.quoted,
            "event_start": label.event_start,
            "chain": label.chain,
            "date": label.date,
            "name": label.name,
            "types": list(label.types),
        }
        for label in labels
    ]


def stance_rows(doc_id: str, evidence: list[StanceEvidence]) -> list[dict[str, Any]]:
    return [{"doc_id": doc_id, **asdict(item)} for item in evidence]


def prediction_rows(doc_id: str, predictions: list[Prediction], text: str) -> list[dict[str, Any]]:
    rows = []
    for p in predictions:
        about = [
            {"entity_text": m.text, "name": m.name, "actor_id": m.actor_id, "code": m.code}
            | {"start": m.start, "end": m.end}
            for m in p.about
        ]
        rows.append({
            "prediction_id": "p" + hashlib.sha1(f"{doc_id}:{p.start}:{p.end}".encode()).hexdigest()[:12],
            "doc_id": doc_id,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "sentence_start": p.sentence_start,
            "sentence_end": p.sentence_end,
            "sentence": text[p.sentence_start : p.sentence_end],
            "cue": p.cue,
            "verb": p.verb,
            "confidence": p.confidence,
            "negated": p.negated,
            "about": json.dumps(about, ensure_ascii=False),
            "about_ids": list(dict.fromkeys(m.actor_id for m in p.about if m.actor_id)),
            "about_codes": list(dict.fromkeys(m.code for m in p.about if m.code)),
            "predictor": json.dumps(p.predictor.to_dict(), ensure_ascii=False) if p.predictor else None,
            "by_date": p.by,
            "event": p.event.type if p.event else None,
            "event_start": p.event.start if p.event else None,
        })  # fmt: skip
    return rows
