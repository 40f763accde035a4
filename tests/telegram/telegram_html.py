"""Telegram's HTML parse mode, as strictly as the Bot API applies it.

The fake server uses this to refuse what Telegram refuses: an unknown or
unclosed tag, a bare `<`, `>` or `&`, or a message whose visible text is
empty or longer than 4,096 UTF-16 code units.
"""

from __future__ import annotations

import html
import re

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji"}  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"]*\"|='[^']*'|=[^\s>]+)?)*)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
MAX_TEXT = 4096


class EntityError(ValueError):
    pass


def visible_text(markup: str) -> str:
    """The text a user sees; raises EntityError where Telegram answers 400."""
    out: list[str] = []
    open_tags: list[str] = []
    i = 0
    while i < len(markup):
        char = markup[i]
        if char == "<":
            tag = _TAG.match(markup, i)
            if tag is None:
                raise EntityError(
                    f"Bad Request: can't parse entities: Unexpected character '<' at byte offset {_offset(markup, i)}"
                )
            closing, name = tag.group(1), tag.group(2).lower()
            if name not in TAGS:
                raise EntityError(
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" '
                    f"at byte offset {_offset(markup, i)}"
                )
            if closing:
                if not open_tags or open_tags.pop() != name:
                    raise EntityError(
                        f"Bad Request: can't parse entities: Unexpected end tag at byte offset {_offset(markup, i)}"
                    )
            else:
                open_tags.append(name)
            i = tag.end()
        elif char == "&":
            entity = _ENTITY.match(markup, i)
            if entity is None:
                raise EntityError(
                    f"Bad Request: can't parse entities: Unsupported entity at byte offset {_offset(markup, i)}"
                )
            out.append(html.unescape(entity.group(0)))
            i = entity.end()
        elif char == ">":
            raise EntityError(
                f"Bad Request: can't parse entities: Unexpected character '>' at byte offset {_offset(markup, i)}"
            )
        else:
            out.append(char)
            i += 1
    if open_tags:
        raise EntityError(
            f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{open_tags[-1]}\""
        )
    return "".join(out)


def check_length(text: str) -> None:
    if not text.strip():
        raise EntityError("Bad Request: message text is empty")
    if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        raise EntityError("Bad Request: message is too long")


def _offset(markup: str, index: int) -> int:
    return len(markup[:index].encode("utf-8"))
