"""The two sides of a Matrix test: the bot as `kamu run` runs it, and a human on nio.

`Bot` runs the real `MatrixAdapter` on a real SQLite file; it can be stopped
and started again on the same database, as a restart would. `Human` is a nio
client (with end-to-end encryption when given a store) that records the
notices the bot sends, per room.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matrix_homeserver import Homeserver, User
from nio import (
    AsyncClient,
    AsyncClientConfig,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomSendResponse,
)

from adapters.matrix import MatrixAdapter
from adapters.runtime import Runtime, open_runtime
from bot import config

REPLY_TIMEOUT = 20.0
# A turn may be several notices; they follow each other within milliseconds.
QUIET = 0.4
ENCRYPTION = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}


@dataclass
class Bot:
    homeserver: Homeserver
    user: User
    directory: Path
    extra: dict[str, str] = field(default_factory=dict)
    adapter: MatrixAdapter | None = None
    runtime: Runtime | None = None
    _stack: AsyncExitStack | None = None

    @property
    def user_id(self) -> str:
        return self.user.user_id

    def settings(self) -> config.Settings:
        environ = {
            "KAMU_DB": str(self.directory / "kamu.db"),
            "KAMU_MATRIX_HOMESERVER": self.homeserver.url,
            "KAMU_MATRIX_USER_ID": self.user.user_id,
            "KAMU_MATRIX_PASSWORD": self.user.password,
            "KAMU_QUEUE_HMAC_KEY": "test-key-for-matrix-tests",
            **self.extra,
        }
        return config.load(None, environ)

    async def start(self) -> None:
        self._stack = AsyncExitStack()
        settings = self.settings()
        self.runtime = await self._stack.enter_async_context(open_runtime(settings))
        await self.runtime.app.queue.use_sample_if_empty()
        self.adapter = MatrixAdapter(self.runtime.engine, settings)
        await self.adapter.start()
        assert self.adapter.ready.is_set(), "the bot did not finish its first sync"

    async def stop(self) -> None:
        if self.adapter is not None:
            await self.adapter.stop()
            self.adapter = None
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def session(self, room_id: str, user: str) -> Any:
        assert self.runtime is not None
        from bot.core import SessionKey

        return await self.runtime.app.store.load_session(SessionKey("matrix", room_id, user))


class Human:
    def __init__(self, homeserver: Homeserver, user: User, store: Path | None = None) -> None:
        self.user = user
        encrypted = store is not None
        if store is not None:
            store.mkdir(parents=True, exist_ok=True)
        config_ = AsyncClientConfig(encryption_enabled=encrypted, store_sync_tokens=False, max_limit_exceeded=0)
        self.client = AsyncClient(
            homeserver.url, user.user_id, device_id=user.device_id, store_path=str(store or ""), config=config_
        )
        self.client.restore_login(user.user_id, user.device_id, user.access_token)
        self.notices: dict[str, asyncio.Queue[RoomMessageNotice]] = defaultdict(asyncio.Queue)
        self._task: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def start(self) -> None:
        if self.client.olm is not None:
            await self.client.keys_upload()
        await self.client.sync(timeout=0)
        self.client.add_event_callback(self._on_notice, RoomMessageNotice)  # type: ignore[arg-type]
        self._task = asyncio.create_task(self.client.sync_forever(timeout=5000))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.client.close()

    async def _on_notice(self, room: Any, event: RoomMessageNotice) -> None:
        if event.sender == self.user_id:
            return
        self.notices[room.room_id].put_nowait(event)

    async def room(self, invite: list[str], *, direct: bool = False, encrypted: bool = False) -> str:
        response = await self.client.room_create(
            is_direct=direct, invite=invite, initial_state=[ENCRYPTION] if encrypted else []
        )
        assert isinstance(response, RoomCreateResponse), response
        return response.room_id

    async def send(self, room_id: str, text: str, **content: Any) -> str:
        body = {"msgtype": "m.text", "body": text, **content}
        for _ in range(100):  # the room may not have reached this client's sync yet
            if room_id in self.client.rooms or self.client.olm is None:
                break
            await asyncio.sleep(0.05)
        response = await self.client.room_send(room_id, "m.room.message", body, ignore_unverified_devices=True)
        assert isinstance(response, RoomSendResponse), response
        return response.event_id

    async def next_notice(self, room_id: str, timeout: float = REPLY_TIMEOUT) -> RoomMessageNotice:
        return await asyncio.wait_for(self.notices[room_id].get(), timeout)

    async def turn(self, room_id: str, timeout: float = REPLY_TIMEOUT) -> list[RoomMessageNotice]:
        """The notices of the bot's next answer: the first, and whatever follows it at once."""
        notices = [await self.next_notice(room_id, timeout)]
        while True:
            try:
                notices.append(await asyncio.wait_for(self.notices[room_id].get(), QUIET))
            except TimeoutError:
                return notices

    async def ask(self, room_id: str, text: str, **content: Any) -> list[RoomMessageNotice]:
        await self.send(room_id, text, **content)
        return await self.turn(room_id)

    async def joined(self, room_id: str, user_id: str, *, timeout: float = REPLY_TIMEOUT) -> bool:
        """Whether `user_id` joins the room within the timeout (polled)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            members = await self.client.joined_members(room_id)
            if user_id in {m.user_id for m in getattr(members, "members", [])}:
                return True
            await asyncio.sleep(0.1)
        return False

    async def membership(self, room_id: str, user_id: str) -> str | None:
        response = await self.client.room_get_state_event(room_id, "m.room.member", user_id)
        content = getattr(response, "content", None)
        return content.get("membership") if isinstance(content, dict) else None


def numbered_labels(notices: list[RoomMessageNotice]) -> list[str]:
    """The button labels of a turn, in the order of their numbers."""
    labels = []
    for notice in notices:
        for line in notice.body.splitlines():
            number, dot, label = line.partition(". ")
            if dot and number.isdigit() and int(number) == len(labels) + 1:
                labels.append(label)
    return labels


def number_of(notices: list[RoomMessageNotice], label: str) -> str:
    labels = numbered_labels(notices)
    assert label in labels, f"no button {label!r} in {labels}"
    return str(labels.index(label) + 1)


def in_reply_to(notice: RoomMessageNotice) -> str | None:
    relation = notice.source.get("content", {}).get("m.relates_to") or {}
    return (relation.get("m.in_reply_to") or {}).get("event_id")
