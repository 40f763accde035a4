"""Engine throughput and latency with the state saved on every step.

    python -m benchmarks.engine [--users 10000] [--messages 5] [--concurrency 8]

Drives simulated users through the real engine and dialogs on an on-disk SQLite
file with menu and small-talk traffic, and prints messages/s, p50 and p99
latency and peak RSS. Beside them, in the same run, it measures the floor that
persistence sets: one aiosqlite upsert + commit per message on the same kind of
file, one after another; and the same on a plain sqlite3 connection, as the
store now writes a step (on the loop's thread, without aiosqlite's thread hop).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import aiosqlite

from adapters.runtime import open_runtime
from bot import config
from bot.core import Incoming

# What a user of the menu does: buttons, commands and small talk, both languages.
SCRIPT: list[tuple[str, str | None]] = [
    ("/start", None),
    ("hello", None),
    ("", "language:choose"),
    ("", "language:set.en"),
    ("thanks", None),
    ("", "menu:show"),
    ("moi", None),
    ("", "menu:help"),
    ("kiitos", None),
    ("", "menu:end"),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def drive_engine(db: Path, users: int, per_user: int, concurrency: int) -> tuple[float, list[float]]:
    settings = config.load(None, {"KAMU_DB": str(db)})
    latencies: list[float] = []
    async with open_runtime(settings) as runtime:
        engine = runtime.engine
        rng = random.Random(7)
        # Every user's messages in order; users interleave at random.
        queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        order = [(u, i) for i in range(per_user) for u in range(users)]
        rng.shuffle(order)
        for item in sorted(order, key=lambda item: item[1]):
            queue.put_nowait(item)

        async def worker() -> None:
            while not queue.empty():
                user, index = queue.get_nowait()
                text, button = SCRIPT[index % len(SCRIPT)]
                incoming = Incoming("bench", str(user), str(user), text, button)
                started = time.perf_counter()
                await engine.handle(incoming)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies


# A session as the store saves it.
STATE = '{"dialog": "menu", "step": "", "language": "en", "language_chosen": true, "mode": "default", "data": {}}'


async def raw_upsert_rate(db: Path, count: int) -> float:
    async with aiosqlite.connect(db, isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT, t REAL) WITHOUT ROWID")
        started = time.perf_counter()
        for i in range(count):
            await conn.execute("BEGIN")
            await conn.execute(
                "INSERT INTO s VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v, t = excluded.t",
                (str(i % 10_000), STATE, time.time()),
            )
            await conn.execute("COMMIT")
        return count / (time.perf_counter() - started)


def raw_sync_upsert_rate(db: Path, count: int) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT, t REAL) WITHOUT ROWID")
        started = time.perf_counter()
        for i in range(count):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO s VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v, t = excluded.t",
                (str(i % 10_000), STATE, time.time()),
            )
            conn.execute("COMMIT")
        return count / (time.perf_counter() - started)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=5, help="messages per user")
    parser.add_argument("--concurrency", type=int, default=8, help="conversations in flight at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        elapsed, latencies = asyncio.run(
            drive_engine(Path(folder) / "engine.db", args.users, args.messages, args.concurrency)
        )
        floor = asyncio.run(raw_upsert_rate(Path(folder) / "floor.db", min(len(latencies), 20_000)))
        sync_floor = raw_sync_upsert_rate(Path(folder) / "sync-floor.db", min(len(latencies), 20_000))
    rate = len(latencies) / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"users                 {args.users}")
    print(f"messages              {len(latencies)} (concurrency {args.concurrency})")
    print(f"engine rate           {rate:,.0f} messages/s")
    print(f"latency p50           {statistics.median(latencies) * 1000:.2f} ms")
    print(f"latency p99           {percentile(latencies, 0.99) * 1000:.2f} ms")
    print(f"peak RSS              {peak_mb:.0f} MB")
    print(f"raw upsert+commit     {floor:,.0f} /s (one aiosqlite upsert and commit per message)")
    print(f"engine / raw floor    {rate / floor:.2f}")
    print(f"sqlite3 upsert+commit {sync_floor:,.0f} /s (the same without aiosqlite, as the store writes)")
    print(f"engine / that floor   {rate / sync_floor:.2f}")


if __name__ == "__main__":
    main()
