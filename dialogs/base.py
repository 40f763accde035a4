"""What a dialog is: three ways a turn can reach it.

Button data is `<dialog>:<argument>`; a press goes to `on_button` of the dialog
named before the colon. While the session is in a dialog, its text goes to that
dialog's `on_text` first. Text that no active dialog took is offered to every
dialog's `on_free_text` in the router's order, so a dialog can start itself
from free text ("my queue position").
"""

from __future__ import annotations

from bot.core import Button
from bot.engine import Turn


class Dialog:
    name = ""

    async def on_button(self, turn: Turn, argument: str) -> None:
        raise NotImplementedError

    async def on_text(self, turn: Turn) -> bool:
        """Text while this dialog is active; False leaves it to the rest."""
        return False

    async def on_free_text(self, turn: Turn) -> bool:
        """Text nobody else took; True when this dialog answered it."""
        return False


def menu_buttons(turn: Turn) -> list[list[Button]]:
    """The main menu, as it is in the user's language and mode."""
    t = turn.t
    employer = (
        Button(t.gettext("Leave employer mode"), "employer:off")
        if turn.session.mode == "employer"
        else Button(t.gettext("I am an employer"), "employer:on")
    )
    return [
        [Button(t.gettext("My queue position"), "queue:start")],
        [employer],
        [Button(t.gettext("Language"), "language:choose"), Button(t.gettext("End chat"), "menu:end")],
    ]
