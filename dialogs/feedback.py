"""Feedback: rating the chat when it ends, and one tap on each answer.

Ending the chat (button, `/end`, "end chat") asks for a rating of 1 to 5,
then for an optional comment, which is stored redacted like every other
message; "Skip" leaves it out. Under every FAQ answer the FAQ dialog shows
`answer_feedback_buttons`; a press is `feedback:up.<topic>` or
`feedback:down.<topic>` and counts once per user and answer (the latest wins).
"""

from __future__ import annotations

import re
import secrets
import time

from bot.core import Button
from bot.engine import Turn
from bot.privacy import redact_message
from bot.privacy.pseudonym import Pseudonyms
from bot.text import small_number
from bot.transcripts import comment_statement, rating_statement, vote_statement
from dialogs.base import Dialog, menu_buttons

RATINGS = range(1, 6)
MAX_COMMENT = 1000
# Topic ids are the bot's own (`queue-position`); anything else is a stale or forged button.
_TOPIC = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
_VOTES = {"up": 1, "down": -1}


def answer_feedback_buttons(turn: Turn, topic: str) -> list[list[Button]]:
    """The 👍/👎 row to put under the answer to `topic`."""
    return [[Button("👍", f"feedback:up.{topic}"), Button("👎", f"feedback:down.{topic}")]]


def ask_for_rating(turn: Turn) -> None:
    """End the chat: thank the user and ask for a rating."""
    turn.notes["ended"] = True
    turn.session.enter("feedback", "rating")
    turn.say(
        turn.t.gettext("Thank you for chatting with me. How would you rate this chat, from 1 (poor) to 5 (excellent)?"),
        [
            [Button(turn.t.number(n), f"feedback:rate.{n}") for n in RATINGS],
            [Button(turn.t.gettext("Skip"), "feedback:skip")],
        ],
    )


class FeedbackDialog(Dialog):
    name = "feedback"

    def __init__(self, pseudonyms: Pseudonyms) -> None:
        self.pseudonyms = pseudonyms

    async def on_button(self, turn: Turn, argument: str) -> None:
        action, _, value = argument.partition(".")
        if action in _VOTES and _TOPIC.fullmatch(value):
            self._vote(turn, value, _VOTES[action])
        elif action == "rate" and small_number(value) in RATINGS:
            self._rate(turn, int(value))
        elif action == "skip":
            self._thank(turn)
        elif action == "end":
            ask_for_rating(turn)
        else:
            # A stale button, or data a client made up.
            turn.say(turn.t.gettext("That button is no longer in use. Here is the menu."), menu_buttons(turn))

    async def on_text(self, turn: Turn) -> bool:
        if turn.session.step == "comment" and "rating_id" in turn.session.data:
            comment = redact_message(turn.incoming.text)[:MAX_COMMENT]
            turn.write(*comment_statement(turn.session.data["rating_id"], self._user_key(turn), comment))
            self._thank(turn)
            return True
        # A question instead of a rating: the chat goes on, unrated.
        turn.session.leave()
        return False

    def _rate(self, turn: Turn, rating: int) -> None:
        data = turn.session.data
        rating_id = data["rating_id"] if turn.session.step == "comment" and "rating_id" in data else _new_id()
        turn.write(*rating_statement(rating_id, self._user_key(turn), time.time(), turn.locale.code, rating))
        turn.session.enter("feedback", "comment", rating_id=rating_id)
        turn.say(
            turn.t.gettext(
                "Thank you! Would you like to tell us more? Write a comment, or press Skip. "
                "Please do not write personal data in it."
            ),
            [[Button(turn.t.gettext("Skip"), "feedback:skip")]],
        )

    def _thank(self, turn: Turn) -> None:
        turn.session.leave()
        turn.say(
            turn.t.gettext("Thank you for your feedback. Goodbye, and welcome back whenever you need advice!"),
            [[Button(turn.t.gettext("Start again"), "menu:start")]],
        )

    def _vote(self, turn: Turn, topic: str, vote: int) -> None:
        # The vote does not move the user: they may be in the middle of something.
        turn.write(*vote_statement(self._user_key(turn), topic, vote, time.time()))
        if vote > 0:
            turn.say(turn.t.gettext("Thank you for your feedback!"))
        else:
            turn.say(
                turn.t.gettext(
                    "Thank you for your feedback. I am sorry the answer did not help. "
                    "Try asking in other words, or choose from the menu."
                ),
                menu_buttons(turn),
            )

    def _user_key(self, turn: Turn) -> bytes:
        return self.pseudonyms.user(turn.incoming.platform, turn.incoming.user)


def _new_id() -> int:
    # Random, not a counter: the id is written in the same statement batch as
    # the session, before any row id could be read back.
    return secrets.randbelow(2**62) + 1
