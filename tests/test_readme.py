"""The README's Python example runs as written, and the library answers what the CLI prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import rashomon

ROOT = Path(__file__).resolve().parents[1]


def python_example() -> str:
    """The first Python block of the README's "Python" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Python\n") :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's Python section has no example"
    return found.group(1)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Path, dict[str, object]]:
    """The example run in a fresh folder beside a link to the demo corpus; its folder and namespace."""
    folder = tmp_path_factory.mktemp("notebook")
    (folder / "demo").symlink_to(ROOT / "demo", target_is_directory=True)
    namespace: dict[str, object] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        exec(compile(python_example(), "README.md", "exec"), namespace)
    return folder, namespace


def test_the_readme_example_analyses_exports_and_reports(example):
    folder, namespace = example
    events = namespace["events"]
    with rashomon.open(folder / "story.duckdb") as corpus:
        stored = corpus.table("events").fetchall()
        assert len(events) == len(stored) > 0  # type: ignore[arg-type]
        assert set(events.columns) >= {"doc_id", "event", "actor", "recipient", "date", "start", "end"}  # type: ignore[attr-defined]
        assert {a["code"] for a in corpus.actors()} >= {"XVA", "XMO"}
    assert (folder / "out" / "events.parquet").is_file() and (folder / "report.html").is_file()
    assert namespace["stance"] and all(row["code"] == "XMO" for row in namespace["stance"])  # type: ignore[union-attr]


def test_the_library_answers_what_the_cli_prints(example, run_cli):
    folder, namespace = example
    printed = run_cli("shift", "XVA", "XMO", "--db", folder / "story.duckdb", "--json")
    assert printed.exit_code == 0
    answer = namespace["answer"]
    assert json.loads(printed.stdout) == json.loads(json.dumps(answer.to_dict()))  # type: ignore[attr-defined]
    stance = run_cli("stance", "XMO", "--db", folder / "story.duckdb", "--json")
    assert [json.loads(line) for line in stance.stdout.splitlines()] == json.loads(
        json.dumps(namespace["stance"], default=str)
    )


def test_a_table_the_store_lacks_is_refused_in_one_line(example):
    folder, _ = example
    with rashomon.open(folder / "story.duckdb") as corpus, pytest.raises(ValueError, match="no table 'event'"):
        corpus.table("event")
