"""Which timeline events of a sync are messages for the engine.

Left out: the bot's own events; notices (bots never answer each other);
edits (`m.replace`: the original was answered already); redactions and
messages redacted before the bot saw them; everything a room held before the
bot joined it in this sync (history, not a conversation with the bot); and
state events. Undecryptable messages are logged by room, never by content.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nio import (
    Event,
    MatrixRoom,
    MegolmEvent,
    RoomMemberEvent,
    RoomMessageMedia,
    RoomMessageNotice,
    RoomMessageText,
    SyncResponse,
)
from nio.events.room_events import RoomEncryptedMedia

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    room: MatrixRoom
    event_id: str
    sender: str
    # The event content: body, formatted_body, m.mentions, m.relates_to.
    content: dict[str, Any]
    # A picture, file or voice message: the engine gets no text for it.
    media: bool = False


def _is_edit(content: dict[str, Any]) -> bool:
    relation = content.get("m.relates_to")
    return isinstance(relation, dict) and relation.get("rel_type") == "m.replace"


def _joined_here(event: Event, me: str) -> bool:
    if not isinstance(event, RoomMemberEvent) or event.state_key != me or event.membership != "join":
        return False
    # A display-name change is also a join event; only a real join starts anew.
    return bool(event.prev_membership != "join")


def messages(response: SyncResponse, rooms: dict[str, MatrixRoom], me: str) -> Iterator[Message]:
    for room_id, info in response.rooms.join.items():
        room = rooms.get(room_id)
        if room is None:
            continue
        events = info.timeline.events
        start = 0
        for index, event in enumerate(events):
            if _joined_here(event, me):
                start = index + 1
        for event in events[start:]:
            if getattr(event, "sender", me) == me:
                continue
            if isinstance(event, MegolmEvent):
                log.warning("could not decrypt a message in %s (missing room key)", room_id)
                continue
            content = event.source.get("content") if isinstance(event.source, dict) else None
            if not isinstance(content, dict) or _is_edit(content):
                continue
            if isinstance(event, RoomMessageText) and not isinstance(event, RoomMessageNotice):
                yield Message(room, event.event_id, event.sender, content)
            elif isinstance(event, RoomMessageMedia | RoomEncryptedMedia):
                yield Message(room, event.event_id, event.sender, content, media=True)
