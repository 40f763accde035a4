"""Employer mode (issue 3 completes it)."""

from __future__ import annotations

from bot.engine import Turn
from bot.faq import FaqService
from dialogs.base import Dialog, menu_buttons


class EmployerDialog(Dialog):
    name = "employer"

    def __init__(self, faq: FaqService) -> None:
        self.faq = faq

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.session.mode = "employer" if argument == "on" else "default"
        turn.session.leave()
        if turn.session.mode == "employer":
            turn.say(turn.t.gettext("You are now in employer mode."), menu_buttons(turn))
        else:
            turn.say(turn.t.gettext("You left employer mode."), menu_buttons(turn))
