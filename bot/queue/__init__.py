"""Queue positions from the daily snapshot (issue 4 fills this in)."""

from __future__ import annotations

from bot.config import Settings
from bot.store import Store


class QueueService:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def use_sample_if_empty(self) -> None:
        """Import the bundled sample snapshot when none was imported (issue 4)."""
