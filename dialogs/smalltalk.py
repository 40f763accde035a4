"""Greetings, thanks and goodbyes, in any language the bot speaks."""

from __future__ import annotations

from bot.engine import Turn
from dialogs.base import Dialog, menu_buttons


class SmallTalkDialog(Dialog):
    name = "smalltalk"

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.say(turn.t.gettext("What would you like to do?"), menu_buttons(turn))

    async def on_free_text(self, turn: Turn) -> bool:
        t, find = turn.t, turn.locales.find_phrase
        if find("greeting", turn.text):
            turn.say(t.gettext("Hello! How can I help you?"), menu_buttons(turn))
        elif find("thanks", turn.text):
            turn.say(t.gettext("You are welcome! Is there anything else I can help with?"), menu_buttons(turn))
        elif find("goodbye", turn.text):
            turn.say(t.gettext("Goodbye, and welcome back whenever you need advice!"))
        else:
            return False
        return True
