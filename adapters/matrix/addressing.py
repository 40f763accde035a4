"""Whether a message is meant for the bot, and its text without the address.

In a direct chat (two members) every message is. In a bigger room only a
message that mentions the bot is: its user id, a matrix.to pill, `m.mentions`,
its display name or localpart as a word, or a reply to one of its messages.
The mention and any reply quote are cut off before the engine sees the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote


@dataclass(frozen=True)
class Identity:
    user_id: str
    display_name: str | None = None

    @property
    def localpart(self) -> str:
        return self.user_id[1:].split(":", 1)[0]

    def names(self) -> list[str]:
        """Ways people write the bot's name, longest first so the best match is cut."""
        names = {self.user_id, self.localpart}
        if self.display_name and self.display_name.strip():
            names.add(self.display_name.strip())
        return sorted(names, key=len, reverse=True)


def strip_reply_fallback(body: str) -> str:
    """Drop the `> <@user> quoted text` lines a client puts before a reply."""
    if not body.startswith("> "):
        return body
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).lstrip("\n")


def _quotes(body: str, identity: Identity) -> bool:
    return body.startswith(f"> <{identity.user_id}>")


def _pill(formatted: str, identity: Identity) -> bool:
    for href in re.findall(r"""href=["']https://matrix\.to/#/([^"'?]+)""", formatted):
        if unquote(href) == identity.user_id:
            return True
    return False


def _name_pattern(name: str) -> re.Pattern[str]:
    # A name counts as a whole word, optionally followed by ':' or ',' (how
    # clients write an address), so "kamu" does not match "kamut".
    return re.compile(rf"(?<![\w@]){re.escape(name)}(?![\w])\s*[:,]?\s*", re.IGNORECASE)


def mentioned(content: dict[str, Any], identity: Identity) -> bool:
    body = content.get("body")
    body = body if isinstance(body, str) else ""
    mentions = content.get("m.mentions")
    if isinstance(mentions, dict) and identity.user_id in (mentions.get("user_ids") or ()):
        return True
    formatted = content.get("formatted_body")
    if isinstance(formatted, str) and _pill(formatted, identity):
        return True
    if _quotes(body, identity):
        return True
    text = strip_reply_fallback(body)
    return any(_name_pattern(name).search(text) for name in identity.names())


def without_mention(text: str, identity: Identity, *, leading_only: bool = False) -> str:
    """The text with the first mention of the bot (or only a leading one) cut out."""
    text = text.strip()
    for name in identity.names():
        pattern = _name_pattern(name)
        match = pattern.match(text) if leading_only else pattern.search(text)
        if match:
            return re.sub(r" {2,}", " ", f"{text[: match.start()]} {text[match.end() :]}").strip()
    return text


def addressed_text(content: dict[str, Any], identity: Identity, *, direct: bool) -> str | None:
    """The text for the engine, or None when the message is not for the bot."""
    body = content.get("body")
    body = body if isinstance(body, str) else ""
    if direct:
        return without_mention(strip_reply_fallback(body), identity, leading_only=True)
    if not mentioned(content, identity):
        return None
    return without_mention(strip_reply_fallback(body), identity)
