"""Benchmark: how long the `rashomon` command takes to answer `--help`, `--version` and a command's help.

The command imports spaCy, torch, DuckDB and FastAPI only in the commands that use them, so that asking
it what it can do answers at once; the goal is under 0.5 s. Each invocation runs as a new process, nine
times; the median counts (the first runs also warm the file cache).

Run from the project root:  python bench/cli_startup.py   → bench/results/cli_startup.json
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import write_results  # bench/common.py, beside this script

RASHOMON = Path(sys.executable).parent / "rashomon"
INVOCATIONS = (["--help"], ["--version"], ["shift", "--help"], ["analyze", "--help"])
RUNS = 9


def seconds(arguments: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([RASHOMON, *arguments], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    measured = {" ".join(arguments): round(seconds(arguments), 3) for arguments in INVOCATIONS}
    for invocation, median in measured.items():
        print(f"rashomon {invocation:16s} {median:.3f} s")
    results = {"date": dt.date.today().isoformat(), "runs": RUNS, "median_seconds": measured, "goal_seconds": 0.5}
    write_results("cli_startup", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
