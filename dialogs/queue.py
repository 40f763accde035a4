"""My queue position: ask for the diary number, answer by the snapshot's rules.

Steps: the prompt (`number`) takes any text. A diary number anywhere in it is
looked up; a question like "where do I find it?" gets the explanation and the
prompt again; anything else gets an example, and after three misses the
menu. A diary number written outside the dialog starts a lookup directly.
The session keeps only the count of misses, never the number.
"""

from __future__ import annotations

from bot.core import Button
from bot.engine import Turn
from bot.queue import NoSnapshot, QueueService, diary, wording
from bot.text import fold, words
from dialogs.base import Dialog, menu_buttons

MAX_TRIES = 3

# Words that make a message at the prompt a question about where the number is.
WHERE_WORDS = frozenset(
    fold(word)
    for word in (
        "where", "find", "locate", "see", "mistä", "missä", "löydän", "löydä", "löytyy", "löytää", "näen", "näkee",
    )
)  # fmt: skip


class QueueDialog(Dialog):
    name = "queue"

    def __init__(self, queue: QueueService) -> None:
        self.queue = queue

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.session.enter(self.name, "number", tries=0)
        if argument == "where":
            turn.say(where_text(turn))
        self.prompt(turn)

    async def on_text(self, turn: Turn) -> bool:
        if turn.session.step != "number":
            return False
        number = diary.find(turn.text)
        if number is not None:
            await self.answer(turn, number)
        elif WHERE_WORDS.intersection(fold(word) for word in words(turn.text)):
            turn.say(where_text(turn))
            self.prompt(turn)
        else:
            self.missed(turn)
        return True

    async def on_free_text(self, turn: Turn) -> bool:
        number = diary.find(turn.text)
        if number is None:
            return False
        await self.answer(turn, number)
        return True

    def prompt(self, turn: Turn) -> None:
        t = turn.t
        turn.say(
            t.gettext(
                "Please write the diary number of your application, for example {example}. "
                "You find it in Enter Finland on your application's page, or on the receipt of a paper application."
            ).format(example=wording.EXAMPLE),
            [
                [Button(t.gettext("Where do I find the diary number?"), "queue:where")],
                [Button(t.gettext("Cancel"), "menu:cancel")],
            ],
        )

    def missed(self, turn: Turn) -> None:
        tries = int(turn.session.data.get("tries", 0)) + 1
        if tries >= MAX_TRIES:
            turn.session.leave()
            turn.say(
                turn.t.gettext(
                    "I still could not find a diary number, so let us go back to the menu. "
                    "You can look up your queue position again at any time."
                ),
                menu_buttons(turn),
            )
            return
        turn.session.data["tries"] = tries
        turn.say(
            wording.no_number(turn.t) + "\n\n" + turn.t.gettext("Please try again."),
            [
                [Button(turn.t.gettext("Where do I find the diary number?"), "queue:where")],
                [Button(turn.t.gettext("Cancel"), "menu:cancel")],
            ],
        )

    async def answer(self, turn: Turn, number: diary.DiaryNumber) -> None:
        t = turn.t
        turn.session.leave()
        after = [
            [Button(t.gettext("Look up another number"), "queue:start")],
            [Button(t.gettext("Main menu"), "menu:show")],
        ]
        try:
            reply = await self.queue.ask(turn.incoming.platform, turn.incoming.user, number)
        except NoSnapshot:
            turn.say(
                t.gettext("Sorry, the queue positions are not available right now. Please try again later."),
                menu_buttons(turn),
            )
            return
        today = self.queue.today()
        if reply.refusal is not None:
            turn.say(wording.refusal_text(t, reply.refusal, today), after)
        elif reply.answer is not None:
            turn.say(wording.answer_text(t, reply.answer, today), after)


def where_text(turn: Turn) -> str:
    return turn.t.gettext(
        "Where to find your diary number: if you applied online, log in to Enter Finland and open your "
        "application; the diary number is shown on the application's page. If you applied on paper, the "
        "diary number is on the receipt you got when you handed in the application."
    )
