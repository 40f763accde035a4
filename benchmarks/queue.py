"""Snapshot import and lookup speed at production size.

    python -m benchmarks.queue [--rows 1000000] [--lookups 20000]

Writes a synthetic snapshot of `--rows` rows, then in the same run measures:

- the floor: the sqlite3 command-line shell's own `.import` of the same file
  into a bare table (no checks, no hashing, no ranking), or Python's csv +
  executemany when the shell is not installed;
- `kamu queue import` of that file into a fresh database and again into the
  same database (replacing the first snapshot), each in its own process, with
  its wall time and peak RSS;
- lookups at that size: a diary number parsed, keyed-hashed and read with the
  service's one statement; half found, half not found; p50/p99 of the read
  itself (the chat's deliberate minimum latency is not part of it), and the
  same through the async service (the store's connection, as the bot reads).

Budgets (issue 4): import ≤ 15 s with peak RSS ≤ 300 MB; lookup p99 ≤ 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot import config
from bot.queue import QueueService, diary, sample
from bot.queue.keys import Hasher
from bot.store import Store

AS_OF = dt.date(2026, 12, 3)
KEY = "benchmark-key-0123456789abcdef0123456789abcdef"
IMPORT = "import sys; from adapters.cli import main; sys.exit(main(sys.argv[1:]))"
FIND = (
    "SELECT s.as_of, e.application_type, e.submitted_on, e.ahead FROM queue_snapshots s "
    "LEFT JOIN queue_entries e ON e.generation = s.generation AND e.number_key = ? WHERE s.state = 'active'"
)


def run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of a child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def floor(csv_path: Path, work: Path) -> tuple[str, float, float]:
    target = work / "floor.db"
    shell = shutil.which("sqlite3")
    if shell:
        seconds, rss, status = run_measured([shell, str(target), f".import --csv {csv_path} snapshot"])
        if status != 0:
            raise SystemExit(f"sqlite3 .import failed with status {status}")
        return "sqlite3 shell .import", seconds, rss
    started = time.perf_counter()
    db = sqlite3.connect(target)
    with csv_path.open(newline="") as handle:
        rows = csv.reader(handle)
        db.execute(f"CREATE TABLE snapshot ({', '.join(next(rows))})")
        db.executemany("INSERT INTO snapshot VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    return "python csv + executemany", time.perf_counter() - started, float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def lookup_numbers(csv_path: Path, count: int) -> list[str]:
    """Half numbers from the file, half neighbours that are not in it."""
    rng = random.Random(7)
    with csv_path.open(newline="") as handle:
        present = [row[0] for row in csv.reader(handle)][1:]
    known = set(present)
    found = rng.sample(present, count // 2)
    missing: list[str] = []
    while len(missing) < count - len(found):
        number = diary.parse(rng.choice(present))
        assert number is not None
        candidate = f"{number.running + rng.randint(1, 50)}/{number.code}/{number.year}"
        if candidate not in known:
            missing.append(candidate)
    mixed = found + missing
    rng.shuffle(mixed)
    return mixed


def sync_lookups(database: Path, numbers: list[str]) -> list[float]:
    hasher = Hasher(KEY.encode())
    db = sqlite3.connect(database)
    timings = []
    for text in numbers:
        started = time.perf_counter()
        number = diary.find(text)
        assert number is not None
        db.execute(FIND, (hasher.number(number),)).fetchone()
        timings.append(time.perf_counter() - started)
    db.close()
    return timings


async def service_lookups(settings: config.Settings, numbers: list[str]) -> list[float]:
    async with await Store.open(settings.database) as store:
        service = QueueService(store, settings)
        timings = []
        for text in numbers:
            started = time.perf_counter()
            await service.lookup(text)
            timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "snapshot.csv"
        started = time.perf_counter()
        with csv_path.open("w", newline="") as out:
            rows = sample.write_csv(out, sample.generate(args.rows, as_of=AS_OF))
        size = csv_path.stat().st_size / 1e6
        print(f"snapshot: {rows} rows, {size:.0f} MB, written in {time.perf_counter() - started:.1f} s")

        how, floor_s, floor_rss = floor(csv_path, work)
        print(f"floor ({how}): {floor_s:.2f} s, peak RSS {floor_rss:.0f} MB")

        database = work / "kamu.db"
        env = dict(os.environ, KAMU_DB=str(database), KAMU_QUEUE_HMAC_KEY=KEY)
        command = [sys.executable, "-c", IMPORT, "queue", "import", str(csv_path), "--as-of", AS_OF.isoformat()]
        for label in ("fresh database", "replacing the previous snapshot"):
            seconds, rss, status = run_measured(command, env)
            if status != 0:
                raise SystemExit(f"kamu queue import failed with status {status}")
            verdict = "ok" if seconds <= 15 and rss <= 300 else "OVER BUDGET"
            print(
                f"kamu queue import ({label}): {seconds:.2f} s, peak RSS {rss:.0f} MB, "
                f"{seconds / floor_s:.1f}× the floor [{verdict}: ≤ 15 s, ≤ 300 MB]"
            )

        numbers = lookup_numbers(csv_path, args.lookups)
        timings = sync_lookups(database, numbers)
        p50, p99 = percentile(timings, 0.5) * 1e3, percentile(timings, 0.99) * 1e3
        verdict = "ok" if p99 <= 1 else "OVER BUDGET"
        print(
            f"lookup (parse + HMAC + indexed read), {len(timings)} at {rows} rows: "
            f"p50 {p50:.3f} ms, p99 {p99:.3f} ms [{verdict}: p99 ≤ 1 ms]"
        )
        settings = config.load(None, {"KAMU_DB": str(database), "KAMU_QUEUE_HMAC_KEY": KEY})
        timings = asyncio.run(service_lookups(settings, numbers[: args.lookups // 4]))
        p50, p99 = percentile(timings, 0.5) * 1e3, percentile(timings, 0.99) * 1e3
        print(f"lookup through the async service, {len(timings)}: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
        print(f"database: {database.stat().st_size / 1e6:.0f} MB; mean lookup {statistics.fmean(timings) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
