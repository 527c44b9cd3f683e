"""Business hours in Europe/Warsaw: weekdays, Saturday closing, Sundays, Polish public holidays, DST."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pomocbot.config import EscalationConfig
from pomocbot.escalate.hours import is_holiday, is_open, next_opening, polish_date, when_phrase

pytestmark = pytest.mark.unit

CONFIG = EscalationConfig()


@pytest.mark.parametrize(("moment", "expected"), [
    # weekdays 8–20
    (datetime(2026, 11, 2, 8, 0), True),      # Monday opening
    (datetime(2026, 11, 2, 7, 59), False),
    (datetime(2026, 11, 2, 19, 59), True),
    (datetime(2026, 11, 2, 20, 0), False),     # closing hour excluded
    # Saturday 9–15
    (datetime(2026, 4, 4, 9, 0), True),
    (datetime(2026, 4, 4, 15, 0), False),
    (datetime(2026, 11, 7, 16, 30), False),
    # Sunday closed
    (datetime(2026, 11, 8, 12, 0), False),
    # public holidays from the holidays package
    (datetime(2026, 4, 6, 10, 0), False),      # Easter Monday
    (datetime(2026, 5, 3, 10, 0), False),      # 3 May (a Sunday in 2026 anyway)
    (datetime(2026, 5, 1, 10, 0), False),      # 1 May, Friday
    (datetime(2026, 11, 11, 10, 0), False),    # Independence Day, Wednesday
    (datetime(2026, 12, 25, 10, 0), False),
    (datetime(2026, 12, 28, 10, 0), True),
])
def test_is_open(moment: datetime, expected: bool) -> None:
    assert is_open(moment, CONFIG) is expected


def test_aware_moments_are_converted_to_warsaw() -> None:
    # 06:30 UTC is 08:30 in Warsaw in summer (CEST) and 07:30 in winter (CET)
    assert is_open(datetime(2026, 7, 1, 6, 30, tzinfo=timezone.utc), CONFIG)
    assert not is_open(datetime(2026, 1, 7, 6, 30, tzinfo=timezone.utc), CONFIG)


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2026, 11, 2, 21, 0), "2026-11-03T08:00:00+01:00"),   # after closing -> next morning
    (datetime(2026, 11, 2, 6, 0), "2026-11-02T08:00:00+01:00"),    # before opening -> same day
    (datetime(2026, 11, 7, 16, 0), "2026-11-09T08:00:00+01:00"),   # Saturday after 15 -> Monday
    (datetime(2026, 4, 4, 16, 0), "2026-04-07T08:00:00+02:00"),    # skips Sunday and Easter Monday
    (datetime(2026, 4, 6, 10, 0), "2026-04-07T08:00:00+02:00"),    # on Easter Monday
    (datetime(2026, 5, 2, 16, 0), "2026-05-04T08:00:00+02:00"),    # 3 May Sunday -> Monday 4 May
    (datetime(2026, 11, 10, 20, 30), "2026-11-12T08:00:00+01:00"),  # skips 11 November
    (datetime(2026, 12, 23, 20, 0), "2026-12-28T08:00:00+01:00"),  # Christmas Eve, Christmas, Sunday
    (datetime(2026, 3, 28, 16, 0), "2026-03-30T08:00:00+02:00"),   # across the switch to CEST
])
def test_next_opening(moment: datetime, expected: str) -> None:
    assert next_opening(moment, CONFIG).isoformat() == expected


def test_next_opening_when_open_is_now() -> None:
    moment = datetime(2026, 11, 2, 10, 15)
    assert next_opening(moment, CONFIG).replace(tzinfo=None) == moment


def test_config_without_hours_fails_with_a_hint() -> None:
    with pytest.raises(ValueError, match="business_hours"):
        next_opening(datetime(2026, 11, 2, 10), EscalationConfig(business_hours={}))


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 4, 6), True), (date(2026, 5, 3), True), (date(2026, 11, 11), True),
    (date(2026, 12, 25), True), (date(2026, 12, 26), True), (date(2026, 6, 4), True),  # Corpus Christi
    (date(2026, 4, 7), False), (date(2026, 11, 12), False),
])
def test_is_holiday(day: date, expected: bool) -> None:
    assert is_holiday(day) is expected


@pytest.mark.parametrize(("moment", "now", "expected"), [
    (datetime(2026, 11, 2, 8), datetime(2026, 11, 2, 6), "dziś po 8:00"),
    (datetime(2026, 11, 3, 8), datetime(2026, 11, 2, 21), "jutro (we wtorek, 3 listopada) po 8:00"),
    (datetime(2026, 11, 9, 8), datetime(2026, 11, 7, 16), "w poniedziałek, 9 listopada, po 8:00"),
    (datetime(2026, 4, 8, 8), datetime(2026, 4, 4, 16), "w środę, 8 kwietnia, po 8:00"),
    (datetime(2026, 5, 2, 9), datetime(2026, 4, 30, 21), "w sobotę, 2 maja, po 9:00"),
])
def test_when_phrase(moment: datetime, now: datetime, expected: str) -> None:
    assert when_phrase(moment, now=now) == expected


def test_polish_date() -> None:
    assert polish_date(date(2026, 9, 1)) == "1 września"
