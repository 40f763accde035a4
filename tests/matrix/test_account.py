"""Logging in: a password keeps one device across restarts; an access token works alone."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from matrix_peers import Bot, numbered_labels

Humans = Callable[..., Any]


async def test_a_password_login_reuses_its_device_and_never_logs_the_token(
    make_bot: Callable[..., Bot], make_human: Humans, caplog: pytest.LogCaptureFixture
) -> None:
    # Third-party DEBUG logs echo SQL parameters and HTTP bodies (aiosqlite, nio):
    # what matters is everything at INFO and the adapter's own debug output.
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="adapters")
    bot = make_bot()
    await bot.start()
    assert bot.runtime is not None and bot.adapter is not None and bot.adapter.client is not None
    store = bot.runtime.app.store
    device = await store.get_state("matrix", "device_id")
    token = await store.get_state("matrix", "access_token")
    assert device == bot.adapter.client.device_id and token
    human = await make_human(encrypted=True)
    room = await human.room([bot.user_id], direct=True, encrypted=True)
    await human.turn(room)
    await bot.stop()
    await bot.start()
    assert bot.adapter is not None and bot.adapter.client is not None
    assert bot.adapter.client.device_id == device
    assert numbered_labels(await human.ask(room, "menu"))
    assert token not in caplog.text
    assert bot.user.password not in caplog.text


async def test_an_access_token_alone_is_enough(make_bot: Callable[..., Bot], make_human: Humans) -> None:
    bot = make_bot()
    bot.extra.update(KAMU_MATRIX_ACCESS_TOKEN=bot.user.access_token)
    bot.user.password = ""
    await bot.start()
    assert bot.adapter is not None and bot.adapter.client is not None
    assert bot.adapter.client.device_id == bot.user.device_id
    human = await make_human()
    room = await human.room([bot.user_id], direct=True)
    assert numbered_labels(await human.turn(room))


async def test_a_refused_password_stops_the_start_with_a_message(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()
    bot.user.password = "wrong password"
    with pytest.raises(RuntimeError, match=r"login as .* failed"):
        await bot.start()
