"""The conversation flows. `build_conversation` lists every dialog once."""

from __future__ import annotations

from bot.app import App
from dialogs.employer import EmployerDialog
from dialogs.faq import FaqDialog
from dialogs.language import LanguageDialog
from dialogs.menu import MenuDialog
from dialogs.queue import QueueDialog
from dialogs.router import Router
from dialogs.smalltalk import SmallTalkDialog


def build_conversation(app: App) -> Router:
    # The order is the order in which free text is offered to the dialogs.
    return Router(
        [
            MenuDialog(),
            LanguageDialog(),
            SmallTalkDialog(),
            QueueDialog(app.queue),
            EmployerDialog(app.faq),
            # Last: it answers questions, and says so when it is not sure.
            FaqDialog(app.faq),
        ]
    )
