"""Sending replies into a room, encrypted when the room is.

nio returns error objects instead of raising; they are turned into two
outcomes here: a reply that can never be sent (the bot left the room, the
room refuses it) is given up with a warning, anything else raises `SendFailed`
so the reply stays pending and is sent again after the reconnect.

Transaction ids are derived from the answered event, so a reply sent again
after a crash or a reconnect is recognised by the homeserver as a repeat.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from nio import (
    AsyncClient,
    JoinedMembersError,
    LocalProtocolError,
    OlmUnverifiedDeviceError,
    RoomSendResponse,
)

from adapters.matrix import trust

log = logging.getLogger(__name__)

# Errors after which sending the same event again cannot succeed.
_PERMANENT = {"M_FORBIDDEN", "M_NOT_FOUND", "M_TOO_LARGE", "M_BAD_JSON", "M_NOT_JSON"}


class SendFailed(RuntimeError):
    """The homeserver did not take a reply now; it may later."""


def transaction_id(event_id: str, index: int) -> str:
    return f"kamu.{hashlib.sha256(event_id.encode()).hexdigest()[:32]}.{index}"


class Sender:
    def __init__(self, client: AsyncClient, trust_policy: str) -> None:
        self.client = client
        self.trust_policy = trust_policy

    async def send(self, room_id: str, contents: list[dict[str, Any]], event_id: str) -> bool:
        """Send one turn's notices; False when they were given up for good."""
        for index, content in enumerate(contents):
            if not await self._send_one(room_id, content, transaction_id(event_id, index)):
                return False
        return True

    async def _send_one(self, room_id: str, content: dict[str, Any], txn: str) -> bool:
        for attempt in range(2):
            try:
                ignore_unverified = await self._prepare(room_id)
                response = await self.client.room_send(
                    room_id, "m.room.message", content, tx_id=txn, ignore_unverified_devices=ignore_unverified
                )
            except OlmUnverifiedDeviceError:
                # A device appeared between trusting and sharing the room key.
                if attempt == 0:
                    continue
                raise SendFailed(f"unverified devices in {room_id}") from None
            except LocalProtocolError as error:
                log.warning("gave up a reply to %s: %s", room_id, error)
                return False
            if isinstance(response, RoomSendResponse):
                return True
            if response.status_code in _PERMANENT:
                log.warning("gave up a reply to %s: %s %s", room_id, response.status_code, response.message)
                return False
            raise SendFailed(f"sending to {room_id} failed: {response.status_code} {response.message}")
        return False

    async def _prepare(self, room_id: str) -> bool:
        """Make an encrypted room ready: members, their devices, trust. Returns ignore_unverified."""
        room = self.client.rooms.get(room_id)
        if room is None or not room.encrypted:
            return False
        if not room.members_synced:
            members = await self.client.joined_members(room_id)
            if isinstance(members, JoinedMembersError):
                raise SendFailed(f"members of {room_id}: {members.message}")
        if self.client.should_query_keys:
            await self.client.keys_query()
        return trust.apply(self.client, room, self.trust_policy)
