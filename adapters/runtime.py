"""The engine with its dialogs and services, ready for an adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.app import App, open_app
from bot.config import Settings
from bot.engine import Engine
from dialogs import build_conversation


@dataclass
class Runtime:
    app: App
    engine: Engine


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    async with open_app(settings) as app:
        yield Runtime(app, Engine(app.store, app.locales, build_conversation(app)))
