"""An `Outgoing` as a Matrix `m.notice`: a plain `body` and an HTML `formatted_body`.

Matrix has no buttons, so they become a numbered list; the user answers with
the number or the label (see `buttons.py`). Notices, not texts: by convention
bots never answer an `m.notice`, so two bots in one room cannot loop. Every
dynamic part is escaped; only web links are made clickable.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.core import Button, Outgoing

_LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def numbered(buttons: list[Button], first: int = 1) -> list[str]:
    return [f"{number}. {button.label}" for number, button in enumerate(buttons, first)]


def to_html(text: str) -> str:
    """Escaped text with line breaks and clickable links."""
    parts: list[str] = []
    position = 0
    for link in _LINK.finditer(text):
        parts.append(html.escape(text[position : link.start()]))
        url = html.escape(link.group(), quote=True)
        parts.append(f'<a href="{url}">{url}</a>')
        position = link.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")


def notice(reply: Outgoing, first_number: int = 1) -> dict[str, Any]:
    """The event content of one reply; its buttons are numbered from `first_number`."""
    buttons = reply.all_buttons()
    body = reply.text
    formatted = f"<p>{to_html(reply.text)}</p>" if reply.text else ""
    if buttons:
        body = "\n\n".join(part for part in (reply.text, "\n".join(numbered(buttons, first_number))) if part)
        items = "".join(f"<li>{html.escape(button.label)}</li>" for button in buttons)
        start = f' start="{first_number}"' if first_number != 1 else ""
        formatted += f"<ol{start}>{items}</ol>"
    return {
        "msgtype": "m.notice",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
        # Intentional mentions: a reply pings nobody unless a caller adds them.
        "m.mentions": {},
    }


def notices(replies: list[Outgoing]) -> list[dict[str, Any]]:
    """One notice per reply; button numbers run on across the replies of one turn."""
    contents = []
    number = 1
    for reply in replies:
        contents.append(notice(reply, number))
        number += len(reply.all_buttons())
    return contents
