"""Faults around the store: damage, another process holding it, a full disk, a run stopped while
linking. Each ends in one line and a store that is whole, or says it is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.store.check import check_store
from rashomon.store.database import Store
from tests.conftest import article


def small_story(corpus: Path) -> None:
    for topic in ("Alpha", "Beta"):
        (corpus / f"{topic.lower()}.txt").write_text(f"Headline {topic}\n\n{article(topic)}")


def damage(db: Path, copy: Path, how: str) -> Path:
    shutil.copy(db, copy)
    size = copy.stat().st_size
    if how == "truncated":
        os.truncate(copy, size // 2)
    else:  # every used block of the file zeroed past its header: any table read meets the damage
        with copy.open("r+b") as f:
            f.seek(12288)
            f.write(b"\0" * (size - 12288))
    return copy


def test_check_says_a_sound_store_is_sound(corpus: Path, tmp_path: Path, run_cli):
    small_story(corpus)
    db = tmp_path / "r.duckdb"
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    result = run_cli("check", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{db}: sound: 2 documents, ") and "links complete" in result.stdout


@pytest.mark.parametrize("how", ["truncated", "zeroed"])
def test_a_damaged_store_gets_one_line_from_every_command(corpus: Path, tmp_path: Path, run_cli, how: str):
    small_story(corpus)
    db = tmp_path / "r.duckdb"
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    broken = damage(db, tmp_path / "broken.duckdb", how)
    health = check_store(broken)
    assert not health.sound and health.summary().startswith(f"{broken}: damaged: ")
    result = run_cli("check", "--db", broken)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    for command in (
        ["stance"],
        ["claim-matrix"],
        ["framing"],
        ["predictions"],
        ["who-quotes-whom"],
        ["dyad", "XVA", "XMO"],
        ["shift", "XVA", "XMO"],
        ["export", "--out", tmp_path / "out"],
        ["report", "-o", tmp_path / "report.html"],
    ):
        result = run_cli(*command, "--db", broken)
        assert result.exit_code == 2, (command, result.output)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {broken}: store damaged or unreadable: "), (command, line)
    result = run_cli("analyze", corpus, "--db", broken, "-q")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {broken}: store damaged or unreadable: ")


def test_a_store_in_use_by_another_process_is_named_in_plain_words(corpus: Path, tmp_path: Path, run_cli):
    small_story(corpus)
    db = tmp_path / "r.duckdb"
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    hold = f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run_cli("analyze", corpus, "--db", db, "-q")
        checked = run_cli("check", "--db", db)
    finally:
        holder.kill()
        holder.wait()
    assert checked.exit_code == 2  # not damaged: not checked
    assert checked.stderr.startswith(f"{db}: not checked: in use by another process (PID {holder.pid}")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {db}: in use by another process (PID {holder.pid}: python")
    assert "-readonly" not in line


def test_links_interrupted_after_the_last_commit_are_reported_and_finished(
    corpus: Path, tmp_path: Path, run_cli, monkeypatch
):
    # Fault injection: the run dies in its last link step, after every document was committed.
    import rashomon.pipeline

    small_story(corpus)
    clean = tmp_path / "clean.duckdb"
    assert run_cli("analyze", corpus, "--db", clean, "-q").exit_code == 0
    real = rashomon.pipeline.link_claims

    def killed(store: Store, rules: object, model: object = None, fresh: object = None) -> None:
        raise KeyboardInterrupt

    db = tmp_path / "r.duckdb"
    monkeypatch.setattr(rashomon.pipeline, "link_claims", killed)
    with pytest.raises(KeyboardInterrupt):
        rashomon.pipeline.analyze([corpus], db)
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 2 and not store.links_complete
    result = run_cli("stance", "--db", db)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: {db}: links are incomplete")
    assert "links pending" in run_cli("check", "--db", db).stdout

    monkeypatch.setattr(rashomon.pipeline, "link_claims", real)
    assert run_cli("analyze", corpus, "--db", db, "-q").exit_code == 0
    with Store(db, read_only=True) as store, Store(clean, read_only=True) as reference:
        assert store.links_complete
        for table in ("citations", "claim_links", "quotes", "events", "claims"):
            assert store.rows(table) == reference.rows(table), table
    assert "warning" not in run_cli("stance", "--db", db).stderr


def mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    return subprocess.run(mount, capture_output=True).returncode == 0


def test_a_full_disk_stops_the_run_in_one_line_and_a_rerun_finishes(corpus: Path, tmp_path: Path):
    small = tmp_path / "small"
    if not mount_tmpfs(small, "300k"):
        pytest.skip("needs root and permission to mount a small tmpfs")
    try:
        for i in range(30):
            (corpus / f"story{i}.txt").write_text(f"Headline {i}\n\n{article(f'Story{i}' * 3)}")
        command = [str(Path(sys.executable).parent / "rashomon"), "analyze", str(corpus), "-q"]
        full = subprocess.run([*command, "--db", str(small / "r.duckdb")], capture_output=True, text=True, timeout=600)
        assert full.returncode == 2, full.stderr
        assert "Traceback" not in full.stderr
        (line,) = [line for line in full.stderr.splitlines() if line.startswith("error")]
        assert line.startswith(f"error: {small / 'r.duckdb'}: cannot write the store: ") and "No space left" in line
        for name in os.listdir(small):  # the store as the full disk left it, moved where there is room
            shutil.copy(small / name, tmp_path / name)
    finally:
        for _ in range(20):
            if subprocess.run(["umount", str(small)], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
    rerun = subprocess.run([*command, "--db", str(tmp_path / "r.duckdb")], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with Store(tmp_path / "r.duckdb", read_only=True) as store:
        assert store.counts()["documents"] == 30 and store.links_complete


def test_a_link_step_duckdb_cannot_fit_in_its_memory_cap_runs_again_without_it(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import rashomon.pipeline

    small_story(corpus)
    uncapped = tmp_path / "uncapped.duckdb"
    assert rashomon.pipeline.analyze([corpus], uncapped).ok
    monkeypatch.setattr(rashomon.pipeline, "LINK_MEMORY_LIMIT", "256KB")  # too little for any join
    capped = tmp_path / "capped.duckdb"
    assert rashomon.pipeline.analyze([corpus], capped).ok
    with Store(capped, read_only=True) as store, Store(uncapped, read_only=True) as reference:
        assert store.links_complete
        for table in ("link_pairs", "citations", "claim_links", "quotes", "events", "claims"):
            assert (
                store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                == reference.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            ), table
