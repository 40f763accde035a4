"""Queue positions from the daily snapshot: the service the dialog and the CLI use.

`lookup` is the operator's view (no limits); `ask` is a chat user's: the quota
and the scan detector apply, and every ask takes the same minimum time
whether the number exists or not, so timing tells a scraper nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.queue import dates, diary, sample, snapshot
from bot.queue.guard import Ask, Guard, Limits, Refusal
from bot.queue.importer import ImportReport, import_snapshot
from bot.queue.keys import Hasher, load_key
from bot.queue.rules import Answer, decide
from bot.queue.snapshot import SnapshotInfo
from bot.store import Store

# The console's stand-in snapshot when none was imported.
SAMPLE_ROWS = 5_000

__all__ = ["Answer", "ImportReport", "NoSnapshot", "QueueService", "Refusal", "Reply", "SnapshotInfo"]


class NoSnapshot(RuntimeError):
    pass


@dataclass(frozen=True)
class Reply:
    """What a chat user gets: an answer, or a refusal saying when to try again."""

    answer: Answer | None
    refusal: Refusal | None = None


class QueueService:
    def __init__(self, store: Store, settings: Settings, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.min_latency = settings["queue.min_latency_ms"] / 1000
        limits = Limits(
            daily_quota=settings["queue.daily_quota"],
            scan_threshold=settings["queue.scan_threshold"],
            scan_window=settings["queue.scan_window_minutes"] * 60,
            remember=max(1, settings["storage.retention_days"]) * 24 * 60 * 60,
        )
        self.guard = Guard(store, limits, clock)
        self._hasher: Hasher | None = None

    @property
    def hasher(self) -> Hasher:
        # Made on first use: the key file is only created when the queue is used.
        if self._hasher is None:
            self._hasher = Hasher(load_key(self.settings))
        return self._hasher

    def today(self) -> dt.date:
        return dates.helsinki_day(self.clock())

    async def snapshot(self) -> SnapshotInfo | None:
        return await snapshot.active(self.store)

    async def lookup(self, text: str) -> Answer:
        """The answer for the first diary number in `text`, without limits; NoSnapshot when none is imported."""
        number = diary.find(text)
        if number is None:
            return Answer("invalid")
        found = await snapshot.find(self.store, self.hasher.number(number))
        if found is None:
            raise NoSnapshot("no queue snapshot has been imported")
        snapshot_date, entry = found
        return decide(str(number), entry, snapshot_date)

    async def ask(self, platform: str, user: str, number: diary.DiaryNumber) -> Reply:
        """A chat user's lookup: limits apply, and it takes at least `min_latency` seconds."""
        started = time.monotonic()
        try:
            answer = await self.lookup(str(number))
            ask = Ask(self.hasher.asker(platform, user), self.hasher.number(number), self.hasher.area(number))
            refusal = await self.guard.admit(ask, answer.status)
            return Reply(None if refusal else answer, refusal)
        finally:
            await asyncio.sleep(max(0.0, self.min_latency - (time.monotonic() - started)))

    async def import_lines(self, lines: Iterable[str], as_of: dt.date | None = None) -> ImportReport:
        """Import a snapshot (CSV text lines) in a worker thread; the event loop keeps serving."""
        as_of = as_of or self.today()
        hasher = self.hasher
        return await asyncio.to_thread(import_snapshot, Path(self.store.path), lines, as_of, hasher)

    async def import_file(self, path: Path, as_of: dt.date | None = None) -> ImportReport:
        # utf-8-sig drops a BOM; newline="" lets the csv module read quoted line breaks.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return await self.import_lines(handle, as_of)

    async def use_sample_if_empty(self) -> ImportReport | None:
        """Import the synthetic sample when no snapshot was ever imported (the console quick start)."""
        if await self.snapshot() is not None:
            return None
        as_of = self.today()
        text = io.StringIO()
        sample.write_csv(text, sample.generate(SAMPLE_ROWS, seed=sample.DEFAULT_SEED, as_of=as_of))
        text.seek(0)
        return await self.import_lines(text, as_of)
