"""Whatever users type gets a polite reply and never an exception."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.runtime import Runtime, open_runtime
from bot import config
from bot.core import Incoming
from tests.conftest import Chat

NASTY = [
    "",
    " ",
    "a" * 50_000,
    "ä" * 50_000 + "\n" * 1000,
    "\x00\x01\x02\x1b[31m\x7f",
    "😀🇫🇮👍🏽" * 100,
    "مرحبا، كيف يمكنني تجديد تصريح الإقامة؟",
    "שלום \u202e\u202d",
    "<b>bold</b><script>alert(1)</script>&amp;",
    "**bold** _it_ `code` [link](http://x) # heading",
    "'; DROP TABLE sessions; --",
    "Robert'); DELETE FROM handled_events WHERE ('1'='1",
    "/start@some_other_bot extra words",
    "/" + "x" * 500,
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "Привет, как продлить вид на жительство?",
    "你好，我怎么申请居留许可？",
    "1" * 10_000,
    "31275/110/2022" * 500,
]


async def test_nasty_messages_get_polite_replies(chat: Chat) -> None:
    for text in NASTY:
        replies = await chat.say(text)
        assert replies, text[:40]
        assert all(r.text and "Traceback" not in r.text for r in replies)
    tables = await chat.engine.store.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    assert {"sessions", "handled_events"} <= {row[0] for row in tables}


@pytest.fixture(scope="module")
def one_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.AbstractEventLoop, Runtime]]:
    """One bot for every generated example: opening one costs the FAQ index build."""
    loop = asyncio.new_event_loop()
    database = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    opened = open_runtime(config.load(None, {"KAMU_DB": str(database)}))
    runtime = loop.run_until_complete(opened.__aenter__())
    yield loop, runtime
    loop.run_until_complete(opened.__aexit__(None, None, None))
    loop.close()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), button=st.one_of(st.none(), st.text(max_size=40)))
def test_arbitrary_text_and_button_data(
    one_runtime: tuple[asyncio.AbstractEventLoop, Runtime], text: str, button: str | None
) -> None:
    loop, runtime = one_runtime
    replies = loop.run_until_complete(runtime.engine.handle(Incoming("fuzz", "c", "u", text, button)))
    assert replies and all(r.text for r in replies)
