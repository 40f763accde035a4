"""Queue fixtures: real SQLite files, a fixed key, no deliberate latency, a settable clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from bot import config
from bot.queue import QueueService
from bot.queue.dates import HELSINKI
from bot.store import Store

AS_OF = dt.date(2026, 12, 3)
KEY = "test-key-0123456789abcdef0123456789abcdef"
HEADER = ("diary_number", "application_type", "submitted_at")


class Clock:
    """Time that tests move by hand; starts at noon Helsinki time on AS_OF."""

    def __init__(self, day: dt.date = AS_OF) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, 12, tzinfo=HELSINKI).timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def queue_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "KAMU_DB": str(tmp_path / "kamu.db"),
        "KAMU_QUEUE_HMAC_KEY": KEY,
        "KAMU_QUEUE_MIN_LATENCY_MS": "0",
        **extra,
    }


@pytest.fixture
def settings(tmp_path: Path) -> config.Settings:
    # Overrides the suite's fixture, so `runtime` and `chat` use it too.
    return config.load(None, queue_env(tmp_path))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(settings: config.Settings) -> AsyncIterator[Store]:
    async with await Store.open(settings.database) as store:
        yield store


@pytest.fixture
def service(store: Store, settings: config.Settings, clock: Clock) -> QueueService:
    return QueueService(store, settings, clock=clock)


def write_csv(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER, *, bom: bool = False) -> Path:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def numbered(
    count: int, application_type: str, submitted_at: str, *, start: int = 1, code: str = "110"
) -> list[list[str]]:
    """`count` rows of one type and date with running numbers start, start+1, …"""
    return [[f"{start + i}/{code}/2026", application_type, submitted_at] for i in range(count)]
