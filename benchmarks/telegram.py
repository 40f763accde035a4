"""Telegram: user → reply latency and throughput through the fake Bot API.

    python -m benchmarks.telegram [--samples 200] [--rounds 4] [--users 200]

Everything runs in one process and one run: the project's fake Bot API server
(tests/telegram/fake_bot_api.py) on loopback, a bare python-telegram-bot echo
bot as the baseline, and Kamu's Telegram adapter with the real engine and
dialogs on an on-disk SQLite file. The bots share the server's one token, so
they take turns: each round measures the echo bot, then Kamu, so drift in the
machine's speed hits both alike.

A second baseline is a bare PTB bot that answers with Kamu's own reply to the
question (the same HTML text and inline keyboard), which separates the bot's
own work from the cost of sending a longer message with buttons.

Latency is from the moment the server holds the user's message to the moment
it receives the bot's reply, one message every 40 ms (under Telegram's 30
messages/s, so the rate limiter never waits). Measured: the echo bot, a FAQ
answer, and a queue answer. The queue lookup takes at least
`queue.min_latency_ms` (400 ms) by design, so that timing tells a scraper
nothing; it is measured with that floor and with it set to 0, which shows the
cost of the Telegram path itself.

Throughput: `--users` users send a FAQ question at the same moment; the time
until every one is answered, with the default send rate (30 messages/s, as
Telegram allows) and with the limiter off (`telegram.send_rate = 0`).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from adapters.runtime import Runtime, open_runtime
from adapters.telegram import TelegramAdapter
from adapters.telegram.render import Part, render
from bot import config
from bot.core import Incoming
from bot.queue.sample import SHOWCASE
from tests.telegram.fake_bot_api import FakeBotApi

QUESTION = "How do I extend my residence permit?"
PACE = 0.04


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


async def press_and_wait(api: FakeBotApi, chat: int, data: str) -> None:
    sent = api.sent_to(chat)
    message = next(m for m in reversed(sent) if data in m.button_data)
    api.press(message, data)
    await api.wait_sent(chat, len(sent) + 1, timeout=30)


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
async def kamu_bot(runtime: Runtime, api: FakeBotApi, database: Path, **environ: str) -> AsyncIterator[None]:
    settings = config.load(
        None,
        {
            "KAMU_DB": str(database),
            "KAMU_TELEGRAM_TOKEN": api.token,
            "KAMU_TELEGRAM_BASE_URL": api.base_url,
            **environ,
        },
    )
    adapter = TelegramAdapter(runtime.engine, settings)
    await adapter.start()
    try:
        yield
    finally:
        await adapter.stop()


async def faq_samples(api: FakeBotApi, users: Users, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        samples.append(await roundtrip(api, users.new(), QUESTION))
        await asyncio.sleep(PACE)
    return samples


async def queue_samples(api: FakeBotApi, users: Users, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        chat = users.new()
        await roundtrip(api, chat, "/queue")
        samples.append(await roundtrip(api, chat, SHOWCASE[0].number))
        await asyncio.sleep(PACE)
    return samples


async def echo_samples(api: FakeBotApi, users: Users, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        samples.append(await roundtrip(api, users.new(), QUESTION))
        await asyncio.sleep(PACE)
    return samples


async def burst(api: FakeBotApi, users: Users, count: int) -> float:
    chats = [users.new() for _ in range(count)]
    started = time.perf_counter()
    for chat in chats:
        api.message(chat, QUESTION)
    await api.wait_for(lambda: all(api.sent_to(chat) for chat in chats), timeout=120)
    return time.perf_counter() - started


async def run(samples: int, rounds: int, burst_users: int, folder: Path) -> None:
    database = folder / "kamu.db"
    per_round = max(1, samples // rounds)
    users = Users()
    echo: list[float] = []
    same_reply: list[float] = []
    faq: list[float] = []
    queue_floor: list[float] = []
    queue_bare: list[float] = []
    async with FakeBotApi() as api:
        async with open_runtime(config.load(None, {"KAMU_DB": str(database)})) as runtime:
            await runtime.app.queue.use_sample_if_empty()
            # Kamu's own answer to the question, for the echo bot that sends the same reply.
            answer = render((await runtime.engine.handle(Incoming("bench", "ref", "ref", QUESTION)))[0])[0]
            for _ in range(rounds):
                async with echo_bot(api):
                    echo += await echo_samples(api, users, per_round)
                async with echo_bot(api, answer):
                    same_reply += await echo_samples(api, users, per_round)
                async with kamu_bot(runtime, api, database):
                    faq += await faq_samples(api, users, per_round)
                    queue_floor += await queue_samples(api, users, max(1, per_round // 4))
            bare_settings = config.load(None, {"KAMU_DB": str(database), "KAMU_QUEUE_MIN_LATENCY_MS": "0"})
        async with open_runtime(bare_settings) as runtime:
            for _ in range(rounds):
                async with kamu_bot(runtime, api, database):
                    queue_bare += await queue_samples(api, users, per_round)
            async with kamu_bot(runtime, api, database):
                limited = await burst(api, users, burst_users)
            async with kamu_bot(runtime, api, database, KAMU_TELEGRAM_SEND_RATE="0"):
                unlimited = await burst(api, users, burst_users)
        async with echo_bot(api):
            echo_burst = await burst(api, users, burst_users)

    def row(name: str, values: list[float]) -> str:
        p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        return f"{name:<34}{len(values):>6}{p50:>10.2f}{p95:>10.2f}"

    base = statistics.median(echo)
    print(f"{'latency, user → reply':<34}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}")
    print(row("bare PTB echo bot", echo))
    print(row("bare PTB bot sending Kamu's reply", same_reply))
    print(row("Kamu FAQ answer", faq))
    print(row("Kamu queue answer (400 ms floor)", queue_floor))
    print(row("Kamu queue answer (floor 0)", queue_bare))
    print(f"ratio of medians, FAQ / echo         {statistics.median(faq) / base:.2f}")
    print(f"ratio of medians, queue (floor 0) / echo {statistics.median(queue_bare) / base:.2f}")
    same = statistics.median(faq) / statistics.median(same_reply)
    print(f"ratio of medians, FAQ / bot sending the same reply {same:.2f}")
    print(f"{burst_users} users at once, send rate 30/s   {limited:.2f} s ({burst_users / limited:.0f} answers/s)")
    print(f"{burst_users} users at once, no rate limit    {unlimited:.2f} s ({burst_users / unlimited:.0f} answers/s)")
    print(
        f"{burst_users} users at once, bare echo bot    {echo_burst:.2f} s ({burst_users / echo_burst:.0f} answers/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200, help="latency samples per kind")
    parser.add_argument("--rounds", type=int, default=4, help="turns the bots take")
    parser.add_argument("--users", type=int, default=200, help="users in the throughput burst")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.samples, args.rounds, args.users, Path(folder)))


if __name__ == "__main__":
    main()
