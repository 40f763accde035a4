"""Round-trip latency of the Matrix adapter beside a bare matrix-nio echo bot.

    python -m benchmarks.matrix [--rounds 200] [--encrypted]

Starts a throwaway Synapse on loopback (the test suite's helper), runs Kamu's
`MatrixAdapter` and a minimal nio echo bot against it in the same process, and
has one human client time "send a message → the bot's notice arrives in the
human's sync" for each bot, alternating, so both see the same load. The
target: Kamu's median at most 1.15 times the echo bot's. Exit status 1 when
the target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig, InviteMemberEvent, MatrixRoom, RoomMessageText

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "matrix"))

from matrix_homeserver import Homeserver, User
from matrix_peers import Bot, Human

TARGET = 1.15


class EchoBot:
    """What a Matrix bot minimally does: sync, and answer each text with a notice."""

    def __init__(self, homeserver: Homeserver, user: User, store: Path) -> None:
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False)
        store.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(homeserver.url, user.user_id, store_path=str(store), config=config)
        self.client.restore_login(user.user_id, user.device_id, user.access_token)
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.client.keys_upload()
        await self.client.sync(timeout=0)
        self.client.add_event_callback(self._echo, RoomMessageText)  # type: ignore[arg-type]
        self.client.add_event_callback(self._join, InviteMemberEvent)  # type: ignore[arg-type]
        self.task = asyncio.create_task(self.client.sync_forever(timeout=30_000))

    async def _join(self, room: MatrixRoom, event: Any) -> None:
        if event.state_key == self.client.user_id and event.membership == "invite":
            await self.client.join(room.room_id)

    async def _echo(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender != self.client.user_id:
            content = {"msgtype": "m.notice", "body": event.body}
            await self.client.room_send(room.room_id, "m.room.message", content, ignore_unverified_devices=True)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await self.client.close()


async def round_trip(human: Human, room: str) -> float:
    started = time.perf_counter()
    await human.send(room, "menu")
    await human.next_notice(room)
    return time.perf_counter() - started


async def drain(human: Human, room: str) -> None:
    while not human.notices[room].empty():
        human.notices[room].get_nowait()


async def measure(rounds: int, encrypted: bool, directory: Path) -> dict[str, list[float]]:
    homeserver = Homeserver(directory / "synapse")
    homeserver.start()
    kamu = Bot(homeserver, homeserver.register(), directory / "kamu")
    echo = EchoBot(homeserver, homeserver.register(), directory / "echo-store")
    human = Human(homeserver, homeserver.register(), directory / "human-store" if encrypted else None)
    try:
        await kamu.start()
        await echo.start()
        await human.start()
        rooms = {}
        for name, user_id in (("kamu", kamu.user_id), ("echo", echo.client.user_id)):
            rooms[name] = await human.room([user_id], direct=True, encrypted=encrypted)
            assert await human.joined(rooms[name], user_id)
        await human.turn(rooms["kamu"])  # Kamu's greeting
        await human.ask(rooms["kamu"], "in English please")
        for room in rooms.values():  # warm-up: sessions, caches, group sessions
            for _ in range(10):
                await round_trip(human, room)
            await drain(human, room)
        times: dict[str, list[float]] = {"kamu": [], "echo": []}
        for _ in range(rounds):
            for name, room in rooms.items():
                times[name].append(await round_trip(human, room))
        return times
    finally:
        await human.stop()
        await echo.stop()
        await kamu.stop()
        homeserver.stop()


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(values) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   n={len(values)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--encrypted", action="store_true", help="both bots in end-to-end encrypted rooms")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kamu-bench-matrix-") as directory:
        times = asyncio.run(measure(options.rounds, options.encrypted, Path(directory)))
    ratio = statistics.median(times["kamu"]) / statistics.median(times["echo"])
    print(f"Matrix round trip ({'encrypted' if options.encrypted else 'plain'} rooms, same Synapse, alternating)")
    print(f"  kamu      {summary(times['kamu'])}")
    print(f"  nio echo  {summary(times['echo'])}")
    print(f"  ratio of medians {ratio:.3f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
