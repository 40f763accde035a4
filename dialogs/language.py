"""Choosing the language, by button or by phrase ("in English please")."""

from __future__ import annotations

from bot.core import Button
from bot.engine import Turn
from dialogs.base import Dialog, menu_buttons


class LanguageDialog(Dialog):
    name = "language"

    async def on_button(self, turn: Turn, argument: str) -> None:
        if argument.startswith("set.") and argument[4:] in turn.locales:
            turn.set_language(argument[4:])
            turn.session.leave()
            turn.say(turn.t.gettext("I will speak English with you from now on."), menu_buttons(turn))
            return
        turn.say(
            turn.t.gettext("Choose your language."),
            [[Button(locale.name, f"language:set.{locale.code}")] for locale in turn.locales],
        )
