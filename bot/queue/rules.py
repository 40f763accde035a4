"""The answer to a diary number, decided by the spec's rules in their order.

The snapshot gives, for each number, its queue (`application_type`), its
submission date and `ahead`, the number of same-type applications submitted
strictly earlier (computed at import). The first matching rule wins:
not found, not yet (submitted on the snapshot's date), too old (more than 18
months waited), shortly (fewer than 20 ahead), position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.queue.dates import add_months

SHORTLY_BELOW = 20
TOO_OLD_MONTHS = 18
# A snapshot older than this many days makes every answer say how old it is.
STALE_AFTER_DAYS = 2
CITIZENSHIP_PREFIX = "citizenship"


@dataclass(frozen=True)
class Entry:
    """One application in the active snapshot."""

    application_type: str
    submitted_on: dt.date
    ahead: int


@dataclass(frozen=True)
class Answer:
    status: str
    snapshot_date: dt.date | None = None
    number: str | None = None
    application_type: str | None = None
    submitted_on: dt.date | None = None
    ahead: int | None = None
    caveats: tuple[str, ...] = field(default=())

    def days_old(self, today: dt.date) -> int | None:
        """How old the snapshot is when it is stale, else None."""
        if self.snapshot_date is None:
            return None
        age = (today - self.snapshot_date).days
        return age if age > STALE_AFTER_DAYS else None


def is_citizenship(application_type: str) -> bool:
    return application_type.startswith(CITIZENSHIP_PREFIX)


def decide(number: str, entry: Entry | None, snapshot_date: dt.date) -> Answer:
    if entry is None:
        return Answer("not_found", snapshot_date, number)
    caveats = ("citizenship",) if is_citizenship(entry.application_type) else ()
    ahead: int | None = None
    if entry.submitted_on >= snapshot_date:
        status = "not_yet"
    elif snapshot_date > add_months(entry.submitted_on, TOO_OLD_MONTHS):
        status = "too_old"
    else:
        ahead = entry.ahead
        status = "shortly" if ahead < SHORTLY_BELOW else "position"
    return Answer(status, snapshot_date, number, entry.application_type, entry.submitted_on, ahead, caveats)
