"""Restarts of the bot and of the homeserver: nothing missed, nothing answered twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matrix_homeserver import Homeserver
from matrix_peers import Bot, Human, numbered_labels

Humans = Callable[..., Any]
WHAT_TO_DO = "What would you like to do?"


async def english_chat(bot: Bot, human: Human, *, encrypted: bool = False) -> str:
    room = await human.room([bot.user_id], direct=True, encrypted=encrypted)
    await human.turn(room)
    await human.ask(room, "in English please")
    return room


async def notices_until(human: Human, room: str, last_body: str) -> list[str]:
    """Every notice body up to and including the first one that starts with `last_body`."""
    bodies: list[str] = []
    while not bodies or not bodies[-1].startswith(last_body):
        bodies.append((await human.next_notice(room)).body)
    return bodies


async def test_fifteen_missed_messages_are_all_answered_once(make_bot: Callable[..., Bot], make_human: Humans) -> None:
    bot = make_bot()
    await bot.start()
    human = await make_human(encrypted=True)
    room = await english_chat(bot, human, encrypted=True)
    await bot.stop()
    for _ in range(15):
        await human.send(room, "menu")
    await bot.start()
    await human.send(room, "help")
    bodies = await notices_until(human, room, "Ask me a question")
    assert sum(body.startswith(WHAT_TO_DO) for body in bodies) == 15
    assert len(bodies) == 16
    # A second restart answers none of them again.
    await bot.stop()
    await bot.start()
    await human.send(room, "help")
    assert (await notices_until(human, room, "Ask me a question")) == [bodies[-1]]


async def test_the_first_start_skips_history(make_bot: Callable[..., Bot], make_human: Humans) -> None:
    bot = make_bot()
    await bot.start()
    human = await make_human()
    room = await english_chat(bot, human)
    await bot.stop()
    for _ in range(3):
        await human.send(room, "menu")
    # The same account on a new database: a first start.
    fresh = Bot(bot.homeserver, bot.user, bot.directory.parent / "fresh")
    try:
        await fresh.start()
        await human.send(room, "help")
        first = (await human.next_notice(room)).body
        assert not first.startswith(WHAT_TO_DO), "history was answered"
    finally:
        await fresh.stop()


async def test_the_bot_reconnects_after_the_homeserver_restarts(
    homeserver: Homeserver, bot: Bot, make_human: Humans
) -> None:
    human = await make_human()
    room = await english_chat(bot, human)
    menu = await human.ask(room, "menu")
    assert "My queue position" in numbered_labels(menu)
    homeserver.restart()
    await human.send(room, "help")
    bodies = await notices_until(human, room, "Ask me a question")
    assert len(bodies) == 1
    assert numbered_labels(await human.ask(room, "menu"))


async def test_fifty_quick_messages_round_trip(bot: Bot, make_human: Humans) -> None:
    # The human's client gives up on the first 429 (max_limit_exceeded=0), so
    # this fails if the homeserver's rate limits were not really relaxed.
    human = await make_human()
    room = await english_chat(bot, human)
    for _ in range(50):
        await human.send(room, "menu")
    bodies = [(await human.next_notice(room)).body for _ in range(50)]
    assert all(body.startswith(WHAT_TO_DO) for body in bodies)
