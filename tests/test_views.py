"""Export follows the data contract; the report shows the corpus, self-contained; bad options are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

import rashomon
from tests.conftest import article, story_store

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
CONTRACT_FIELDS = {"doc_id", "source", "outlet", "title", "authors", "published", "language", "text", "removed"}


def test_documents_jsonl_follows_the_contract(demo_db: Path, tmp_path: Path, run_cli):
    result = run_cli("export", "--db", demo_db, "--out", tmp_path / "out")
    assert result.exit_code == 0
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    assert len(docs) == 15
    assert [d["doc_id"] for d in docs] == sorted(d["doc_id"] for d in docs)
    for doc in docs:
        assert doc.keys() >= CONTRACT_FIELDS
        assert isinstance(doc["authors"], list) and doc["text"].strip()
        assert doc["published"] is None or len(doc["published"]) == 10
        assert all(span["role"] in ("boilerplate", "comments", "caption", "byline") for span in doc["removed"])
    with rashomon.open(demo_db) as corpus:
        corpus.export(tmp_path / "again")
    assert (tmp_path / "again" / "documents.jsonl").read_text(encoding="utf-8") == "\n".join(lines) + "\n"


def test_export_of_a_missing_database_is_a_clear_error(tmp_path: Path, run_cli):
    result = run_cli("export", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'none.duckdb'}: no such database"


def test_report_shows_every_outlet_and_document_and_needs_no_network(demo_db: Path, tmp_path: Path, run_cli):
    out = tmp_path / "report.html"
    assert run_cli("report", "--db", demo_db, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    outlet_rows = tree.xpath('//section[@id="outlets"]//tbody/tr')
    counts = {row[0].text_content(): int(row[1].text_content()) for row in outlet_rows}
    assert counts["Voice of Valdoria"] == 3 and sum(counts.values()) == 15
    articles = tree.xpath('//article[@class="doc"]')
    assert len(articles) == 15
    titles = {a.xpath(".//h3")[0].text_content() for a in articles}
    assert "After Saltmere, a treaty on trial" in titles
    # Every link stays inside the file: no scripts, styles or images fetched from elsewhere.
    assert not tree.xpath("//script[@src] | //link[@href] | //img[@src]")
    assert all(href.startswith("#") for href in tree.xpath("//a/@href"))


def test_report_dyads_are_chosen_and_a_malformed_one_refused(demo_db: Path, tmp_path: Path, run_cli):
    out = tmp_path / "report.html"
    assert run_cli("report", "--db", demo_db, "-o", out, "--dyad", "XMO,XVA").exit_code == 0
    tree = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert [(d.get("data-source"), d.get("data-target")) for d in tree.xpath('//div[@class="dyad"]')] == [
        ("XMO", "XVA")
    ]
    refused = run_cli("report", "--db", demo_db, "-o", tmp_path / "other.html", "--dyad", "XMO")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == "error: dyad 'XMO': give SOURCE,TARGET, e.g. RUS,ISR"
    assert not (tmp_path / "other.html").exists()


def test_export_formats_from_the_command_line(demo_db: Path, tmp_path: Path, run_cli):
    result = run_cli("export", "--db", demo_db, "--out", tmp_path / "tables", "--format", "parquet")
    assert result.exit_code == 0 and (tmp_path / "tables" / "events.parquet").stat().st_size > 0
    refused = run_cli("export", "--db", demo_db, "--out", tmp_path / "x", "--format", "xlsx")
    assert refused.exit_code == 2
    formats = "jsonl, csv, parquet, plover, gexf, graphml"
    assert refused.stderr.strip() == f"error: unknown export format 'xlsx': use one of {formats}"


def test_serve_refuses_a_missing_database_before_listening(tmp_path: Path, run_cli):
    refused = run_cli("serve", "--db", tmp_path / "none.duckdb", "--port", "1")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == f"error: {tmp_path / 'none.duckdb'}: no such database"


def test_a_report_past_its_text_cap_carries_only_the_cited_documents_and_says_so(demo_db: Path, tmp_path: Path):
    capped = tmp_path / "settings.toml"
    capped.write_text("[views.report]\nmax_texts = 3\n", encoding="utf-8")
    with rashomon.open(demo_db) as corpus:
        whole = lxml.html.fromstring(corpus.render_report())
        documents = corpus.documents(limit=1000).total
    with rashomon.open(demo_db, settings=capped) as corpus:
        page = lxml.html.fromstring(corpus.render_report())
    assert len(whole.xpath("//article[@class='doc']")) == documents > 3
    carried = page.xpath("//article[@class='doc']")
    assert len(carried) == 3  # those the report's records point to, in report order
    listed = page.xpath("//section[@id='documents']//tbody/tr")
    assert len(listed) == documents  # every document is still listed
    note = " ".join(p.text_content() for p in page.xpath("//section[@id='documents']/p"))
    assert f"{documents - 3} documents' texts are left out" in note and "rashomon serve" in note


def test_a_report_past_its_row_cap_shows_the_shared_quotations_first_and_says_how_many_it_left_out(
    demo_db: Path, tmp_path: Path
):
    capped = tmp_path / "settings.toml"
    capped.write_text("[views.report]\nmax_rows = 4\nmax_texts = 2\n", encoding="utf-8")
    with rashomon.open(demo_db) as corpus:
        quotes = corpus.table("quotes").df()
        documents = corpus.documents(limit=1000).total
    with rashomon.open(demo_db, settings=capped) as corpus:
        page = lxml.html.fromstring(corpus.render_report())
    rows = page.xpath("//table[@id='quote-table']/tbody/tr")
    assert len(rows) == 4 < len(quotes)
    shared = quotes[quotes["cluster_id"].map(quotes["cluster_id"].value_counts()) > 1]
    assert len(shared) >= 4  # the demo's reused quotations fill the cap
    shown = {row.xpath(".//a[@class='src']")[0].text_content() for row in rows}
    assert shown <= set(shared["text"])
    note = page.xpath("//section[@id='quotations']/p[contains(., 'max_rows')]")[0].text_content()
    assert f"The 4 of {len(quotes)} shown" in note and "/api/quotes" in note
    assert len(page.xpath("//section[@id='documents']//tbody/tr")) == 4 < documents
    overview = page.xpath("//section[@id='outlets']")[0].text_content()
    assert f"Records: {len(quotes)} quotations" in overview  # the totals, not the rows shown


def test_a_timeline_opens_where_the_events_are_with_history_in_its_strip(tmp_path: Path):
    """One article recalling a 1967 war must not squeeze this year's story into a column of pixels: the
    dyad's timeline opens on the span holding most events; its strip below still shows every one."""
    threat = "Morvenia threatened Valdoria on {} March 2025 over the fishing boats seized near the Grey Shelf."
    stories = {f"s{k}": ("Harnvik Herald", f"2025-03-{k + 2:02d}", threat.format(k + 1)) for k in range(6)}
    stories["history"] = ("Harnvik Herald", "2025-03-09", (
        "Morvenia condemned Valdoria in 1967 over the border war, and the quarrel has never quite healed since."
    ))  # fmt: skip
    db = story_store(tmp_path, stories)
    with rashomon.open(db) as corpus:
        html = corpus.render_report([("XMO", "XVA")])
    charts = json.loads(re.search(r"const CHARTS = (.*);\n", html).group(1))
    timeline = charts["dyad-0"]
    strip = timeline["vconcat"][1]
    [brush] = timeline["params"]
    assert brush["views"] == [strip["name"]]
    start, end = brush["value"]["x"]
    assert (start["year"], end["year"]) == (2025, 2025)  # opened on March 2025, not on 1967–2025
    years = {value["date"][:4] for value in strip["data"]["values"]}
    assert "1967" in years  # the strip keeps the history


def report_charts(db: Path) -> dict[str, dict]:
    with rashomon.open(db) as corpus:
        html = corpus.render_report()
    return json.loads(re.search(r"const CHARTS = (.*);\n", html).group(1))


def test_charts_name_actors_beside_their_codes_and_split_each_bar_into_whole_shares(demo_db: Path):
    charts = report_charts(demo_db)
    labels = {node["label"] for node in charts["network"]["layer"][2]["data"]["values"]}
    assert {"Valdoria (XVA)", "Morvenia (XMO)"} <= labels
    voices = charts["voices"]
    countries = {row["country"] for row in voices["data"]["values"]}
    assert "Valdoria (XVA)" in countries and not countries & {"XVA", "unknown", "uncoded"}
    assert voices["encoding"]["x"]["scale"]["domain"] == [0, 1]  # the axis ends at 100 %
    for outlet in {row["outlet"] for row in voices["data"]["values"]}:
        shares = [row["share"] for row in voices["data"]["values"] if row["outlet"] == outlet]
        assert abs(sum(shares) - 1) < 1e-3
    targets = {row["target"] for row in charts["stance"]["data"]["values"]}
    assert {"Morvenia (XMO)", "Valdoria (XVA)"} <= targets


def test_a_chart_of_many_categories_gives_each_its_own_colour_and_the_rarest_one_grey(tmp_path: Path):
    """With more outlets than colours, the commonest keep distinct colours and the rest are drawn
    together as "other"; a camp the analyst never gave stays apart, in a lighter grey."""
    stories = {f"s{k:02d}": (f"Outlet {k:02d}", f"2025-03-{(k % 9) + 1:02d}", article(f"Harbour {k:02d}"))
               for k in range(25)}  # fmt: skip
    stories.update({f"t{k}": ("Outlet 00", "2025-03-01", article(f"Quarry {k}")) for k in range(3)})
    coverage = report_charts(story_store(tmp_path, stories))["coverage"]
    scale = coverage["encoding"]["color"]["scale"]
    assert len(scale["domain"]) == len(scale["range"]) == len(set(scale["range"])) == 18
    assert scale["domain"][-1] == "other" and "Outlet 00" in scale["domain"]  # the busiest outlet keeps its colour
    drawn = {row["outlet"] for row in coverage["data"]["values"]}
    assert drawn == set(scale["domain"])  # every outlet is drawn, the rarest as "other"
    assert sum(row["documents"] for row in coverage["data"]["values"]) == 28
