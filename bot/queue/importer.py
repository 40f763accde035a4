"""Importing a snapshot: validate everything first, then swap generations.

1. Stream and check the file into a TEMP table of this connection (the main
   database is not locked, so the running bot never waits on the parsing).
   Any bad line or file problem stops here: nothing of it reached the
   database, and the serving snapshot is untouched.
2. Rank in SQLite: `ahead` = rank() over same-type rows by instant, minus one,
   which is the number of rows strictly earlier (ties share a rank).
3. Copy into `queue_entries` as a new 'loading' generation, in short
   transactions, so the bot's own writes wait at most a moment.
4. Switch: one transaction retires the active generation and activates the
   new one. A lookup is one statement joining the active generation, so it
   sees the old snapshot or the new one, never a mix.
5. Delete the retired generation's entries, again in short transactions.

A crash anywhere leaves at worst an inactive generation, which the next
import deletes. A file lock keeps two imports of one database apart.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from bot.queue.keys import Hasher
from bot.queue.snapshot_file import SnapshotFileError, SnapshotReader

BATCH = 20_000
# Rows copied per write transaction: ~0.1 s of holding the write lock.
COPY_CHUNK = 50_000
CACHE_KIB = 32_768


class ImportFailed(Exception):
    """The file was rejected; `lines` say why (the first line alone for file problems)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0] if len(lines) == 1 else f"{len(lines)} problems")
        self.lines = lines


@dataclass(frozen=True)
class ImportReport:
    generation: int
    as_of: dt.date
    rows: int
    rows_by_type: dict[str, int]
    seconds: float
    # The as-of date of the snapshot this one replaced, if there was one.
    replaced: dt.date | None


def connect(path: str | Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", f"cache_size=-{CACHE_KIB}"):
        db.execute(f"PRAGMA {pragma}")
    return db


@contextmanager
def _write(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextmanager
def _import_lock(database: Path) -> Iterator[None]:
    with open(database.with_name(database.name + ".import-lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportFailed(["another import of this database is running"]) from None
        yield


def import_snapshot(database: str | Path, lines: Iterable[str], as_of: dt.date, hasher: Hasher) -> ImportReport:
    """Replace the active snapshot with `lines` (a CSV), or raise ImportFailed leaving it as it was."""
    started = time.time()
    database = Path(database)
    with _import_lock(database):
        db = connect(database)
        try:
            _forget_unfinished(db)
            reader = _stage(db, lines, as_of, hasher)
            _rank(db, reader)
            generation = _copy(db, as_of, reader.rows_by_type, started)
            replaced = _switch(db, generation)
            _forget_unfinished(db)
        finally:
            db.close()
    rows = sum(reader.rows_by_type.values())
    return ImportReport(generation, as_of, rows, dict(reader.rows_by_type), time.time() - started, replaced)


def _stage(db: sqlite3.Connection, lines: Iterable[str], as_of: dt.date, hasher: Hasher) -> SnapshotReader:
    db.execute(f"PRAGMA temp.cache_size=-{CACHE_KIB}")
    db.execute(
        "CREATE TEMP TABLE staging "
        "(line INTEGER, number_key BLOB, application_type TEXT, instant INTEGER, submitted_on INTEGER)"
    )
    reader = SnapshotReader(lines, as_of, hasher)
    rows = iter(reader)
    # One transaction of the TEMP database only: it takes no lock the bot would wait for.
    db.execute("BEGIN")
    try:
        while batch := list(islice(rows, BATCH)):
            db.executemany("INSERT INTO temp.staging VALUES (?, ?, ?, ?, ?)", batch)
    except SnapshotFileError as error:
        raise ImportFailed([str(error)]) from None
    finally:
        db.execute("COMMIT")
    if reader.problems.count:
        # Repeats are named too, so one round of fixes is enough.
        reader.problems.merge(_repeats(db))
        raise ImportFailed(reader.problems.lines())
    return reader


def _repeats(db: sqlite3.Connection) -> list[tuple[int, str]]:
    """(line, reason) for each row whose diary number an earlier row already had."""
    rows = db.execute(
        "SELECT line, first FROM (SELECT line, min(line) OVER (PARTITION BY number_key) AS first FROM temp.staging) "
        "WHERE line != first ORDER BY line"
    ).fetchall()
    return [(line, f"the same diary_number as line {first}") for line, first in rows]


def _rank(db: sqlite3.Connection, reader: SnapshotReader) -> None:
    # Keyed by number: a repeat fails here; sorted, the copy appends to the b-tree in order.
    db.execute(
        "CREATE TEMP TABLE ranked (number_key BLOB PRIMARY KEY, application_type TEXT, submitted_on INTEGER, "
        "ahead INTEGER) WITHOUT ROWID"
    )
    try:
        db.execute(
            "INSERT INTO temp.ranked SELECT number_key, application_type, submitted_on, "
            "rank() OVER (PARTITION BY application_type ORDER BY instant) - 1 FROM temp.staging ORDER BY number_key"
        )
    except sqlite3.IntegrityError:
        reader.problems.merge(_repeats(db))
        raise ImportFailed(reader.problems.lines()) from None
    db.execute("DROP TABLE temp.staging")


def _copy(db: sqlite3.Connection, as_of: dt.date, rows_by_type: dict[str, int], started: float) -> int:
    with _write(db):
        cursor = db.execute(
            "INSERT INTO queue_snapshots (state, as_of, rows, rows_by_type, started_at) VALUES ('loading', ?, ?, ?, ?)",
            (as_of.isoformat(), sum(rows_by_type.values()), json.dumps(dict(sorted(rows_by_type.items()))), started),
        )
        generation = int(cursor.lastrowid or 0)
    low = b""
    while True:
        bound = db.execute(
            "SELECT number_key FROM temp.ranked WHERE number_key > ? ORDER BY number_key LIMIT 1 OFFSET ?",
            (low, COPY_CHUNK - 1),
        ).fetchone()
        high = None if bound is None else bound[0]
        with _write(db):
            db.execute(
                "INSERT INTO queue_entries (generation, number_key, application_type, submitted_on, ahead) "
                "SELECT ?, number_key, application_type, submitted_on, ahead FROM temp.ranked "
                "WHERE number_key > ? AND (? IS NULL OR number_key <= ?)",
                (generation, low, high, high),
            )
        if high is None:
            break
        low = high
    db.execute("DROP TABLE temp.ranked")
    return generation


def _switch(db: sqlite3.Connection, generation: int) -> dt.date | None:
    with _write(db):
        previous = db.execute("SELECT as_of FROM queue_snapshots WHERE state = 'active'").fetchone()
        db.execute("UPDATE queue_snapshots SET state = 'retired' WHERE state = 'active'")
        db.execute(
            "UPDATE queue_snapshots SET state = 'active', imported_at = ? WHERE generation = ?",
            (time.time(), generation),
        )
    return None if previous is None else dt.date.fromisoformat(previous[0])


def _forget_unfinished(db: sqlite3.Connection) -> None:
    """Delete the entries of every generation but the active one, a chunk per transaction."""
    stale = db.execute(
        "SELECT generation FROM queue_snapshots WHERE state != 'active' "
        "AND EXISTS (SELECT 1 FROM queue_entries e WHERE e.generation = queue_snapshots.generation)"
    ).fetchall()
    for (generation,) in stale:
        while True:
            with _write(db):
                deleted = db.execute(
                    "DELETE FROM queue_entries WHERE generation = ? AND number_key IN "
                    "(SELECT number_key FROM queue_entries WHERE generation = ? LIMIT ?)",
                    (generation, generation, COPY_CHUNK),
                ).rowcount
            if deleted < COPY_CHUNK:
                break
    with _write(db):
        db.execute("DELETE FROM queue_snapshots WHERE state = 'loading'")
