"""The console chat: the whole bot in a terminal, buttons as numbers.

Interactive terminals get line editing and history (readline); piped input is
read line by line, so scripts and tests drive the same conversation.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from bot.core import Button, Incoming, Outgoing
from bot.engine import Engine
from bot.text import small_number

PLATFORM = "console"


class ConsoleChat:
    def __init__(
        self,
        engine: Engine,
        *,
        language: str | None = None,
        out: TextIO = sys.stdout,
        user: str | None = None,
    ) -> None:
        self.engine = engine
        self.language = language
        self.out = out
        self.user = user or _local_user()
        self.buttons: list[Button] = []

    async def send(self, text: str = "", button: str | None = None) -> list[Outgoing]:
        incoming = Incoming(PLATFORM, self.user, self.user, text, button, self.language)
        replies = await self.engine.handle(incoming)
        self.show(replies)
        return replies

    async def type(self, line: str) -> None:
        """A typed line: a button's number or label presses it, anything else is text."""
        button = self.button_for(line)
        if button is not None:
            await self.send(button.label, button.data)
        else:
            await self.send(line)

    def button_for(self, line: str) -> Button | None:
        choice = line.strip()
        number = small_number(choice)
        if number is not None and 1 <= number <= len(self.buttons):
            return self.buttons[number - 1]
        return next((b for b in self.buttons if b.label.casefold() == choice.casefold()), None)

    def show(self, replies: list[Outgoing]) -> None:
        shown = [button for reply in replies for button in reply.all_buttons()]
        if replies:
            self.buttons = shown
        for reply in replies:
            print(reply.text, file=self.out)
        for number, button in enumerate(shown, 1):
            print(f"  [{number}] {button.label}", file=self.out)
        print(file=self.out, flush=True)

    async def run(self, read_line: Callable[[], str]) -> None:
        await self.send(button="menu:start")
        while True:
            try:
                line = await asyncio.to_thread(read_line)
            except EOFError:
                return
            await self.type(line)


def terminal_reader() -> Callable[[], str]:
    """`input` with line editing and history when stdin is a terminal.

    The history lives in memory only: what users type may hold personal data.
    """
    if not sys.stdin.isatty():
        return _piped_line
    try:
        import readline
    except ImportError:  # not on every platform; plain input still works
        pass
    else:
        readline.set_history_length(500)
    return lambda: input("> ")


def _piped_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "local"
