"""A Telegram update as an `Incoming`, or None when the bot should stay quiet.

Private chats get the whole bot. In a group the bot speaks only when it is
addressed, by an @mention, a reply to one of its messages or a command meant
for it, so it never talks over the people there; with `groups = "ignore"` it
stays out of groups altogether. Every user in a group has a conversation of
their own: the session key is (chat, user).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update

from bot.core import Incoming

PLATFORM = "telegram"
PRIVATE = "private"


@dataclass(frozen=True)
class BotIdentity:
    id: int
    username: str


def to_incoming(update: Update, me: BotIdentity, *, groups: str = "mention") -> Incoming | None:
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        if chat is not None and chat.type != PRIVATE and groups == "ignore":
            return None
        return Incoming(
            PLATFORM,
            str(chat.id if chat is not None else query.from_user.id),
            str(query.from_user.id),
            button=query.data or "",
            language_hint=query.from_user.language_code,
            event_id=str(update.update_id),
        )
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    text = message.text or message.caption or ""
    if message.chat.type != PRIVATE:
        if groups == "ignore" or message.chat.type == "channel" or not _addressed(message, text, me):
            return None
        text = _without_mention(text, me)
    return Incoming(
        PLATFORM,
        str(message.chat.id),
        str(message.from_user.id),
        text,
        language_hint=message.from_user.language_code,
        event_id=str(update.update_id),
    )


def _addressed(message: Message, text: str, me: BotIdentity) -> bool:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
        return True
    mention = f"@{me.username}".casefold()
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.BOT_COMMAND])
    if message.caption:
        entities = {**entities, **message.parse_caption_entities([MessageEntity.MENTION])}
    for entity, value in entities.items():
        if entity.type == MessageEntity.MENTION and value.casefold() == mention:
            return True
        # A bare /command in a group may be meant for another bot; /command@us is ours.
        if entity.type == MessageEntity.BOT_COMMAND and value.casefold().endswith(mention):
            return True
    return False


def _without_mention(text: str, me: BotIdentity) -> str:
    # "@kamu_bot how long does it take" asks "how long does it take".
    return re.sub(rf"(?<![\w/])@{re.escape(me.username)}\b", " ", text, flags=re.IGNORECASE).strip()
