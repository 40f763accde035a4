"""The conversation: which dialog a turn goes to.

Order of precedence: a pressed button; a command (`/start`); a phrase that is a
command in any language ("in English please", "cancel"); the active dialog's
step; every dialog's free-text handler in order; the polite fallback.
Commands and command phrases are turned into button data, so each action has
one handler however the user asked for it.

Before any of that, typed text passes the personal data guard: the user is
warned, and the dialogs read the text without the personal data. After it,
the turn's redacted transcript is written in the step's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine import Turn
from bot.privacy import cut, find_personal_data
from bot.text import MAX_READ, clean, words
from bot.transcripts import Transcripts
from dialogs.base import Dialog, menu_buttons

COMMANDS = {
    "start": "menu:start",
    "menu": "menu:show",
    "help": "menu:help",
    "cancel": "menu:cancel",
    "end": "menu:end",
    "language": "language:choose",
    "queue": "queue:start",
    "employer": "employer:on",
    "privacy": "faq:privacy",
    "forget": "privacy:forget",
}

# Phrases that act wherever the user is, even in the middle of a dialog.
COMMAND_PHRASES = {
    "cancel": "menu:cancel",
    "menu": "menu:show",
    "help": "menu:help",
    "end_chat": "menu:end",
    "queue": "queue:start",
    "employer_on": "employer:on",
    "employer_off": "employer:off",
}

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)")


class Router:
    def __init__(self, dialogs: Sequence[Dialog], transcripts: Transcripts | None = None) -> None:
        self._dialogs = {dialog.name: dialog for dialog in dialogs}
        self._order = list(dialogs)
        self._transcripts = transcripts

    async def handle(self, turn: Turn) -> None:
        await self._route(turn)
        if self._transcripts is not None:
            self._transcripts.record(turn)

    async def _route(self, turn: Turn) -> None:
        if turn.incoming.button is None and not self._guard(turn):
            return
        if turn.incoming.button is not None:
            await self.press(turn, turn.incoming.button)
        elif not turn.text:
            turn.say(
                turn.t.gettext("I can only read text. Please write your question, or choose from the menu."),
                menu_buttons(turn),
            )
        elif command := _COMMAND.match(turn.text):
            await self.press(turn, COMMANDS.get(command.group(1).lower(), "menu:help"))
        elif data := self._command_phrase(turn):
            await self.press(turn, data)
        else:
            await self._free_text(turn)

    async def press(self, turn: Turn, data: str) -> None:
        name, _, argument = data.partition(":")
        dialog = self._dialogs.get(name)
        if dialog is None:
            turn.session.leave()
            turn.say(turn.t.gettext("That button is no longer in use. Here is the menu."), menu_buttons(turn))
            return
        await dialog.on_button(turn, argument)

    async def failed(self, turn: Turn) -> None:
        turn.say(
            turn.t.gettext("Sorry, something went wrong on my side. Please try again, or choose from the menu."),
            menu_buttons(turn),
        )
        if self._transcripts is not None:
            self._transcripts.record(turn)

    def _guard(self, turn: Turn) -> bool:
        """Warn about personal data and cut it out; False when nothing else is left to answer."""
        # Looked for in more than the dialogs read, so that nothing cut in
        # two at the end of a long message slips through unrecognised.
        wider = clean(turn.incoming.text, limit=2 * MAX_READ)
        findings = find_personal_data(wider)
        if not findings:
            return True
        turn.notes["personal_data"] = sorted({finding.kind for finding in findings})
        turn.text = cut(wider, findings)[:MAX_READ]
        # Never repeat what was found, not even its kind: the warning is the same for all.
        warning = turn.t.gettext(
            "Please do not write personal data here, such as your personal identity code, phone number, "
            "e-mail address, bank account or passport number. I did not keep it."
        )
        if words(turn.text):
            turn.say(warning)
            return True
        turn.say(warning + " " + turn.t.gettext("What would you like to ask?"), menu_buttons(turn))
        return False

    def _command_phrase(self, turn: Turn) -> str | None:
        if locale := turn.locales.find_phrase("switch_language", turn.text):
            return f"language:set.{locale.code}"
        for key, data in COMMAND_PHRASES.items():
            if turn.locales.find_phrase(key, turn.text):
                return data
        return None

    async def _free_text(self, turn: Turn) -> None:
        active = self._dialogs.get(turn.session.dialog)
        if active is not None and await active.on_text(turn):
            return
        for dialog in self._order:
            if await dialog.on_free_text(turn):
                return
        turn.notes["fallback"] = True
        turn.say(
            turn.t.gettext(
                "Sorry, I did not understand that. I give general advice about residence permits, "
                "citizenship and the queue position. Try asking in other words, or choose from the menu."
            ),
            menu_buttons(turn),
        )
