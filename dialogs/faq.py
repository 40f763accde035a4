"""FAQ answers from the per-locale content (issue 3 fills this in)."""

from __future__ import annotations

from bot.engine import Turn
from bot.faq import FaqService
from dialogs.base import Dialog, menu_buttons


class FaqDialog(Dialog):
    name = "faq"

    def __init__(self, faq: FaqService) -> None:
        self.faq = faq

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.say(turn.t.gettext("What would you like to do?"), menu_buttons(turn))
