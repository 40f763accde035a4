"""A synthetic snapshot: realistic enough to try the feature, deterministic for a seed and date.

Each queue has its own volume and backlog (how far back its pending
applications reach); older applications are rarer because most of them have
been decided. Running numbers grow with the submission date within each code
and year, with gaps where applications were already decided. Submission times
mix plain dates, Helsinki wall times and times with an offset, as real exports do.

A few fixed diary numbers are always present (or always absent) with dates
relative to the snapshot's date, one for each kind of answer: see `SHOWCASE`.
The numbers and dates are invented; no real application is described.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from bot.queue.dates import HELSINKI, add_months

DEFAULT_SEED = 2024
HEADER = ("diary_number", "application_type", "submitted_at", "office")
OFFICES = ("Helsinki", "Tampere", "Turku", "Oulu", "Lappeenranta", "Kuopio", "Joensuu", "online")


@dataclass(frozen=True)
class Queue:
    code: str
    diary_code: str
    share: float
    backlog_days: int


QUEUES = (
    Queue("work", "110", 0.36, 300),
    Queue("family", "120", 0.22, 500),
    Queue("study", "130", 0.14, 150),
    Queue("eu_registration", "140", 0.08, 200),
    Queue("citizenship", "150", 0.17, 760),
    Queue("citizenship_declaration", "151", 0.03, 300),
)


@dataclass(frozen=True)
class Showcase:
    number: str
    application_type: str
    # Days before the snapshot's date; None for a number that is never in the sample.
    age_days: int | None
    expect: str


def _too_old_age(as_of: dt.date) -> int:
    return (as_of - add_months(as_of, -19)).days


# One number for each kind of answer (the README lists them).
SHOWCASE = (
    Showcase("31275/110/2024", "work", 150, "position"),
    Showcase("1234/140/2025", "eu_registration", 210, "shortly"),
    Showcase("4321/120/2026", "family", 0, "not_yet"),
    Showcase("8765/120/2023", "family", -1, "too_old"),  # -1: 19 months, see _too_old_age
    Showcase("5555/150/2025", "citizenship", 330, "position (citizenship caveat)"),
    Showcase("31276/110/2024", "work", None, "not_found"),
)

# (instant for ordering, diary number, type, submitted_at text)
_Row = tuple[float, str, str, str]


def generate(rows: int, *, seed: int = DEFAULT_SEED, as_of: dt.date) -> Iterator[tuple[str, str, str, str]]:
    """`rows` generated rows plus the showcase ones, in submission order."""
    rng = random.Random(seed)
    reserved = {s.number for s in SHOWCASE}
    counts = _split(rows, [q.share for q in QUEUES])
    streams = [
        _queue_rows(q, n, as_of, random.Random(rng.random()), reserved) for q, n in zip(QUEUES, counts, strict=True)
    ]
    for _, number, kind, submitted in heapq.merge(*streams, _showcase_rows(as_of)):
        yield number, kind, submitted, OFFICES[rng.randrange(len(OFFICES))]


def write_csv(out: TextIO, rows: Iterable[tuple[str, str, str, str]]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return written


def _split(total: int, shares: list[float]) -> list[int]:
    counts = [int(total * share) for share in shares]
    counts[0] += total - sum(counts)
    return counts


def _queue_rows(queue: Queue, count: int, as_of: dt.date, rng: random.Random, reserved: set[str]) -> Iterator[_Row]:
    ages = sorted((_age(queue.backlog_days, rng) for _ in range(count)), reverse=True)
    per_year = max(1.0, count * 365 / queue.backlog_days)
    # Gaps stand for decided applications; smaller when the volume would overflow six digits.
    mean_step = max(1.0, min(3.5, 900_000 / per_year))
    running: dict[int, int] = {}
    for age in ages:
        day = as_of - dt.timedelta(days=age)
        last = running.get(day.year, rng.randint(100, 2_000))
        while True:
            last += 1 + int(rng.random() * 2 * (mean_step - 1))
            number = f"{last}/{queue.diary_code}/{day.year}"
            if number not in reserved:
                break
        running[day.year] = last
        yield _timed(day, rng, number, queue.code)


def _age(backlog: int, rng: random.Random) -> int:
    """Days since submission: even for the newer half, thinning to a fifth at the backlog's end."""
    while True:
        age = rng.randrange(backlog + 1)
        keep = 1.0 if age < backlog / 2 else 1.0 - 1.6 * (age / backlog - 0.5)
        if rng.random() < keep:
            return age


def _timed(day: dt.date, rng: random.Random, number: str, kind: str) -> _Row:
    minute = rng.randrange(8 * 60, 20 * 60)
    moment = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=HELSINKI)
    style = rng.random()
    if style < 0.6:
        # A plain date counts as 00:00 Helsinki time: it sorts before that day's times.
        return moment.replace(hour=0, minute=0).timestamp(), number, kind, day.isoformat()
    if style < 0.8:
        return moment.timestamp(), number, kind, moment.replace(tzinfo=None).isoformat(timespec="minutes")
    return moment.timestamp(), number, kind, moment.isoformat(timespec="seconds")


def _showcase_rows(as_of: dt.date) -> Iterator[_Row]:
    rows = []
    for show in SHOWCASE:
        if show.age_days is None:
            continue
        age = _too_old_age(as_of) if show.age_days < 0 else show.age_days
        day = as_of - dt.timedelta(days=age)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=HELSINKI)
        rows.append((moment.timestamp(), show.number, show.application_type, day.isoformat()))
    yield from sorted(rows)
