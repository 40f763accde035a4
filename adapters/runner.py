"""`kamu run`: every enabled platform in one process and one event loop.

SIGINT and SIGTERM stop the adapters, letting in-flight messages finish;
SIGHUP reloads the FAQ content without a restart. In the background, what is
older than `storage.retention_days` is purged every hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import Protocol

from adapters.runtime import Runtime, open_runtime
from bot.config import Settings
from bot.transcripts import purge_regularly

log = logging.getLogger(__name__)


class PlatformAdapter(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def enabled_adapters(runtime: Runtime, settings: Settings) -> list[PlatformAdapter]:
    adapters: list[PlatformAdapter] = []
    if settings["telegram.token"]:
        from adapters.telegram import TelegramAdapter

        adapters.append(TelegramAdapter(runtime.engine, settings))
    if settings["matrix.homeserver"]:
        from adapters.matrix import MatrixAdapter

        adapters.append(MatrixAdapter(runtime.engine, settings))
    return adapters


async def run(settings: Settings) -> int:
    # With -v: what the bot runs with, every secret masked.
    log.info("configuration: %s", settings.redacted())
    async with open_runtime(settings) as runtime:
        adapters = enabled_adapters(runtime, settings)
        if not adapters:
            print(
                "kamu: no platform configured: set telegram.token (KAMU_TELEGRAM_TOKEN) or the matrix.* keys; "
                "`kamu console` chats in the terminal without either",
                file=sys.stderr,
            )
            return 2
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        loop.add_signal_handler(signal.SIGHUP, runtime.app.faq.reload)
        started: list[PlatformAdapter] = []
        purging = asyncio.create_task(purge_regularly(runtime.app.store, settings["storage.retention_days"]))
        try:
            for adapter in adapters:
                await adapter.start()
                started.append(adapter)
            log.warning("kamu is running on %d platform(s)", len(started))
            await stop.wait()
        finally:
            purging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purging
            for adapter in reversed(started):
                await adapter.stop()
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                loop.remove_signal_handler(signum)
    return 0
