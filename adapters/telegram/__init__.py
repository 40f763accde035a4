"""Telegram through python-telegram-bot (issue 5 fills this in)."""

from __future__ import annotations

from bot.config import Settings
from bot.engine import Engine


class TelegramAdapter:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    async def start(self) -> None:
        raise NotImplementedError("the Telegram adapter is not built yet")

    async def stop(self) -> None:
        pass
