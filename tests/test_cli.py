"""The command's conventions: a version, `python -m rashomon`, and a word when the input holds nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import duckdb


def test_version_and_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "rashomon", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"rashomon {metadata.version('rashomon')}"
    helped = subprocess.run([sys.executable, "-m", "rashomon", "--help"], capture_output=True, text=True)
    assert "Usage: rashomon " in helped.stdout and "shift" in helped.stdout


def test_input_without_documents_is_a_warning_and_exit_1(run_cli, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("analyze", empty, "--db", tmp_path / "r.duckdb", "-q")
    assert result.exit_code == 1
    assert f"warning: {empty}: no documents found in the input" in result.stderr
    (empty / "a.txt").write_text("Valdoria and Morvenia met in Port Averin on Friday to talk about the boats.\n")
    assert run_cli("analyze", empty, "--db", tmp_path / "r.duckdb", "-q").exit_code == 0
    assert run_cli("analyze", empty, "--db", tmp_path / "r.duckdb", "-q").exit_code == 0  # unchanged is no warning


def test_analyze_prints_only_its_own_lines(tmp_path: Path):
    """The embedding library's model-loading bar must not cut into the progress and the summary."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Morvenia says 14 boats and 61 fishermen were seized on March 1 near the Grey Shelf.\n\n"
        "Valdoria puts the figure at nine vessels and 38 crew.\n",
        encoding="utf-8",
    )
    rashomon = Path(sys.executable).parent / "rashomon"
    result = subprocess.run(
        [rashomon, "analyze", corpus, "--db", tmp_path / "r.duckdb"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Loading weights" not in result.stderr + result.stdout
    with duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM embeddings").fetchone()[0] > 0  # the model did load


def test_the_command_loads_no_heavy_library_until_a_command_needs_it():
    """`rashomon --help` answers at once: the parser, the models, the database and the web server are
    loaded by the commands that use them (bench/cli_startup.py times it)."""
    heavy = ("spacy", "torch", "duckdb", "fastapi", "pyarrow", "sentence_transformers", "altair")
    probe = f"import sys, rashomon.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_help_names_values_in_words_not_python_types():
    """`--help` says an option takes a PATH or N, and a flag nothing: not `<list[Path]>` or `<bool>`."""
    rashomon = Path(sys.executable).parent / "rashomon"
    shown = subprocess.run([rashomon, "analyze", "--help"], capture_output=True, text=True, check=True,
                           env={**os.environ, "COLUMNS": "160"}).stdout  # fmt: skip
    assert not re.search(r"<(list\[|bool|str|int|Path)", shown), shown
    rows = {}  # first cell (the option or argument) → the next (its value, or a flag's short form)
    for line in shown.splitlines():
        cells = [cell for cell in line.strip("│ ").split() if cell != "*"]
        if cells and re.fullmatch(r"--[a-z-]+|PATHS", cells[0]):
            rows[cells[0]] = cells[1]
    assert rows["PATHS"] == "PATH..." and rows["--db"] == "PATH" and rows["--n-process"] == "N"
    assert rows["--quiet"] == "-q" and "Only errors" in shown  # a flag: its short form, then its help, no type
    module = subprocess.run([sys.executable, "-m", "rashomon", "shift", "--help"], capture_output=True, text=True,
                            check=True, env={**os.environ, "COLUMNS": "160"}).stdout  # fmt: skip
    assert "Usage: rashomon shift [OPTIONS] {SOURCE} {TARGET}" in module and "<str>" not in module
