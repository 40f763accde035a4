"""Deleting a user's data: `/forget`, and the button under the privacy answer.

`/forget` is typed on purpose, so it deletes at once. The button is one tap
away under an answer, so it asks first. Either way everything kept about the
user goes in the same transaction as the step, and the reply says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core import Button, Session
from bot.engine import Turn
from bot.privacy.pseudonym import Pseudonyms
from bot.store import Statement
from bot.transcripts import forget_statements
from dialogs.base import Dialog, menu_buttons

# More that a feature keeps about a user, by platform and user id.
Forgetter = Callable[[str, str], Sequence[Statement]]


def forget_button(turn: Turn) -> Button:
    """The button to put under the privacy answer."""
    return Button(turn.t.gettext("Delete my data"), "privacy:ask")


class PrivacyDialog(Dialog):
    name = "privacy"

    def __init__(self, pseudonyms: Pseudonyms, forgetters: Sequence[Forgetter] = ()) -> None:
        self.pseudonyms = pseudonyms
        self.forgetters = list(forgetters)

    async def on_button(self, turn: Turn, argument: str) -> None:
        if argument == "forget":
            self._forget(turn)
        elif argument == "keep":
            turn.session.leave()
            turn.say(turn.t.gettext("Nothing was deleted. What would you like to do?"), menu_buttons(turn))
        else:
            turn.say(
                turn.t.gettext(
                    "Do you want me to delete everything I keep about you: our conversations, "
                    "your feedback and your settings? This cannot be undone."
                ),
                [
                    [Button(turn.t.gettext("Yes, delete my data"), "privacy:forget")],
                    [Button(turn.t.gettext("No, keep it"), "privacy:keep")],
                ],
            )

    def _forget(self, turn: Turn) -> None:
        platform, user = turn.incoming.platform, turn.incoming.user
        for statement in forget_statements(self.pseudonyms.user(platform, user), platform, user):
            turn.write(*statement)
        for forgetter in self.forgetters:
            for statement in forgetter(platform, user):
                turn.write(*statement)
        # A fresh session: the engine saves it, the statements above then delete the row.
        turn.session = Session()
        turn.notes["transcript"] = False
        turn.say(
            turn.t.gettext(
                "Done: I deleted our conversations, your feedback and your settings, such as your language."
            ),
            menu_buttons(turn),
        )
