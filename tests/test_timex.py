"""Date expressions normalised against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.event_resources import EventResources
from kg.extract.timex import default_time, find_timexes, resolve

PUBLISHED = date(2022, 3, 2)  # a Wednesday


@pytest.fixture(scope="module")
def words() -> dict:
    return EventResources.load().timex


def _one(nlp, words, text: str, future: bool = False):
    found = find_timexes(nlp(text), words)
    assert len(found) == 1, [t.span.text for t in found]
    return resolve(found[0], PUBLISHED, future)


def test_past_weekday_is_the_one_before_publication(nlp, words) -> None:
    t = _one(nlp, words, "On Tuesday, airstrikes hit the city.")
    assert (t.begin, t.end, t.precision, t.defaulted) == (date(2022, 3, 1), date(2022, 3, 1), "day", False)
    assert _one(nlp, words, "The delegations met on Monday.").begin == date(2022, 2, 28)
    assert _one(nlp, words, "The war began on Thursday.").begin == date(2022, 2, 24)


def test_planned_weekday_is_the_coming_one(nlp, words) -> None:
    assert _one(nlp, words, "Talks might take place on Wednesday.", future=True).begin == PUBLISHED
    assert _one(nlp, words, "They will meet on Friday.", future=True).begin == date(2022, 3, 4)


def test_relative_days_and_periods(nlp, words) -> None:
    assert _one(nlp, words, "Shelling resumed yesterday.").begin == date(2022, 3, 1)
    week = _one(nlp, words, "Protesters marched last week.")
    assert (week.begin, week.end, week.precision) == (date(2022, 2, 21), date(2022, 2, 27), "week")
    month = _one(nlp, words, "Talks will resume next month.", future=True)
    assert (month.begin, month.end, month.precision) == (date(2022, 4, 1), date(2022, 4, 30), "month")


def test_calendar_dates(nlp, words) -> None:
    assert _one(nlp, words, "The ceasefire was signed on February 24.").begin == date(2022, 2, 24)
    assert _one(nlp, words, "The summit opened on 1 March 2021.").begin == date(2021, 3, 1)
    assert _one(nlp, words, "Elections are due in May 2023.", future=True).precision == "month"


def test_modal_may_is_not_a_month(nlp, words) -> None:
    assert find_timexes(nlp("The talks may resume soon."), words) == []


def test_default_time_is_flagged() -> None:
    t = default_time(PUBLISHED)
    assert t.defaulted and t.begin == PUBLISHED and t.text is None
