"""The per-user quota, the scan detector, their refusals, and the constant-time padding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import config
from bot.locales import Locales
from bot.queue import QueueService, diary
from bot.queue.guard import DAY
from bot.queue.wording import refusal_text
from bot.store import Store

from .conftest import AS_OF, Clock, queue_env, write_csv

# Work applications 1000..3999/110/2026: three neighbourhoods (blocks of 1,000).
ROWS = [[f"{n}/110/2026", "work", "2026-01-05"] for n in range(1000, 4000, 2)]


@pytest.fixture
async def loaded(service: QueueService, tmp_path: Path) -> QueueService:
    await service.import_file(write_csv(tmp_path / "s.csv", ROWS), AS_OF)
    return service


def number(text: str) -> diary.DiaryNumber:
    found = diary.find(text)
    assert found is not None
    return found


async def counters(store: Store) -> dict[str, int]:
    return dict(await store.fetchall("SELECT name, sum(count) FROM queue_counters GROUP BY name"))


async def test_quota_counts_distinct_numbers_in_24_hours(loaded: QueueService, clock: Clock) -> None:
    first_asked = clock.now
    for n in range(5):  # found or not, each distinct number counts
        reply = await loaded.ask("test", "u1", number(f"{1000 + n}/110/2026"))
        assert reply.answer is not None and reply.refusal is None
        clock.advance(60)
    refused = await loaded.ask("test", "u1", number("3000/110/2026"))
    assert refused.answer is None and refused.refusal is not None
    assert refused.refusal.reason == "quota"
    assert refused.refusal.retry_at == first_asked + DAY
    # Asking again for a number already answered is free, at any time.
    again = await loaded.ask("test", "u1", number("1002/110/2026"))
    assert again.answer is not None and again.answer.status == "shortly"
    # Another user has their own quota.
    assert (await loaded.ask("test", "u2", number("3000/110/2026"))).answer is not None
    clock.now = first_asked + DAY + 1
    assert (await loaded.ask("test", "u1", number("3002/110/2026"))).answer is not None
    assert (await loaded.ask("test", "u1", number("3004/110/2026"))).refusal is not None


async def test_the_same_user_on_another_platform_is_another_asker(loaded: QueueService) -> None:
    for n in range(5):
        await loaded.ask("telegram", "42", number(f"{2000 + 2 * n}/110/2026"))
    assert (await loaded.ask("telegram", "42", number("3000/110/2026"))).refusal is not None
    assert (await loaded.ask("matrix", "42", number("3000/110/2026"))).refusal is None


async def test_scan_of_neighbours_closes_the_neighbourhood(loaded: QueueService, clock: Clock, store: Store) -> None:
    # Eight users each ask one number of the block 1000-1999 ...
    for user in range(8):
        assert (await loaded.ask("test", f"s{user}", number(f"{1100 + user}/110/2026"))).answer is not None
        clock.advance(10)
    last_asked = clock.now - 10
    # ... so a ninth new number there is refused, for anyone.
    refused = await loaded.ask("test", "newcomer", number("1500/110/2026"))
    assert refused.refusal is not None and refused.refusal.reason == "scan"
    assert refused.refusal.retry_at > last_asked
    # Those who asked before keep their answers.
    assert (await loaded.ask("test", "s3", number("1103/110/2026"))).answer is not None
    # Another block, another code or year is not affected.
    assert (await loaded.ask("test", "newcomer", number("2500/110/2026"))).answer is not None
    assert (await loaded.ask("test", "newcomer", number("1500/120/2026"))).answer is not None
    assert (await loaded.ask("test", "newcomer", number("1500/110/2025"))).answer is not None
    # When the window has passed without more asks, the block opens again.
    clock.advance(61 * 60)
    assert (await loaded.ask("test", "later", number("1500/110/2026"))).answer is not None
    assert (await counters(store))["refused.scan"] == 1


async def test_refused_attempts_keep_a_scan_closed(loaded: QueueService, clock: Clock) -> None:
    for user in range(8):
        await loaded.ask("test", f"s{user}", number(f"{1100 + user}/110/2026"))
    for step in range(90):  # a scan that goes on for three hours, one attempt every two minutes
        clock.advance(2 * 60)
        assert (await loaded.ask("test", f"t{step}", number(f"{1200 + step}/110/2026"))).refusal is not None


async def test_limits_survive_a_restart(loaded: QueueService, tmp_path: Path, clock: Clock) -> None:
    for n in range(5):
        await loaded.ask("test", "u1", number(f"{2000 + n}/110/2026"))
    settings = config.load(None, queue_env(tmp_path))
    async with await Store.open(settings.database) as store:
        restarted = QueueService(store, settings, clock=clock)
        assert (await restarted.ask("test", "u1", number("3000/110/2026"))).refusal is not None
        assert (await restarted.ask("test", "u1", number("2001/110/2026"))).answer is not None


async def test_refusals_and_answers_are_counted(loaded: QueueService, store: Store) -> None:
    for n in range(7):
        await loaded.ask("test", "u1", number(f"{3000 + n}/110/2026"))
    assert await counters(store) == {"answered.shortly": 3, "answered.not_found": 2, "refused.quota": 2}


async def test_the_quota_is_configurable(tmp_path: Path, clock: Clock) -> None:
    settings = config.load(None, queue_env(tmp_path, KAMU_QUEUE_DAILY_QUOTA="2"))
    async with await Store.open(settings.database) as store:
        service = QueueService(store, settings, clock=clock)
        await service.import_file(write_csv(tmp_path / "s.csv", ROWS), AS_OF)
        replies = [await service.ask("test", "u", number(f"{2000 + n}/110/2026")) for n in range(3)]
        assert [r.refusal is None for r in replies] == [True, True, False]


async def test_every_lookup_is_padded_to_the_same_minimum(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    settings = config.load(None, queue_env(tmp_path, KAMU_QUEUE_MIN_LATENCY_MS="10000"))
    async with await Store.open(settings.database) as store:
        service = QueueService(store, settings, clock=clock)
        await service.import_file(write_csv(tmp_path / "s.csv", ROWS), AS_OF)
        monkeypatch.setattr("bot.queue.asyncio.sleep", record)
        found = await service.ask("test", "u", number("2000/110/2026"))
        missing = await service.ask("test", "u", number("2001/110/2026"))
    assert found.answer is not None and found.answer.status == "shortly"
    assert missing.answer is not None and missing.answer.status == "not_found"
    # Each waited out the rest of the 10 s: the answer leaves at the same moment either way.
    assert len(delays) == 2 and all(9 < d <= 10 for d in delays)


def test_refusals_say_when_to_try_again_in_the_users_format() -> None:
    from bot.queue.guard import Refusal

    locales = Locales.load()
    noon = dt.datetime(2026, 12, 3, 12, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))).timestamp()
    same_day = Refusal("scan", noon)
    next_day = Refusal("quota", noon + DAY)
    assert "today at 12:01" in refusal_text(locales.get("en").translator, same_day, AS_OF)
    assert "4 Dec 2026 at 12:01" in refusal_text(locales.get("en").translator, next_day, AS_OF)
    assert "4.12.2026" in refusal_text(locales.get("fi").translator, next_day, AS_OF)


async def test_many_accounts_scanning_fresh_neighbourhoods(loaded: QueueService) -> None:
    # 200 accounts × 5 consecutive numbers over 1000-1999 and 2000-1999+1000: two blocks, 8 each at most.
    answered = 0
    for account in range(200):
        for k in range(5):
            reply = await loaded.ask("test", f"bot{account}", number(f"{1500 + account * 5 + k}/110/2026"))
            answered += reply.answer is not None
    assert answered <= 2 * 8
