"""The platform-neutral engine: an incoming message becomes a list of replies.

A step is: take the conversation's lock, load its session, let the
conversation (the dialogs) act, save the session together with everything the
step wrote, release the lock. One conversation's messages are handled one at a
time; different conversations run concurrently. The engine returns replies; it
never sends them, so dialogs are tested without any platform.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot import language
from bot.core import Button, Incoming, Outgoing, Session, SessionKey
from bot.i18n import Translator
from bot.locales import Locale, Locales
from bot.store import Statement, StepWrite, Store, Undelivered
from bot.text import clean

log = logging.getLogger(__name__)


@dataclass
class Turn:
    """One step of one conversation, as the dialogs see it."""

    incoming: Incoming
    session: Session
    locale: Locale
    locales: Locales
    replies: list[Outgoing] = field(default_factory=list)
    # Statements written in the same transaction as the session.
    statements: list[Statement] = field(default_factory=list)
    # What the dialogs learned about this turn, for the transcript: "topic"
    # (a topic id), "confidence" (0..1), "fallback" (True when not understood).
    notes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = clean(self.incoming.text)

    @property
    def t(self) -> Translator:
        return self.locale.translator

    def say(self, text: str, buttons: Sequence[Sequence[Button]] = ()) -> None:
        self.replies.append(Outgoing(text, tuple(tuple(row) for row in buttons)))

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.statements.append((sql, params))

    def set_language(self, code: str) -> None:
        """The user chose a language: it holds until they choose another."""
        self.locale = self.locales.get(code)
        self.session.language = self.locale.code
        self.session.language_chosen = True


class Conversation(Protocol):
    """What the dialogs offer the engine: act on one turn."""

    async def handle(self, turn: Turn) -> None: ...

    async def failed(self, turn: Turn) -> None:
        """Answer politely after `handle` raised; the session is reset first."""


class KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[SessionKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: SessionKey) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class Engine:
    def __init__(self, store: Store, locales: Locales, conversation: Conversation) -> None:
        self.store = store
        self.locales = locales
        self.conversation = conversation
        self.locks = KeyedLocks()

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """The replies to one message; a repeated event gets none."""
        async with self.locks.hold(incoming.key):
            session, handled = await self.store.load_step(incoming.key, incoming.event_id)
            if handled:
                return []
            session = session or Session()
            turn = self._turn(incoming, session)
            try:
                await self.conversation.handle(turn)
            except Exception as error:
                # The user sees an apology, never a traceback. The log keeps the
                # traceback's frames but not the exception's text, which may
                # quote what the user typed.
                log.error(
                    "a step failed on %s: %s\n%s",
                    incoming.platform,
                    type(error).__name__,
                    "".join(traceback.format_tb(error.__traceback__)),
                )
                turn = self._turn(incoming, Session(language=session.language, mode=session.mode))
                await self.conversation.failed(turn)
            await self.store.commit(
                StepWrite(incoming.key, turn.session, incoming.event_id, turn.replies, turn.statements)
            )
            return turn.replies

    def _turn(self, incoming: Incoming, session: Session) -> Turn:
        session.language = language.choose(session, incoming, self.locales)
        return Turn(incoming, session, self.locales.get(session.language), self.locales)

    async def undelivered(self, platform: str) -> list[Undelivered]:
        """Replies handled before a crash or restart but never confirmed sent."""
        return await self.store.undelivered(platform)

    async def delivered(self, platform: str, event_id: str | None) -> None:
        if event_id is not None:
            await self.store.mark_delivered(platform, event_id)
