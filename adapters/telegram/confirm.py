"""Confirm an update to Telegram only after the engine has handled it.

Telegram forgets updates when a getUpdates call names a higher `offset`.
PTB's updater sends that offset on its very next call, right after putting
the previous batch into its queue, so a crash while handling would lose the
batch. `ConfirmingBot` delays each getUpdates until every earlier update it
returned has been handled (committed to SQLite with its replies), so a crash
before that point makes Telegram deliver the update again, and the engine's
record of handled update ids keeps a redelivered update from being answered
twice. The engine step is milliseconds long: polling waits only that long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.ext import ExtBot


class InFlight:
    """Update ids fetched but not yet handled."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._changed = asyncio.Event()

    def add(self, ids: Iterable[int]) -> None:
        self._ids.update(ids)

    def done(self, update_id: int) -> None:
        self._ids.discard(update_id)
        self._changed.set()

    async def wait_below(self, offset: int) -> None:
        """Until no update older than `offset` is still being handled."""
        while any(update_id < offset for update_id in self._ids):
            self._changed.clear()
            await self._changed.wait()

    def __len__(self) -> int:
        return len(self._ids)


class ConfirmingBot(ExtBot[None]):
    def __init__(self, *args: Any, in_flight: InFlight, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # PTB freezes a bot's attributes once it is built.
        with self._unfrozen():
            self.in_flight = in_flight

    async def get_updates(self, offset: int | None = None, **kwargs: Any) -> tuple[Update, ...]:  # type: ignore[override]
        if offset:
            await self.in_flight.wait_below(offset)
        updates = await super().get_updates(offset, **kwargs)
        self.in_flight.add(update.update_id for update in updates)
        return updates
