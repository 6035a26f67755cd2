"""The report, the exports and the web app facing hostile input: markup in articles, output paths that
cannot be written, damaged stores, offsets past DuckDB's range and requests for another host."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from click.testing import Result

import rashomon
from rashomon.analysis.errors import QueryError
from rashomon.store.database import Store, StoreError
from rashomon.views import queries
from rashomon.views.app import create_app, served_hosts
from rashomon.views.formats import FORMATS, exported_names
from tests.conftest import served, story_store

MARKUP = "<!--<script>"  # in a script element, this turns the rest of the page into script
STORIES = {
    "herald": (f"Harnvik {MARKUP} Herald", "2025-05-12", (
        f"Valdoria threatened Morvenia with new tariffs on 9 May 2025 {MARKUP} after a shouting match over the "
        "river dam. Morvenian officials said Valdorian police detained 240 farmers at the dam.\n\n"
        "“We will not be bullied by Velgrad </script>,” said Morvenian Foreign Minister Lina Corr. "
        "Valdoria will regret this shameful blackmail before the winter."
    )),
    "courier": ("Velgrad </script> Courier", "2025-05-13", (
        f"Valdoria warned Morvenia on 9 May 2025 that the dam talks {MARKUP} could not continue without guarantees. "
        "The ministry said police detained 90 farmers at the dam.\n\n"
        "Teodor Varnek met Morvenian envoys in Velgrad on 2 April 2025 and offered aid to the flooded villages. "
        "“Our door stays open,” Varnek said."
    )),
}  # fmt: skip
LISTS = ("/api/documents", "/api/events", "/api/quotes", "/api/who-quotes-whom", "/api/claims", "/api/claim-links",
         "/api/claim-matrix", "/api/terms", "/api/stance", "/api/predictions")  # fmt: skip
# Per export format: the first and the last file it writes.
FILES = {
    "jsonl": ("documents.jsonl", "predictions.jsonl"),
    "csv": ("documents.csv", "predictions.csv"),
    "parquet": ("documents.parquet", "predictions.parquet"),
    "plover": ("events.plover.json", "events.plover.json"),
    "gexf": ("actors.gexf", "actors.gexf"),
    "graphml": ("actors.graphml", "actors.graphml"),
}
BIGINT = 2**63 - 1  # DuckDB's largest offset
HEADER, BLOCK = 12 * 1024, 256 * 1024  # a DuckDB file: its headers, then blocks of 256 KiB


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    return story_store(tmp_path_factory.mktemp("hostile"), STORIES)


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> Iterator[httpx.Client]:
    with served(create_app(hostile_db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


def one_error_line(result: Result) -> str:
    """The command stopped with exit 2 and said why in one `error:` line, without a traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its content (None for a folder): what a command left there."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def serve(*args: object) -> subprocess.CompletedProcess[str]:
    """`rashomon serve` as a child process, for invocations that must stop before serving (a server that
    did start would block an in-process runner forever; here the timeout fails the test instead)."""
    command = [sys.executable, "-m", "rashomon", "serve", *map(str, args), "--port", "0"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


# --- 1. markup in the data cannot break the report's script ------------------------------------------


def charts_script(html: str) -> tuple[str, str]:
    """The text of the <script> element holding the charts, cut where an HTML parser ends it, and the
    JSON inlined in it."""
    start = html.index("<script>\nconst CHARTS = ")
    script = html[start + len("<script>") : html.index("</script>", start)]
    return script, script.split("const CHARTS = ", 1)[1].split(";\n", 1)[0]


def test_markup_in_articles_outlets_and_titles_stays_data_in_the_report(hostile_db: Path, run_cli, tmp_path: Path):
    out = tmp_path / "report.html"
    assert run_cli("report", "--db", hostile_db, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    with Store(hostile_db, read_only=True) as store:
        titles = [d["title"] for d in store.documents()]
    assert any(MARKUP in title for title in titles)  # the title carries it too
    assert "<!--" not in html  # shown as text (&lt;!--) in the page, \u003c!-- in the script's JSON
    script, inlined = charts_script(html)
    assert "vegaEmbed" in script and "highlight()" in script  # the parser did not end the script early
    assert "<" not in inlined and ">" not in inlined and "&" not in inlined
    charts = json.loads(inlined)  # \u003c!--\u003cscript\u003e reads back as the text itself
    outlets = {row["outlet"] for row in charts["voices"]["data"]["values"]}
    assert outlets == {f"Harnvik {MARKUP} Herald", "Velgrad </script> Courier"}
    texts = " ".join(str(row) for chart in charts.values() for row in chart.get("data", {}).get("values", []))
    assert MARKUP in texts  # an event's sentence, in its timeline tooltip


def test_the_report_with_markup_in_its_data_works_in_a_browser(hostile_db: Path, tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api", reason="a dev dependency: `make test` installs it")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium binary: `make test` installs Debian's chromium")
    from tests.test_browser import FLAGS

    with rashomon.open(hostile_db) as corpus:
        out = corpus.report(tmp_path / "report.html")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(out.as_uri())
        for chart in ("voices", "stance", "network"):
            playwright.expect(page.locator(f"#chart-{chart} svg")).to_be_visible()  # drawn by Vega-Lite
        page.click("nav >> text=Quotations")
        page.fill("input.filter", "Velgrad </script>")  # the quotation's words and the outlet's name
        visible = page.locator("#quote-table tbody tr:visible")
        playwright.expect(visible.first).to_be_visible()
        rows = [visible.nth(i).inner_text() for i in range(visible.count())]
        assert any("bullied by Velgrad </script>" in row for row in rows)
        assert all("Velgrad </script>" in row for row in rows)
        assert len(rows) < page.locator("#quote-table tbody tr").count()
        page.goto(out.as_uri() + "#hl=herald/0/40")
        playwright.expect(page.locator("article.doc mark").first).to_be_visible()
        assert errors == []
        browser.close()


# --- 2. output paths that cannot be written ----------------------------------------------------------


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into: chmod for a user; for root, whom chmod does not stop, a read-only
    tmpfs mounted there when this machine allows it."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mount = ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "rashomon-test", str(folder)]
    if shutil.which("mount") is None or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("running as root and no read-only mount allowed: nothing here refuses a write")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def blocked_output(case: str, tmp_path: Path, name: str) -> tuple[Path, str]:
    """An output path (`name` under tmp_path) that cannot be written, and the reason the command must give."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n", encoding="utf-8")
    if case == "parent is a file":
        return a_file / name, f"{a_file} is a file, not a folder"
    if case == "procfs":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc here")
        return Path("/proc") / f"rashomon-test-{name}", "cannot write: No such file or directory"
    raise ValueError(case)


@pytest.mark.parametrize("case", ["parent is a file", "procfs"])
def test_a_report_path_that_cannot_be_written_is_one_line(hostile_db: Path, run_cli, tmp_path: Path, case: str):
    output, reason = blocked_output(case, tmp_path, "report.html")
    before = tree(tmp_path)
    line = one_error_line(run_cli("report", "--db", hostile_db, "-o", output))
    assert line == f"error: {output}: {reason}"
    assert tree(tmp_path) == before


def test_a_report_path_that_is_a_folder_is_one_line(hostile_db: Path, run_cli, tmp_path: Path):
    output = tmp_path / "report.html"
    output.mkdir()
    (output / "kept.txt").write_text("kept\n", encoding="utf-8")
    before = tree(tmp_path)
    line = one_error_line(run_cli("report", "--db", hostile_db, "-o", output))
    assert line == f"error: {output}: is a folder, not a file"
    assert tree(tmp_path) == before


def test_a_report_into_a_read_only_folder_is_one_line(hostile_db: Path, run_cli, read_only_folder: Path):
    output = read_only_folder / "report.html"
    line = one_error_line(run_cli("report", "--db", hostile_db, "-o", output))
    assert line.startswith(f"error: {output}: cannot write: ")
    assert list(read_only_folder.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", ["parent is a file", "procfs"])
def test_an_export_folder_that_cannot_be_made_is_one_line(
    hostile_db: Path, run_cli, tmp_path: Path, case: str, fmt: str
):
    out, reason = blocked_output(case, tmp_path, "export")
    before = tree(tmp_path)
    line = one_error_line(run_cli("export", "--db", hostile_db, "--format", fmt, "--out", out))
    assert line == f"error: {out}: {reason}"
    assert tree(tmp_path) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_into_a_file_or_a_read_only_folder_is_one_line(
    hostile_db: Path, run_cli, tmp_path: Path, read_only_folder: Path, fmt: str
):
    a_file = tmp_path / "export"
    a_file.write_text("a file, not a folder\n", encoding="utf-8")
    line = one_error_line(run_cli("export", "--db", hostile_db, "--format", fmt, "--out", a_file))
    assert line == f"error: {a_file}: is a file, not a folder"
    line = one_error_line(run_cli("export", "--db", hostile_db, "--format", fmt, "--out", read_only_folder))
    assert line.startswith(f"error: {read_only_folder}: cannot write: ")
    assert a_file.read_text(encoding="utf-8") == "a file, not a folder\n"
    assert list(read_only_folder.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_whose_file_is_taken_by_a_folder_changes_nothing(hostile_db: Path, run_cli, tmp_path: Path, fmt: str):
    out = tmp_path / "export"
    first, last = FILES[fmt]
    (out / last).mkdir(parents=True)  # found only once every file is written: none may be moved in
    if first != last:
        (out / first).write_text("the previous export\n", encoding="utf-8")
    before = tree(tmp_path)
    line = one_error_line(run_cli("export", "--db", hostile_db, "--format", fmt, "--out", out))
    assert line == f"error: {out / last}: is a folder, not a file"
    assert tree(tmp_path) == before  # no *.tmp, no staging folder, no file of the new export


def test_an_export_into_new_folders_writes_every_file_and_no_tmp(hostile_db: Path, run_cli, tmp_path: Path):
    out = tmp_path / "a" / "b"
    assert run_cli("export", "--db", hostile_db, "--format", "csv", "--out", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{table}.csv" for table in exported_names())
    assert not list(tmp_path.rglob("*.tmp"))


# --- 3. damaged stores --------------------------------------------------------------------------------


def zeroed_copy(src: Path, dst: Path, table: str) -> Path:
    """A copy of `src` with 64 KiB zeroed at the first block whose damage the store does not show on
    opening but does when `table` is read (which block holds a table depends on the store's history)."""
    for offset in range(HEADER, src.stat().st_size, BLOCK):
        shutil.copyfile(src, dst)
        with dst.open("r+b") as f:
            f.seek(offset)
            f.write(bytes(64 * 1024))
        try:
            store = Store(dst, read_only=True)
        except StoreError:
            continue
        with store:
            try:
                store.con.execute(f"SELECT * FROM {table}").fetchall()
            except duckdb.Error:  # a checksum error: this block held the table
                return dst
    raise AssertionError(f"no block of {src} holds {table}")


@pytest.fixture(scope="module")
def damaged(demo_db: Path, tmp_path_factory) -> dict[str, Path]:
    """Copies of the demo store: cut to half its size, and with the documents' block zeroed."""
    folder = tmp_path_factory.mktemp("damaged")
    truncated = folder / "truncated.duckdb"
    shutil.copyfile(demo_db, truncated)
    os.truncate(truncated, demo_db.stat().st_size // 2)
    return {"truncated": truncated, "zeroed": zeroed_copy(demo_db, folder / "zeroed.duckdb", "documents")}


def test_a_store_damaged_where_it_opens_is_refused_before_serving(damaged: dict[str, Path]):
    db = damaged["truncated"]
    with pytest.raises(StoreError) as refused:
        create_app(db)
    assert str(refused.value).startswith(f"{db}: store damaged or unreadable: ")
    assert "\n" not in str(refused.value)
    result = serve("--db", db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: {refused.value}"


def test_every_endpoint_of_a_store_damaged_inside_answers_503_in_one_line(damaged: dict[str, Path]):
    db = damaged["zeroed"]
    paths = [*LISTS, "/api/documents/no-such-document", "/api/dyad?source=XVA&target=XMO",
             "/api/shift?source=XVA&target=XMO", "/"]  # fmt: skip
    with served(create_app(db)) as base, httpx.Client(base_url=base, timeout=120) as http:
        answers = {path: http.get(path) for path in paths}
    # No 500: what needs the zeroed block is unavailable; the rest is answered from intact blocks.
    assert {path: r.status_code for path, r in answers.items() if r.status_code not in (200, 404, 503)} == {}
    unavailable = {path for path, response in answers.items() if response.status_code == 503}
    assert {"/api/documents", "/api/events", "/api/quotes", "/"} <= unavailable
    for path in unavailable:
        detail = answers[path].json()["detail"]
        assert detail.startswith(f"{db}: store damaged or unreadable: ") and "\n" not in detail, path


@pytest.mark.parametrize("kind", ["truncated", "zeroed"])
def test_a_report_of_a_damaged_store_stops_in_one_line(damaged: dict[str, Path], run_cli, tmp_path: Path, kind: str):
    db = damaged[kind]
    line = one_error_line(run_cli("report", "--db", db, "-o", tmp_path / "report.html"))
    assert line.startswith(f"error: {db}: store damaged or unreadable: ")
    assert tree(tmp_path) == {}  # no report, no *.tmp


# The zeroed copy lost a block of the documents: the formats that read their rows (the network's do not).
DAMAGED_EXPORTS = [("truncated", fmt) for fmt in FORMATS] + [("zeroed", fmt) for fmt in ("jsonl", "csv", "parquet")]


@pytest.mark.parametrize(("kind", "fmt"), DAMAGED_EXPORTS)
def test_an_export_of_a_damaged_store_stops_in_one_line(
    damaged: dict[str, Path], run_cli, tmp_path: Path, kind: str, fmt: str
):
    db = damaged[kind]
    line = one_error_line(run_cli("export", "--db", db, "--format", fmt, "--out", tmp_path / "out"))
    assert line.startswith(f"error: {db}: store damaged or unreadable: ")
    assert tree(tmp_path) == {}  # no export folder, no *.tmp


# --- 4. offsets past DuckDB's range -------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
def test_an_offset_past_bigint_is_refused_and_the_largest_answers(client: httpx.Client, path: str):
    for offset in (BIGINT + 1, 10**30):
        response = client.get(path, params={"offset": str(offset)})
        assert response.status_code == 400, (offset, response.text)
        detail = response.json()["detail"]
        assert detail.startswith("offset: ") and str(BIGINT) in detail and "\n" not in detail
    page = client.get(path, params={"offset": str(BIGINT)}).json()
    assert page["offset"] == BIGINT and page["items"] == [] and page["total"] > 0


def test_a_count_past_bigint_is_refused(client: httpx.Client, hostile_db: Path):
    response = client.get("/api/terms", params={"min_outlets": str(BIGINT + 1)})
    assert response.status_code == 400 and response.json()["detail"].startswith("min_outlets: ")
    with Store(hostile_db, read_only=True) as store, pytest.raises(QueryError, match="offset must be between"):
        queries.documents(store, offset=BIGINT + 1)


# --- 5. the Host header -------------------------------------------------------------------------------


def test_a_request_for_another_host_is_refused(client: httpx.Client):
    port = client.base_url.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}"):
        assert client.get("/api/documents", headers={"Host": host}).status_code == 200, host
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.attacker.example", "[::2]"):
        for path in ("/api/documents", "/"):
            assert client.get(path, headers={"Host": host}).status_code == 400, (host, path)


def test_the_hosts_answered_follow_the_bound_address_and_allow_host():
    assert served_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]
    assert served_hosts("::1") == ["[::1]", "127.0.0.1", "localhost"]
    assert served_hosts("192.0.2.7") == ["192.0.2.7"]
    assert served_hosts("0.0.0.0") == served_hosts("::") == ["*"]  # the names it is reached by are unknown
    assert served_hosts("0.0.0.0", ["Rashomon.LAN", "*.example.org"]) == [
        "127.0.0.1", "localhost", "[::1]", "rashomon.lan", "*.example.org"
    ]  # fmt: skip
    assert served_hosts("127.0.0.1", ["*"]) == ["*"]
    assert served_hosts("192.0.2.7", ["2001:db8::1"]) == ["192.0.2.7", "[2001:db8::1]"]
    for bad in ("ex*ample.org", "rashomon.lan:8000", ""):
        with pytest.raises(QueryError, match="give a host name"):
            served_hosts("127.0.0.1", [bad])


def test_allow_host_names_the_hosts_a_wildcard_server_answers(hostile_db: Path):
    with served(create_app(hostile_db, allowed_hosts=served_hosts("0.0.0.0", ["rashomon.lan"]))) as base:
        for host, status in (("rashomon.lan", 200), ("localhost", 200), ("attacker.example", 400)):
            assert httpx.get(f"{base}/api/claims", headers={"Host": host}).status_code == status, host
    with served(create_app(hostile_db, allowed_hosts=served_hosts("0.0.0.0"))) as base:
        assert httpx.get(f"{base}/api/claims", headers={"Host": "attacker.example"}).status_code == 200


def test_serve_refuses_a_bad_allow_host_and_warns_on_every_interface(hostile_db: Path):
    result = serve("--db", hostile_db, "--allow-host", "rashomon.lan:8000")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: host 'rashomon.lan:8000': give a host name or address without a port, *.domain, or *"
    )
    command = [sys.executable, "-m", "rashomon", "serve", "--db", str(hostile_db), "--host", "0.0.0.0",
               "--port", "0"]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = threading.Timer(120, server.kill)  # a server that never says a line must not hang the test
    deadline.start()
    try:
        first = server.stderr.readline()  # type: ignore[union-attr]
    finally:
        deadline.cancel()
        server.terminate()
        server.wait(timeout=30)
    assert first.startswith("warning: on 0.0.0.0 any Host name is answered") and "--allow-host" in first
    assert first.count("\n") == 1
