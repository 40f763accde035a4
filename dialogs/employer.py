"""Employer mode: switched on and off by a button or by saying so.

"I am an employer" alone is a command phrase (locale.toml, handled by the
router). Said inside a longer message ("olen työnantaja, miten palkkaan…"),
this dialog switches the mode and answers the question too. Only phrases of
two or more words count inside a message: "employer" alone appears in
questions of people who are not employers.
"""

from __future__ import annotations

from bot.core import Button
from bot.engine import Turn
from bot.faq import FaqService
from bot.text import phrase_key
from dialogs.base import Dialog, menu_buttons
from dialogs.faq import FaqDialog

EMPLOYER = "employer"
DEFAULT = "default"


class EmployerDialog(Dialog):
    name = "employer"

    def __init__(self, faq: FaqService) -> None:
        self.faq = faq
        self._answers = FaqDialog(faq)

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.session.leave()
        if argument == "off":
            self.switch_off(turn)
        elif argument == "menu" and turn.session.mode == EMPLOYER:
            turn.say(turn.t.gettext("Employer topics: choose one, or ask in your own words."), self.menu(turn))
        else:
            self.switch_on(turn)

    async def on_free_text(self, turn: Turn) -> bool:
        mode = turn.session.mode
        if mode == EMPLOYER and _says(turn, "employer_off"):
            self.switch_off(turn)
        elif mode != EMPLOYER and _says(turn, "employer_on") and not _says(turn, "employer_off"):
            turn.session.mode = EMPLOYER
            found = self.faq.match(turn.text, turn.locale.code, employer=True)
            if found.topic is None:
                self.switch_on(turn)
                return True
            turn.say(turn.t.gettext("You are now in employer mode."))
            self._answers.answer(turn, found.topic)
        else:
            return False
        return True

    def switch_on(self, turn: Turn) -> None:
        turn.session.mode = EMPLOYER
        turn.say(
            turn.t.gettext(
                "You are now in employer mode: I answer questions about employing people from abroad. "
                "Choose a topic or ask in your own words."
            ),
            self.menu(turn),
        )

    def switch_off(self, turn: Turn) -> None:
        turn.session.mode = DEFAULT
        turn.say(turn.t.gettext("You left employer mode."), menu_buttons(turn))

    def menu(self, turn: Turn) -> list[list[Button]]:
        """The employer topics, then the main menu (which has "Leave employer mode")."""
        topics = self.faq.topics(turn.locale.code, employer=True)
        return [*([Button(topic.title, f"faq:{topic.id}")] for topic in topics), *menu_buttons(turn)]


def _says(turn: Turn, key: str) -> bool:
    """Whether a phrase of `key`, of two or more words, is in the message (any locale)."""
    text = f" {phrase_key(turn.text)} "
    return any(f" {phrase} " in text for locale in turn.locales for phrase in locale.phrases[key] if " " in phrase)
