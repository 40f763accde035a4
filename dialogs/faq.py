"""Answers from the FAQ content, and what to say when no answer fits.

A confident match is answered; a doubtful one gets "I am not sure" with the
three most likely topics as buttons (`faq:<topic-id>`); a question outside the
knowledge base gets a fallback that says what the bot can help with. Every
reply carries the menu, so the user is never stuck.
"""

from __future__ import annotations

from bot.core import Button
from bot.engine import Turn
from bot.faq import EMPLOYER_MODE_HOW, FaqService
from dialogs.base import Dialog, menu_buttons
from dialogs.feedback import answer_feedback_buttons
from dialogs.privacy import forget_button

PRIVACY = "privacy"


class FaqDialog(Dialog):
    name = "faq"

    def __init__(self, faq: FaqService) -> None:
        self.faq = faq

    async def on_button(self, turn: Turn, argument: str) -> None:
        if self.faq.topic(turn.locale.code, argument) is None:
            turn.session.leave()
            turn.say(turn.t.gettext("That button is no longer in use. Here is the menu."), menu_buttons(turn))
            return
        self.answer(turn, argument)

    async def on_free_text(self, turn: Turn) -> bool:
        # Last in the chain: whatever nobody else took is a question.
        found = self.faq.match(turn.text, turn.locale.code, employer=turn.session.mode == "employer")
        turn.notes["confidence"] = found.score
        if found.topic is not None:
            self.answer(turn, found.topic)
        elif found.out_of_scope or not found.alternatives:
            self.fallback(turn)
        else:
            self.suggest(turn, found.alternatives)
        return True

    def answer(self, turn: Turn, topic_id: str) -> None:
        """Say a topic's answer; employer topics only in employer mode."""
        employer_mode = turn.session.mode == "employer"
        topic = self.faq.topic(turn.locale.code, topic_id)
        if topic is None or (topic.employer and not employer_mode):
            topic = self.faq.topic(turn.locale.code, EMPLOYER_MODE_HOW)
        assert topic is not None, "content always has employer-mode-how (checked on load)"
        turn.session.leave()
        turn.notes["topic"] = topic.id
        extra = [[forget_button(turn)]] if topic.id == PRIVACY else []
        turn.say(topic.answer, [*answer_feedback_buttons(turn, topic.id), *extra, *answer_buttons(turn)])

    def suggest(self, turn: Turn, topic_ids: list[str]) -> None:
        titles = [(self.faq.topic(turn.locale.code, topic_id), topic_id) for topic_id in topic_ids]
        buttons = [[Button(topic.title, f"faq:{topic_id}")] for topic, topic_id in titles if topic is not None]
        # Not sure is not an answer: the content team sees these as unanswered.
        turn.notes["fallback"] = True
        turn.say(
            turn.t.gettext("I am not sure I understood. Did you mean one of these? You can also ask in other words."),
            [*buttons, *menu_buttons(turn)],
        )

    def fallback(self, turn: Turn) -> None:
        turn.notes["fallback"] = True
        turn.say(
            turn.t.gettext(
                "Sorry, I cannot answer that. I give general advice about residence permits, citizenship, "
                "Enter Finland and the queue position. For taxes, Kela benefits, police matters and other "
                "authorities' services, please ask that authority. Try asking in other words, or choose from the menu."
            ),
            menu_buttons(turn),
        )


def answer_buttons(turn: Turn) -> list[list[Button]]:
    """The buttons under an answer: the menu, and the employer topics in employer mode."""
    if turn.session.mode != "employer":
        return menu_buttons(turn)
    return [[Button(turn.t.gettext("Employer topics"), "employer:menu")], *menu_buttons(turn)]
