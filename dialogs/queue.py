"""My queue position (issue 4 completes it)."""

from __future__ import annotations

from bot.engine import Turn
from bot.queue import QueueService
from dialogs.base import Dialog, menu_buttons


class QueueDialog(Dialog):
    name = "queue"

    def __init__(self, queue: QueueService) -> None:
        self.queue = queue

    async def on_button(self, turn: Turn, argument: str) -> None:
        turn.session.leave()
        turn.say(turn.t.gettext("The queue position service is not available yet."), menu_buttons(turn))
