"""Which invites the bot accepts (`matrix.allowed_inviters`).

An entry that starts with `@` is a user id; any other entry is a server name
and admits every user of that server. An empty list admits everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nio import InviteMemberEvent, SyncResponse


@dataclass(frozen=True)
class Invite:
    room_id: str
    inviter: str
    # Set by clients for a one-to-one chat (Element's "Start chat").
    direct: bool


class Allowlist:
    def __init__(self, entries: Iterable[str]) -> None:
        cleaned = [entry.strip() for entry in entries if entry.strip()]
        self.users = {entry for entry in cleaned if entry.startswith("@")}
        self.servers = {entry.casefold() for entry in cleaned if not entry.startswith("@")}

    def admits(self, user_id: str) -> bool:
        if not self.users and not self.servers:
            return True
        server = user_id.partition(":")[2].casefold()
        return user_id in self.users or server in self.servers


def invites(response: SyncResponse, me: str) -> Iterator[Invite]:
    for room_id, info in response.rooms.invite.items():
        for event in info.invite_state:
            if isinstance(event, InviteMemberEvent) and event.state_key == me and event.membership == "invite":
                yield Invite(room_id, event.sender, bool(event.content.get("is_direct")))
                break
