"""The values that cross the border between platforms and the engine.

Adapters turn a platform update into an `Incoming` and an `Outgoing` into a
platform message; everything between works on these frozen values only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    label: str
    # `<dialog>:<argument>`; the engine routes a press to that dialog.
    data: str


@dataclass(frozen=True)
class Outgoing:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    def all_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@dataclass(frozen=True)
class SessionKey:
    platform: str
    chat: str
    user: str


@dataclass(frozen=True)
class Incoming:
    platform: str
    chat: str
    user: str
    text: str = ""
    # The `data` of a pressed button, when the user pressed one.
    button: str | None = None
    # A language code the platform knows for the user (Telegram's language_code).
    language_hint: str | None = None
    # The platform's id of this update; a repeated id is never answered twice.
    event_id: str | None = None

    @property
    def key(self) -> SessionKey:
        return SessionKey(self.platform, self.chat, self.user)


@dataclass
class Session:
    """Where one user is in the conversation; saved after every step."""

    dialog: str = "menu"
    step: str = ""
    language: str | None = None
    # True once the user chose the language; a choice beats every guess.
    language_chosen: bool = False
    mode: str = "default"
    data: dict[str, Any] = field(default_factory=dict)

    def enter(self, dialog: str, step: str = "", **data: Any) -> None:
        self.dialog, self.step, self.data = dialog, step, dict(data)

    def leave(self) -> None:
        self.enter("menu")
