"""Matrix through matrix-nio (issue 6 fills this in)."""

from __future__ import annotations

from bot.config import Settings
from bot.engine import Engine


class MatrixAdapter:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    async def start(self) -> None:
        raise NotImplementedError("the Matrix adapter is not built yet")

    async def stop(self) -> None:
        pass
