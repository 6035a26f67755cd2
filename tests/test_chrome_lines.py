"""The chrome-line model on pages copied from a browser: invented pages, the bundled weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ingest.chrome_lines import line_features, read_chrome_line_model
from rashomon.ingest.plaintext import ChromeRules, clean_web_text, split_paragraphs

ARTICLE = [
    "The coast guard of Valdoria boarded fourteen Morvenian trawlers near Saltmere on Saturday, saying their "
    "licences had expired, and towed them to the port of Velgrad for inspection.",
    "Morvenia's foreign ministry summoned the Valdorian ambassador on Sunday and demanded the release of the "
    "crews within forty-eight hours, a demand the Amber Palace dismissed as theatre.",
    "Diplomats in Harnvik said both governments had quietly asked the regional council to mediate, although "
    "neither side was willing to say so in public before the weekend.",
    "Fishermen's unions in both countries called for calm, and the harbour master at Velgrad said the crews "
    "were being held aboard their own vessels with food and medical care.",
    "The council's chair, Ilse Varga, told reporters that a meeting could be arranged within days if both "
    "capitals agreed on where it should take place and who would attend.",
]
MENU = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Podcasts", "Weather", "Video"]
TEASERS = [
    "Harbour strike enters its second week",
    "Dockworkers in Port Averin say talks with the port authority have stalled over night-shift pay.",
    "Kessary unveils new fishing quotas",
    "The ministry says the quotas will protect cod stocks in the Grey Shelf for the next decade.",
    "Opinion: the treaty nobody reads",
    "A former negotiator explains why the 1998 agreement still shapes every dispute in the strait.",
]
FOOTER = ["About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Cookie settings"]


@pytest.fixture(scope="module")
def rules() -> ChromeRules:
    return ChromeRules.load()


def copied_page() -> str:
    lines = [*MENU, "Trawlers seized off Saltmere", "12 March 2025", *ARTICLE, "More from Europe", *TEASERS, *FOOTER]
    return "\n".join(lines)


def test_a_copied_pages_menu_teasers_and_footer_leave_the_body(rules):
    body = clean_web_text(copied_page(), rules, line_model=rules.line_model).body
    for paragraph in ARTICLE:
        assert paragraph in body
    for line in MENU + TEASERS + FOOTER:
        assert line not in body.split("\n\n")


def test_without_the_model_only_the_rules_judge(rules):
    body = clean_web_text(copied_page(), rules).body.split("\n\n")
    assert "Politics" in body  # no rule names a site's menu item


def test_a_rules_file_can_turn_the_model_off(tmp_path: Path):
    extra = tmp_path / "rules.toml"
    extra.write_text("[line_model]\nuse = false\n", encoding="utf-8")
    assert ChromeRules.load(extra).line_model is None
    assert ChromeRules.load().line_model is not None


def test_a_page_of_lists_keeps_the_rules_body_rather_than_none(rules):
    schedule = ["Round 1: 10 March, Saltmere", "Round 2: 8 April, Velgrad", "Round 3: 22 April, Harnvik"]
    text = "\n".join([*MENU, "Regatta calendar 2025", *schedule, *FOOTER])
    body = clean_web_text(text, rules, line_model=rules.line_model).body
    assert all(line in body for line in schedule)


def test_features_see_the_block_of_prose_and_the_runs_of_short_lines():
    paras = [*MENU, *ARTICLE, *FOOTER]
    features = line_features(paras)
    first_menu, first_article = features[0], features[len(MENU)]
    assert first_article["in_prose_block"] == 1.0 and first_menu["in_prose_block"] == 0.0
    assert first_menu["short_run"] > first_article["short_run"] == 0.0
    assert first_menu["distance_from_block"] > 0.0


def test_a_line_of_zero_width_spaces_is_blank():
    assert split_paragraphs("First line.\n\u200b\u200b\nSecond line.") == ["First line.", "Second line."]


def test_a_broken_model_file_is_one_clear_error(tmp_path: Path):
    path = tmp_path / "chrome_lines.json"
    path.write_text('{"features": ["words"], "weights": [1.0]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"chrome_lines\.json: not a chrome-line model"):
        read_chrome_line_model(path)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Ilse Marten | 12 March 2025", ["Ilse Marten"]),
        ("Veröffentlicht am 12. März 2025 von Jana Roth und Per Lind", ["Jana Roth", "Per Lind"]),
        ("ILSE MARTEN · Fisheries correspondent", ["Ilse Marten"]),
    ],
)
def test_a_copied_pages_headline_and_byline_are_the_lines_above_the_article(rules, byline, authors):
    lines = [*MENU, "Most read", "Trawlers seized off Saltmere", byline, *ARTICLE, *TEASERS, *FOOTER]
    result = clean_web_text("\n".join(lines), rules, line_model=rules.line_model)
    assert result.title == "Trawlers seized off Saltmere"
    assert result.authors == authors
    assert byline not in result.body
