"""Content updates without downtime: reload takes good content and refuses bad."""

from __future__ import annotations

from pathlib import Path

from adapters.runtime import open_runtime
from bot import config
from tests.conftest import Chat


async def test_a_broken_reload_keeps_the_old_content(edited_settings: config.Settings, locales_dir: Path) -> None:
    async with open_runtime(edited_settings) as runtime:
        chat = Chat(runtime.engine, hint="en")
        await chat.press("faq:appeal")
        old = chat.text
        path = locales_dir / "en" / "faq.toml"
        path.write_text(
            path.read_text(encoding="utf-8").replace('title = "Appealing', "title = 42 #"), encoding="utf-8"
        )
        problems = runtime.app.faq.reload()
        assert problems and "en/faq.toml" in problems[0] and "topic 'appeal'" in problems[0]
        assert "field 'title'" in problems[0]
        await chat.press("faq:appeal")
        assert chat.text == old
        await chat.say("how do I appeal a negative decision")
        assert chat.text == old


async def test_a_good_reload_serves_the_new_answer(edited_settings: config.Settings, locales_dir: Path) -> None:
    async with open_runtime(edited_settings) as runtime:
        path = locales_dir / "fi" / "faq.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("voit valittaa siitä hallinto-oikeuteen", "voit valittaa UUSI"), encoding="utf-8")
        assert runtime.app.faq.reload() == []
        chat = Chat(runtime.engine, hint="fi")
        await chat.press("faq:appeal")
        assert "voit valittaa UUSI" in chat.text
