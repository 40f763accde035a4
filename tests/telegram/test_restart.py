"""`kamu run` killed mid-flow and started again: no reply lost, none doubled.

The bot runs as a real process against the fake server. It is killed with
SIGKILL at the worst moment: the user's button press has been handled and its
reply saved, but the reply is not yet sent (sendMessage hangs) and Telegram
was not told the update was handled (getUpdates answers 500). The restarted
bot must send that reply once, see the update again and not answer it twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime import open_runtime
from bot import config
from bot.core import Incoming
from tests.telegram.conftest import telegram_environ
from tests.telegram.fake_bot_api import FakeBotApi

ALICE = 7001
KAMU_RUN = [sys.executable, "-c", "import sys; from adapters.cli import main; sys.exit(main(sys.argv[1:]))", "run"]


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


async def start_kamu(
    api: FakeBotApi, database: Path, started: list[subprocess.Popen[bytes]]
) -> subprocess.Popen[bytes]:
    polls = api.calls["getUpdates"]
    environ = {**os.environ, **telegram_environ(api, database)}
    process = subprocess.Popen(
        KAMU_RUN, env=environ, cwd=database.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    started.append(process)
    await api.wait_for(lambda: api.calls["getUpdates"] > polls or process.poll() is not None, timeout=60)
    assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
    return process


async def test_killed_mid_flow_the_bot_resumes_without_losing_or_doubling_a_reply(
    fake_api: FakeBotApi, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    database = tmp_path / "kamu.db"
    first = await start_kamu(fake_api, database, processes)
    fake_api.message(ALICE, "/start")
    menu = (await fake_api.wait_sent(ALICE, 2))[-1]
    fake_api.press(menu, "language:choose")
    choose = (await fake_api.wait_sent(ALICE, 3))[-1]

    # Once the press is confirmed, the bot's next long poll is waiting at the
    # server: the faults hit the calls that follow the next press.
    await fake_api.wait_for(lambda: not fake_api.updates)
    fake_api.fail("getUpdates", 500, times=5)
    fake_api.hold("sendMessage")
    pressed = fake_api.press(choose, "language:set.fi")
    await fake_api.wait_for(lambda: "sendMessage" in fake_api.held and fake_api.calls["getUpdates"] > 0)
    assert pressed in fake_api.pending_updates  # handled, yet not confirmed
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(fake_api.sent_to(ALICE)) == 3

    fake_api.clear_faults()
    second = await start_kamu(fake_api, database, processes)
    chosen = (await fake_api.wait_sent(ALICE, 4))[-1]
    await fake_api.wait_for(lambda: pressed not in fake_api.pending_updates)
    fake_api.message(ALICE, "/start")
    transcript = await fake_api.wait_sent(ALICE, 6)

    finnish = await expected_texts(tmp_path / "expected.db", "/start", "fi")
    assert [m.text for m in transcript[4:]] == finnish
    assert chosen.text not in {m.text for m in transcript[:3]}
    assert "language:choose" in chosen.button_data
    second.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(second.wait, 30) == 0
    await fake_api.wait_for(lambda: not fake_api.updates)
    assert len(fake_api.sent_to(ALICE)) == 6


async def expected_texts(database: Path, text: str, language: str) -> list[str]:
    async with open_runtime(config.load(None, {"KAMU_DB": str(database)})) as runtime:
        replies = await runtime.engine.handle(Incoming("expected", "x", "x", text, language_hint=language))
    return [reply.text for reply in replies]
