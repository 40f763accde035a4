"""The SQLite store: migrations, sessions, group commit, delivery records."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import aiosqlite
import pytest

from bot.core import Outgoing, Session, SessionKey
from bot.migrations import MIGRATIONS, Migration
from bot.store import SchemaTooNew, StepWrite, Store, migrate

KEY = SessionKey("test", "chat", "user")


async def test_migrations_build_the_schema_from_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    async with await Store.open(path):
        pass
    with sqlite3.connect(path) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert version == max(m.version for m in MIGRATIONS)
    assert {"sessions", "handled_events", "adapter_state"} <= tables
    assert mode == "wal"


async def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    async with await Store.open(path) as store:
        await store.commit(StepWrite(KEY, Session(dialog="queue", step="ask")))
    async with await Store.open(path) as store:
        session = await store.load_session(KEY)
    assert session is not None and session.dialog == "queue" and session.step == "ask"


async def test_a_failed_migration_leaves_the_old_version(tmp_path: Path) -> None:
    async with aiosqlite.connect(tmp_path / "m.db", isolation_level=None) as db:
        good = Migration(1, "a table", "CREATE TABLE a (x INTEGER);")
        bad = Migration(2, "broken", "CREATE TABLE b (x INTEGER); THIS IS NOT SQL;")
        with pytest.raises(sqlite3.OperationalError):
            await migrate(db, [good, bad])
        async with db.execute("PRAGMA user_version") as cursor:
            assert (await cursor.fetchone())[0] == 1
        async with db.execute("SELECT name FROM sqlite_master WHERE name = 'b'") as cursor:
            assert await cursor.fetchone() is None


async def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaTooNew):
        await Store.open(path)


def count_transactions(store: Store) -> list[int]:
    """The number of steps in each transaction the store writes from now on."""
    sizes: list[int] = []
    save = store._save

    def counted(steps: list[StepWrite]) -> None:
        sizes.append(len(steps))
        save(steps)

    store._save = counted  # type: ignore[method-assign]
    return sizes


async def test_a_step_alone_is_written_at_once_in_its_own_transaction(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "alone.db") as store:
        sizes = count_transactions(store)
        await store.commit(StepWrite(KEY, Session(step="one")))
        assert sizes == [1]
        assert await store.load_session(KEY) == Session(step="one")


async def test_steps_that_wait_for_the_writer_share_transactions_and_all_land(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "g.db") as store:
        sizes = count_transactions(store)
        keys = [SessionKey("test", str(i), str(i)) for i in range(200)]
        async with store.transaction():  # a purge, say, holds the writer
            commits = [asyncio.create_task(store.commit(StepWrite(k, Session(step=k.chat)))) for k in keys]
            await asyncio.sleep(0.05)
        await asyncio.gather(*commits)
        rows = await store.fetchall("SELECT COUNT(*) FROM sessions")
    assert sizes == [200]
    assert rows[0][0] == 200


async def test_one_failing_step_does_not_sink_the_others_in_its_batch(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "b.db") as store:
        sizes = count_transactions(store)
        good = [StepWrite(SessionKey("test", str(i), "u"), Session()) for i in range(5)]
        bad = StepWrite(SessionKey("test", "bad", "u"), Session(), statements=[("INSERT INTO nowhere VALUES (1)", ())])
        async with store.transaction():
            commits = [asyncio.create_task(store.commit(s)) for s in [*good, bad]]
            await asyncio.sleep(0.05)
        results = await asyncio.gather(*commits, return_exceptions=True)
        count = (await store.fetchone("SELECT COUNT(*) FROM sessions"))[0]
    assert sizes == [6, 1, 1, 1, 1, 1, 1]  # the batch failed; then each step on its own
    assert [r is None for r in results] == [True] * 5 + [False]
    assert isinstance(results[-1], sqlite3.OperationalError)
    assert count == 5


async def test_replies_stay_pending_until_delivered(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "d.db") as store:
        await store.commit(StepWrite(KEY, Session(), event_id="e1", replies=[Outgoing("hei")]))
        assert await store.was_handled("test", "e1")
        pending = await store.undelivered("test")
        assert [(p.event_id, p.chat, p.replies[0].text) for p in pending] == [("e1", "chat", "hei")]
        await store.mark_delivered("test", "e1")
        assert await store.undelivered("test") == []
        assert await store.was_handled("test", "e1")


async def test_adapter_state_round_trips(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.db") as store:
        assert await store.get_state("matrix", "next_batch") is None
        await store.set_state("matrix", "next_batch", "s1")
        await store.set_state("matrix", "next_batch", "s2")
        assert await store.get_state("matrix", "next_batch") == "s2"


async def test_a_batch_keeps_the_order_of_statements_and_takes_pragmas(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "o.db") as store:
        insert = "INSERT INTO adapter_state (platform, name, value) VALUES (?, ?, ?)"
        update = "UPDATE adapter_state SET value = value || ? WHERE platform = ?"
        steps = [
            StepWrite(
                SessionKey("test", str(i), "u"),
                Session(),
                statements=[("PRAGMA secure_delete = ON", ()), (insert, ("p", f"n{i}", "a")), (update, ("b", "p"))],
            )
            for i in range(5)
        ]
        await asyncio.gather(*(store.commit(step) for step in steps))
        values = await store.fetchall("SELECT name, value FROM adapter_state ORDER BY name")
    # Each update ran after the inserts before it, so earlier rows collected more.
    assert values == [("n0", "abbbbb"), ("n1", "abbbb"), ("n2", "abbb"), ("n3", "abb"), ("n4", "ab")]


async def test_a_cancelled_committer_loses_neither_its_step_nor_the_others(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "c.db") as store:
        steps = [StepWrite(SessionKey("test", str(i), "u"), Session(step=str(i))) for i in range(6)]
        async with store.transaction():
            tasks = [asyncio.create_task(store.commit(step)) for step in steps]
            await asyncio.sleep(0)  # every step is queued behind the writer
            tasks[0].cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        count = (await store.fetchone("SELECT COUNT(*) FROM sessions"))[0]
    assert isinstance(results[0], asyncio.CancelledError)
    assert results[1:] == [None] * 5
    assert count == 6


async def test_a_new_database_and_its_wal_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "private.db"
    async with await Store.open(path) as store:
        await store.commit(StepWrite(KEY, Session()))
        modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes["private.db"] == 0o600
    assert modes["private.db-wal"] == 0o600


async def test_a_step_waits_for_another_processs_write_lock_and_lands_after_it(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    async with await Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)  # as a `kamu queue import` would
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO adapter_state (platform, name, value) VALUES ('cli', 'import', 'running')")
        step = asyncio.create_task(store.commit(StepWrite(KEY, Session(step="waited"), event_id="e1")))
        await asyncio.sleep(0.2)
        # Reads go on meanwhile, and see only what was committed.
        assert await store.get_state("cli", "import") is None
        assert not step.done()
        other.execute("COMMIT")
        await step
        other.close()
        assert await store.get_state("cli", "import") == "running"
        session, handled = await store.load_step(KEY, "e1")
    assert session == Session(step="waited") and handled


async def test_a_write_waiting_for_the_lock_never_stalls_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "loop.db"
    async with await Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        waiting = asyncio.create_task(store.set_state("test", "name", "value"))
        # A write that blocked the thread while it waited would stall the
        # loop for the whole second the lock is held.
        started = last = time.monotonic()
        longest = 0.0
        while not waiting.done():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now
            if now - started > 1.0 and other.in_transaction:
                other.execute("ROLLBACK")
        await waiting
        other.close()
        assert longest < 0.5
        assert await store.get_state("test", "name") == "value"


async def test_a_write_lock_held_past_the_busy_timeout_fails_the_write_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "timeout.db"
    async with await Store.open(path) as store:
        store.BUSY_TIMEOUT = 0.1
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await store.set_state("test", "name", "value")
        other.execute("ROLLBACK")
        other.close()
        # The store is usable again at once.
        await store.set_state("test", "name", "later")
        assert await store.get_state("test", "name") == "later"


async def test_a_failing_write_rolls_back_what_it_wrote(tmp_path: Path) -> None:
    def half_then_fail(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO adapter_state (platform, name, value) VALUES ('test', 'half', 'x')")
        raise ValueError("second half")

    async with await Store.open(tmp_path / "rollback.db") as store:
        with pytest.raises(ValueError):
            await store.write(half_then_fail)
        assert await store.get_state("test", "half") is None
        await store.set_state("test", "after", "y")
        assert await store.get_state("test", "after") == "y"


async def test_a_commit_that_fails_is_rolled_back_and_the_next_write_works(tmp_path: Path) -> None:
    # A deferred foreign key is checked at COMMIT, which then fails and leaves
    # the transaction open, as a full disk can.
    def orphan(db: sqlite3.Connection) -> None:
        db.execute("CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY)")
        db.execute("CREATE TEMP TABLE child (parent REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
        db.execute("INSERT INTO child VALUES (1)")
        db.execute("INSERT INTO adapter_state (platform, name, value) VALUES ('test', 'orphan', 'x')")

    async with await Store.open(tmp_path / "commit.db") as store:
        store._quick.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await store.write(orphan)
        assert await store.get_state("test", "orphan") is None
        await store.set_state("test", "after", "y")
        assert await store.get_state("test", "after") == "y"
