"""Retention: what is older than `storage.retention_days` is purged, the rest stays."""

from __future__ import annotations

import asyncio

from adapters.runtime import Runtime
from bot.transcripts import purge, purge_regularly
from bot.transcripts.retention import DAY
from tests.privacy.conftest import rows

NOW = 2_000_000_000.0


async def _seed(runtime: Runtime, at: float, tag: str) -> None:
    async with runtime.app.store.transaction() as db:
        await db.execute(
            "INSERT INTO transcript_turns (user_key, at, platform, language, mode, user_text, bot_text) "
            "VALUES (?, ?, 'test', 'en', 'default', ?, '')",
            (tag.encode(), at, tag),
        )
        await db.execute(
            "INSERT INTO feedback_ratings (user_key, at, language, rating) VALUES (?, ?, 'en', 3)", (tag.encode(), at)
        )
        await db.execute("INSERT INTO answer_votes VALUES (?, 'appeal', 1, ?)", (tag.encode(), at))
        await db.execute("INSERT INTO sessions VALUES ('test', ?, ?, '{}', ?)", (tag, tag, at))
        await db.execute("INSERT INTO handled_events VALUES ('test', ?, ?, ?, NULL)", (tag, tag, at))


async def _tags(runtime: Runtime) -> list[str]:
    return [tag for (tag,) in await rows(runtime, "SELECT user_text FROM transcript_turns ORDER BY at")]


async def test_purge_deletes_only_what_is_older_than_the_retention(runtime: Runtime) -> None:
    await _seed(runtime, NOW - 91 * DAY, "old")
    await _seed(runtime, NOW - 89 * DAY, "recent")
    purged = await purge(runtime.app.store, 90, NOW)
    assert purged.rows == {
        "transcript_turns": 1,
        "feedback_ratings": 1,
        "answer_votes": 1,
        "sessions": 1,
        "handled_events": 1,
    }
    assert await _tags(runtime) == ["recent"]
    for table in ("feedback_ratings", "answer_votes", "sessions", "handled_events"):
        assert await rows(runtime, f"SELECT count(*) FROM {table}") == [(1,)]
    assert (await purge(runtime.app.store, 90, NOW)).total == 0


async def test_undelivered_replies_are_not_purged(runtime: Runtime) -> None:
    async with runtime.app.store.transaction() as db:
        await db.execute("INSERT INTO handled_events VALUES ('test', 'e1', 'c', ?, '[]')", (NOW - 100 * DAY,))
    await purge(runtime.app.store, 90, NOW)
    assert await rows(runtime, "SELECT event_id FROM handled_events") == [("e1",)]


async def test_the_periodic_purge_runs_in_the_background(runtime: Runtime) -> None:
    await _seed(runtime, NOW - 10 * DAY, "old")
    task = asyncio.create_task(purge_regularly(runtime.app.store, 7, every=3600, clock=lambda: NOW))
    try:
        for _ in range(500):
            if not await _tags(runtime):
                break
            await asyncio.sleep(0.01)
        assert await _tags(runtime) == []
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
