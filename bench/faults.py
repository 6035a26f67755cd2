"""Benchmark: fault injection — killed runs, a full disk, a damaged store and a store in use.

Corpus: the bundled demo corpus (its manifest, `--actors demo/actors.toml`, as `make demo` runs it)
plus, when ../shared/corpus/voa-dev is there, the first VOA_STORIES stories of its JSONL copied into
the temporary corpus, so that a run is long enough to be killed at many moments. One clean
`rashomon analyze` run, exported with `rashomon export`, is the reference. Every comparison exports
a store the same way and compares each JSON-lines file with the reference's, byte for byte after
sorting its lines (so row order does not count, every byte of every row does).

- Kills: KILLS runs, each SIGKILLed (its whole process group) at a moment drawn uniformly between
  0.2 s and the clean run's duration (random.Random(SEED)), then the same analyze re-run to the end.
  A run that ends before its moment is recorded too, and another moment drawn, until KILLS runs were
  killed (at most MAX_TRIALS runs). Goal: every store equal to the clean run's.
- Disk full: the store on a tmpfs too small for it (`mount -t tmpfs -o size=…`; where mounting is
  not permitted, the child runs under RLIMIT_FSIZE with SIGXFSZ ignored, so writes fail with EFBIG):
  exit code, traceback, error line; then the store copied to a roomy folder and the run finished
  there. Goal: one error line, no traceback, and the finished store equal to the clean run's.
- Damaged store: the finished store truncated to half, and separately with 64 KiB in its middle
  overwritten with zeros; every reader command on each (`check --db` is tolerated when absent), then
  analyze on it. Goal: a one-line error, no traceback — or, for a reader that succeeds, the same
  output as on the intact store (export: the reference; the text readers: their output on a copy of
  the undamaged store).
- Served while written: `rashomon serve` runs on a new, empty store while analyze adds the corpus to it.
  Goal: analyze finishes (exit 0; the server reads a snapshot, not the store), the server answers
  throughout, and within a few seconds of the run's end it serves every document.

commands_with_traceback counts every command whose stderr holds a Python traceback (goal 0). As in
bench/hostile.py, every command runs a copy of rashomon/ taken when the bench starts.

Run from the project root:  python bench/faults.py   → bench/results/faults.json   (about 12-15 minutes)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import write_results  # bench/common.py, beside this script
from hostile import (  # bench/hostile.py: the child runner and its measures
    RASHOMON,
    ROOT,
    ChildRun,
    analyze_cmd,
    clip,
    code_snapshot,
    count_documents,
    error_lines,
    kill_group,
    run_child,
)

SEED = 20250306
KILLS = 20
MAX_TRIALS = 30  # a run that ends before its kill moment (runs vary in speed) is recorded, and another drawn
VOA_STORIES = 20
VOA = ROOT.parent / "shared" / "corpus" / "voa-dev" / "voa-dev.jsonl"
DEMO = ROOT / "demo"
READER_TIMEOUT = 120.0
DAMAGE_BYTES = 64 << 10


@dataclass
class Corpus:
    folder: Path
    described: str

    def analyze(self, db: Path) -> list[str]:
        manifest = self.folder / "manifest.jsonl"
        return analyze_cmd([self.folder], db, "--manifest", str(manifest), "--actors", str(DEMO / "actors.toml"))


@dataclass
class Ledger:
    """Every command the bench ran to its end (not the ones it killed on purpose), for the traceback count."""

    commands: list[dict[str, Any]] = field(default_factory=list)

    def run(self, label: str, cmd: list[str], timeout: float, **kwargs: Any) -> ChildRun:
        run = run_child(cmd, timeout, **kwargs)
        if run.stopped != "killed":
            self.commands.append(summary(label, run))
        return run

    def with_traceback(self) -> list[str]:
        return [c["command"] for c in self.commands if c["traceback"]]


def summary(label: str, run: ChildRun) -> dict[str, Any]:
    return {
        "command": label,
        "exit_code": run.exit_code,
        "seconds": round(run.seconds, 1),
        "stopped_by_bench": run.stopped,
        "traceback": run.traceback,
        "traceback_exception": run.traceback_last_line,
        "first_stderr_line": clip(run.first_stderr_line),
        "error_lines": [clip(line) for line in error_lines(run.stderr)],
    }


# --- corpus, reference and comparison --------------------------------------------------------------------


def build_corpus(folder: Path) -> Corpus:
    shutil.copytree(DEMO / "corpus", folder)
    if not VOA.is_file():
        print(f"{VOA} is absent: the demo corpus alone (runs are short, so kills land in fewer moments)")
        return Corpus(folder, "bundled demo corpus")
    with VOA.open(encoding="utf-8") as f:
        stories = list(itertools.islice(f, VOA_STORIES))
    (folder / f"voa-dev-{len(stories)}.jsonl").write_text("".join(stories), encoding="utf-8")
    return Corpus(folder, f"bundled demo corpus + {len(stories)} VOA stories from voa-dev.jsonl")


def cli_export(ledger: Ledger, label: str, db: Path, out: Path) -> dict[str, list[str]] | str:
    """`rashomon export` of the store: each file's lines, sorted; or the error line when it fails."""
    run = ledger.run(label, [str(RASHOMON), "export", "--db", str(db), "--out", str(out)], READER_TIMEOUT)
    if run.exit_code != 0:
        return clip(run.first_stderr_line) or f"exit {run.exit_code}"
    return read_export(out)


def library_export(db: Path, out: Path) -> dict[str, list[str]] | str:
    """The same export as `rashomon export` (the library call it makes), without paying a command's start-up."""
    import rashomon  # from the code snapshot, like the children

    try:
        with rashomon.open(db) as corpus:
            corpus.export(out)
    except Exception as err:  # any failure is a result to record, not a reason to stop the bench
        return clip(f"{type(err).__name__}: {err}")
    return read_export(out)


def read_export(out: Path) -> dict[str, list[str]]:
    exported = {p.name: sorted(p.read_text(encoding="utf-8").splitlines()) for p in sorted(out.glob("*.jsonl"))}
    shutil.rmtree(out)
    return exported


def compare(reference: dict[str, list[str]], got: dict[str, list[str]] | str) -> dict[str, Any]:
    """Equal when every file's sorted lines are byte-equal; else, per file, rows missing and extra."""
    if isinstance(got, str):
        return {"equal": False, "export_failed": got}
    differing = {}
    for name in sorted(set(reference) | set(got)):
        ref, new = Counter(reference.get(name, [])), Counter(got.get(name, []))
        if ref != new:
            differing[name] = {"missing": sum((ref - new).values()), "extra": sum((new - ref).values())}
    return {"equal": not differing, "differing_files": differing}


def peek_documents(db: Path, work: Path) -> int | None:
    """Documents in a killed run's store, counted on a copy (opening it must not change what the re-run finds)."""
    peek = work / "peek"
    peek.mkdir()
    for path in db.parent.glob(db.name + "*"):
        if path.is_file():
            shutil.copy(path, peek / path.name)
    count = count_documents(peek / db.name)
    shutil.rmtree(peek)
    return count


# --- kills --------------------------------------------------------------------------------------------------


def kill_trial(n: int, kill_at: float, corpus: Corpus, ledger: Ledger, reference: dict, work: Path) -> dict[str, Any]:
    folder = work / f"kill-{n:02}"
    folder.mkdir()
    db = folder / "store.duckdb"
    first = ledger.run(f"kill {n}: analyze", corpus.analyze(db), timeout=kill_at + 600, kill_at=kill_at)
    files = sorted(p.name for p in folder.iterdir())
    documents = peek_documents(db, folder)
    rerun = ledger.run(f"kill {n}: re-run analyze", corpus.analyze(db), timeout=600)
    compared = compare(reference, library_export(db, folder / "export"))
    shutil.rmtree(folder)
    return {
        "run": n,
        "kill_at_seconds": round(kill_at, 2),
        "killed": first.stopped == "killed",
        "exit_code_if_not_killed": None if first.stopped == "killed" else first.exit_code,
        "files_after_kill": files,
        "documents_after_kill": documents,
        "rerun": summary("re-run analyze", rerun),
        "equal_to_clean": compared["equal"],
        **{k: v for k, v in compared.items() if k != "equal"},
    }


# --- disk full --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def small_filesystem(folder: Path, size_mb: int) -> Iterator[bool]:
    """A tmpfs of `size_mb` on `folder` while the block runs; False when mounting is not permitted."""
    folder.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        mounted = None
    ok = mounted is not None and mounted.returncode == 0
    try:
        yield ok
    finally:
        if ok and subprocess.run(["umount", str(folder)], capture_output=True, timeout=60).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=60)


def file_size_limit(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def disk_full(corpus: Corpus, ledger: Ledger, reference: dict, size_mb: int, work: Path) -> dict[str, Any]:
    small, roomy = work / "small-fs", work / "roomy"
    roomy.mkdir()
    with small_filesystem(small, size_mb) as mounted:
        db = small / "store.duckdb"
        limit = {} if mounted else {"preexec_fn": file_size_limit(size_mb << 20)}
        full = ledger.run("disk full: analyze", corpus.analyze(db), timeout=600, **limit)
        files = sorted(p.name for p in small.iterdir())
        for path in small.iterdir():
            if path.is_file():
                shutil.copy(path, roomy / path.name)
    rerun = ledger.run("disk full: re-run analyze with space", corpus.analyze(roomy / db.name), timeout=600)
    compared = compare(reference, library_export(roomy / db.name, work / "export"))
    said = error_lines(full.stderr)
    return {
        "how": f"tmpfs of {size_mb} MiB" if mounted else f"RLIMIT_FSIZE {size_mb} MiB, SIGXFSZ ignored",
        "run": summary("analyze on a full disk", full),
        "files_left": files,
        "rerun_with_space": summary("re-run analyze with space", rerun),
        "equal_to_clean": compared["equal"],
        **{k: v for k, v in compared.items() if k != "equal"},
        "goals": {
            "nonzero_exit": full.exit_code != 0,
            "one_error_line": len(said) == 1,
            "no_traceback": not full.traceback and not rerun.traceback,
            "finished_equal_to_clean": compared["equal"],
        },
    }


# --- damaged store ------------------------------------------------------------------------------------------


def truncate_half(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def zero_middle(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(max(0, path.stat().st_size // 2 - DAMAGE_BYTES // 2))
        f.write(b"\0" * DAMAGE_BYTES)


def reader_commands(db: Path, out: Path) -> dict[str, list[str]]:
    store = ["--db", str(db)]
    return {
        "export": ["export", *store, "--out", str(out / "export")],
        "report -o": ["report", *store, "-o", str(out / "report.html")],
        "dyad XVA XMO": ["dyad", "XVA", "XMO", *store],
        "shift XVA XMO": ["shift", "XVA", "XMO", *store],
        "claim-matrix": ["claim-matrix", *store],
        "framing": ["framing", *store],
        "stance": ["stance", *store],
        "predictions": ["predictions", *store],
        "who-quotes-whom": ["who-quotes-whom", *store],
        "check": ["check", *store],
    }


TEXT_READERS = ("dyad XVA XMO", "shift XVA XMO", "claim-matrix", "framing", "stance", "predictions", "who-quotes-whom")


def intact_outputs(clean_db: Path, ledger: Ledger, work: Path) -> dict[str, str]:
    """What each text reader prints on the undamaged store: a reader that succeeds on a damaged store is
    then told right (the damage missed its tables) from silently wrong."""
    folder = work / "intact"
    folder.mkdir()
    db = folder / "store.duckdb"
    shutil.copy(clean_db, db)
    commands = reader_commands(db, folder)
    return {
        label: ledger.run(f"intact: {label}", [str(RASHOMON), *commands[label]], READER_TIMEOUT).stdout.replace(
            str(db), "STORE"
        )
        for label in TEXT_READERS
    }


DAMAGES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "truncated": ("truncated to half", truncate_half),
    "zeroed": ("64 KiB in the middle overwritten with zeros", zero_middle),
}


def damaged_store(
    kind: str, clean_db: Path, corpus: Corpus, ledger: Ledger, reference: dict, intact: dict[str, str], work: Path
) -> dict[str, Any]:
    """Every reader, then analyze, on a copy of the clean store damaged the `kind` way."""
    described, damage = DAMAGES[kind]
    folder = work / f"damaged-{kind}"
    folder.mkdir()
    db = folder / "store.duckdb"
    shutil.copy(clean_db, db)
    damage(db)
    readers = []
    for label, args in reader_commands(db, folder).items():
        run = ledger.run(f"{kind}: {label}", [str(RASHOMON), *args], READER_TIMEOUT)
        row = summary(label, run)
        row["absent"] = label == "check" and "No such command" in run.stderr
        if label in intact and run.exit_code == 0:
            row["stdout_equal_to_intact"] = run.stdout.replace(str(db), "STORE") == intact[label]
        readers.append(row)
    exported = (folder / "export").is_dir() and readers[0]["exit_code"] == 0
    same = compare(reference, read_export(folder / "export"))["equal"] if exported else None
    analyzed = ledger.run(f"{kind}: analyze", corpus.analyze(db), timeout=600)
    return {
        "damage": described,
        "export_equal_to_clean": same,  # when export succeeded: was the damage harmless, or silently wrong?
        "readers": readers,
        "analyze": summary("analyze on the damaged store", analyzed),
        "documents_after_analyze": count_documents(db),
    }


# --- store in use -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def serving(db: Path, port: int, log: Path) -> Iterator[subprocess.Popen]:
    """`rashomon serve` on the store while the block runs; its whole process group is gone afterwards."""
    with log.open("wb") as out:
        cmd = [str(RASHOMON), "serve", "--db", str(db), "--port", str(port)]
        server = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
    try:
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            server.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
        kill_group(server.pid)
        server.wait(timeout=15)


def answers(port: int) -> int | str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents?limit=1", timeout=20) as response:
            return response.status
    except OSError as err:
        return str(err)


def served_documents(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents?limit=1", timeout=20) as response:
            return int(json.load(response)["total"])
    except (OSError, ValueError, KeyError):
        return None


def analyze_while_served(corpus: Corpus, ledger: Ledger, expected: int, work: Path) -> dict[str, Any]:
    folder = work / "served"
    (folder / "empty").mkdir(parents=True)
    db = folder / "store.duckdb"
    ledger.run("served: a new store", analyze_cmd([folder / "empty"], db), timeout=600)
    port = free_port()
    with serving(db, port, folder / "serve.log") as server:
        if not wait_for_port(port, server, timeout=90):
            return {"serve_started": False, "serve_output": clip((folder / "serve.log").read_text(errors="replace"))}
        run = ledger.run("served: analyze while serve runs", corpus.analyze(db), timeout=600)
        ended = time.monotonic()
        served = served_documents(port)
        while served != expected and time.monotonic() - ended < 30:
            time.sleep(0.2)
            served = served_documents(port)
        return {
            "serve_started": True,
            "analyze": summary("analyze while serve runs", run),
            "serve_still_answers": answers(port),
            "documents_served": served,
            "documents_expected": expected,
            "seconds_until_served": round(time.monotonic() - ended, 1),
        }


# --- the bench ---------------------------------------------------------------------------------------------


def main() -> int:
    started = time.perf_counter()
    rng = random.Random(SEED)
    ledger = Ledger()
    with code_snapshot() as code, tempfile.TemporaryDirectory(prefix="rashomon-faults-") as tmp:
        work = Path(tmp)
        corpus = build_corpus(work / "corpus")
        clean_db = work / "clean" / "store.duckdb"
        clean_db.parent.mkdir()
        clean = ledger.run("clean: analyze", corpus.analyze(clean_db), timeout=900)
        reference = cli_export(ledger, "clean: export", clean_db, work / "clean" / "export")
        if clean.exit_code not in (0, 1) or isinstance(reference, str):
            print(f"the clean run failed (exit {clean.exit_code}): {clean.first_stderr_line} / {reference}")
            return 1
        print(f"{corpus.described}: clean run {clean.seconds:.1f} s, {len(reference['documents.jsonl'])} documents")
        trials: list[dict[str, Any]] = []
        while sum(t["killed"] for t in trials) < KILLS and len(trials) < MAX_TRIALS:
            n = len(trials) + 1
            trial = kill_trial(n, rng.uniform(0.2, clean.seconds), corpus, ledger, reference, work)
            trials.append(trial)
            what = f"{trial['documents_after_kill']} documents kept" if trial["killed"] else "finished before it"
            print(
                f"kill {n:2} at {trial['kill_at_seconds']:5.1f} s: {what},"
                f" re-run exit {trial['rerun']['exit_code']}, {'equal' if trial['equal_to_clean'] else 'DIFFERENT'}"
            )
        size_mb = max(1, min(8, clean_db.stat().st_size // 2 >> 20))
        full = disk_full(corpus, ledger, reference, size_mb, work)
        print(f"disk full ({full['how']}): exit {full['run']['exit_code']}, {full['run']['first_stderr_line']}")
        clean_files = sorted(p.name for p in clean_db.parent.iterdir())
        intact = intact_outputs(clean_db, ledger, work)
        damaged = [damaged_store(kind, clean_db, corpus, ledger, reference, intact, work) for kind in DAMAGES]
        in_use = analyze_while_served(corpus, ledger, len(reference["documents.jsonl"]), work)
    kills = sum(t["killed"] for t in trials)
    results = {
        "date": dt.date.today().isoformat(),
        "code": code,
        "corpus": corpus.described,
        "comparison": "each exported JSON-lines file byte-equal to the clean run's after sorting its lines",
        "seed": SEED,
        "clean_seconds": round(clean.seconds, 1),
        "clean_documents": len(reference["documents.jsonl"]),
        "clean_store_files": clean_files,
        "kills": kills,
        "kill_runs": len(trials),
        "stores_equal_to_clean": sum(t["equal_to_clean"] for t in trials),
        "commands_run": len(ledger.commands),
        "commands_with_traceback": len(ledger.with_traceback()),
        "traceback_in": ledger.with_traceback(),
        "goals": {
            "stores_equal_to_clean": f"{sum(t['equal_to_clean'] for t in trials)}/{len(trials)} (goal: all)",
            "killed_runs_equal_to_clean": f"{sum(t['equal_to_clean'] for t in trials if t['killed'])}/{kills}",
            "commands_with_traceback": f"{len(ledger.with_traceback())} (goal 0)",
            "disk_full": full["goals"],
            "analyze_while_served": f"exit {in_use.get('analyze', {}).get('exit_code')}, "
            f"{in_use.get('documents_served')}/{in_use.get('documents_expected')} documents served "
            f"{in_use.get('seconds_until_served')} s after (goal: exit 0, all)",
        },
        "seconds": round(time.perf_counter() - started),
        "kill_runs_detail": trials,
        "disk_full": full,
        "damaged_store": damaged,
        "analyze_while_served": in_use,
    }
    print_summary(results)
    write_results("faults", results)
    return 0


def print_summary(results: dict[str, Any]) -> None:
    print(
        f"\nkills {results['kills']}/{results['kill_runs']}, stores equal to clean {results['stores_equal_to_clean']}"
    )
    full = results["disk_full"]
    said = full["run"]["error_lines"] or full["run"]["first_stderr_line"]
    print(f"disk full: {said}; finished equal: {full['equal_to_clean']}")
    for damaged in results["damaged_store"]:
        print(f"damaged store, {damaged['damage']}:")
        for row in [*damaged["readers"], damaged["analyze"]]:
            tb = "TRACEBACK " if row["traceback"] else ""
            same = {True: "(output as on the intact store)", False: "(output DIFFERS from the intact store's)"}
            said = row["first_stderr_line"] or same.get(row.get("stdout_equal_to_intact"), "")
            print(f"  {row['command']:28} exit {row['exit_code']:3}  {tb}{said}")
    print(f"analyze while served: {results['goals']['analyze_while_served']}")
    print(f"commands with a traceback: {results['commands_with_traceback']} of {results['commands_run']}")


if __name__ == "__main__":
    sys.exit(main())
