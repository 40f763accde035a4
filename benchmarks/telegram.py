"""Telegram: user → reply latency and throughput through the fake Bot API.

    python -m benchmarks.telegram [--samples 300] [--users 200]

Everything runs in one process: the project's fake Bot API server
(tests/telegram/fake_bot_api.py) on loopback, once for each bot, and these
bots at the same time, each polling its own server:

- a bare python-telegram-bot echo bot, the baseline;
- a bare PTB bot that answers with Kamu's own reply to the question (the same
  HTML text and inline keyboard), which separates the bot's own work from the
  cost of sending a longer message with buttons;
- Kamu's Telegram adapter with the real engine and dialogs on an on-disk
  SQLite file, with the default configuration;
- the same with `queue.min_latency_ms = 0` (below);
- the same on PTB's default HTTP transport (httpx) instead of Kamu's aiohttp
  one (adapters/telegram/transport.py), to show what the transport saves.

The samples take turns, one message to each bot in a row, so drift in the
machine's speed (this one is a shared virtual machine) hits every bot alike.
Latency is from the moment the server holds the user's message to the moment
it receives the bot's reply, one message every 40 ms (under Telegram's 30
messages/s, so the rate limiter never waits). Measured: a FAQ answer to the
same question every time (its ranking is cached after the first) and to a
new question every time (the development questions, each asked once, so
nothing is cached), each beside the echo bot echoing the same text; and a
queue answer. The queue lookup takes
at least `queue.min_latency_ms` (400 ms) by design, so that timing tells a
scraper nothing; it is measured with that floor and with it set to 0, which
shows the cost of the Telegram path itself. The ratio of medians is also
given for each tenth of the run, to show how much it moves.

Throughput: `--users` users send a FAQ question at the same moment; the time
until every one is answered, with the default send rate (30 messages/s, as
Telegram allows) and with the limiter off (`telegram.send_rate = 0`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import BaseRequest, HTTPXRequest

from adapters.runtime import Runtime, open_runtime
from adapters.telegram import TelegramAdapter
from adapters.telegram.render import Part, render
from adapters.telegram.transport import AiohttpRequest
from benchmarks.faq import dev_lines
from bot import config
from bot.core import Incoming
from bot.queue.sample import SHOWCASE
from tests.telegram.fake_bot_api import FakeBotApi

QUESTION = "How do I extend my residence permit?"
PACE = 0.04


def new_questions() -> list[str]:
    """The development questions of the default mode, in Finnish and English."""
    return [line["text"] for line in dev_lines() if line["lang"] in ("fi", "en") and not line["employer"]]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Users:
    """Fresh chat ids, so no sample waits on another's conversation or quota."""

    def __init__(self) -> None:
        self.next = 10_000

    def new(self) -> int:
        self.next += 1
        return self.next


async def roundtrip(api: FakeBotApi, chat: int, text: str) -> float:
    before = len(api.sent_to(chat))
    started = time.perf_counter()
    api.message(chat, text)
    replies = await api.wait_sent(chat, before + 1, timeout=30)
    return replies[-1].at - started


@asynccontextmanager
async def echo_bot(api: FakeBotApi, reply: Part | None = None) -> AsyncIterator[None]:
    """A bare PTB bot: echoes the text, or (given `reply`) sends that fixed reply."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        if reply is None:
            await update.message.reply_text(update.message.text)
        else:
            await update.message.reply_text(reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)

    app = Application.builder().token(api.token).base_url(api.base_url).concurrent_updates(True).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=30)
        yield
        await app.updater.stop()
        await app.stop()


@asynccontextmanager
async def kamu_bot(
    runtime: Runtime,
    api: FakeBotApi,
    database: Path,
    transport: Callable[[int], BaseRequest] = AiohttpRequest,
    **environ: str,
) -> AsyncIterator[None]:
    settings = config.load(
        None,
        {
            "KAMU_DB": str(database),
            "KAMU_TELEGRAM_TOKEN": api.token,
            "KAMU_TELEGRAM_BASE_URL": api.base_url,
            **environ,
        },
    )
    adapter = TelegramAdapter(runtime.engine, settings, transport=transport)
    await adapter.start()
    try:
        yield
    finally:
        await adapter.stop()


async def burst(api: FakeBotApi, users: Users, count: int) -> float:
    chats = [users.new() for _ in range(count)]
    started = time.perf_counter()
    for chat in chats:
        api.message(chat, QUESTION)
    await api.wait_for(lambda: all(api.sent_to(chat) for chat in chats), timeout=120)
    return time.perf_counter() - started


async def queue_roundtrip(api: FakeBotApi, chat: int) -> float:
    await roundtrip(api, chat, "/queue")
    return await roundtrip(api, chat, SHOWCASE[0].number)


def settings_for(folder: Path, name: str, **environ: str) -> config.Settings:
    return config.load(None, {"KAMU_DB": str(folder / f"{name}.db"), **environ})


async def run(samples: int, burst_users: int, folder: Path) -> None:
    users = Users()
    kinds = ("echo", "echo, new question", "same reply", "faq", "faq, new question", "faq on httpx", "queue floor 0")
    latency: dict[str, list[float]] = {kind: [] for kind in kinds}
    servers = [FakeBotApi(f"{n}:bench-token") for n in range(1, 6)]
    echo_api, same_api, kamu_api, bare_api, httpx_api = servers
    questions = itertools.cycle(new_questions())
    async with AsyncExitStack() as stack:
        for server in servers:
            await stack.enter_async_context(server)
        runtime = await stack.enter_async_context(open_runtime(settings_for(folder, "kamu")))
        bare_settings = settings_for(folder, "bare", KAMU_QUEUE_MIN_LATENCY_MS="0")
        bare = await stack.enter_async_context(open_runtime(bare_settings))
        on_httpx = await stack.enter_async_context(open_runtime(settings_for(folder, "httpx")))
        for each in (runtime, bare):
            await each.app.queue.use_sample_if_empty()
        # Kamu's own answer to the question, for the bot that sends the same reply.
        answer = render((await runtime.engine.handle(Incoming("bench", "ref", "ref", QUESTION)))[0])[0]
        await stack.enter_async_context(echo_bot(echo_api))
        await stack.enter_async_context(echo_bot(same_api, answer))
        await stack.enter_async_context(kamu_bot(runtime, kamu_api, folder / "kamu.db"))
        await stack.enter_async_context(kamu_bot(bare, bare_api, folder / "bare.db"))
        await stack.enter_async_context(kamu_bot(on_httpx, httpx_api, folder / "httpx.db", HTTPXRequest))
        for _ in range(samples):
            # The echo bot gets each new question too: a long story costs
            # any bot more to receive than a short question.
            new = next(questions)
            for kind, api, text in (
                ("echo", echo_api, QUESTION),
                ("echo, new question", echo_api, new),
                ("same reply", same_api, QUESTION),
                ("faq", kamu_api, QUESTION),
                ("faq, new question", kamu_api, new),
                ("faq on httpx", httpx_api, QUESTION),
            ):
                latency[kind].append(await roundtrip(api, users.new(), text))
                await asyncio.sleep(PACE)
            latency["queue floor 0"].append(await queue_roundtrip(bare_api, users.new()))
            await asyncio.sleep(PACE)
        queue_floor = [await queue_roundtrip(kamu_api, users.new()) for _ in range(max(1, samples // 10))]
        echo_burst = await burst(echo_api, users, burst_users)
        limited = await burst(kamu_api, users, burst_users)
    # A new server counts update ids from the start again: a new database too.
    async with (
        FakeBotApi() as api,
        open_runtime(settings_for(folder, "unlimited")) as runtime,
        kamu_bot(runtime, api, folder / "unlimited.db", KAMU_TELEGRAM_SEND_RATE="0"),
    ):
        unlimited = await burst(api, users, burst_users)

    def row(name: str, values: list[float]) -> str:
        p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        return f"{name:<36}{len(values):>6}{p50:>10.2f}{p95:>10.2f}"

    def ratio(name: str, kind: str, base: str = "echo") -> str:
        whole = statistics.median(latency[kind]) / statistics.median(latency[base])
        tenth = max(1, samples // 10)
        parts = [
            statistics.median(latency[kind][i : i + tenth]) / statistics.median(latency[base][i : i + tenth])
            for i in range(0, samples - tenth + 1, tenth)
        ]
        return f"ratio of medians, {name:<34}{whole:>6.2f}   (tenths of the run: {min(parts):.2f} to {max(parts):.2f})"

    print(f"{'latency, user → reply':<36}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}")
    print(row("bare PTB echo bot", latency["echo"]))
    print(row("bare PTB echo bot, new question", latency["echo, new question"]))
    print(row("bare PTB bot sending Kamu's reply", latency["same reply"]))
    print(row("Kamu FAQ answer, same question", latency["faq"]))
    print(row("Kamu FAQ answer, new question", latency["faq, new question"]))
    print(row("Kamu FAQ answer on httpx", latency["faq on httpx"]))
    print(row("Kamu queue answer (400 ms floor)", queue_floor))
    print(row("Kamu queue answer (floor 0)", latency["queue floor 0"]))
    print(ratio("FAQ, same question / echo", "faq"))
    print(ratio("FAQ, new question / echo of it", "faq, new question", "echo, new question"))
    print(ratio("queue (floor 0) / echo", "queue floor 0"))
    print(ratio("FAQ / bot sending the same reply", "faq", "same reply"))
    print(ratio("FAQ on httpx / echo", "faq on httpx"))
    for name, seconds in (
        ("Kamu, send rate 30/s", limited),
        ("Kamu, no rate limit", unlimited),
        ("bare echo bot", echo_burst),
    ):
        print(f"{burst_users} users at once, {name:<22}{seconds:>6.2f} s ({burst_users / seconds:.0f} answers/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=300, help="latency samples per kind")
    parser.add_argument("--users", type=int, default=200, help="users in the throughput burst")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.samples, args.users, Path(folder)))


if __name__ == "__main__":
    main()
