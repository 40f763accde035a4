"""The FAQ knowledge base and question matching (issue 3 fills this in)."""

from __future__ import annotations

from bot.locales import Locales


class FaqService:
    def __init__(self, locales: Locales) -> None:
        self.locales = locales

    @classmethod
    def load(cls, locales: Locales) -> FaqService:
        return cls(locales)

    def reload(self) -> None:
        """Reread the content files; on any error keep serving the old content."""
