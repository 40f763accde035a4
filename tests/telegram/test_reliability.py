"""No reply lost, none doubled: rate limits, server errors, restarts, shutdown."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable

import pytest

from adapters.runtime import Runtime
from adapters.telegram import TelegramAdapter
from bot.core import Button
from bot.engine import Turn
from tests.telegram.conftest import StartBot, TelegramUser, engine_with, eventually
from tests.telegram.fake_bot_api import FakeBotApi

MakeUser = Callable[..., TelegramUser]


async def all_confirmed(api: FakeBotApi) -> None:
    await api.wait_for(lambda: not api.updates)


async def test_a_429_on_send_delays_the_reply_but_never_loses_it(user: MakeUser, fake_api: FakeBotApi) -> None:
    alice = user(4001)
    fake_api.fail("sendMessage", 429, retry_after=1)
    replies = await alice.say("/start", expect=2)
    assert fake_api.calls["sendMessage"] == 3
    await alice.say("/help")
    assert [r.text for r in fake_api.sent_to(4001)][:2] == [r.text for r in replies]
    assert len(fake_api.sent_to(4001)) == 3


async def test_server_errors_on_send_are_retried(user: MakeUser, fake_api: FakeBotApi) -> None:
    bob = user(4002)
    fake_api.fail("sendMessage", 500, times=2)
    fake_api.fail("sendMessage", 502, times=1)
    await bob.say("/help")
    await bob.say("/end")
    assert len(fake_api.sent_to(4002)) == 2
    assert fake_api.calls["sendMessage"] == 5


async def test_429_and_500_on_get_updates_are_waited_out(
    user: MakeUser, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    carol = user(4003)
    fake_api.fail("getUpdates", 500)
    fake_api.fail("getUpdates", 429, retry_after=1)
    await carol.say("/help")
    await carol.say("/end")
    await carol.say("/help")
    await all_confirmed(fake_api)
    assert len(fake_api.sent_to(4003)) == 3
    await nothing_pending(telegram_runtime)


async def test_a_user_who_blocked_the_bot_costs_one_refusal(
    user: MakeUser, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    dave = user(4004)
    fake_api.fail("sendMessage", 403, description="Forbidden: bot was blocked by the user")
    fake_api.message(4004, "/help")
    await fake_api.wait_for(lambda: fake_api.calls["sendMessage"] == 1)
    await dave.say("/end")
    assert fake_api.calls["sendMessage"] == 2
    # Refused for good: not kept for a resend at every start.
    await nothing_pending(telegram_runtime)


async def test_a_reply_that_could_not_be_sent_goes_out_first_after_a_restart(
    start_bot: StartBot, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    bot = await start_bot()
    fake_api.fail("sendMessage", 500, times=6)  # every attempt of FAST_RETRY
    fake_api.message(4005, "/help")
    await fake_api.wait_for(lambda: fake_api.calls["sendMessage"] == 6)
    await all_confirmed(fake_api)
    await eventually(lambda: _pending_count(telegram_runtime, 1))
    [pending] = await telegram_runtime.engine.undelivered("telegram")
    assert pending.chat == "4005"
    await bot.stop()

    await start_bot()
    [resent] = await fake_api.wait_sent(4005, 1)
    assert "menu:show" in resent.button_data or resent.buttons
    await nothing_pending(telegram_runtime)
    fake_api.message(4005, "/end")
    await fake_api.wait_sent(4005, 2)
    assert len(fake_api.sent_to(4005)) == 2


async def nothing_pending(runtime: Runtime) -> None:
    async def check() -> bool:
        return await runtime.engine.undelivered("telegram") == []

    await eventually(check)


async def _pending_count(runtime: Runtime, count: int) -> bool:
    return len(await runtime.engine.undelivered("telegram")) == count


class Gate:
    """A conversation that waits, mid-step, until the test opens the gate."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.open = asyncio.Event()

    async def handle(self, turn: Turn) -> None:
        self.entered.set()
        await self.open.wait()
        turn.say("done", [[Button("Menu", "menu:show")]])

    async def failed(self, turn: Turn) -> None:
        turn.say("failed")


async def test_an_update_is_confirmed_to_telegram_only_after_it_was_handled(
    start_bot: StartBot, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    gate = Gate()
    await start_bot(engine_with(telegram_runtime, gate))
    update_id = fake_api.message(4006, "hello")
    await gate.entered.wait()
    calls = fake_api.calls["getUpdates"]
    await asyncio.sleep(0.3)  # PTB would have confirmed it by now (it polls again at once)
    assert update_id in fake_api.pending_updates
    assert fake_api.calls["getUpdates"] == calls
    gate.open.set()
    await fake_api.wait_sent(4006, 1)
    await all_confirmed(fake_api)


async def test_stopping_lets_the_update_in_flight_finish(
    start_bot: StartBot, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    gate = Gate()
    bot: TelegramAdapter = await start_bot(engine_with(telegram_runtime, gate))
    fake_api.message(4007, "hello")
    await gate.entered.wait()
    stopping = asyncio.create_task(bot.stop())
    await asyncio.sleep(0.1)
    assert not stopping.done()
    gate.open.set()
    await stopping
    assert [m.text for m in fake_api.sent_to(4007)] == ["done"]
    assert fake_api.updates == []
    await nothing_pending(telegram_runtime)


async def test_an_update_the_database_could_not_save_is_answered_once_it_can(
    user: MakeUser, fake_api: FakeBotApi, telegram_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = telegram_runtime.app.store
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.05)
    # Another process holds the write lock longer than the store waits for it.
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    person = user(4008)
    update_id = fake_api.message(person.id, "How do I extend my residence permit?", language_code="en")
    await asyncio.sleep(0.4)
    assert fake_api.sent_to(person.id) == []
    assert update_id in fake_api.pending_updates  # not confirmed: Telegram still has it
    other.execute("ROLLBACK")
    other.close()
    [answer] = await person.replies(1)
    assert "residence permit" in answer.text.lower()
    await all_confirmed(fake_api)
    await asyncio.sleep(0.3)
    assert len(fake_api.sent_to(person.id)) == 1  # answered once
