"""Who may look up a new diary number now: the per-user quota and the scan detector.

Two limits, both on *new* numbers only; a user looking up a number they were
already answered for is never refused (checking one's own number weekly is
what the agency advises):

- quota: at most `daily_quota` distinct numbers answered per user in any 24 hours;
- scan detector: when `scan_threshold` distinct numbers of one neighbourhood
  (same code and year, running numbers in one block of `AREA_SIZE`) were
  asked by anyone within `scan_window` seconds, new numbers there are refused
  until it calms down. Refused attempts count too, so a running scan keeps its
  neighbourhood closed, while the people who already had their answer keep it.

Everything is kept as keyed hashes in `queue_asks`, decided and recorded in
one write transaction, so concurrent steps (or processes) cannot both slip
under a limit. Refusals and answers are counted per day in `queue_counters`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bot.queue.dates import helsinki_day
from bot.store import Store

DAY = 24 * 60 * 60
PRUNE_EVERY = 60 * 60


@dataclass(frozen=True)
class Limits:
    daily_quota: int = 5
    scan_threshold: int = 8
    scan_window: float = 60 * 60
    # Answered asks are remembered this long, so repeats stay free.
    remember: float = 90 * DAY


@dataclass(frozen=True)
class Refusal:
    reason: str  # "quota" or "scan"
    retry_at: float


@dataclass(frozen=True)
class Ask:
    asker: bytes
    number: bytes
    area: bytes


class Guard:
    def __init__(self, store: Store, limits: Limits, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.limits = limits
        self.clock = clock
        self._pruned_at = 0.0

    async def admit(self, ask: Ask, status: str) -> Refusal | None:
        """None when the answer may be given (and it is recorded), else why not and until when."""
        now = self.clock()
        prune = now - self._pruned_at > PRUNE_EVERY
        refusal = await self.store.write(partial(self._admit, ask, status, now, prune))
        if prune:
            self._pruned_at = now
        return refusal

    def _admit(self, ask: Ask, status: str, now: float, prune: bool, db: sqlite3.Connection) -> Refusal | None:
        # One short write transaction (see Store.write): every check and
        # record of an ask together, and the same statements run whether
        # the number was found or not.
        if prune:
            self._prune(db, now)
        refusal = None
        if not self._answered_before(db, ask):
            refusal = self._scan(db, ask, now) or self._quota(db, ask, now)
            db.execute(
                "INSERT INTO queue_asks (asker_key, number_key, area_key, first_at, last_at, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (asker_key, number_key) DO UPDATE SET "
                "last_at = excluded.last_at, answered_at = excluded.answered_at",
                (ask.asker, ask.number, ask.area, now, now, None if refusal else now),
            )
        counter = f"refused.{refusal.reason}" if refusal else f"answered.{status}"
        db.execute(
            "INSERT INTO queue_counters (day, name, count) VALUES (?, ?, 1) "
            "ON CONFLICT (day, name) DO UPDATE SET count = count + 1",
            (helsinki_day(now).isoformat(), counter),
        )
        return refusal

    def _answered_before(self, db: sqlite3.Connection, ask: Ask) -> bool:
        row = db.execute(
            "SELECT 1 FROM queue_asks WHERE asker_key = ? AND number_key = ? AND answered_at IS NOT NULL",
            (ask.asker, ask.number),
        ).fetchone()
        return row is not None

    def _scan(self, db: sqlite3.Connection, ask: Ask, now: float) -> Refusal | None:
        since = now - self.limits.scan_window
        # The newest ask of each other number in the neighbourhood, newest first:
        # the area calms down when the threshold-th newest leaves the window.
        row = db.execute(
            "SELECT max(last_at) AS latest FROM queue_asks WHERE area_key = ? AND last_at > ? AND number_key != ? "
            "GROUP BY number_key ORDER BY latest DESC LIMIT 1 OFFSET ?",
            (ask.area, since, ask.number, self.limits.scan_threshold - 1),
        ).fetchone()
        return None if row is None else Refusal("scan", float(row[0]) + self.limits.scan_window)

    def _quota(self, db: sqlite3.Connection, ask: Ask, now: float) -> Refusal | None:
        count, oldest = db.execute(
            "SELECT count(*), min(answered_at) FROM queue_asks WHERE asker_key = ? AND answered_at > ?",
            (ask.asker, now - DAY),
        ).fetchone()
        if count < self.limits.daily_quota:
            return None
        return Refusal("quota", float(oldest or now) + DAY)

    def _prune(self, db: sqlite3.Connection, now: float) -> None:
        # Refused attempts matter only to the detector's window; answers, to repeats.
        db.execute(
            "DELETE FROM queue_asks WHERE last_at < ? AND (answered_at IS NULL OR last_at < ?)",
            (now - max(DAY, self.limits.scan_window), now - self.limits.remember),
        )
