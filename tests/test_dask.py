"""`analyze --dask`: the documents annotated by the workers of a real dask.distributed cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.annotate.annotators import AnnotateOptions
from rashomon.annotate.embeddings import _model
from rashomon.annotate.workers import ClusterError, connect
from rashomon.pipeline import analyze
from rashomon.store.database import Store

DEMO = Path(__file__).resolve().parents[1] / "demo"


def test_a_local_dask_cluster_writes_the_same_export_as_one_process(demo_db: Path, tmp_path: Path, run_cli):
    db = tmp_path / "dask.duckdb"
    ran = run_cli("analyze", DEMO / "corpus", "--manifest", DEMO / "corpus" / "manifest.jsonl",
                  "--actors", DEMO / "actors.toml", "--db", db, "--dask", "local:2", "-q")  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    for store, out in ((db, tmp_path / "dask"), (demo_db, tmp_path / "one")):
        assert run_cli("export", "--db", store, "--out", out).exit_code == 0
    files = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "dask").iterdir()) and "events.jsonl" in files
    for name in files:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name


def test_worker_processes_embed_for_the_links_so_the_driver_loads_no_sentence_model(demo_db: Path, tmp_path: Path):
    _model.cache_clear()  # as in a fresh process: the model is loaded where it is used
    db = tmp_path / "workers.duckdb"
    options = AnnotateOptions(actors=(DEMO / "actors.toml",), n_process=2)
    assert analyze([DEMO / "corpus"], db, manifest=DEMO / "corpus" / "manifest.jsonl", annotate=options).ok
    assert _model.cache_info().currsize == 0
    links = "SELECT * FROM claim_links ORDER BY ALL"
    with Store(db, read_only=True) as workers, Store(demo_db, read_only=True) as one:
        assert workers.con.execute(links).fetchall() == one.con.execute(links).fetchall()
        assert workers.count("claim_links") > 0


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("local:0", "local:N needs a number of worker processes"),
        ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler"),
    ],
)
def test_a_bad_or_unreachable_cluster_is_one_line(address: str, reason: str):
    with pytest.raises(ClusterError) as raised:
        connect(address)
    assert reason in str(raised.value) and address in str(raised.value) and "\n" not in str(raised.value)


def test_processes_and_a_cluster_together_are_refused_before_anything_is_read(tmp_path: Path, run_cli):
    ran = run_cli("analyze", DEMO / "corpus", "--db", tmp_path / "r.duckdb", "--n-process", "2", "--dask", "local:2")
    assert ran.exit_code == 2
    said = "error: give --n-process or --dask, not both: the Dask cluster's workers are the processes"
    assert ran.stderr.strip() == said
    assert not (tmp_path / "r.duckdb").exists()
