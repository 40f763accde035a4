"""The spec's rules at every boundary, through a real import and lookup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.locales import Locales
from bot.queue import QueueService
from bot.queue.dates import add_months, parse_submitted
from bot.queue.rules import Entry, decide
from bot.queue.wording import answer_text

from .conftest import AS_OF, Clock, numbered, write_csv

ROWS = [
    # work: 19 ties, then the 20th (19 ahead) and the 21st (20 ahead)
    *numbered(19, "work", "2026-01-05"),
    ["100/110/2026", "work", "2026-01-06"],
    ["101/110/2026", "work", "2026-01-06T00:00:01"],
    # study: offsets; Helsinki is UTC+2 in winter
    ["1/130/2026", "study", "2026-03-01T00:30:00+02:00"],
    ["2/130/2026", "study", "2026-02-28T22:15:00Z"],
    ["3/130/2026", "study", "2026-03-01"],
    ["4/130/2026", "study", "2026-02-28T23:59:00+02:00"],
    # family: the snapshot's date and the 18-month limit (2026-12-03 - 18 months = 2025-06-03)
    ["1/120/2026", "family", "2026-12-03"],
    ["2/120/2026", "family", "2026-12-03T08:00:00+02:00"],
    ["3/120/2026", "family", "2026-12-02T23:59:59"],
    ["4/120/2025", "family", "2025-06-03"],
    ["5/120/2025", "family", "2025-06-02"],
    ["6/120/2025", "family", "2025-06-02T23:30:00+00:00"],  # 2025-06-03 02:30 in Helsinki (summer, UTC+3)
    # citizenship queues: every code starting with "citizenship"
    ["1/150/2026", "citizenship", "2026-06-01"],
    ["2/150/2026", "citizenship_declaration", "2026-06-01"],
    ["3/150/2026", "citizenship", "2026-12-03"],
    ["4/150/2024", "citizenship", "2024-01-01"],
    ["5/150/2026", "eu_citizenship_registration", "2026-06-01"],
]


@pytest.fixture
async def loaded(service: QueueService, tmp_path: Path) -> QueueService:
    await service.import_file(write_csv(tmp_path / "s.csv", ROWS), AS_OF)
    return service


@pytest.mark.parametrize(
    ("number", "status", "ahead"),
    [
        ("1/110/2026", "shortly", 0),
        ("19/110/2026", "shortly", 0),  # ties on the same date are not ahead of each other
        ("100/110/2026", "shortly", 19),
        ("101/110/2026", "position", 20),
        ("4/130/2026", "shortly", 0),
        ("3/130/2026", "shortly", 1),
        ("2/130/2026", "shortly", 2),
        ("1/130/2026", "shortly", 3),
        ("1/120/2026", "not_yet", None),
        ("2/120/2026", "not_yet", None),
        ("3/120/2026", "shortly", 3),  # one day before the snapshot
        ("4/120/2025", "shortly", 1),  # exactly 18 months
        ("6/120/2025", "shortly", 2),  # 18 months in Helsinki time, though the UTC date is a day earlier
        ("5/120/2025", "too_old", None),  # 18 months and a day
        ("999/110/2026", "not_found", None),
    ],
)
async def test_status_and_ahead(loaded: QueueService, number: str, status: str, ahead: int | None) -> None:
    answer = await loaded.lookup(number)
    assert (answer.status, answer.ahead) == (status, ahead)
    assert answer.snapshot_date == AS_OF


async def test_submission_date_is_the_helsinki_date(loaded: QueueService) -> None:
    assert (await loaded.lookup("2/130/2026")).submitted_on == dt.date(2026, 3, 1)
    assert (await loaded.lookup("6/120/2025")).submitted_on == dt.date(2025, 6, 3)


@pytest.mark.parametrize(
    ("number", "status", "caveats"),
    [
        ("1/150/2026", "shortly", ("citizenship",)),
        ("2/150/2026", "shortly", ("citizenship",)),
        ("3/150/2026", "not_yet", ("citizenship",)),
        ("4/150/2024", "too_old", ("citizenship",)),
        ("5/150/2026", "shortly", ()),
        ("1/110/2026", "shortly", ()),
        ("9/150/2026", "not_found", ()),
    ],
)
async def test_citizenship_caveat(loaded: QueueService, number: str, status: str, caveats: tuple[str, ...]) -> None:
    answer = await loaded.lookup(number)
    assert answer.status == status
    assert answer.caveats == caveats


async def test_citizenship_queue_counts_its_own_type_only(loaded: QueueService) -> None:
    # "citizenship" on 2026-06-01 has one earlier citizenship row (2024), none from other types.
    assert (await loaded.lookup("1/150/2026")).ahead == 1


async def test_invalid_text(loaded: QueueService) -> None:
    assert (await loaded.lookup("what is my position?")).status == "invalid"


def test_month_end_clamping() -> None:
    assert add_months(dt.date(2023, 8, 31), 18) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2022, 8, 31), 18) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 12, 15), -19) == dt.date(2023, 5, 15)


@pytest.mark.parametrize(
    ("submitted", "as_of", "status"),
    [
        (dt.date(2023, 8, 31), dt.date(2025, 2, 28), "position"),  # exactly 18 months after clamping
        (dt.date(2023, 8, 31), dt.date(2025, 3, 1), "too_old"),
        (dt.date(2023, 8, 28), dt.date(2025, 2, 28), "position"),
        (dt.date(2023, 8, 27), dt.date(2025, 2, 28), "too_old"),
        (dt.date(2025, 2, 27), dt.date(2025, 2, 28), "position"),
        (dt.date(2025, 2, 28), dt.date(2025, 2, 28), "not_yet"),
    ],
)
def test_decide_around_the_limits(submitted: dt.date, as_of: dt.date, status: str) -> None:
    assert decide("1/110/2023", Entry("work", submitted, 500), as_of).status == status


async def test_clamping_through_an_import(service: QueueService, tmp_path: Path) -> None:
    rows = [["1/110/2023", "work", "2023-08-31"], ["2/110/2023", "work", "2023-08-27"]]
    await service.import_file(write_csv(tmp_path / "s.csv", rows), dt.date(2025, 2, 28))
    assert (await service.lookup("1/110/2023")).status == "shortly"
    assert (await service.lookup("2/110/2023")).status == "too_old"


def test_plain_date_is_midnight_in_helsinki() -> None:
    assert parse_submitted("2026-01-05")[0] == parse_submitted("2026-01-05T00:00:00+02:00")[0]
    assert parse_submitted("2026-07-05")[0] == parse_submitted("2026-07-05T00:00:00+03:00")[0]
    assert parse_submitted("2026-07-05T10:00")[0] == parse_submitted("2026-07-05T07:00:00Z")[0]


async def test_answer_text_formats_for_the_locale(loaded: QueueService) -> None:
    locales = Locales.load()
    answer = await loaded.lookup("101/110/2026")
    english = answer_text(locales.get("en").translator, answer, AS_OF)
    assert "20 applications" in english and "3 Dec 2026" in english
    finnish = answer_text(locales.get("fi").translator, answer, AS_OF)
    assert "3.12.2026" in finnish
    assert "101/110/2026" not in english + finnish  # replies are stored until delivered: never the number


async def test_big_numbers_are_grouped_for_the_locale(service: QueueService, tmp_path: Path) -> None:
    rows = [*numbered(12_345, "work", "2026-01-05"), ["99999/110/2026", "work", "2026-02-01"]]
    await service.import_file(write_csv(tmp_path / "s.csv", rows), AS_OF)
    answer = await service.lookup("99999/110/2026")
    assert answer.ahead == 12_345
    locales = Locales.load()
    assert "12,345" in answer_text(locales.get("en").translator, answer, AS_OF)
    assert "12\xa0345" in answer_text(locales.get("fi").translator, answer, AS_OF)


async def test_a_stale_snapshot_says_how_old_it_is(loaded: QueueService, clock: Clock) -> None:
    english = Locales.load().get("en").translator
    answer = await loaded.lookup("101/110/2026")
    assert "days old" not in answer_text(english, answer, AS_OF + dt.timedelta(days=2))
    assert "3 days old" in answer_text(english, answer, AS_OF + dt.timedelta(days=3))
    not_found = await loaded.lookup("999/110/2026")
    assert "10 days old" in answer_text(english, not_found, AS_OF + dt.timedelta(days=10))
