"""Business hours in Europe/Warsaw with Polish public holidays, and Polish date phrases.

Holidays come from the maintained ``holidays`` package (``holidays.Poland``:
Easter Monday, 3 May, Corpus Christi, 11 November, Christmas, Christmas Eve
from 2025, ...), never a hand-written table. ``business_hours`` maps a weekday
(Monday = 0) to ``(open_hour, close_hour)`` local time; a weekday missing from
the map (Sunday by default) is closed.

>>> from datetime import datetime
>>> from pomocbot.config import EscalationConfig
>>> config = EscalationConfig()
>>> is_open(datetime(2026, 4, 6, 10, 0), config)        # Easter Monday
False
>>> next_opening(datetime(2026, 4, 6, 10, 0), config).isoformat()
'2026-04-07T08:00:00+02:00'
>>> when_phrase(datetime(2026, 4, 7, 8, 0), now=datetime(2026, 4, 6, 10, 0))
'jutro (we wtorek, 7 kwietnia) po 8:00'
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from pomocbot.config import EscalationConfig

__all__ = ["POLISH_MONTHS_GENITIVE", "POLISH_WEEKDAYS", "is_holiday", "is_open", "local_time",
           "next_opening", "polish_date", "when_phrase"]

POLISH_WEEKDAYS: tuple[str, ...] = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota",
                                    "niedziela")
# "w poniedziałek", "we wtorek", "w środę": the accusative after "w"/"we".
_WEEKDAYS_ON: tuple[str, ...] = ("w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek",
                                 "w sobotę", "w niedzielę")
POLISH_MONTHS_GENITIVE: tuple[str, ...] = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
    "października", "listopada", "grudnia",
)


@functools.lru_cache(maxsize=32)
def _polish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Poland(years=year)


def is_holiday(day: date) -> bool:
    """True on a Polish public holiday (statutory day off).

    >>> is_holiday(date(2026, 5, 3)), is_holiday(date(2026, 11, 11)), is_holiday(date(2026, 5, 4))
    (True, True, False)
    """
    return day in _polish_holidays(day.year)


def local_time(moment: datetime, config: EscalationConfig) -> datetime:
    """``moment`` in the configured time zone; a naive moment is taken as local time already.

    >>> from datetime import timezone
    >>> local_time(datetime(2026, 1, 5, 7, 30, tzinfo=timezone.utc), EscalationConfig()).hour
    8
    """
    zone = ZoneInfo(config.timezone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _hours(day: date, config: EscalationConfig) -> tuple[int, int] | None:
    if is_holiday(day):
        return None
    return config.business_hours.get(day.weekday())


def is_open(moment: datetime, config: EscalationConfig) -> bool:
    """True when consultants work at ``moment`` (closing hour excluded).

    >>> config = EscalationConfig()
    >>> is_open(datetime(2026, 4, 4, 14, 59), config), is_open(datetime(2026, 4, 4, 15, 0), config)
    (True, False)
    """
    local = local_time(moment, config)
    hours = _hours(local.date(), config)
    if hours is None:
        return False
    open_hour, close_hour = hours
    return time(open_hour) <= local.time().replace(tzinfo=None) < _close(close_hour)


def _close(close_hour: int) -> time:
    return time.max if close_hour >= 24 else time(close_hour)


def next_opening(moment: datetime, config: EscalationConfig) -> datetime:
    """The next time consultants start work after ``moment`` (``moment`` itself, local, when open).

    Skips Sundays (unless configured), public holidays and the rest of a day
    after closing time. Returns an aware datetime in the configured zone.

    >>> config = EscalationConfig()
    >>> next_opening(datetime(2026, 5, 1, 21, 0), config).isoformat()   # Fri 1 May (holiday), Sat 2 May
    '2026-05-02T09:00:00+02:00'
    """
    local = local_time(moment, config)
    if is_open(local, config):
        return local
    zone = ZoneInfo(config.timezone)
    for offset in range(0, 400):
        day = local.date() + timedelta(days=offset)
        hours = _hours(day, config)
        if hours is None:
            continue
        opening = datetime.combine(day, time(hours[0]), tzinfo=zone)
        if opening > local:
            return opening
    raise ValueError(f"no business hours within 400 days of {local.isoformat()}; "
                     "check EscalationConfig.business_hours (it must open at least one weekday)")


def polish_date(day: date) -> str:
    """``"7 kwietnia"`` (day and month in the genitive, as Polish dates are said).

    >>> polish_date(date(2026, 11, 16))
    '16 listopada'
    """
    return f"{day.day} {POLISH_MONTHS_GENITIVE[day.month - 1]}"


def when_phrase(moment: datetime, *, now: datetime) -> str:
    """A Polish phrase for when ``moment`` comes, as seen at ``now`` (same zone assumed).

    >>> now = datetime(2026, 4, 4, 16, 0)                         # Saturday after closing
    >>> when_phrase(datetime(2026, 4, 4, 18, 0), now=now)
    'dziś po 18:00'
    >>> when_phrase(datetime(2026, 4, 7, 8, 0), now=now)          # Sunday and Easter Monday skipped
    'we wtorek, 7 kwietnia, po 8:00'
    """
    clock = f"{moment.hour}:{moment.minute:02d}"
    days = (moment.date() - now.date()).days
    on_day = f"{_WEEKDAYS_ON[moment.weekday()]}, {polish_date(moment.date())},"
    if days == 0:
        return f"dziś po {clock}"
    if days == 1:
        return f"jutro ({on_day.rstrip(',')}) po {clock}"
    return f"{on_day} po {clock}"
