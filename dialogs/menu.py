"""Start, the main menu, help, cancel and ending the chat."""

from __future__ import annotations

from bot.engine import Turn
from dialogs.base import Dialog, menu_buttons
from dialogs.feedback import ask_for_rating


class MenuDialog(Dialog):
    name = "menu"

    async def on_button(self, turn: Turn, argument: str) -> None:
        t = turn.t
        if argument == "end":
            self.end(turn)
            return
        turn.session.leave()
        if argument == "start":
            turn.say(
                t.gettext(
                    "Hello! I am Kamu, the virtual assistant of the Finnish Immigration Service. "
                    "I give general advice on residence permits, citizenship, Enter Finland and "
                    "your place in the queue, in Finnish and English, around the clock."
                )
            )
            turn.say(
                t.gettext(
                    "I cannot handle or judge individual cases. Never write personal data here, "
                    "such as your name, personal identity code, address or phone number."
                ),
                menu_buttons(turn),
            )
        elif argument == "help":
            turn.say(
                t.gettext(
                    "Ask me a question in your own words, for example “How do I extend my residence permit?”. "
                    "Press “My queue position” to see how many applications are ahead of yours. "
                    "Write “cancel” to stop what we are doing, “menu” for the main menu, or "
                    "“in English” / “suomeksi” to change the language. I give general advice only: "
                    "I cannot see or judge your own application."
                ),
                menu_buttons(turn),
            )
        elif argument == "cancel":
            turn.say(t.gettext("Cancelled. What would you like to do?"), menu_buttons(turn))
        else:
            turn.say(t.gettext("What would you like to do?"), menu_buttons(turn))

    def end(self, turn: Turn) -> None:
        # Ending the chat is when feedback is asked for.
        ask_for_rating(turn)
