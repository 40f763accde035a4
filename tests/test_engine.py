"""The engine: one step at a time per conversation, state saved on every step."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from adapters.runtime import open_runtime
from bot import config
from bot.core import Incoming
from bot.engine import Engine, Turn
from bot.locales import Locales
from bot.store import Store
from tests.conftest import Chat


class RecordingConversation:
    """Sleeps inside each step and records which steps overlapped."""

    def __init__(self) -> None:
        self.active: dict[str, int] = {}
        self.overlaps: list[str] = []
        self.max_parallel = 0
        self.log: list[tuple[str, str]] = []

    async def handle(self, turn: Turn) -> None:
        user = turn.incoming.user
        self.active[user] = self.active.get(user, 0) + 1
        if self.active[user] > 1:
            self.overlaps.append(user)
        self.max_parallel = max(self.max_parallel, sum(1 for n in self.active.values() if n))
        await asyncio.sleep(0.002)
        count = turn.session.data.get("count", 0) + 1
        turn.session.data["count"] = count
        self.log.append((user, turn.incoming.text))
        turn.say(f"{count}")
        self.active[user] -= 1

    async def failed(self, turn: Turn) -> None:
        turn.say("sorry")


async def test_one_conversation_never_interleaves_while_others_run_concurrently(tmp_path: Path) -> None:
    conversation = RecordingConversation()
    async with await Store.open(tmp_path / "e.db") as store:
        engine = Engine(store, Locales.load(), conversation)
        messages = [Incoming("test", f"c{u}", f"u{u}", f"m{i}") for i in range(10) for u in range(20)]
        replies = await asyncio.gather(*(engine.handle(m) for m in messages))
        assert conversation.overlaps == []
        assert conversation.max_parallel > 1
        # Each user's counter went 1..10 with no lost update.
        for u in range(20):
            session = await store.load_session(Incoming("test", f"c{u}", f"u{u}").key)
            assert session is not None and session.data["count"] == 10
        assert sorted(int(r[0].text) for r in replies) == sorted(list(range(1, 11)) * 20)
        # Per user, messages were handled in the order they arrived.
        for u in range(20):
            order = [text for user, text in conversation.log if user == f"u{u}"]
            assert order == [f"m{i}" for i in range(10)]
        assert len(engine.locks) == 0


async def test_state_survives_closing_and_reopening_the_database_mid_dialog(settings: config.Settings) -> None:
    async with open_runtime(settings) as runtime:
        chat = Chat(runtime.engine)
        await chat.press("language:choose")
        await chat.press("language:set.en")
        await chat.press("employer:on")
    async with open_runtime(settings) as runtime:
        chat = Chat(runtime.engine)
        await chat.say("hei")  # Finnish text, but English was chosen explicitly
        assert "Hello!" in chat.text
        assert "employer:off" in chat.button_data


async def test_a_repeated_event_is_answered_once(chat: Chat) -> None:
    engine = chat.engine
    first = await engine.handle(Incoming("test", "c", "u", "hello", event_id="42"))
    again = await engine.handle(Incoming("test", "c", "u", "hello", event_id="42"))
    assert first and again == []
    pending = await engine.undelivered("test")
    assert [p.event_id for p in pending] == ["42"]
    await engine.delivered("test", "42")
    assert await engine.undelivered("test") == []


class Exploding:
    async def handle(self, turn: Turn) -> None:
        turn.session.enter("broken", "half-way")
        turn.write("INSERT INTO adapter_state VALUES ('x', 'y', 'must not be written')")
        raise RuntimeError(f"boom: {turn.text}")

    async def failed(self, turn: Turn) -> None:
        turn.say("Sorry, something went wrong.")


async def test_a_failing_step_apologises_resets_and_writes_nothing_of_its_own(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with await Store.open(tmp_path / "x.db") as store:
        engine = Engine(store, Locales.load(), Exploding())
        with caplog.at_level(logging.ERROR):
            replies = await engine.handle(Incoming("test", "c", "u", "my number is 31275/110/2022"))
        assert [r.text for r in replies] == ["Sorry, something went wrong."]
        session = await store.load_session(Incoming("test", "c", "u").key)
        assert session is not None and session.dialog == "menu"
        assert await store.get_state("x", "y") is None
    assert "RuntimeError" in caplog.text
    assert "31275/110/2022" not in caplog.text
