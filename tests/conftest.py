"""Shared helpers: write small corpora into temp folders and run the real CLI on them."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from rashomon.cli import app

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"

ARTICLE = (
    "The foreign ministers of Valdoria and Morvenia met in Harnvik on Tuesday for three hours of talks "
    "about the fishing dispute, the first meeting since the boats were seized in the strait.\n\n"
    "Officials on both sides described the talks as difficult but useful, and agreed to meet again "
    "before the end of the month to discuss the release of the crews.\n\n"
    "The Morvenian delegation asked for the immediate return of the fourteen boats and their nets, "
    "while the Valdorian side insisted that the inspections had followed maritime law."
)


def article(topic: str) -> str:
    """A distinct article body per topic, long enough to be a real document and not a near-duplicate."""
    return "\n\n".join(
        f"{topic}: {para} In {topic.lower()} news, observers counted {len(topic) * (i + 3)} further details "
        f"that set this {topic.lower()} story apart from every other one."
        for i, para in enumerate(ARTICLE.split("\n\n"))
    )


def story_store(folder: Path, stories: dict[str, tuple[str, str, str]], **options: object) -> Path:
    """Invented articles ({name: (outlet, published, text)}) written with a manifest into `folder` and
    analysed with the demo's actor dictionary (and `options`); returns the store's path."""
    from rashomon.annotate.annotators import AnnotateOptions
    from rashomon.pipeline import analyze

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (outlet, published, text) in stories.items():
        (folder / f"{name}.txt").write_text(f"{outlet} report\n\n{text}\n", encoding="utf-8")
        rows.append({"path": f"{name}.txt", "outlet": outlet, "published": published})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = folder / "store.duckdb"
    actors = DEMO_ACTORS
    annotate = AnnotateOptions(actors=(actors,), **options)  # type: ignore[arg-type]
    assert analyze([folder], db, manifest=folder / "manifest.jsonl", annotate=annotate).ok
    return db


def text_annotator(published: dt.date, **options: object) -> Callable[[str], dict[str, list[dict]]]:
    """Every annotator, built once with the demo's actor dictionary (and `options`), run on one invented
    text published on `published`: its records by table."""
    from rashomon.annotate.annotators import AnnotateOptions, Annotators
    from rashomon.document import Document

    annotators = Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), **options))  # type: ignore[arg-type]

    def run(text: str) -> dict[str, list[dict]]:
        document = Document(doc_id="t", source="t", text=text, published=published)
        (_, records), *_ = annotators.annotate([document])
        return records

    return run


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The bundled demo corpus, analysed once for the tests that read a whole story's store."""
    from rashomon.annotate.annotators import AnnotateOptions
    from rashomon.pipeline import analyze

    root = Path(__file__).resolve().parents[1] / "demo"
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    options = AnnotateOptions(actors=(root / "actors.toml",))
    assert analyze([root / "corpus"], db, manifest=root / "corpus" / "manifest.jsonl", annotate=options).ok
    return db


@pytest.fixture
def run_cli():
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """A real server for `app`: uvicorn in a thread, on a socket bound to a free port on 127.0.0.1;
    yields its base URL and stops it on leaving."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    assert not thread.is_alive(), "the server did not stop"
