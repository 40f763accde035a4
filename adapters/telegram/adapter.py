"""The Telegram adapter: python-telegram-bot in the event loop `kamu run` owns.

It never calls `run_polling` (which takes over the loop): it initialises and
starts the Application itself, so Telegram and Matrix share one loop. Each
update runs as its own task (`concurrent_updates`), so chats are answered in
parallel; the engine serialises each conversation.

Delivery is at least once in, at most once out: an update is confirmed to
Telegram only after the engine committed it (see `confirm`), and its replies
stay pending in SQLite until they were sent; replies pending from before a
crash are sent first at start.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from adapters.telegram.commands import register_commands
from adapters.telegram.confirm import ConfirmingBot, InFlight
from adapters.telegram.render import render
from adapters.telegram.sending import RetryPolicy, Undeliverable, send_part
from adapters.telegram.transport import AiohttpRequest
from adapters.telegram.updates import PLATFORM, BotIdentity, to_incoming
from bot.config import ConfigError, Settings
from bot.core import Incoming, Outgoing, SessionKey
from bot.engine import Engine, KeyedLocks

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
# How long a 429 may be waited out, in attempts, before the reply is left
# pending for the next start.
RATE_LIMIT_RETRIES = 10


def file_url(base_url: str) -> str:
    """The file endpoint beside a Bot API endpoint (…/bot → …/file/bot)."""
    base = base_url.rstrip("/")
    return f"{base[: -len('/bot')]}/file/bot" if base.endswith("/bot") else f"{base}/file"


class TelegramAdapter:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        retry: RetryPolicy | None = None,
        poll_timeout: int = 30,
        transport: Callable[[int], BaseRequest] = AiohttpRequest,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.retry = retry or RetryPolicy()
        self.poll_timeout = poll_timeout
        # HTTP to the Bot API, by connection pool size (see transport.py).
        self.transport = transport
        self.mode = _choice(settings, "telegram.mode", ("polling", "webhook"))
        self.groups = _choice(settings, "telegram.groups", ("mention", "ignore"))
        if self.mode == "webhook" and not settings["telegram.webhook_url"]:
            raise ConfigError("telegram.webhook_url: missing; webhook mode needs the public HTTPS URL of the webhook")
        self.in_flight = InFlight()
        self.app = self._build()
        self.me = BotIdentity(0, "")
        # Replies to one chat go out in order, even when an earlier one waits on a retry.
        self._chat_locks = KeyedLocks()

    def _build(self) -> Application:  # type: ignore[type-arg]
        token = self.settings["telegram.token"]
        base_url = self.settings["telegram.base_url"]
        bot = ConfirmingBot(
            token,
            base_url=base_url,
            base_file_url=file_url(base_url),
            request=self.transport(256),
            get_updates_request=self.transport(2),
            rate_limiter=AIORateLimiter(
                overall_max_rate=self.settings["telegram.send_rate"], max_retries=RATE_LIMIT_RETRIES
            ),
            in_flight=self.in_flight,
        )
        app = Application.builder().bot(bot).concurrent_updates(True).build()
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        return app

    async def start(self) -> None:
        await self.app.initialize()
        self.me = BotIdentity(self.app.bot.id, self.app.bot.username)
        await self._resend_undelivered()
        await register_commands(self.app.bot, self.engine.locales)
        await self.app.start()
        assert self.app.updater is not None
        if self.mode == "webhook":
            secret = self.settings["telegram.webhook_secret"]
            if not secret:
                log.warning("telegram.webhook_secret is not set: anyone who finds the webhook URL can post updates")
            await self.app.updater.start_webhook(
                listen=self.settings["telegram.webhook_listen"],
                port=self.settings["telegram.webhook_port"],
                url_path=self.settings["telegram.webhook_path"].strip("/"),
                webhook_url=self.settings["telegram.webhook_url"],
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await self.app.updater.start_polling(timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES)
        log.warning("Telegram: @%s is running (%s)", self.me.username, self.mode)

    async def stop(self) -> None:
        """Stop taking updates, let the ones in flight finish, then close."""
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def _resend_undelivered(self) -> None:
        for item in await self.engine.undelivered(PLATFORM):
            await self._deliver(item.chat, item.event_id, item.replies)

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            if update.callback_query is not None:
                await self._answer_callback(update)
            incoming = to_incoming(update, self.me, groups=self.groups)
            if incoming is None:
                return
            replies = await self._handle(incoming)
        finally:
            self.in_flight.done(update.update_id)
        await self._deliver(incoming.chat, incoming.event_id, replies)

    async def _handle(self, incoming: Incoming) -> list[Outgoing]:
        """The engine's replies; a step the database could not save is tried again.

        Until then the update is not confirmed, so polling pauses rather than
        lose it; a failed step's transaction saved nothing, so trying again
        answers once (a queue lookup's own record, written before, only
        counts the ask a second time). After the retry policy's last wait it
        is given up on, so that one update the database always refuses
        cannot stop the bot.
        """
        delays = self.retry.delays()
        while True:
            try:
                return await self.engine.handle(incoming)
            except sqlite3.Error as error:
                if not delays:
                    log.error("gave up on a Telegram update the database would not save (%s)", error)
                    raise
                delay = delays.pop(0)
                log.error("could not save a Telegram update (%s); trying again in %.1f s", error, delay)
                await asyncio.sleep(delay)

    async def _answer_callback(self, update: Update) -> None:
        # Answered first and always, so the spinner on the user's button stops
        # even when the press leads nowhere or the reply is slow.
        assert update.callback_query is not None
        try:
            await update.callback_query.answer()
        except TelegramError as error:
            log.info("could not answer a callback query: %s", error)

    async def _deliver(self, chat: str, event_id: str | None, replies: list[Outgoing]) -> None:
        async with self._chat_locks.hold(SessionKey(PLATFORM, chat, "")):
            try:
                for reply in replies:
                    for part in render(reply):
                        await send_part(self.app.bot, chat, part, self.retry)
            except Undeliverable as error:
                log.warning("Telegram refused a reply for good (%s); it is dropped", error)
            except (NetworkError, RetryAfter) as error:
                # Kept pending in the database: sent again at the next start.
                log.error("could not send a reply to Telegram (%s); it is sent again after a restart", error)
                return
            await self.engine.delivered(PLATFORM, event_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The update holds what the user wrote: log the failure, not the update.
        log.error("a Telegram update failed", exc_info=context.error)


def _choice(settings: Settings, key: str, allowed: tuple[str, ...]) -> str:
    value = str(settings[key]).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{key}: '{settings[key]}' is not one of {', '.join(allowed)}")
    return value
