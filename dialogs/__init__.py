"""The conversation flows. `build_conversation` lists every dialog once."""

from __future__ import annotations

from bot.app import App
from bot.privacy.pseudonym import Pseudonyms
from bot.queue.keys import load_key
from bot.transcripts import Transcripts
from dialogs.employer import EmployerDialog
from dialogs.faq import FaqDialog
from dialogs.feedback import FeedbackDialog
from dialogs.language import LanguageDialog
from dialogs.menu import MenuDialog
from dialogs.privacy import PrivacyDialog
from dialogs.queue import QueueDialog
from dialogs.router import Router
from dialogs.smalltalk import SmallTalkDialog


def build_conversation(app: App) -> Router:
    # Users are keyed in transcripts and feedback with the same secret key as
    # in the queue's records (a different label in each hash).
    pseudonyms = Pseudonyms(load_key(app.settings))
    # The order is the order in which free text is offered to the dialogs.
    return Router(
        [
            MenuDialog(),
            LanguageDialog(),
            SmallTalkDialog(),
            FeedbackDialog(pseudonyms),
            PrivacyDialog(pseudonyms),
            QueueDialog(app.queue),
            EmployerDialog(app.faq),
            # Last: it answers questions, and says so when it is not sure.
            FaqDialog(app.faq),
        ],
        Transcripts(pseudonyms),
    )
