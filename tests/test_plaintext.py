"""Cleaning plain text copied from a web page: each rule on a tiny inline text."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ingest.plaintext import ChromeRules, clean_web_text, split_paragraphs

BODY_1 = (
    "The coast guard of Valdoria boarded fourteen Morvenian trawlers near Saltmere on Saturday, "
    "saying their licences had expired, and towed them to the port of Velgrad for inspection."
)
BODY_2 = (
    "Morvenia's foreign ministry summoned the Valdorian ambassador on Sunday and demanded the release "
    "of the crews within forty-eight hours, a demand the Amber Palace dismissed as theatre."
)
BODY_3 = (
    "Diplomats in Harnvik said both governments had quietly asked the regional council to mediate, "
    "although neither side was willing to say so in public before the weekend."
)


@pytest.fixture(scope="module")
def rules() -> ChromeRules:
    return ChromeRules.load()


def roles(result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for span in result.removed:
        out.setdefault(span.role, []).append(span.text)
    return out


def test_site_chrome_is_removed_and_kept_with_its_role(rules):
    text = "\n\n".join(
        [
            "Sign In / Forgot Password",
            "Strait talks stall",
            "Advertisement",
            BODY_1,
            "Subscribe to our morning briefing for the latest news",
            BODY_2,
            "Follow us on Telegram",
            BODY_3,
            "© 2025 The Northern Ledger. All rights reserved.",
        ]
    )
    result = clean_web_text(text, rules)
    assert result.body.split("\n\n") == [BODY_1, BODY_2, BODY_3]
    assert result.title == "Strait talks stall"
    assert roles(result)["boilerplate"] == [
        "Sign In / Forgot Password",
        "Advertisement",
        "Subscribe to our morning briefing for the latest news",
        "Follow us on Telegram",
        "© 2025 The Northern Ledger. All rights reserved.",
    ]


@pytest.mark.parametrize(
    ("header", "items"),
    [
        ("Most Popular", ["Velgrad bans fishing exports", "Ten things to know about the strait"]),
        ("Related stories", ["- Who funds the rebels?", "- Fishing season opens early"]),  # headlines may ask
    ],
)
def test_a_list_of_related_headlines_goes_with_its_header(rules, header, items):
    text = "\n".join(["Strait talks stall", BODY_1, header, *items, BODY_2])
    result = clean_web_text(text, rules)
    assert result.body.split("\n\n") == [BODY_1, BODY_2]
    assert roles(result)["boilerplate"] == [header, *items]


def test_body_sentence_that_starts_like_chrome_is_kept(rules):
    sentence = (
        "Share the burden, the minister told parliament, because no single country can patrol "
        "the strait alone, and the coast guards of both states must work together again."
    )
    result = clean_web_text("\n\n".join(["Strait talks stall", BODY_1, sentence]), rules)
    assert sentence in result.body


def test_comment_thread_and_everything_after_it_are_comments(rules):
    text = "\n\n".join(
        [
            "Strait talks stall",
            BODY_1,
            BODY_2,
            BODY_3,
            "3 comments on “Strait talks stall”",
            "Arvid K.",
            "This is piracy, plain and simple.",
            "Reply",
        ]
    )
    result = clean_web_text(text, rules)
    assert result.body.split("\n\n") == [BODY_1, BODY_2, BODY_3]
    thread = roles(result)["comments"]
    assert len(thread) == 1
    assert thread[0].startswith("3 comments on") and "plain and simple" in thread[0]


def test_comments_heading_before_the_article_is_not_a_thread(rules):
    # A "Comments (2)" link at the top of the page must not swallow the article.
    text = "\n\n".join(["Strait talks stall", "Comments (2)", BODY_1, BODY_2])
    result = clean_web_text(text, rules)
    assert BODY_1 in result.body and BODY_2 in result.body


def test_bylines_at_top_and_bottom_give_authors(rules):
    top = clean_web_text(
        "\n\n".join(["Strait talks stall", "By Ilse Marten and Tomas Riel, Diplomatic Editor", BODY_1, BODY_2]), rules
    )
    assert top.authors == ["Ilse Marten", "Tomas Riel"]
    assert "Ilse Marten" not in top.body
    bottom = clean_web_text("\n\n".join(["Strait talks stall", BODY_1, BODY_2, "By Oskar van der Berg"]), rules)
    assert bottom.authors == ["Oskar van der Berg"]
    assert roles(bottom)["byline"] == ["By Oskar van der Berg"]


def test_by_followed_by_a_phrase_is_not_a_byline(rules):
    sentence = "By Sunday, Velgrad had agreed"
    result = clean_web_text("\n\n".join(["Strait talks stall", BODY_1, sentence, BODY_2]), rules)
    assert result.authors == []
    assert sentence in result.body


def test_name_line_with_bio_under_the_headline(rules):
    text = "\n\n".join(
        [
            "Strait talks stall",
            "Ilse Marten",
            "Ilse Marten is a senior correspondent for the Ledger based in Harnvik.",
            BODY_1,
            BODY_2,
        ]
    )
    result = clean_web_text(text, rules)
    assert result.title == "Strait talks stall"
    assert result.authors == ["Ilse Marten"]
    assert result.body.split("\n\n") == [BODY_1, BODY_2]
    assert len(roles(result)["byline"]) == 2


def test_author_bio_at_the_end_is_a_byline(rules):
    bio = "Tomas Riel is a freelance journalist who covers the Baltic fisheries. Via The Harnvik Review"
    result = clean_web_text("\n\n".join(["Strait talks stall", "By Tomas Riel", BODY_1, BODY_2, bio]), rules)
    assert roles(result)["byline"] == ["By Tomas Riel", bio]
    assert "freelance" not in result.body


def test_a_sentence_about_a_leader_is_not_a_bio(rules):
    last = "President Varnek is a former naval officer who says he will never give up the strait."
    result = clean_web_text("\n\n".join(["Strait talks stall", BODY_1, BODY_2, last]), rules)
    assert last in result.body


def test_captions_with_credits_and_repeated_captions(rules):
    credit = "Trawlers moored at Saltmere on March 2. (Photo: Lena Ost/Northern Ledger)"
    repeated = "Coast guard cutters leave Velgrad harbour"
    text = "\n\n".join(["Strait talks stall", repeated, BODY_1, credit, BODY_2, repeated, BODY_3])
    result = clean_web_text(text, rules)
    assert result.body.split("\n\n") == [BODY_1, BODY_2, BODY_3]
    assert roles(result)["caption"] == [repeated, credit, repeated]


def test_sentence_ending_with_an_agency_name_is_not_a_caption(rules):
    sentence = "The figures on the seized catch, which neither government has disputed, were first reported by Reuters."
    result = clean_web_text("\n\n".join(["Strait talks stall", BODY_1, sentence]), rules)
    assert sentence in result.body


def test_navigation_and_masthead_above_the_headline(rules):
    text = "\n".join(["World › Europe › Strait", "The Northern Ledger – Exclusive", "Strait talks stall", BODY_1])
    result = clean_web_text(text, rules, outlet="The Northern Ledger")
    assert result.title == "Strait talks stall"
    assert roles(result)["boilerplate"] == ["World › Europe › Strait", "The Northern Ledger – Exclusive"]


def test_question_headline_is_a_title(rules):
    result = clean_web_text("\n\n".join(["Is Velgrad changing course on the strait?", BODY_1]), rules)
    assert result.title == "Is Velgrad changing course on the strait?"
    assert result.body == BODY_1


def test_without_a_headline_the_lead_clause_is_the_title(rules):
    result = clean_web_text("\n".join([BODY_1, BODY_2]), rules)
    assert result.title == "The coast guard of Valdoria boarded fourteen Morvenian trawlers near Saltmere on Saturday"
    assert result.body.startswith("The coast guard")  # the lead stays in the body


def test_known_title_is_taken_out_and_nothing_else_guessed(rules):
    result = clean_web_text(
        "\n\n".join(["Strait talks stall", "A short dek line", BODY_1]), rules, known_title="Strait talks stall"
    )
    assert result.title == "Strait talks stall"
    assert result.body.split("\n\n") == ["A short dek line", BODY_1]


def test_dateline_gives_the_publication_date(rules):
    text = "\n\n".join(["Strait talks stall", "Published 9 March 2025", "Updated: March 12, 2025 14:05", BODY_1])
    result = clean_web_text(text, rules)
    assert result.published is not None and result.published.isoformat() == "2025-03-09"
    assert result.body == BODY_1


def test_hard_wrapped_lines_are_joined_into_paragraphs():
    assert split_paragraphs("The coast guard boarded\nfourteen trawlers.\n\nTalks stall") == [
        "The coast guard boarded fourteen trawlers.",
        "Talks stall",
    ]


def test_user_rules_file_adds_a_sites_chrome(tmp_path: Path):
    chrome = "Win two tickets to the Harnvik jazz night"
    text = "\n\n".join(["Strait talks stall", BODY_1, chrome, BODY_2])
    assert chrome in clean_web_text(text, ChromeRules.load()).body
    extra = tmp_path / "site.toml"
    extra.write_text("[boilerplate]\nlines = ['win (two )?tickets to .*']\n", encoding="utf-8")
    cleaned = clean_web_text(text, ChromeRules.load(extra))
    assert chrome not in cleaned.body
    assert BODY_1 in cleaned.body and BODY_2 in cleaned.body


def test_broken_rules_file_is_a_clear_error(tmp_path: Path):
    extra = tmp_path / "broken.toml"
    extra.write_text("[boilerplate\nlines = [", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.toml"):
        ChromeRules.load(extra)


@pytest.mark.parametrize(
    "body", ["[line_model]\nuse = 'yes'\n", "[boilerplate]\nlines = 'one line'\n", "max_chrome_words = 'ten'\n"]
)
def test_a_rules_file_with_a_wrong_value_is_an_error_naming_it(tmp_path: Path, body: str):
    extra = tmp_path / "wrong.toml"
    extra.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=r"wrong\.toml: invalid cleaning rules"):
        ChromeRules.load(extra)


def test_site_header_tagline_and_kicker_above_the_headline(rules):
    text = "\n".join(
        ["HARNVIK REVIEW", "News and views from the coast", "Sign In", "ANALYSIS", "Strait talks stall", "", BODY_1]
    )
    result = clean_web_text(text, rules)
    assert result.title == "Strait talks stall"
    assert roles(result)["boilerplate"] == ["HARNVIK REVIEW", "News and views from the coast", "Sign In", "ANALYSIS"]


def test_an_all_caps_headline_alone_is_still_the_title(rules):
    result = clean_web_text("\n\n".join(["STRAIT TALKS STALL", BODY_1]), rules)
    assert result.title == "STRAIT TALKS STALL"


def test_menu_laid_out_with_spaces_and_a_ticker_above_the_headline(rules):
    text = "\n".join(["Home   World   Sport   Weather", "BREAKING: Minister resigns", "Strait talks stall", BODY_1])
    result = clean_web_text(text, rules)
    assert result.title == "Strait talks stall"
    assert roles(result)["boilerplate"] == ["Home | World | Sport | Weather", "BREAKING: Minister resigns"]


def test_wire_signoff_gives_the_author(rules):
    text = "\n\n".join(
        ["Strait talks stall", BODY_1, BODY_2, "Anton Berisk, Harnvik Review, Velgrad", "Share: Facebook | X | Email"]
    )
    result = clean_web_text(text, rules)
    assert result.authors == ["Anton Berisk"]
    assert result.body.split("\n\n") == [BODY_1, BODY_2]


def test_caption_credited_to_the_outlet_itself(rules):
    caption = "The two ministers after the signing in Port Averin (HR)"
    result = clean_web_text("\n\n".join(["Strait talks stall", caption, BODY_1]), rules, outlet="Harnvik Review")
    assert roles(result)["caption"] == [caption]
    assert result.body == BODY_1


def test_caption_repeated_on_consecutive_lines_but_not_a_repeated_table(rules):
    caption = "Crowds outside the embassy in Harnvik"
    rows = ["Eat every two hours", "Drink during the watch"]
    text = "\n".join(["Strait talks stall", BODY_1, caption, caption, BODY_2, *rows, BODY_3, *rows])
    result = clean_web_text(text, rules)
    assert roles(result)["caption"] == [caption, caption]
    assert result.body.count("Eat every two hours") == 2


def test_all_caps_byline_names_are_written_as_names(rules):
    result = clean_web_text("\n\n".join(["Strait talks stall", "By DELLA FRAYNE", BODY_1]), rules)
    assert result.authors == ["Della Frayne"]
