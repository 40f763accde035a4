"""Time as the agency counts it: Europe/Helsinki calendar days.

A snapshot's `submitted_at` is a date or a date-time; a date is 00:00 Helsinki
time on that day, and a date-time without an offset is Helsinki wall time.
Ordering uses exact instants (microseconds since the epoch); the rules use the
Helsinki calendar date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

# Needs the IANA database: the system's, or the `tzdata` package where there is none.
HELSINKI = ZoneInfo("Europe/Helsinki")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


class BadDate(ValueError):
    pass


@lru_cache(maxsize=4096)
def _day_start(day: dt.date) -> int:
    return _instant(dt.datetime(day.year, day.month, day.day, tzinfo=HELSINKI))


def _instant(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def parse_submitted(value: str) -> tuple[int, dt.date]:
    """(instant in microseconds, Helsinki calendar date) of a `submitted_at` value."""
    value = value.strip()
    try:
        if len(value) <= 10:
            day = dt.date.fromisoformat(value)
            return _day_start(day), day
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadDate(value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HELSINKI)
    return _instant(moment), moment.astimezone(HELSINKI).date()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a missing day clamps to the month's last (08-31 + 18 → 02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> dt.date:
    return dt.datetime.now(HELSINKI).date()


def helsinki_day(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, HELSINKI).date()
