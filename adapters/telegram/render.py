"""An `Outgoing` as Telegram messages: escaped HTML, inline keyboards, parts.

The engine's replies are plain text, so every character is escaped and the
message is sent in HTML parse mode: a user's `<b>` quoted back can never
become markup, and Telegram's entity parser never rejects a reply. URLs stay
plain text; Telegram links them itself. A reply longer than one message is
split where a reader would pause (paragraphs, then lines, then words) and only
the last part carries the buttons, so they stay under the whole answer.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import Button, Outgoing

log = logging.getLogger(__name__)

# Telegram's limits: visible characters of a message, counted in UTF-16 code
# units, and bytes of a button's callback_data.
MAX_MESSAGE = 4096
MAX_CALLBACK_DATA = 64


@dataclass(frozen=True)
class Part:
    html: str
    # The same text unescaped, sent without parse mode if HTML ever fails.
    plain: str
    keyboard: InlineKeyboardMarkup | None = None


def render(reply: Outgoing) -> list[Part]:
    pieces = split(reply.text) or [""]
    keyboard = inline_keyboard(reply.buttons)
    last = len(pieces) - 1
    return [Part(html.escape(p, quote=False), p, keyboard if i == last else None) for i, p in enumerate(pieces)]


# Most replies carry one of a few keyboards (the menu under every answer), and
# PTB's objects are immutable: each keyboard is built once.
@lru_cache(maxsize=1024)
def inline_keyboard(rows_of_buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    rows = []
    for row in rows_of_buttons:
        kept = [InlineKeyboardButton(button.label, callback_data=button.data) for button in row if _fits(button.data)]
        if kept:
            rows.append(kept)
    return InlineKeyboardMarkup(rows) if rows else None


def _fits(data: str) -> bool:
    # Telegram refuses the whole message over one long button; losing the
    # button is the lesser harm, and the log tells the developer which.
    if 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
        return True
    log.error("dropped a button whose data is not 1-%d bytes: %r", MAX_CALLBACK_DATA, data[:80])
    return False


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Parts of at most `limit` UTF-16 units, cut at the gentlest boundary."""
    text = text.strip()
    if not text:
        return []
    if utf16_len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        if separator in text:
            return _pack(text.split(separator), separator, limit)
    return _hard_split(text, limit)


def _pack(chunks: list[str], separator: str, limit: int) -> list[str]:
    """Join consecutive chunks while they fit; split further any that never fits."""
    parts: list[str] = []
    current = ""
    for chunk in chunks:
        candidate = f"{current}{separator}{chunk}" if current else chunk
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            parts.append(current.strip())
        if utf16_len(chunk) <= limit:
            current = chunk
        else:
            parts.extend(split(chunk, limit))
            current = ""
    if current.strip():
        parts.append(current.strip())
    return parts


def _hard_split(text: str, limit: int) -> list[str]:
    # By code points, so a surrogate pair (an emoji) is never cut in half.
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        parts.append("".join(current))
    return parts
