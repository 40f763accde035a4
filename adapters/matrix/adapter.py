"""The Matrix adapter: a sync loop that turns room messages into engine turns.

One loop: sync, let nio decrypt and update its room state, do the encryption
housekeeping nio's `sync_forever` would do, answer the messages, and only then
save the sync token. A crash in between therefore costs no message: the next
start syncs from the old token, the engine recognises events it already
handled, and replies it never confirmed sent are sent first (`undelivered`).

The first start without a token skips the rooms' history. Messages of one
(room, sender) are answered in order; different conversations concurrently.
When the homeserver is away the loop backs off and reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Any

from nio import (
    AsyncClient,
    ErrorResponse,
    JoinError,
    MatrixRoom,
    ProfileGetDisplayNameResponse,
    SyncError,
    SyncResponse,
)

from adapters.matrix import account, addressing, events, invites, render, trust
from adapters.matrix.buttons import ButtonMemory
from adapters.matrix.sender import Sender, SendFailed
from bot.config import Settings
from bot.core import Incoming, Outgoing
from bot.engine import Engine

log = logging.getLogger(__name__)

PLATFORM = "matrix"
SYNC_TIMEOUT_MS = 30_000
# The default timeline limit is 10: a longer absence would lose messages.
SYNC_FILTER = {"room": {"timeline": {"limit": 100}}, "presence": {"not_types": ["*"]}}
# The very first sync only needs the rooms, not their history.
FIRST_SYNC_FILTER = {"room": {"timeline": {"limit": 1}}, "presence": {"not_types": ["*"]}}
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0
READY_TIMEOUT = 30.0


class SyncFailed(RuntimeError):
    pass


class MatrixAdapter:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.trust = trust.check(settings["matrix.trust"])
        self.allowlist = invites.Allowlist(settings["matrix.allowed_inviters"])
        self.buttons = ButtonMemory(engine.store)
        self.client: AsyncClient | None = None
        self._sender: Sender | None = None
        self.display_name: str | None = None
        self.ready = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._token: str | None = None
        self._full_state = True
        self._resend = True
        # Direct chats the bot joined and should greet once they appear in a sync.
        self._greet: dict[str, str] = {}

    # -- lifecycle --------------------------------------------------------

    async def start(self) -> None:
        """Start syncing; returns once the first sync is done (or keeps trying in the background)."""
        retention = self.settings["storage.retention_days"] * 86400
        await self.buttons.forget_older_than(retention)
        self._token = await self.engine.store.get_state(PLATFORM, "next_batch")
        self._task = asyncio.create_task(self._run(), name="matrix-sync")
        ready = asyncio.ensure_future(self.ready.wait())
        await asyncio.wait({ready, self._task}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if self._task.done():
            self._task.result()  # a refused login stops `kamu run` with its message
        elif not self.ready.is_set():
            log.warning("the Matrix homeserver is not answering yet; still trying")

    async def stop(self) -> None:
        """Stop after the messages in hand are answered; the long poll is cut short."""
        self._stop.set()
        if self._task is not None:
            done, _ = await asyncio.wait({self._task}, timeout=15)
            if not done:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.client is not None:
            await self.client.close()

    async def _run(self) -> None:
        delay = BACKOFF_FIRST
        while not self._stop.is_set():
            try:
                if self.client is None or not self.client.logged_in:
                    await self._log_in()
                await self._sync_once()
                delay = BACKOFF_FIRST
            except account.LoginFailed as error:
                log.error("%s; the Matrix adapter stops", error)
                raise
            except Exception as error:
                # Connection errors, error answers, a failed send: none loses a
                # message, since the token is saved only after the answers.
                log.warning("Matrix sync failed (%s); retrying in %.1f s", _describe(error), delay)
                self._resend = True
                await self._sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)

    async def _log_in(self) -> None:
        if self.client is None:
            self.client = account.new_client(self.settings)
        await account.log_in(self.client, self.settings, self.engine.store)
        profile = await self.client.get_displayname()
        if isinstance(profile, ProfileGetDisplayNameResponse):
            self.display_name = profile.displayname
        self._sender = Sender(self.client, self.trust)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    # -- one sync ---------------------------------------------------------

    async def _sync_once(self) -> None:
        assert self.client is not None
        first = self._token is None
        response = await self._poll(
            timeout=0 if first or self._full_state else SYNC_TIMEOUT_MS,
            sync_filter=FIRST_SYNC_FILTER if first else SYNC_FILTER,
            since=self._token,
            full_state=self._full_state and not first,
        )
        if response is None:
            return
        if isinstance(response, SyncError):
            if response.status_code == "M_UNKNOWN_TOKEN":
                # Logged out elsewhere or the token expired: log in again.
                self.client.access_token = ""
            raise SyncFailed(f"{response.status_code} {response.message}")
        self._full_state = False
        await self._keys()
        if self._resend:
            await self._send_undelivered()
            self._resend = False
        await self._accept_invites(response)
        if not first:
            await self._answer(response)
        await self.engine.store.set_state(PLATFORM, "next_batch", response.next_batch)
        self._token = response.next_batch
        self.ready.set()

    async def _poll(self, **arguments: Any) -> SyncResponse | SyncError | None:
        """One sync request, abandoned (None) when the adapter stops."""
        assert self.client is not None
        poll = asyncio.ensure_future(self.client.sync(**arguments))
        stopped = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not poll.done():
            poll.cancel()
            await asyncio.gather(poll, return_exceptions=True)
            return None
        return poll.result()

    async def _keys(self) -> None:
        """What `sync_forever` does between syncs: to-device messages and Olm keys."""
        client = self.client
        assert client is not None
        if client.outgoing_to_device_messages:
            await client.send_to_device_messages()
        if client.should_upload_keys:
            _check("keys upload", await client.keys_upload())
        if client.should_query_keys:
            _check("keys query", await client.keys_query())
        if client.should_claim_keys:
            _check("keys claim", await client.keys_claim(client.get_users_for_key_claiming()))

    # -- invites ----------------------------------------------------------

    async def _accept_invites(self, response: SyncResponse) -> None:
        assert self.client is not None
        for invite in invites.invites(response, self.client.user_id):
            if not self.allowlist.admits(invite.inviter):
                log.warning("declined an invite to %s: the inviter is not in matrix.allowed_inviters", invite.room_id)
                await self.client.room_leave(invite.room_id)
                continue
            joined = await self.client.join(invite.room_id)
            if isinstance(joined, JoinError):
                log.warning("could not join %s: %s", invite.room_id, joined.message)
            elif invite.direct:
                self._greet[invite.room_id] = invite.inviter

    # -- answering --------------------------------------------------------

    async def _answer(self, response: SyncResponse) -> None:
        assert self.client is not None
        for room_id in list(self._greet):
            if room_id in response.rooms.join:
                await self._greeting(room_id, self._greet.pop(room_id))
        conversations: dict[tuple[str, str], list[events.Message]] = defaultdict(list)
        for message in events.messages(response, self.client.rooms, self.client.user_id):
            conversations[(message.room.room_id, message.sender)].append(message)
        results = await asyncio.gather(
            *(self._conversation(messages) for messages in conversations.values()), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _greeting(self, room_id: str, inviter: str) -> None:
        incoming = Incoming(PLATFORM, room_id, inviter, button="menu:start", event_id=f"{room_id}|greeting")
        await self._deliver(incoming, await self.engine.handle(incoming))

    async def _conversation(self, messages: list[events.Message]) -> None:
        for message in messages:
            try:
                incoming = await self._incoming(message)
            except Exception as error:
                # A message the adapter cannot read would fail again at every
                # re-sync and hold the sync token back for everyone: skip it.
                # Logged without its text, which may quote the user.
                log.error("skipped a Matrix message that could not be read: %s", type(error).__name__)
                continue
            if incoming is not None:
                await self._deliver(incoming, await self.engine.handle(incoming), message)

    async def _incoming(self, message: events.Message) -> Incoming | None:
        room, sender = message.room, message.sender
        direct = _is_direct(room)
        if message.media:
            text: str | None = "" if direct else None
        else:
            text = addressing.addressed_text(message.content, self._identity(room), direct=direct)
        if text is None:
            return None
        if not text and not message.media:
            # Only the bot's name: show the menu.
            return Incoming(PLATFORM, room.room_id, sender, button="menu:show", event_id=message.event_id)
        button = await self.buttons.press(room.room_id, sender, text) if text else None
        if button is not None:
            return Incoming(PLATFORM, room.room_id, sender, button.label, button.data, event_id=message.event_id)
        return Incoming(PLATFORM, room.room_id, sender, text, event_id=message.event_id)

    def _identity(self, room: MatrixRoom) -> addressing.Identity:
        assert self.client is not None
        member = room.users.get(self.client.user_id)
        name = member.display_name if member is not None and member.display_name else self.display_name
        return addressing.Identity(self.client.user_id, name)

    async def _deliver(
        self, incoming: Incoming, replies: list[Outgoing], message: events.Message | None = None
    ) -> None:
        if not replies or incoming.event_id is None:
            return  # answered before (a repeated event)
        await self.buttons.shown(incoming.chat, incoming.user, replies)
        contents = render.notices(replies)
        if message is not None and not _is_direct(message.room):
            # In a room with many people, make clear whom the bot answers.
            contents[0]["m.relates_to"] = {"m.in_reply_to": {"event_id": message.event_id}}
            contents[0]["m.mentions"] = {"user_ids": [message.sender]}
        await self.sender.send(incoming.chat, contents, incoming.event_id)
        await self.engine.delivered(PLATFORM, incoming.event_id)

    @property
    def sender(self) -> Sender:
        assert self._sender is not None, "not logged in"
        return self._sender

    async def _send_undelivered(self) -> None:
        for pending in await self.engine.undelivered(PLATFORM):
            try:
                await self.sender.send(pending.chat, render.notices(pending.replies), pending.event_id)
            except SendFailed as error:
                # Stays pending for the next sync; one room that refuses must
                # not keep every other room from being answered.
                log.warning("a pending Matrix reply is still not sent: %s", error)
                continue
            await self.engine.delivered(PLATFORM, pending.event_id)


def _is_direct(room: MatrixRoom) -> bool:
    return bool(room.joined_count <= 2)


def _check(what: str, response: Any) -> None:
    if isinstance(response, ErrorResponse):
        log.warning("Matrix %s failed: %s %s", what, response.status_code, response.message)


def _describe(error: BaseException) -> str:
    # Exception texts from aiohttp may carry URLs, never tokens (those go in headers).
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
