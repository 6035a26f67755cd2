"""The event annotator: PLOVER events with their actors, targets, dates and modality."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from rashomon.annotate.events.finder import Event, EventFinder
from rashomon.annotate.events.veto import load_event_veto
from rashomon.annotate.options import VETO_MODES
from rashomon.annotate.registry import Built, Records, component
from rashomon.document import Document


@component(
    "events",
    requires=("mentions", "timex", "quotes"),
    tables=("events",),
    data=("rashomon.annotate:data/plover.toml", "rashomon.annotate:data/event_veto.json"),
    settings="annotate.events",
)
def events(shared: Any) -> Built:
    # the learned veto: "score" sets each event's confidence to its probability, "drop" also drops the
    # events that happened and score under its threshold, "off" leaves both alone
    mode = shared.options.event_veto
    if mode not in VETO_MODES:
        raise ValueError(f"event veto must be one of {', '.join(VETO_MODES)}, not {mode!r}")
    lexicon = shared.event_lexicon
    veto = load_event_veto(lexicon, drop=mode == "drop") if mode != "off" else None
    states = frozenset(a.code for a in shared.dictionary.actors.values() if a.kind == "country" and a.code)
    finder = EventFinder(lexicon, veto=veto, sector_nouns=shared.dictionary.sector_nouns, countries=states,
                         settings=shared.settings["annotate.events"])  # fmt: skip

    def find(doc: Any, document: Document, found: Any) -> list[Event]:
        return finder(doc, found["mentions"], found["timex"], found["quotes"].quotes, document.published)

    def rows(found: list[Event], document: Document, records: Records) -> None:
        records["events"] = event_rows(document.doc_id, found, document.text, lexicon.scale)

    digest = f"{lexicon.digest}:{veto.digest if veto is not None else 'no-veto'}:{mode}"
    return Built(find, rows, digest, finder)


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
