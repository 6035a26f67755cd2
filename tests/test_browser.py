"""The report file and the served app, driven in headless Chromium as an analyst would use them.

Debian's chromium (installed by `make test`) is driven by Playwright with that binary as its executable,
since `playwright install` cannot download browsers here. Each corpus is checked for what a reader must
find: the shift answer with the sentences it rests on, a quotation with its speaker and outlet, a
contradiction between outlets, a framing row, and a record's sentence highlighted in its document.
Screenshots go to bench/results/screenshots/ for review.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

import rashomon
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.pipeline import analyze
from rashomon.views.app import create_app
from tests.conftest import served

playwright = pytest.importorskip("playwright.sync_api", reason="a dev dependency: `make test` installs it")

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "bench" / "results" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds-dev"
ARTICLES = ROOT.parent / "shared" / "bench-data" / "article-extraction"  # real news pages, one outlet each
PAGES = 30
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
DYADS = {"demo": ("XVA", "XMO"), "seeds-dev": ("RUS", "ISR")}  # the dyad whose shift the reader asks about
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary: `make test` installs Debian's chromium")


@pytest.fixture(scope="module", params=sorted(DYADS))
def analysed(request, tmp_path_factory) -> tuple[str, Path, tuple[str, str]]:
    name = request.param
    if name == "demo":
        return name, request.getfixturevalue("demo_db"), DYADS[name]
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the seeds-dev check runs where ../shared is checked out")
    db = tmp_path_factory.mktemp(name) / "store.duckdb"
    assert analyze([SEEDS], db, manifest=SEEDS / "manifest.jsonl", annotate=AnnotateOptions()).ok
    return name, db, DYADS[name]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    yield page
    page.close()
    assert problems == []  # no script error, and nothing fetched from outside


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def check_the_views(page, name: str, dyad: tuple[str, str]) -> None:
    """What every corpus must show a reader, in the report file and in the app alike."""
    source, target = dyad
    page.click("nav >> text=Dyads & shift")
    block = page.locator(f'.dyad[data-source="{source}"][data-target="{target}"]')
    playwright.expect(block.locator(".answer")).to_be_visible()
    playwright.expect(block.locator(".evidence a.src").first).to_be_visible()
    playwright.expect(block.locator("svg").first).to_be_visible()  # the timeline, drawn by Vega-Lite
    shot(page, f"{name}-shift")

    block.locator(".evidence a.src").first.click()
    mark = page.locator("article.doc mark").first
    playwright.expect(mark).to_be_visible()
    assert mark.inner_text().strip() in block.locator(".evidence a.src").first.inner_text()
    shot(page, f"{name}-evidence-highlighted")

    page.click("nav >> text=Quotations")
    row = page.locator("#quote-table tbody tr").filter(has=page.locator("td.speaker:not(:text-is('—'))")).first
    speaker = row.locator("td.speaker").inner_text().split()[0]
    assert row.locator("td.outlet").inner_text().strip()
    page.fill("input.filter", speaker)
    visible = page.locator("#quote-table tbody tr:visible")
    assert visible.count() >= 1
    assert all(speaker.lower() in visible.nth(i).inner_text().lower() for i in range(visible.count()))
    shot(page, f"{name}-quotations")

    page.click("nav >> text=Claims")
    contradictions = page.locator("#contradictions li")
    playwright.expect(contradictions.first).to_be_visible()
    shown = [contradictions.nth(i).inner_text() for i in range(contradictions.count())]
    assert all("against" in text for text in shown)  # each names both sides and says why
    assert any("do not overlap" in text for text in shown)
    shot(page, f"{name}-claims")

    page.click("nav >> text=Framing")
    playwright.expect(page.locator("table.framing tbody tr").first).to_be_visible()
    shot(page, f"{name}-framing")

    page.click("nav >> text=Actor network")
    playwright.expect(page.locator("#chart-network svg")).to_be_visible()
    shot(page, f"{name}-network")


def test_the_report_file_shows_every_view_offline(analysed, page, tmp_path: Path):
    name, db, dyad = analysed
    with rashomon.open(db) as corpus:
        report = corpus.report(tmp_path / "report.html", [dyad])
    page.route("http*://**", lambda route: route.abort())  # offline: nothing may come from a network
    page.goto(report.as_uri())
    check_the_views(page, f"{name}-report", dyad)


def test_the_served_app_shows_the_views_and_answers_any_dyad(analysed, page):
    name, db, dyad = analysed
    with served(create_app(db)) as base:
        page.goto(f"{base}/?dyad={dyad[0]},{dyad[1]}")
        check_the_views(page, f"{name}-app", dyad)

        page.click("nav >> text=Dyads & shift")
        page.fill("#ask-dyad input[name=source]", dyad[1])
        page.fill("#ask-dyad input[name=target]", dyad[0])
        page.click("#ask-dyad button")
        playwright.expect(page.locator("#asked .answer")).to_be_visible()
        heading = page.locator("#asked h3").inner_text()  # names beside the codes asked for
        assert re.fullmatch(rf".+ \({dyad[1]}\) → .+ \({dyad[0]}\)", heading), heading
        assert page.url.endswith(f"?dyad={dyad[1]},{dyad[0]}")  # the answer can be shared by its URL
        playwright.expect(page.locator("#asked .chart svg").first).to_be_visible()  # and its timeline drawn
        shot(page, f"{name}-app-asked")

        page.click("nav >> text=Search")
        page.fill("#ask-search input[name=q]", "said")
        page.click("#ask-search button")
        playwright.expect(page.locator("#found li").first).to_be_visible()
        assert re.fullmatch(r"\d+ of \d+ hits", page.locator("#search-total").inner_text())
        assert page.locator("#found li a").first.get_attribute("href").startswith("#hl=")
        page.fill("#ask-search input[name=q]", "...")
        page.click("#ask-search button")
        playwright.expect(page.locator("#search-total")).to_contain_text("holds no word")

        page.fill("#ask-dyad input[name=at]", "someday")
        page.click("#ask-dyad button")
        playwright.expect(page.locator("#asked .error")).to_be_visible()  # the API's 400, said to the reader


def test_the_report_compares_camps_and_shows_their_blindspots(demo_db, tmp_path: Path, page):
    """With the demo's outlets given camps, the report draws coverage per camp and lists what one camp
    alone reports, each row linked to its sentence."""
    db = Path(shutil.copy(demo_db, tmp_path / "demo.duckdb"))
    rashomon.load_outlets(db, ROOT / "demo" / "outlets.csv")
    with rashomon.open(db) as corpus:
        report = corpus.report(tmp_path / "report.html")
        expected = corpus.blindspots(by="camp")
    page.route("http*://**", lambda route: route.abort())
    page.goto(report.as_uri())
    page.click("nav >> text=Camps")
    playwright.expect(page.locator("#chart-coverage svg").first).to_be_visible()
    rows = page.locator("#blindspots-table tbody tr")
    assert expected and rows.count() == min(len(expected), 1000)
    assert rows.first.locator("td").first.inner_text() == expected[0]["camp"]
    shot(page, "demo-report-camps")
    rows.first.locator("a.src").click()
    playwright.expect(page.locator("article.doc mark").first).to_be_visible()
    assert page.locator("article.doc mark").first.inner_text() in expected[0]["text"]


@pytest.fixture(scope="module", params=["demo", "pages"])
def in_camps(request, tmp_path_factory) -> tuple[str, Path]:
    """A report over outlets put in camps: the demo's (demo/outlets.csv), and 30 real news pages from 29
    outlets, each outlet in the camp of its web domain's suffix (com, uk, br…)."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "demo":
        db = Path(shutil.copy(request.getfixturevalue("demo_db"), folder / "demo.duckdb"))
        rashomon.load_outlets(db, ROOT / "demo" / "outlets.csv")
    else:
        db = _real_pages(folder)
    with rashomon.open(db) as corpus:
        return request.param, corpus.report(folder / "report.html")


def _real_pages(folder: Path) -> Path:
    if not ARTICLES.is_dir():
        pytest.skip(f"{ARTICLES} is absent: the check on real pages runs where ../shared is checked out")
    truth = json.loads((ARTICLES / "ground-truth.json").read_text(encoding="utf-8"))
    (folder / "pages").mkdir()
    manifest, camps = [], {}
    for page_id in sorted(truth)[:PAGES]:
        html = gzip.decompress((ARTICLES / "html" / f"{page_id}.html.gz").read_bytes())
        (folder / "pages" / f"{page_id}.html").write_bytes(html)
        host = (urllib.parse.urlsplit(truth[page_id]["url"]).hostname or page_id).removeprefix("www.")
        manifest.append(json.dumps({"path": f"pages/{page_id}.html", "outlet": host}))
        camps[host] = host.rsplit(".", 1)[-1]
    (folder / "manifest.jsonl").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    (folder / "outlets.csv").write_text("outlet,camp\n" + "".join(f"{o},{c}\n" for o, c in camps.items()))
    db = folder / "store.duckdb"
    assert analyze([folder / "pages"], db, manifest=folder / "manifest.jsonl", annotate=AnnotateOptions()).ok
    rashomon.load_outlets(db, folder / "outlets.csv")
    return db


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_report_holds_its_layout_with_many_outlets_and_on_a_phone(in_camps, viewport, page):
    """No sideways scrolling of the page; every section reached from the navigation, which stays in view;
    a timeline point opens its sentence; the views compare camps; the blindspots are listed."""
    name, report = in_camps
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    page.route("http*://**", lambda route: route.abort())
    page.goto(report.as_uri())
    overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    shot(page, f"{name}-{viewport}-top")
    nav = page.locator("nav.toc")
    for i in range(nav.locator("a").count()):
        link = nav.locator("a").nth(i)
        link.click()
        heading = page.locator(f"{link.get_attribute('href')} h2")
        top = heading.bounding_box()["y"]
        assert nav.bounding_box()["height"] <= top < size["height"], link.inner_text()  # below the bar, on screen
        assert page.evaluate(overflow) <= 0, link.inner_text()
        if link.inner_text() in ("Dyads & shift", "Claims", "Camps", "Stance"):
            shot(page, f"{name}-{viewport}-{link.get_attribute('href')[1:]}")

    # a point of the first timeline, clicked, marks its sentence in its document
    page.click("nav >> text=Dyads & shift")
    chart = page.locator(".dyad .chart").first
    chart.scroll_into_view_if_needed()
    frame = chart.bounding_box()
    points = chart.locator(".mark-symbol path")
    inside = [b for i in range(points.count()) if (b := points.nth(i).bounding_box()) and b["width"] > 0
              and frame["x"] + 30 < b["x"] < frame["x"] + frame["width"] - 30]  # fmt: skip
    assert inside, "no point drawn inside the timeline"
    page.mouse.click(inside[0]["x"] + inside[0]["width"] / 2, inside[0]["y"] + inside[0]["height"] / 2)
    playwright.expect(page.locator("article.doc mark").first).to_be_visible()
    assert re.search(r"#hl=.+/\d+/\d+$", page.url)

    # grouped by camp, as the analyst tagged the outlets
    page.click("nav >> text=Quotations")
    playwright.expect(page.locator("#quotations h3").first).to_have_text("Who is quoted by which camp")
    playwright.expect(page.locator("#chart-voices svg").first).to_be_visible()
    page.click("nav >> text=Stance")
    playwright.expect(page.locator("#stance-table th").first).to_have_text("Camp", ignore_case=True)
    page.click("nav >> text=Camps")
    playwright.expect(page.locator("#chart-coverage svg").first).to_be_visible()
    rows = page.locator("#blindspots-table tbody tr")
    assert rows.count() > 0
    playwright.expect(rows.first).to_be_visible()
    assert page.evaluate(overflow) <= 0
