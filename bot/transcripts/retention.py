"""Retention: nothing about a conversation is kept longer than `storage.retention_days`.

`purge` deletes transcripts, ratings, votes, sessions untouched for that long
and handled platform events (whose replies were delivered) older than that.
`purge_regularly` runs it in the background for as long as the bot runs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiosqlite

from bot.store import Store
from bot.transcripts.forget import SECURE_DELETE

log = logging.getLogger(__name__)

DAY = 24 * 60 * 60
# An hour late is well within "90 days"; a purge is cheap when little is due.
PURGE_EVERY = 60 * 60

_TABLES = (
    ("transcript_turns", "at"),
    ("feedback_ratings", "at"),
    ("answer_votes", "at"),
    ("sessions", "updated_at"),
)


@dataclass(frozen=True)
class Purged:
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


async def purge(store: Store, retention_days: int, now: float | None = None) -> Purged:
    """Delete everything older than the retention period; returns the counts by table."""
    cutoff = (time.time() if now is None else now) - retention_days * DAY
    rows: dict[str, int] = {}
    async with store.transaction() as db:
        await db.execute(*SECURE_DELETE)
        for table, column in _TABLES:
            rows[table] = await _delete(db, table, column, cutoff)
    if rows["sessions"]:
        store.forget_cached_sessions()
    rows["handled_events"] = await store.forget_events_before(cutoff)
    return Purged(rows)


async def _delete(db: aiosqlite.Connection, table: str, column: str, cutoff: float) -> int:
    # Table and column come from the constant list above, never from input.
    cursor = await db.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,))
    return cursor.rowcount


async def purge_regularly(
    store: Store, retention_days: int, every: float = PURGE_EVERY, clock: Callable[[], float] = time.time
) -> None:
    """Purge now and then every `every` seconds until cancelled."""
    while True:
        try:
            purged = await purge(store, retention_days, clock())
            if purged.total:
                log.info("retention purge deleted %d rows: %s", purged.total, purged.rows)
        except aiosqlite.Error as error:  # a busy or locked database is purged next time
            log.warning("retention purge skipped: %s", error)
        await asyncio.sleep(every)
