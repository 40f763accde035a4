"""What the adapter does to any text: escaping and splitting, end to end.

A small test conversation stands in for the dialogs here, so the text is
exactly what the test chooses: an echo of the user's words, or a reply far
longer than one Telegram message.
"""

from __future__ import annotations

from adapters.runtime import Runtime
from adapters.telegram.render import split
from bot.core import Button
from bot.engine import Turn
from tests.telegram.conftest import StartBot, engine_with
from tests.telegram.fake_bot_api import FakeBotApi

LONG = "\n\n".join(f"Paragraph {n}." + " Lorem ipsum dolor sit amet, consectetur." * 12 for n in range(40))


class Echo:
    async def handle(self, turn: Turn) -> None:
        turn.say(turn.incoming.text or "", [[Button("Again", "echo:again")]])

    async def failed(self, turn: Turn) -> None:
        turn.say("failed")


class LongAnswer:
    async def handle(self, turn: Turn) -> None:
        turn.say(LONG, [[Button("More", "long:more"), Button("Menu", "menu:show")]])

    async def failed(self, turn: Turn) -> None:
        turn.say("failed")


async def test_user_text_comes_back_exactly_as_written(
    start_bot: StartBot, telegram_runtime: Runtime, fake_api: FakeBotApi
) -> None:
    await start_bot(engine_with(telegram_runtime, Echo()))
    texts = ["<b>&\"'", "</i><a href='javascript:x'>", "&amp; &lt; &#0; <<<>>>", "a < b > c & d", "🙂 <tg-spoiler>"]
    for n, text in enumerate(texts):
        fake_api.message(3001, text)
        echoed = (await fake_api.wait_sent(3001, n + 1))[-1]
        # The server parsed it as Telegram would; the user reads their own words.
        assert echoed.text == text
        assert echoed.parse_mode == "HTML"
        assert "<" not in echoed.html and ">" not in echoed.html


async def test_a_long_reply_is_split_at_paragraphs_with_buttons_on_the_last_part(
    start_bot: StartBot, telegram_runtime: Runtime, fake_api: FakeBotApi
) -> None:
    assert len(LONG) > 3 * 4096
    await start_bot(engine_with(telegram_runtime, LongAnswer()))
    fake_api.message(3002, "tell me everything")
    parts = await fake_api.wait_sent(3002, len(split(LONG)))
    assert all(len(part.text) <= 4096 for part in parts)
    assert "\n\n".join(part.text for part in parts) == LONG
    assert all(part.text.startswith("Paragraph") for part in parts)
    assert [part.buttons == [] for part in parts] == [True] * (len(parts) - 1) + [False]
    assert parts[-1].button_data == ["long:more", "menu:show"]
