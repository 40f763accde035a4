"""The buttons last shown to each user in each room, so "2" or a label presses one.

Kept in the adapter-state table, so a restart does not forget what the user
was offered, and in a small in-memory cache so a message costs no extra read.
Each entry carries its time; entries older than the retention period are
dropped at start, like the conversations themselves.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict

from bot.core import Button, Outgoing
from bot.store import Store
from bot.text import small_number

PLATFORM = "matrix"
_PREFIX = "buttons\x1f"


class ButtonMemory:
    CACHE_SIZE = 10_000

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: OrderedDict[tuple[str, str], list[Button]] = OrderedDict()

    async def shown(self, room: str, user: str, replies: list[Outgoing]) -> None:
        """Remember what one turn offered; a turn without replies changes nothing."""
        if not replies:
            return
        buttons = [button for reply in replies for button in reply.all_buttons()]
        if buttons == self._cache.get((room, user)):
            return
        value = json.dumps({"at": time.time(), "buttons": [[b.label, b.data] for b in buttons]}, ensure_ascii=False)
        await self.store.set_state(PLATFORM, _name(room, user), value)
        self._remember((room, user), buttons)

    async def press(self, room: str, user: str, text: str) -> Button | None:
        """The button the text names by its number or its label, if any."""
        choice = text.strip()
        if not choice or len(choice) > 200:
            return None
        buttons = await self._buttons(room, user)
        number = small_number(choice)
        if number is not None:
            return buttons[number - 1] if 1 <= number <= len(buttons) else None
        choice = choice.rstrip(".").casefold()
        return next((b for b in buttons if b.label.casefold() == choice), None)

    async def forget_older_than(self, seconds: float) -> int:
        cutoff = time.time() - seconds
        async with self.store.transaction() as db:
            cursor = await db.execute(
                "DELETE FROM adapter_state WHERE platform = ? AND substr(name, 1, ?) = ? "
                "AND coalesce(json_extract(value, '$.at'), 0) < ?",
                (PLATFORM, len(_PREFIX), _PREFIX, cutoff),
            )
            return cursor.rowcount

    async def _buttons(self, room: str, user: str) -> list[Button]:
        key = (room, user)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = await self.store.get_state(PLATFORM, _name(room, user))
        buttons = [] if value is None else [Button(label, data) for label, data in json.loads(value)["buttons"]]
        self._remember(key, buttons)
        return buttons

    def _remember(self, key: tuple[str, str], buttons: list[Button]) -> None:
        self._cache[key] = buttons
        self._cache.move_to_end(key)
        if len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)


def _name(room: str, user: str) -> str:
    # The unit separator cannot occur in room or user ids.
    return f"{_PREFIX}{room}\x1f{user}"
