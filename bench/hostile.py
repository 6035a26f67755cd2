"""Benchmark: hostile inputs — what `rashomon analyze` does with bombs, huge articles and odd file trees.

Each case is a folder holding hostile input beside one good article (`z-good-article.txt`, named so
that it is read after the hostile file). The bench runs `.venv/bin/rashomon analyze FOLDER --db STORE
-q` as a child process and measures:

- peak_rss_mb: the child's peak resident memory (ru_maxrss from os.wait4 on that very child);
- seconds, exit_code, and `stopped` when the bench had to kill it (time limit, or the memory cap that
  keeps the machine usable: a child past 6 GB is killed, and then fails the memory goal anyway);
- traceback: whether stderr holds "Traceback (most recent call last)";
- error_lines: the stderr lines starting with `error:`; longest_line: the longest stderr line, split
  at \\n and \\r as a terminal shows it;
- good_stored: the good article is in the store (opened read-only with duckdb), and in the CSV case
  every good row after the 200,000-character cell as well.

Goals per case: peak < 1.5 GB; no traceback; exactly one `error:` line naming each hostile file (a
file that may also be analysed — large articles under the 20 MB limit, the CSV's big cell, the
newline name — passes by being stored with no error line instead; a directory symlink loop passes
with no line or one line); longest line < 1000 characters; good article stored. The summary counts
the hostile cases meeting all goals; a control case (the good article alone) gives the baseline.

The inputs are made in a temporary folder and deleted after each case; the gzip bombs are streamed
through zlib in 16 MiB chunks, so a 4 GiB bomb needs no 4 GiB of memory to make. The children run
a copy of rashomon/ taken when the bench starts (`code_snapshot`): the package may be edited while
a bench runs, and one run measures one version of it (its hash is in the results).

Run from the project root:  python bench/hostile.py   → bench/results/hostile.json   (about 5-13 minutes)
One or a few cases, nothing written:  python bench/hostile.py control bomb.txt.gz
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from common import write_results  # bench/common.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
RASHOMON = ROOT / ".venv" / "bin" / "rashomon"
TRACEBACK = "Traceback (most recent call last)"
PROGRESS = re.compile(r"\d+%\|")  # a tqdm progress bar

GOAL_PEAK_MB = 1500
GOAL_LONGEST_LINE = 1000
MEMORY_CAP_MB = 6000  # the bench kills a child past this: the machine is shared
CASE_TIMEOUT = 300.0  # seconds per case
BUDGET = 13 * 60.0  # seconds for all cases; later cases get what is left (at least MIN_TIMEOUT)
MIN_TIMEOUT = 45.0
OUTPUT_LIMIT = 16 << 20  # bytes of a child's stdout/stderr kept for analysis
CHUNK = 16 << 20
GiB = 1 << 30

GOOD_NAME = "z-good-article.txt"
GOOD_ARTICLE = """\
Valdoria and Morvenia agree to reopen the Saltmere crossing

PORT AVERIN — Valdoria and Morvenia agreed on Tuesday to reopen the Saltmere border crossing to
commercial traffic, ending a three-week closure that had left hundreds of lorries stranded on both
sides of the frontier.

The agreement was announced after two days of talks in Port Averin between the two countries'
foreign ministers, Ilse Marren of Valdoria and Tomas Ekvall of Morvenia. "Trade between our peoples
should never be held hostage to a quarrel between governments," Ekvall told reporters after the talks.

Under the deal, customs officers from both countries will inspect cargo together at a joint post,
and a hotline between the two interior ministries will be set up before the end of the month.

Marren said Valdoria would lift the fishing restrictions it imposed in February once the crossing had
been open for thirty days without incident. Morvenian hauliers welcomed the news but warned that the
backlog would take at least a week to clear.

The crossing was closed on March 3 after a dispute over the seizure of a Morvenian cargo ship in the
Saltmere strait.
"""

STATES = ["Valdoria", "Morvenia", "Harnvik", "Velgrad", "Ostrelia", "Kaskar", "Lunmark", "Tervania"]
CAPITALS = ["Port Averin", "Harnvik", "Velgrad", "Ostra", "Kaskarov", "Lunby", "Terv", "Saltmere"]
OFFICIALS = ["The foreign minister", "A government spokeswoman", "The defence minister", "The prime minister"]
TOPICS = ["fishing rights", "the pipeline tariff", "the border survey", "grain exports", "the river treaty"]
ORGS = ["United Nations", "regional security council", "Red Cross", "coastal trade union", "World Bank"]
GOODS = ["grain", "fuel", "medicine", "fertiliser", "timber", "machine parts"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October"]
TEMPLATES = [
    "{official} of {state} said on {day} that talks with {state2} over {topic} would resume next week.",
    "Officials in {capital} accused {state2} of blocking shipments of {goods} through the Saltmere strait.",
    "The {org} called on both governments to show restraint after {num} people were hurt near {capital}.",
    "{state} has sent {num} more border guards to its frontier with {state2}, the defence ministry said.",
    "Analysts in {capital} said the quarrel over {topic} had grown sharper since the elections in {month}.",
    "A spokesman for the {state} foreign ministry called the proposal “a serious step toward lasting peace.”",
    "Prices of {goods} in {capital} have risen by {num} percent since the crossing closed in {month}.",
    "{state2} denied the report, saying its ships had stayed in international waters throughout {month}.",
    "Farmers near {capital} said they had not been able to sell their {goods} for {num} days.",
    "The {org} said it would send observers to {capital} before the end of {month}.",
    "{official} of {state2} is expected to visit {capital} on {day} to discuss {topic}.",
    "Opposition leaders in {state} criticised the government's handling of {topic}, calling it reckless.",
    "Trade between {state} and {state2} fell by {num} percent last year, according to customs figures.",
    "Residents of {capital} queued for hours on {day} as deliveries of {goods} ran short.",
    "The two governments signed a memorandum on {topic} in {month}, but neither has ratified it.",
    "“We will not be intimidated,” {official_lower} of {state} told parliament on {day}.",
]


# --- the code under test --------------------------------------------------------------------------------


@contextlib.contextmanager
def code_snapshot() -> Iterator[dict[str, str]]:
    """Run the children (and this process's own imports) on a copy of rashomon/ taken now, put first on
    PYTHONPATH: the package is edited while benches run, and one bench run must measure one version of it.
    Yields the version: the git commit and a hash of the copied files (the working tree may differ from it)."""
    with tempfile.TemporaryDirectory(prefix="rashomon-code-") as tmp:
        copy = Path(tmp) / "rashomon"
        shutil.copytree(ROOT / "rashomon", copy, ignore=shutil.ignore_patterns("__pycache__"))
        digest = hashlib.sha1()
        for path in sorted(p for p in copy.rglob("*") if p.is_file()):
            digest.update(path.relative_to(copy).as_posix().encode() + b"\0" + path.read_bytes())
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join([tmp, before] if before else [tmp])
        sys.path.insert(0, tmp)
        try:
            yield {"git_head": git_head(), "rashomon_files_sha1": digest.hexdigest()[:12]}
        finally:
            sys.path.remove(tmp)
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before


def git_head() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.decode().strip() or "unknown"


# --- running a child and measuring it --------------------------------------------------------------


@dataclass
class ChildRun:
    """One finished child process: how it ended and what it printed (each stream cut at OUTPUT_LIMIT)."""

    exit_code: int  # negative: the signal that ended it
    seconds: float
    peak_rss_mb: float
    stopped: str | None  # "killed" (kill_at), "timeout" or "memory cap" when the bench ended it
    stdout: str
    stderr: str

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.stderr

    @property
    def first_stderr_line(self) -> str:
        """The first stderr line that is not a progress bar (the model loader's `Loading weights: 40%|…`)."""
        return next((line for line in screen_lines(self.stderr) if line.strip() and not PROGRESS.search(line)), "")

    @property
    def traceback_last_line(self) -> str | None:
        """The exception line closing the first traceback (what an engineer greps for)."""
        if not self.traceback:
            return None
        after = self.stderr.split(TRACEBACK, 1)[1].splitlines()[1:]  # [0] is the header's closing ":"
        exc = [line for line in after if line and not line.startswith((" ", "\t"))]
        return clip(exc[0]) if exc else None


def run_child(
    cmd: list[str],
    timeout: float,
    kill_at: float | None = None,
    memory_cap_mb: float = MEMORY_CAP_MB,
    preexec_fn: Callable[[], None] | None = None,
) -> ChildRun:
    """Run `cmd` in its own session, polling it; SIGKILL its whole group at `kill_at` seconds, on timeout or
    past the memory cap. Every process of the group is gone when this returns."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
        stopped, status, usage = None, None, None
        try:
            while status is None:
                pid, wait_status, wait_usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    status, usage = wait_status, wait_usage
                    break
                elapsed = time.perf_counter() - start
                if kill_at is not None and elapsed >= kill_at:
                    stopped = "killed"
                elif elapsed >= timeout:
                    stopped = "timeout"
                elif rss_mb(proc.pid) > memory_cap_mb:
                    stopped = "memory cap"
                if stopped:
                    kill_group(proc.pid)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
        finally:
            kill_group(proc.pid)  # what the child left behind in its session, or the child if we are interrupted
            if status is None:
                _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait for it
        return ChildRun(
            exit_code=proc.returncode,
            seconds=seconds,
            peak_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
            stopped=stopped,
            stdout=read_start(out),
            stderr=read_start(err),
        )


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(pgid, signal.SIGKILL)


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def read_start(f: Any) -> str:
    f.seek(0)
    return f.read(OUTPUT_LIMIT).decode("utf-8", "replace")


def screen_lines(text: str) -> list[str]:
    """Lines as a terminal shows them: a progress bar's \\r starts a new one."""
    return re.split(r"\r\n|\r|\n", text)


def error_lines(text: str) -> list[str]:
    return [line for line in screen_lines(text) if line.lstrip().startswith("error:")]


def clip(line: str, limit: int = 400) -> str:
    return line if len(line) <= limit else f"{line[:limit]}… ({len(line)} chars)"


def analyze_cmd(paths: list[Path], db: Path, *extra: str) -> list[str]:
    return [str(RASHOMON), "analyze", *map(str, paths), "--db", str(db), "-q", *extra]


def count_documents(db: Path, where: str = "true", params: Iterable[Any] = ()) -> int | None:
    """Documents in the store matching `where` (SQL over `documents`); None when it cannot be opened."""
    if not db.exists():
        return 0
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(f"SELECT count(*) FROM documents WHERE {where}", list(params)).fetchone()[0]
    except duckdb.Error:
        return None


# --- making hostile inputs ----------------------------------------------------------------------------


def prose(size: int, seed: int, paragraphs: bool = True) -> str:
    """Real-looking news prose about invented states: whole paragraphs, as many as fit in `size` characters
    (a "1 MB article" stays under the 1,000,000-character limit rather than just over it)."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while True:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            official = rng.choice(OFFICIALS)
            state, state2 = rng.sample(STATES, 2)
            sentences.append(
                rng.choice(TEMPLATES).format(
                    official=official,
                    official_lower=official[0].lower() + official[1:],
                    state=state,
                    state2=state2,
                    capital=rng.choice(CAPITALS),
                    topic=rng.choice(TOPICS),
                    org=rng.choice(ORGS),
                    goods=rng.choice(GOODS),
                    day=rng.choice(DAYS),
                    month=rng.choice(MONTHS),
                    num=rng.randint(2, 900),
                )
            )
        paragraph = " ".join(sentences)
        if parts and length + 2 + len(paragraph) > size:
            break
        length += (2 if parts else 0) + len(paragraph)
        parts.append(paragraph)
    return ("\n\n" if paragraphs else " ").join(parts)


def repeated(byte: bytes, total: int) -> Iterator[bytes]:
    block = byte * CHUNK
    for start in range(0, total, CHUNK):
        yield block[: min(CHUNK, total - start)]


def write_gzip(path: Path, parts: Iterable[bytes]) -> None:
    """A gzip file streamed from `parts`: never more than one chunk in memory."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: gzip container
    with path.open("wb") as f:
        for part in parts:
            f.write(compressor.compress(part))
        f.write(compressor.flush())


def article_row(text: str, n: int) -> dict[str, str]:
    return {
        "title": f"Story {n}: talks over the Saltmere crossing",
        "text": text,
        "url": f"https://hostile.example/news/{n}",
        "outlet": "Hostile Gazette",
        "published": "2025-03-04",
    }


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


CSV_MARKERS = ["Oberlin", "Castellan", "Marwick", "Tessaly", "Brannock"]


def csv_good_row(n: int, marker: str) -> dict[str, str]:
    lead = f"The harbour master of Port Averin, Anna {marker}, said on Monday that the ferries would sail again."
    return article_row(f"{lead}\n\n{prose(1500, seed=100 + n)}", n)


def build_symlink_loops(folder: Path) -> None:
    (folder / "self").symlink_to("self")
    (folder / "a").mkdir()
    (folder / "a" / "b").symlink_to("..")


@dataclass
class Case:
    """A hostile input: `build` writes it into the case folder beside the good article."""

    name: str
    what: str
    build: Callable[[Path], None]
    bad: list[tuple[str, ...]]  # per hostile entry: the substrings a line naming it must hold
    may_store: bool = False  # analysing the hostile file (storing it, no error line) also meets the goal
    optional: set[str] = field(default_factory=set)  # entries that may also pass silently (a dir link not followed)
    good_rows: list[str] = field(default_factory=list)  # markers of CSV rows that must all be stored


def cases() -> list[Case]:
    def text(name: str, body: Callable[[], str]) -> Callable[[Path], None]:
        return lambda folder: (folder / name).write_text(body(), encoding="utf-8")

    def zeros_gz(name: str, size: int) -> Callable[[Path], None]:
        return lambda folder: write_gzip(folder / name, repeated(b"\0", size))

    def one_record_jsonl(folder: Path) -> None:
        line = json.dumps(article_row(prose(3_000_000, seed=3), 1), ensure_ascii=False)
        (folder / "one-record-3mb.jsonl").write_text(line + "\n", encoding="utf-8")

    def line_3gib(folder: Path) -> None:
        head = b'{"title": "An endless line", "outlet": "Hostile Gazette", "text": "'
        write_gzip(folder / "line-3gib.jsonl.gz", [head, *repeated(b"a", 3 * GiB), b'"}\n'])

    def cell_200k(folder: Path) -> None:
        rows = [article_row(prose(200_000, seed=4), 0)]
        rows += [csv_good_row(n, marker) for n, marker in enumerate(CSV_MARKERS, start=1)]
        write_csv(folder / "cell-200k.csv", rows)

    bomb = 2 * GiB
    return [
        Case("control", "the good article alone (baseline)", lambda folder: None, bad=[]),
        Case(
            "prose-1mb.txt",
            "1 MB .txt article in paragraphs (under --max-chars: parsed in pieces)",
            text("prose-1mb.txt", lambda: prose(1_000_000, 6)),
            bad=[("prose-1mb.txt",)],
            may_store=True,
        ),
        Case(
            "prose-2mb.txt",
            "2 MB .txt article in paragraphs",
            text("prose-2mb.txt", lambda: prose(2_000_000, 1)),
            bad=[("prose-2mb.txt",)],
            may_store=True,
        ),
        Case(
            "single-line-5mb.txt",
            "5 MB .txt on one line",
            text("single-line-5mb.txt", lambda: prose(5_000_000, 2, paragraphs=False)),
            bad=[("single-line-5mb.txt",)],
            may_store=True,
        ),
        Case(
            "one-record-3mb.jsonl",
            "JSONL, one 3 MB record",
            one_record_jsonl,
            bad=[("one-record-3mb.jsonl",)],
            may_store=True,
        ),
        Case(
            "one-cell-3mb.csv",
            "CSV, one 3 MB cell",
            lambda folder: write_csv(folder / "one-cell-3mb.csv", [article_row(prose(3_000_000, seed=5), 1)]),
            bad=[("one-cell-3mb.csv",)],
            may_store=True,
        ),
        Case("line-3gib.jsonl.gz", "~3 MB .jsonl.gz holding one 3 GiB line", line_3gib, bad=[("line-3gib.jsonl.gz",)]),
        Case(
            "zeros-4gib.warc.gz",
            "~4 MB .warc.gz of 4 GiB of zeros",
            zeros_gz("zeros-4gib.warc.gz", 4 * GiB),
            bad=[("zeros-4gib.warc.gz",)],
        ),
        *[
            Case(f"bomb{ext}", f"gzip bomb {ext}: 2 GiB of zeros", zeros_gz(f"bomb{ext}", bomb), bad=[(f"bomb{ext}",)])
            for ext in (".json.gz", ".csv.gz", ".txt.gz", ".html.gz")
        ],
        Case(
            "cell-200k.csv",
            "CSV: a 200,000-character cell, then 5 good rows",
            cell_200k,
            bad=[("cell-200k.csv",)],
            may_store=True,
            good_rows=CSV_MARKERS,
        ),
        Case(
            "symlink-loops",
            "`self -> self` and `a/b -> ..`",
            build_symlink_loops,
            bad=[("self",), ("a/b",)],
            optional={"a/b"},
        ),
        Case(
            "newline-name",
            "a file named 'bad\\nname.txt' (an article)",
            text("bad\nname.txt", lambda: prose(3000, seed=6)),
            bad=[("bad", "name.txt")],
            may_store=True,
        ),
    ]


# --- one case -------------------------------------------------------------------------------------------


def run_case(case: Case, work: Path, timeout: float) -> dict[str, Any]:
    folder = work / "input"
    folder.mkdir()
    (folder / GOOD_NAME).write_text(GOOD_ARTICLE, encoding="utf-8")
    made = time.perf_counter()
    case.build(folder)
    build_seconds = time.perf_counter() - made
    input_bytes = sum(p.lstat().st_size for p in folder.rglob("*"))
    db = work / "store.duckdb"
    run = run_child(analyze_cmd([folder], db), timeout=timeout)
    errors = error_lines(run.stderr)
    good = count_documents(db, "ends_with(source, ?)", [GOOD_NAME])
    rows = [count_documents(db, "contains(text, ?)", [marker]) for marker in case.good_rows]
    stored_bad = [count_documents(db, "contains(source, ?)", [entry[-1]]) for entry in case.bad]
    good_ok = bool(good) and all(rows)
    goals = {
        "peak": run.peak_rss_mb < GOAL_PEAK_MB,
        "no_traceback": not run.traceback,
        "error_line": error_line_goal(case, errors, stored_bad),
        "longest_line": longest(run.stderr) < GOAL_LONGEST_LINE,
        "good_stored": good_ok,
    }
    return {
        "case": case.name,
        "input": case.what,
        "input_bytes_on_disk": input_bytes,
        "build_seconds": round(build_seconds, 1),
        "peak_rss_mb": round(run.peak_rss_mb),
        "seconds": round(run.seconds, 1),
        "exit_code": run.exit_code,
        "stopped_by_bench": run.stopped,
        "traceback": run.traceback,
        "traceback_exception": run.traceback_last_line,
        "error_lines": [clip(line) for line in errors],
        "longest_line": longest(run.stderr),
        "stderr_bytes": len(run.stderr.encode()),
        "stdout_longest_line": longest(run.stdout),
        "good_stored": good_ok,
        "good_article_stored": good,
        "good_rows_stored": f"{sum(bool(r) for r in rows)}/{len(rows)}" if rows else None,
        "hostile_documents_stored": stored_bad,
        "goals": goals,
        "meets_goals": all(goals.values()),
    }


def error_line_goal(case: Case, errors: list[str], stored_bad: list[int | None]) -> bool:
    """Each hostile entry is named by exactly one error line (or stored / optional: none), and no other
    error line is printed."""
    named_any = 0
    for entry, stored in zip(case.bad, stored_bad, strict=True):
        naming = [line for line in errors if all(part in line for part in entry)]
        named_any += len(naming)
        silent_ok = (case.may_store and bool(stored)) or entry[-1] in case.optional
        if len(naming) > 1 or (not naming and not silent_ok):
            return False
    return named_any == len(errors)


def longest(text: str) -> int:
    return max((len(line) for line in screen_lines(text)), default=0)


# --- the bench --------------------------------------------------------------------------------------------


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'case':22} {'peak MB':>7} {'s':>6} {'exit':>4} {'tb':>3} {'errs':>4} {'longest':>8} {'good':>5}  goals")
    for r in rows:
        failed = ",".join(k for k, v in r["goals"].items() if not v)
        verdict = "ok" if r["meets_goals"] else f"FAIL {failed}"
        if r["stopped_by_bench"]:
            verdict += f" ({r['stopped_by_bench']})"
        traceback = "yes" if r["traceback"] else "-"
        good = "yes" if r["good_stored"] else "NO"
        print(
            f"{r['case']:22} {r['peak_rss_mb']:7} {r['seconds']:6} {r['exit_code']:4} {traceback:>3}"
            f" {len(r['error_lines']):4} {r['longest_line']:8} {good:>5}  {verdict}"
        )
        for line in r["error_lines"]:
            print(f"    {line}")
        if r["traceback_exception"]:
            print(f"    traceback: {r['traceback_exception']}")


def main(only: list[str]) -> int:
    """Run every case (or only the named ones: then nothing is written)."""
    started = time.perf_counter()
    rows = []
    with code_snapshot() as code:
        for case in [c for c in cases() if not only or c.name in only]:
            left = BUDGET - (time.perf_counter() - started)
            timeout = max(MIN_TIMEOUT, min(CASE_TIMEOUT, left))
            with tempfile.TemporaryDirectory(prefix="rashomon-hostile-") as tmp:
                row = run_case(case, Path(tmp), timeout)
            rows.append(row)
            verdict = "ok" if row["meets_goals"] else "FAIL"
            print(f"{case.name}: {row['seconds']} s, peak {row['peak_rss_mb']} MB, {verdict}")
    hostile = [r for r in rows if r["case"] != "control"]
    met = sum(r["meets_goals"] for r in hostile)
    results = {
        "date": dt.date.today().isoformat(),
        "code": code,
        "command": "rashomon analyze CASE-FOLDER --db STORE -q",
        "goals": {
            "peak_rss_mb_below": GOAL_PEAK_MB,
            "traceback": False,
            "error_lines": "exactly one naming each hostile file (or it is stored with none)",
            "longest_line_below": GOAL_LONGEST_LINE,
            "good_article_stored": True,
        },
        "limits": {"memory_cap_mb": MEMORY_CAP_MB, "case_timeout_seconds": CASE_TIMEOUT},
        "cases_meeting_all_goals": f"{met}/{len(hostile)}",
        "baseline_peak_rss_mb": next((r["peak_rss_mb"] for r in rows if r["case"] == "control"), None),
        "seconds": round(time.perf_counter() - started),
        "cases": rows,
    }
    print_table(rows)
    print(f"hostile cases meeting all goals: {met}/{len(hostile)}  ({results['seconds']} s)")
    if not only:
        write_results("hostile", results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
