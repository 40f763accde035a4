"""Fixtures for the Matrix tests: one real Synapse for the session, bots and humans per test.

The homeserver is `matrix-synapse` from the test extra, started once on
loopback (about 1.5 s) and stopped at the end. Every test registers its own
users, so tests do not see each other's rooms.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

# The helpers are plain modules beside this file (the benchmark imports them too).
sys.path.insert(0, str(Path(__file__).parent))

from matrix_homeserver import Homeserver
from matrix_peers import Bot, Human


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    server = Homeserver(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def make_bot(homeserver: Homeserver, tmp_path: Path) -> AsyncIterator[Callable[..., Bot]]:
    bots: list[Bot] = []

    def make(directory: str = "bot", **extra: str) -> Bot:
        bot = Bot(homeserver, homeserver.register(), tmp_path / directory, extra)
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        await bot.stop()


@pytest.fixture
async def bot(make_bot: Callable[..., Bot]) -> AsyncIterator[Bot]:
    bot = make_bot()
    await bot.start()
    yield bot


@pytest.fixture
async def make_human(homeserver: Homeserver, tmp_path: Path) -> AsyncIterator[Callable[..., object]]:
    humans: list[Human] = []

    async def make(*, encrypted: bool = False) -> Human:
        user = homeserver.register()
        store = tmp_path / f"store-{user.user_id[1:].split(':')[0]}" if encrypted else None
        human = Human(homeserver, user, store)
        await human.start()
        humans.append(human)
        return human

    yield make
    for human in humans:
        await human.stop()
