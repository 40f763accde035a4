"""Fixtures for the Telegram tests: the fake Bot API and the bot talking to it.

The bot is the real adapter on python-telegram-bot, over real HTTP on
loopback; only Telegram itself is replaced.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.runtime import Runtime, open_runtime
from adapters.telegram import TelegramAdapter
from adapters.telegram.sending import RetryPolicy
from bot import config
from bot.engine import Conversation, Engine
from tests.telegram.fake_bot_api import FakeBotApi, Sent

# PTB 22 warns from inside its own RetryAfter whenever Telegram answers 429
# (an announced change of the attribute's type, which this project never reads).
RETRY_AFTER_WARNING = "ignore:.*`retry_after` will be of type:telegram.warnings.PTBDeprecationWarning"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings(RETRY_AFTER_WARNING))


async def eventually(condition: Callable[[], Awaitable[bool]], timeout: float = 15) -> None:
    """Wait until an async condition holds (state the bot writes after a send returns)."""
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.01)


# Short waits keep the fault tests quick; the policy's shape is what is tested.
FAST_RETRY = RetryPolicy(attempts=6, first_delay=0.05, max_delay=0.2)


def telegram_environ(api: FakeBotApi, database: Path, **extra: str) -> dict[str, str]:
    return {
        "KAMU_DB": str(database),
        "KAMU_TELEGRAM_TOKEN": api.token,
        "KAMU_TELEGRAM_BASE_URL": api.base_url,
        **extra,
    }


class TelegramUser:
    """One person chatting with the bot through the fake server."""

    def __init__(self, api: FakeBotApi, user_id: int, *, language_code: str | None = "en") -> None:
        self.api, self.id, self.language_code = api, user_id, language_code
        self.seen = 0

    async def say(self, text: str, *, expect: int = 1) -> list[Sent]:
        self.api.message(self.id, text, language_code=self.language_code)
        return await self.replies(expect)

    async def press(self, data: str, *, expect: int = 1) -> list[Sent]:
        """Press the button with this data on the newest message that has it."""
        message = next(m for m in reversed(self.api.sent_to(self.id)) if data in m.button_data)
        self.api.press(message, data, language_code=self.language_code)
        return await self.replies(expect)

    async def press_label(self, label: str, *, expect: int = 1) -> list[Sent]:
        message = next(m for m in reversed(self.api.sent_to(self.id)) if label in m.button_labels)
        return await self.press(dict((lbl, d) for row in message.buttons for lbl, d in row)[label], expect=expect)

    async def replies(self, count: int) -> list[Sent]:
        sent = await self.api.wait_sent(self.id, self.seen + count)
        new, self.seen = sent[self.seen :], self.seen + count
        return new

    @property
    def last(self) -> Sent:
        return self.api.sent_to(self.id)[-1]


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def telegram_settings(fake_api: FakeBotApi, tmp_path: Path) -> config.Settings:
    # The same database file as `start_bot`'s settings: one bot, however started.
    return config.load(None, telegram_environ(fake_api, tmp_path / "kamu.db"))


@pytest.fixture
async def telegram_runtime(telegram_settings: config.Settings) -> AsyncIterator[Runtime]:
    async with open_runtime(telegram_settings) as runtime:
        await runtime.app.queue.use_sample_if_empty()
        yield runtime


StartBot = Callable[..., Awaitable[TelegramAdapter]]


@pytest.fixture
async def start_bot(telegram_runtime: Runtime, fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Start adapters on the fake server, with another engine or settings if asked; all stopped at the end."""
    started: list[TelegramAdapter] = []

    async def start(engine: Engine | None = None, **environ: str) -> TelegramAdapter:
        settings = config.load(None, telegram_environ(fake_api, tmp_path / "kamu.db", **environ))
        adapter = TelegramAdapter(engine or telegram_runtime.engine, settings, retry=FAST_RETRY, poll_timeout=5)
        await adapter.start()
        started.append(adapter)
        return adapter

    yield start
    for adapter in reversed(started):
        await adapter.stop()


@pytest.fixture
async def telegram_bot(start_bot: StartBot) -> TelegramAdapter:
    return await start_bot()


def engine_with(runtime: Runtime, conversation: Conversation) -> Engine:
    """The bot's store and locales with a test conversation in place of the dialogs."""
    return Engine(runtime.app.store, runtime.app.locales, conversation)


@pytest.fixture
def user(fake_api: FakeBotApi, telegram_bot: TelegramAdapter) -> Callable[..., TelegramUser]:
    def make(user_id: int = 1001, *, language_code: str | None = "en") -> TelegramUser:
        return TelegramUser(fake_api, user_id, language_code=language_code)

    return make
