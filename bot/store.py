"""The SQLite database: sessions, handled events and what features keep.

Every engine step ends in `commit`, which writes the session, the handled
event and whatever else the step wrote in one transaction: at once when no
other write is going on, else in the next transaction, shared by every step
that waited for it (group commit).

Two connections to one WAL-mode file, split by how long a statement may take:

- Point reads and the short write transactions of a step run on the event
  loop's own thread, on a plain sqlite3 connection. They take tens of
  microseconds; a trip to a database thread and back costs 90 µs when the
  machine is busy and over 200 µs when it was idle, which made the trips
  the largest part of a reply's latency. WAL readers never wait, and a
  writer never waits blocking here: this connection has no busy timeout,
  and while another process (a snapshot import) holds the write lock,
  `BEGIN` is retried asynchronously, so the loop keeps serving.
- Everything that may take long (reports, purges, migrations) goes through
  aiosqlite, whose thread keeps the loop free meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.core import Outgoing, Session, SessionKey
from bot.migrations import MIGRATIONS, Migration
from bot.replies import replies_from_json, replies_to_json

log = logging.getLogger(__name__)

Statement = tuple[str, Sequence[Any]]
T = TypeVar("T")


@dataclass
class StepWrite:
    """Everything one engine step writes; committed atomically."""

    key: SessionKey
    session: Session
    event_id: str | None = None
    replies: list[Outgoing] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class Undelivered:
    platform: str
    event_id: str
    chat: str
    replies: list[Outgoing]


class SchemaTooNew(RuntimeError):
    pass


class Store:
    SESSION_CACHE_SIZE = 50_000

    CHECKPOINT_INTERVAL = 1.0

    # How long a write waits for another process's write lock before it fails.
    BUSY_TIMEOUT = 10.0

    def __init__(
        self, db: aiosqlite.Connection, quick: sqlite3.Connection, checkpointer: aiosqlite.Connection, path: Path
    ) -> None:
        self._db = db
        self._quick = quick
        self._checkpointer = checkpointer
        self._checkpoints = asyncio.create_task(self._checkpoint_regularly())
        self.path = path
        self._write_lock = asyncio.Lock()
        self._queue: list[tuple[StepWrite, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        # Serialised sessions by key: a hit saves a database round trip. The
        # process is the only writer of sessions, so the cache stays true.
        self._sessions: OrderedDict[SessionKey, str] = OrderedDict()

    @classmethod
    async def open(cls, path: str | os.PathLike[str]) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only: the database holds adapter credentials and user ids.
        # SQLite gives the -wal and -shm files the same mode.
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            # Checkpoints copy the WAL back into the database; done by the
            # writer they stall a commit every thousand pages, so a second
            # connection (its own thread) does them in the background instead.
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", "wal_autocheckpoint=0"):
                await db.execute(f"PRAGMA {pragma}")
            await migrate(db, MIGRATIONS)
            quick = _connect_quick(path)
            checkpointer = await aiosqlite.connect(path, isolation_level=None)
        except BaseException:
            await db.close()
            raise
        await checkpointer.execute("PRAGMA busy_timeout=10000")
        return cls(db, quick, checkpointer, path)

    async def _checkpoint_regularly(self) -> None:
        while True:
            await asyncio.sleep(self.CHECKPOINT_INTERVAL)
            try:
                await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except aiosqlite.Error as error:  # a busy database is checkpointed next time
                log.warning("WAL checkpoint skipped: %s", error)

    async def close(self) -> None:
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        self._checkpoints.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._checkpoints
        async with self._write_lock:
            with contextlib.suppress(aiosqlite.Error):
                await self._checkpointer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await self._checkpointer.close()
            self._quick.close()
            await self._db.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- sessions -------------------------------------------------------

    async def load_session(self, key: SessionKey) -> Session | None:
        session, _ = await self.load_step(key, None)
        return session

    async def load_step(self, key: SessionKey, event_id: str | None) -> tuple[Session | None, bool]:
        """The session of `key`, and whether the event was handled already.

        One round trip at most: both questions go in one query unless the
        session is cached, and none when there is no event id to check either.
        """
        state = self._sessions.get(key)
        handled = False
        if state is None:
            state, handled = self.lookup(
                "SELECT (SELECT state FROM sessions WHERE platform = ? AND chat = ? AND user = ?), "
                "EXISTS (SELECT 1 FROM handled_events WHERE platform = ? AND event_id = ?)",
                (key.platform, key.chat, key.user, key.platform, event_id),
            )
            if state is not None:
                self._remember(key, state)
        elif event_id is not None:
            handled = await self.was_handled(key.platform, event_id)
        return (None if state is None else Session(**json.loads(state))), bool(handled)

    def _remember(self, key: SessionKey, state: str) -> None:
        self._sessions[key] = state
        self._sessions.move_to_end(key)
        if len(self._sessions) > self.SESSION_CACHE_SIZE:
            self._sessions.popitem(last=False)

    def forget_cached_sessions(self) -> None:
        """Drop the session cache; whoever deletes session rows calls this."""
        self._sessions.clear()

    async def commit(self, step: StepWrite) -> None:
        if self._writer is None and not self._write_lock.locked() and self._try_begin():
            # Nobody else is writing: the step's transaction now, on this
            # thread, with no writer task to wake and wait for.
            self._save([step])
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((step, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_queued())
        # Shielded: a caller cancelled while waiting (an adapter stopping)
        # leaves its step to be written like every other in the batch.
        await asyncio.shield(future)

    async def _write_queued(self) -> None:
        """Write every queued step, a batch a transaction, until the queue is empty."""
        try:
            async with self._write_lock:
                while self._queue:
                    batch, self._queue = self._queue, []
                    try:
                        await self._write_batch(batch)
                    except BaseException as error:
                        for _, future in batch:
                            if not future.done():
                                future.set_exception(error)
                        raise
        finally:
            # No await between the last look at the queue and this line, so
            # a step queued after it always finds no writer and starts one.
            self._writer = None

    async def _write_batch(self, batch: list[tuple[StepWrite, asyncio.Future[None]]]) -> None:
        try:
            await self._write_steps([step for step, _ in batch])
        except Exception as error:
            if len(batch) == 1:
                batch[0][1].set_exception(error)
                return
            # One bad step must not sink the others: write each on its own.
            for item in batch:
                await self._write_batch([item])
            return
        for _, future in batch:
            future.set_result(None)

    async def _write_steps(self, steps: list[StepWrite]) -> None:
        # The writer task holds the write lock already.
        await self._begin()
        self._save(steps)

    def _save(self, steps: list[StepWrite]) -> None:
        """Write the steps in the transaction just begun, commit, and cache their sessions."""
        now = time.time()
        states = [(step.key, json.dumps(vars(step.session), ensure_ascii=False)) for step in steps]
        sessions = [(key.platform, key.chat, key.user, state, now) for key, state in states]
        events = [
            (s.key.platform, s.event_id, s.key.chat, now, replies_to_json(s.replies) if s.replies else None)
            for s in steps
            if s.event_id is not None
        ]
        statements = [statement for step in steps for statement in step.statements]
        self._finish(partial(_write_rows, sessions, events, statements))
        if any(_deletes_sessions(sql) for sql, _ in statements):
            # A step deleted sessions (a user's /forget): no cached copy may
            # bring one back.
            self.forget_cached_sessions()
        for key, state in states:
            self._remember(key, state)

    # -- handled events and delivery ------------------------------------

    async def was_handled(self, platform: str, event_id: str) -> bool:
        row = self.lookup("SELECT 1 FROM handled_events WHERE platform = ? AND event_id = ?", (platform, event_id))
        return row is not None

    async def undelivered(self, platform: str) -> list[Undelivered]:
        rows = await self.fetchall(
            "SELECT event_id, chat, pending FROM handled_events "
            "WHERE platform = ? AND pending IS NOT NULL ORDER BY handled_at",
            (platform,),
        )
        return [Undelivered(platform, event_id, chat, replies_from_json(pending)) for event_id, chat, pending in rows]

    async def mark_delivered(self, platform: str, event_id: str) -> None:
        await self.write(
            partial(
                _execute,
                "UPDATE handled_events SET pending = NULL WHERE platform = ? AND event_id = ?",
                (platform, event_id),
            )
        )

    async def forget_events_before(self, timestamp: float) -> int:
        # Possibly many rows: in the database thread.
        async with self.transaction() as db:
            cursor = await db.execute(
                "DELETE FROM handled_events WHERE handled_at < ? AND pending IS NULL", (timestamp,)
            )
            return cursor.rowcount

    # -- adapter state ----------------------------------------------------

    async def get_state(self, platform: str, name: str) -> str | None:
        row = self.lookup("SELECT value FROM adapter_state WHERE platform = ? AND name = ?", (platform, name))
        return None if row is None else str(row[0])

    async def set_state(self, platform: str, name: str, value: str) -> None:
        await self.write(
            partial(
                _execute,
                "INSERT INTO adapter_state (platform, name, value) VALUES (?, ?, ?) "
                "ON CONFLICT (platform, name) DO UPDATE SET value = excluded.value",
                (platform, name, value),
            )
        )

    # -- general access for features ------------------------------------

    # One round trip each: a cursor's execute, fetch and close would be three.
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = await self._db.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self._db.execute_fetchall(sql, params))

    def lookup(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of a point read (by key, through an index), read on the loop's thread."""
        return self._quick.execute(sql, params).fetchone()

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` in one short write transaction, on the loop's thread; rolled back if it raises."""
        async with self._write_lock:
            await self._begin()
            return self._finish(work)

    def _finish(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work` in the transaction just begun, then COMMIT; ROLLBACK if either fails."""
        try:
            result = work(self._quick)
            self._quick.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed (a full disk) may leave the transaction
            # open, and the next BEGIN would fail for good.
            if self._quick.in_transaction:
                self._quick.execute("ROLLBACK")
            raise
        return result

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting without blocking the loop while another process writes."""
        deadline = time.monotonic() + self.BUSY_TIMEOUT
        delay = 0.001
        while not self._try_begin():
            if time.monotonic() + delay > deadline:
                raise sqlite3.OperationalError(f"database is locked: another writer held it over {self.BUSY_TIMEOUT} s")
            await asyncio.sleep(delay)
            delay = min(2 * delay, 0.05)

    def _try_begin(self) -> bool:
        """BEGIN IMMEDIATE if no other connection holds the write lock."""
        try:
            self._quick.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
            return False
        return True

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")


def _connect_quick(path: Path) -> sqlite3.Connection:
    # No busy timeout: a locked database must never block the loop (see `_begin`).
    # No automatic checkpoints either: the checkpointer does them off the loop.
    quick = sqlite3.connect(path, isolation_level=None, timeout=0)
    for pragma in ("synchronous=NORMAL", "wal_autocheckpoint=0"):
        quick.execute(f"PRAGMA {pragma}")
    return quick


def _execute(sql: str, params: Sequence[Any], db: sqlite3.Connection) -> None:
    db.execute(sql, params)


def _write_rows(
    sessions: list[tuple[Any, ...]], events: list[tuple[Any, ...]], statements: list[Statement], db: sqlite3.Connection
) -> None:
    """A batch of steps' rows, inside a transaction."""
    db.executemany(
        "INSERT INTO sessions (platform, chat, user, state, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (platform, chat, user) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        sessions,
    )
    db.executemany(
        "INSERT INTO handled_events (platform, event_id, chat, handled_at, pending) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        events,
    )
    # In order, but a run of the same statement (every step's transcript row,
    # say) goes to SQLite in one call.
    for sql, run in groupby(statements, key=lambda statement: statement[0]):
        batch = [params for _, params in run]
        if len(batch) > 1 and _is_dml(sql):
            db.executemany(sql, batch)
        else:
            for params in batch:
                db.execute(sql, params)


def _deletes_sessions(sql: str) -> bool:
    return sql.lstrip().upper().startswith("DELETE FROM SESSIONS")


def _is_dml(sql: str) -> bool:
    # sqlite3's executemany takes only data changes (no PRAGMA, no SELECT).
    return sql.lstrip()[:7].upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))


async def migrate(db: aiosqlite.Connection, migrations: Iterable[Migration]) -> int:
    """Bring the schema up to the newest migration; returns the version."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    version = int(row[0]) if row else 0
    newest = max((m.version for m in migrations), default=0)
    if version > newest:
        raise SchemaTooNew(f"the database has schema version {version}, newer than this program's {newest}")
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= version:
            continue
        # executescript runs outside our transaction handling; the BEGIN/COMMIT
        # inside the script keeps each migration all-or-nothing.
        try:
            await db.executescript(
                f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                await db.execute("ROLLBACK")
            raise
        version = migration.version
    return version
