"""What every benchmark shares: where the public data is, the dev/held-out split, the results file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

BENCH_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench-data"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SCORE = BENCH_DATA.parent / "eval" / "score.py"  # the shared scorer of an export against a gold file


def half_of(key: str) -> str:
    """The half a benchmark item belongs to: tune on "dev", quote "held-out" (sha1 of its id, 0-7 → dev)."""
    return "dev" if hashlib.sha1(key.encode("utf-8")).hexdigest()[0] in "01234567" else "held-out"


def add_counts(total: Any, other: Any) -> None:
    """Add each counter field of the dataclass `other` into `total` (tallies summed over files)."""
    for f in fields(total):
        setattr(total, f.name, getattr(total, f.name) + getattr(other, f.name))


def write_results(name: str, results: dict[str, Any]) -> Path:
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return path


def score_export(export_dir: Path, gold: Path) -> dict[str, Any]:
    """`../shared/eval/score.py EXPORT GOLD --json`: its `metrics` and `misses`."""
    done = subprocess.run(
        [sys.executable, str(SCORE), str(export_dir), str(gold), "--json"], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"score.py failed: {done.stderr.strip()}")
    return json.loads(done.stdout)
