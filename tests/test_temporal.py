"""The temporal tagger: TIMEX3 spans, types and values that Rashomon's event dates rest on."""

from __future__ import annotations

import datetime
import re

import pytest

from rashomon.annotate.nlp import load_model
from rashomon.annotate.temporal import Timex, find_timexes
from rashomon.annotate.temporal.grammar import expand, load_grammar

D = datetime.date


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture(scope="module")
def tag(nlp):
    def run(text: str, published: datetime.date | None) -> list[Timex]:
        return find_timexes(nlp(text), published)

    return run


def one(timexes: list[Timex], text: str) -> Timex:
    found = [t for t in timexes if t.text == text]
    assert len(found) == 1, f"{text!r} not tagged once in {[t.text for t in timexes]}"
    return found[0]


def values(timexes: list[Timex]) -> dict[str, str]:
    return {t.text: t.value for t in timexes}


def test_absolute_dates(tag):
    found = tag(
        "The pact was signed on June 25, 2012 and renewed on 25 June 2013. In 2016 it lapsed; talks resumed in "
        "March 2023 and in September 2018. The border closed at the end of 1991, as in the 1990s.",
        D(2023, 11, 1),
    )
    assert values(found) == {
        "June 25, 2012": "2012-06-25",
        "25 June 2013": "2013-06-25",
        "2016": "2016",
        "March 2023": "2023-03",
        "September 2018": "2018-09",
        "end of 1991": "1991",
        "the 1990s": "199X",
    }
    assert one(found, "end of 1991").mod == "END"
    assert one(found, "the 1990s").precision == "decade"
    assert all(t.anchor is None and t.type == "date" for t in found)
    assert one(found, "2016").start == found[2].start and found[2].text == "2016"  # "in" stays outside


def test_modified_months_and_years(tag):
    found = tag("Fighting flared in early October and again in mid-2022.", D(2023, 11, 1))
    early, mid = one(found, "early October"), one(found, "mid-2022")
    assert (early.value, early.mod, early.precision, early.anchor) == ("2023-10", "START", "month", "publication")
    assert (mid.value, mid.mod, mid.anchor) == ("2022", "MID", None)


def test_weekday_follows_tense(tag):
    published = D(2023, 12, 13)  # a Wednesday
    found = tag("Last Friday the minister resigned. He spoke on Sunday. He will travel to Cairo on Sunday.", published)
    sundays = [t for t in found if t.text == "Sunday"]
    assert one(found, "Last Friday").value == "2023-12-08"
    assert [t.value for t in sundays] == ["2023-12-10", "2023-12-17"]
    assert all(t.anchor == "publication" and t.precision == "day" for t in found)


def test_bracketed_editor_date_after_weekday(tag):
    found = tag("The president said on Sunday [December 10] that talks would go on.", D(2023, 12, 12))
    assert [(t.text, t.value, t.type) for t in found] == [("Sunday [December 10]", "2023-12-10", "date")]


def test_relative_periods(tag):
    found = tag(
        "Prices rose last week and fell this week. Exports grew last month and last year, "
        "and the plant opened six months ago, two years ago. It reopens next month; earlier this year it shut.",
        D(2023, 10, 20),
    )
    assert values(found) == {
        "last week": "2023-W41",
        "this week": "2023-W42",
        "last month": "2023-09",
        "last year": "2022",
        "six months ago": "2023-04",
        "two years ago": "2021",
        "next month": "2023-11",
        "earlier this year": "2023",
    }
    assert one(found, "six months ago").precision == "month"
    assert one(found, "last week").precision == "week"


def test_last_month_name_is_the_most_recent_one(tag):
    text = "The talks collapsed last September."
    assert one(tag(text, D(2023, 11, 1)), "last September").value == "2023-09"
    assert one(tag(text, D(2023, 12, 12)), "last September").value == "2023-09"
    assert one(tag(text, D(2023, 9, 15)), "last September").value == "2022-09"


def test_deictic_words_and_references(tag):
    found = tag(
        "Today the army withdrew; yesterday it shelled the town, tonight it regroups and tomorrow it votes. "
        "The mayor is now in exile and currently abroad. He recently said that in the past he was a judge.",
        D(2023, 10, 20),
    )
    assert values(found) == {
        "Today": "2023-10-20",
        "yesterday": "2023-10-19",
        "tonight": "2023-10-20TNI",
        "tomorrow": "2023-10-21",
        "now": "PRESENT_REF",
        "currently": "PRESENT_REF",
        "recently": "PAST_REF",
        "the past": "PAST_REF",
    }
    assert one(found, "now").precision == "ref"


def test_year_of_a_date_without_one(tag):
    found = tag("Militants attacked on October 7. The embassy was stormed on December 20.", D(2023, 11, 1))
    assert one(found, "October 7").value == "2023-10-07"
    # a month after the publication month, in a past-tense sentence, is last year's
    assert one(found, "December 20").value == "2022-12-20"


def test_following_and_later_are_anchored_on_the_previous_date(tag):
    found = tag(
        "Troops crossed the border in February 2022. The following month they reached the city. "
        "On March 3, 2022 the mayor fled. The next day the bridge fell. A week later the siege began.",
        D(2023, 10, 20),
    )
    following = one(found, "The following month")
    assert (following.value, following.anchor, following.precision) == ("2022-03", "previous", "month")
    assert one(found, "The next day").value == "2022-03-04"
    assert (one(found, "A week later").value, one(found, "A week later").anchor) == ("2022-03-11", "previous")


def test_offset_anchored_on_a_timex(tag):
    text = "Putin called Netanyahu a full 10 days after October 7, the Kremlin said."
    found = tag(text, D(2023, 11, 1))
    anchor = one(found, "October 7")
    offset = one(found, "a full 10 days after")
    assert (offset.value, offset.type, offset.anchor) == ("2023-10-17", "date", f"timex:{anchor.start}")
    assert anchor.value == "2023-10-07"
    assert text[offset.start : offset.end] == "a full 10 days after"


def test_offset_anchored_on_an_earlier_dated_event(tag):
    text = "Hamas launched the onslaught on October 7. Ten days after the onslaught, Moscow hosted a delegation."
    found = tag(text, D(2023, 11, 1))
    offset = one(found, "Ten days after")
    assert offset.value == "2023-10-17"
    assert offset.anchor == f"event:{text.index('onslaught')}"

    text = "The October 7 attack shocked Israel. Putin phoned Netanyahu ten days after the attack."
    offset = one(tag(text, D(2023, 11, 1)), "ten days after")
    assert (offset.value, offset.anchor) == ("2023-10-17", f"event:{text.index('attack')}")


def test_offset_without_a_dated_anchor_is_unknown(tag):
    found = tag("Two weeks before the vote, the party split.", D(2023, 11, 1))
    offset = one(found, "Two weeks before")
    assert (offset.value, offset.anchor) == ("XXXX-XX-XX", "unknown")


def test_durations(tag):
    found = tag(
        "The siege lasted two months, then 22 months; over the past 22 months prices doubled. After a 40-minute "
        "call and two years of war, the ceasefire that held for 14 years collapsed, as it had for decades.",
        D(2023, 11, 1),
    )
    assert values(found) == {
        "two months": "P2M",
        "22 months": "P22M",
        "the past 22 months": "P22M",
        "40-minute": "PT40M",
        "two years": "P2Y",
        "14 years": "P14Y",
        "decades": "PXDE",
    }
    assert {t.type for t in found} == {"duration"}
    assert {t.anchor for t in found} == {None}


def test_sets(tag):
    found = tag("The council meets weekly, reports every year, posts daily and audits each month.", D(2023, 11, 1))
    assert [(t.text, t.type, t.value, t.precision) for t in found] == [
        ("weekly", "set", "P1W", "set"),
        ("every year", "set", "P1Y", "set"),
        ("daily", "set", "P1D", "set"),
        ("each month", "set", "P1M", "set"),
    ]


def test_no_publication_date_gives_placeholders_never_guesses(tag):
    found = tag(
        "The strike came on October 7 and talks opened last Friday. Aid fell last week. "
        "The treaty of June 25, 2012 still holds.",
        None,
    )
    assert values(found) == {
        "October 7": "XXXX-10-07",
        "last Friday": "XXXX-WXX-5",
        "last week": "XXXX-WXX",
        "June 25, 2012": "2012-06-25",
    }
    assert [t.anchor for t in found] == ["unknown", "unknown", "unknown", None]


def test_numbers_that_are_not_times(tag):
    text = (
        "Some 83,000 people fled and $150 million was pledged; 15 Russians died when an Ilyushin-20M and an "
        "S-300 battery were lost, page 2005 of the report says, and 2.2 million were displaced. Call 555-1999."
    )
    assert tag(text, D(2023, 11, 1)) == []


def test_bare_years_are_dates(tag):
    found = tag("The 1967 war ended, the dispute ran since 1999, and the wall fell in 2005.", D(2023, 11, 1))
    assert [(t.text, t.value, t.precision) for t in found] == [
        ("1967", "1967", "year"),
        ("1999", "1999", "year"),
        ("2005", "2005", "year"),
    ]


def test_time_of_day_joins_its_day(tag):
    found = tag("The ferry will sail at 15:00 GMT Saturday instead.", D(2013, 3, 22))
    assert [(t.text, t.type, t.value, t.precision) for t in found] == [
        ("15:00 GMT Saturday", "time", "2013-03-23T15:00", "time")
    ]


def test_spans_are_offsets_into_the_text_in_order(nlp):
    doc = nlp("On Sunday [December 10], two weeks after the summit of November 26, officials met again.")
    found = find_timexes(doc, D(2023, 12, 12))
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(doc.text[t.start : t.end] == t.text for t in found)
    assert len(found) == 3


def test_offset_anchored_on_the_date_its_clause_carries(nlp):
    text = "A full 10 days after the rebels raided the northern villages on March 1, the president called."
    found = {t.text: t for t in find_timexes(nlp(text), datetime.date(2023, 11, 1))}
    offset = found["A full 10 days after"]
    assert offset.value == "2023-03-11"
    assert offset.anchor == f"timex:{text.index('March 1')}"


def test_a_standing_intention_points_to_the_coming_weekday(nlp):
    monday = datetime.date(2025, 3, 3)
    offered = find_timexes(nlp("The minister has offered to host both delegations on Friday."), monday)
    assert [(t.text, t.value) for t in offered] == [("Friday", "2025-03-07")]
    held = find_timexes(nlp("The minister has hosted both delegations on Friday."), monday)
    assert [(t.text, t.value) for t in held] == [("Friday", "2025-02-28")]


SCANNED = [
    "On 7 October 2023, three days later, and 2.5 years ago: about $2023 million by March 2024.",
    "The mayor met in May; May 5, last May, the 1990s, the past two weeks, every Monday since 2019.",
    "Friday's talks, 15:00 GMT Saturday, the first quarter of 2022, twenty-five years, next week.",
]


@pytest.mark.parametrize("text", SCANNED)
def test_one_pass_finds_what_each_rule_finds_alone(text):
    """The grammar's rules are matched in one pass over the text; each must find exactly what its own
    `finditer` finds: same spans, same named groups, overlaps between rules kept."""
    grammar = load_grammar()

    def matches(rule):
        return [(m.start(), m.end(), {k: v for k, v in m.groupdict().items() if v}) for m in rule.regex.finditer(text)]

    alone = [[m for m in matches(rule) if m[1] > m[0]] for rule in grammar.rules]
    scanned = grammar.scanner.matches(text)
    assert scanned == alone
    assert sum(map(len, scanned)) >= 10


def test_word_lists_match_their_longest_word_first():
    """A word list compiles to a regex sharing common beginnings; where several of its words match at one
    place, the longest one does, as a flat longest-first alternation would."""
    words = {"may": 5, "mayday": 0, "ma": 0, "march": 3, "mar": 3, "two weeks": 14, "two": 2}
    regex = re.compile(expand("{days}", {"days": words}), re.IGNORECASE)
    assert [regex.match(text).group() for text in ("Mayday!", "May 5", "Mar.", "March", "two  weeks", "two")] == [
        "Mayday", "May", "Mar", "March", "two  weeks", "two",
    ]  # fmt: skip
    assert re.compile(rf"{expand('{days}', {'days': words})}\b").match("mayo") is None
