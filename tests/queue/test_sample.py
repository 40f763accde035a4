"""The synthetic snapshot: deterministic, realistic in shape, and its showcase numbers."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from bot.queue import QueueService, sample
from bot.queue.dates import today

from .conftest import AS_OF


def generated(rows: int, seed: int = sample.DEFAULT_SEED, as_of: dt.date = AS_OF) -> str:
    out = io.StringIO()
    sample.write_csv(out, sample.generate(rows, seed=seed, as_of=as_of))
    return out.getvalue()


def test_same_seed_and_date_same_file() -> None:
    assert generated(2_000) == generated(2_000)
    assert generated(2_000) != generated(2_000, seed=1)


def test_shape() -> None:
    lines = generated(10_000).splitlines()
    assert lines[0] == "diary_number,application_type,submitted_at,office"
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 10_000 + sum(s.age_days is not None for s in sample.SHOWCASE)
    types = Counter(row[1] for row in rows)
    assert types["work"] > types["family"] > types["citizenship"] > types["study"] > types["eu_registration"]
    assert types["citizenship_declaration"] > 0
    dates = sorted(row[2][:10] for row in rows)
    assert dates[-1] == AS_OF.isoformat()
    assert dt.date.fromisoformat(dates[0]) < AS_OF - dt.timedelta(days=700)
    assert any("+02:00" in row[2] for row in rows) and any(len(row[2]) == 16 for row in rows)


async def test_showcase_numbers_give_each_kind_of_answer(service: QueueService) -> None:
    await service.import_lines(io.StringIO(generated(5_000)), AS_OF)
    for show in sample.SHOWCASE:
        answer = await service.lookup(show.number)
        assert answer.status == show.expect.split()[0], show
        assert ("citizenship" in answer.caveats) == ("citizenship" in show.expect)


async def test_the_console_sample_is_imported_once(service: QueueService) -> None:
    report = await service.use_sample_if_empty()
    assert report is not None and report.as_of == service.today() and report.rows > 5_000
    assert await service.use_sample_if_empty() is None
    for show in sample.SHOWCASE:
        assert (await service.lookup(show.number)).status == show.expect.split()[0]


def test_showcase_works_on_any_date() -> None:
    # The README's numbers must hold whatever day the quick start runs.
    for as_of in (today(), dt.date(2027, 3, 1), dt.date(2028, 2, 29), dt.date(2030, 8, 31)):
        text = generated(3_000, as_of=as_of)
        assert all(s.number in text for s in sample.SHOWCASE if s.age_days is not None)
        assert all(f"\n{s.number}," not in text for s in sample.SHOWCASE if s.age_days is None)
