"""The bot's services, opened and closed together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.faq import FaqService
from bot.locales import Locales
from bot.queue import QueueService
from bot.store import Store


@dataclass
class App:
    settings: Settings
    store: Store
    locales: Locales
    faq: FaqService
    queue: QueueService


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[App]:
    directory = settings["locales.directory"]
    locales = Locales.load(Path(directory) if directory else None)
    store = await Store.open(settings.database)
    try:
        yield App(settings, store, locales, FaqService.load(locales), QueueService(store, settings))
    finally:
        await store.close()
