"""`export`: the store as the data contract's JSON-lines files (the README's "Data contract")."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.predictions import predictions
from rashomon.analysis.stance import stance
from rashomon.settings import Settings, load_settings
from rashomon.store import schema
from rashomon.store.database import Store, store_errors
from rashomon.store.reading.framing import document_terms
from rashomon.views.output import staged_output

# Record tables exported row for row, each into the file named after it (the README's "Data contract").
RECORD_FILES = ("mentions", "timex")
SPEAKER_FIELDS = ("text", "name", "actor_id", "code", "sector", "kind", "start", "end")


def export(store: Store, out: Path | str, settings: Settings | None = None) -> dict[str, int]:
    """Write one JSON-lines file per record type into `out`; returns lines written per file. The files
    appear together once all are written (rashomon.views.output); a store that fails while being read
    raises StoreError, a folder that cannot take the files OutputError. `settings`: the thresholds of
    the claim matrix and of stance (default: the bundled ones)."""
    with store_errors(store.path), staged_output(Path(out)) as folder:
        return _write_all(store, folder, settings or load_settings())


def _write_all(store: Store, out: Path, settings: Settings) -> dict[str, int]:
    written: dict[str, int] = {}
    written["documents.jsonl"] = _write_jsonl(out / "documents.jsonl", store.documents())
    for table in RECORD_FILES:
        written[f"{table}.jsonl"] = _write_jsonl(out / f"{table}.jsonl", store.records(table))
    written["quotes.jsonl"] = _write_jsonl(out / "quotes.jsonl", quotes(store))
    written["citations.jsonl"] = _write_jsonl(out / "citations.jsonl", store.records("citations"))
    written["terms.jsonl"] = _write_jsonl(out / "terms.jsonl", document_terms(store))
    written["events.jsonl"] = _write_jsonl(out / "events.jsonl", events(store))
    written["claims.jsonl"] = _write_jsonl(out / "claims.jsonl", claims(store))
    written["claim_links.jsonl"] = _write_jsonl(out / "claim_links.jsonl", store.records("claim_links"))
    written["claim_matrix.jsonl"] = _write_jsonl(out / "claim_matrix.jsonl", claim_matrix(store, settings))
    written["stance.jsonl"] = _write_jsonl(out / "stance.jsonl", stance_rows(store, settings))
    written["predictions.jsonl"] = _write_jsonl(out / "predictions.jsonl", predictions(store))
    for table in exported_tables():  # an annotator's own table, exported row for row
        written[table.file] = _write_jsonl(out / table.file, store.records(table.name))  # type: ignore[operator]
    return written


def exported_tables() -> list[schema.Table]:
    """Declared tables that name their own export file (those above have theirs written by a view)."""
    return [t for t in schema.tables() if t.file]


def stance_rows(store: Store, settings: Settings) -> list[dict[str, Any]]:
    """Document rows, then outlet rows, as stance.jsonl has them."""
    return stance(store, "document", settings=settings) + stance(store, "outlet", settings=settings)


def quotes(store: Store) -> Iterator[dict[str, Any]]:
    """Quotations with their speaker as one object (null when nobody could be named). The speaker has
    the shape of an event's actor: `entity_text` is the speaker as written, as in events.jsonl."""
    for row in store.records("quotes"):
        speaker = {key: row.pop(f"speaker_{key}") for key in SPEAKER_FIELDS}
        speaker["entity_text"] = speaker["text"]
        row["speaker"] = speaker if speaker["text"] is not None else None
        yield row


def events(store: Store, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Events as PLOVER JSON, extended (the README's "Data contract"): `text` is the sentence,
    `text_info` its offsets; with `limit`, one page of them."""
    for row in store.records("events", limit, offset):
        yield {
            "id": row["id"],
            "doc_id": row["doc_id"],
            "event": row["event"],
            "mode": row["mode"],
            "context": row["context"],
            "actor": json.loads(row["actor"]),
            "recipient": json.loads(row["recipient"]),
            "date": row["date"],
            "enddate": row["enddate"],
            "date_precision": row["date_precision"],
            "date_text": row["date_text"],
            "text": row["text"],
            "text_info": {"start": row["start"], "end": row["end"]},
            "trigger": {"text": row["trigger"], "start": row["trigger_start"], "end": row["trigger_end"]},
            "modality": row["modality"],
            "attributed_to": json.loads(row["attributed_to"]) if row["attributed_to"] else None,
            "confidence": row["confidence"],
            "derived": row["derived"],
            "target_inferred": bool(row["target_inferred"]),
            "actor_inferred": bool(row["actor_inferred"]),
            "score": row["score"],
            "cluster_id": row["cluster_id"],
            # what other annotators add to an event ("location"), as declared with schema.extend
            **{column.name: row[column.name] for column in schema.table("events").extra},
        }


def claims(store: Store) -> Iterator[dict[str, Any]]:
    """Quantitative claims (the README's "Data contract"): `text` is the sentence; `start`/`end` the number phrase."""
    for row in store.records("claims"):
        row["attributed_to"] = json.loads(row["attributed_to"]) if row["attributed_to"] else None
        yield row


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
