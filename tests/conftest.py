"""Fixtures shared by the whole suite: real SQLite files in a temporary folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.runtime import Runtime, open_runtime
from bot import config
from bot.core import Incoming, Outgoing
from bot.engine import Engine


@pytest.fixture
def settings(tmp_path: Path) -> config.Settings:
    return config.load(None, {"KAMU_DB": str(tmp_path / "kamu.db")})


@pytest.fixture
async def runtime(settings: config.Settings) -> AsyncIterator[Runtime]:
    async with open_runtime(settings) as runtime:
        yield runtime


class Chat:
    """One user talking to the engine, as a test writes it."""

    def __init__(self, engine: Engine, user: str = "u1", *, platform: str = "test", hint: str | None = None) -> None:
        self.engine, self.user, self.platform, self.hint = engine, user, platform, hint
        self.last: list[Outgoing] = []

    async def say(self, text: str) -> list[Outgoing]:
        return await self._send(Incoming(self.platform, self.user, self.user, text, language_hint=self.hint))

    async def press(self, data: str) -> list[Outgoing]:
        return await self._send(Incoming(self.platform, self.user, self.user, "", data, self.hint))

    async def press_label(self, label: str) -> list[Outgoing]:
        buttons = [b for reply in self.last for b in reply.all_buttons() if b.label == label]
        assert buttons, f"no button {label!r} in {[b.label for r in self.last for b in r.all_buttons()]}"
        return await self.press(buttons[0].data)

    async def _send(self, incoming: Incoming) -> list[Outgoing]:
        self.last = await self.engine.handle(incoming)
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.last)

    @property
    def button_data(self) -> list[str]:
        return [b.data for reply in self.last for b in reply.all_buttons()]


@pytest.fixture
def chat(runtime: Runtime) -> Chat:
    return Chat(runtime.engine)
