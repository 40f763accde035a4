"""Transcripts: one redacted row per turn, with the topic, confidence and fallback the dialogs noted."""

from __future__ import annotations

from adapters.runtime import Runtime
from bot.core import Incoming
from bot.engine import Engine, Turn
from bot.privacy.pseudonym import Pseudonyms
from bot.transcripts import Transcripts
from dialogs.base import Dialog
from dialogs.router import Router
from tests.privacy.conftest import rows


class AnsweringDialog(Dialog):
    name = "answer"

    async def on_button(self, turn: Turn, argument: str) -> None:
        raise RuntimeError("a broken step")

    async def on_free_text(self, turn: Turn) -> bool:
        if "permit" not in turn.text:
            return False
        turn.notes.update(topic="extended-permit", confidence=0.83)
        turn.say("Apply before it expires. Call 0295 419 600 or see 1234/110/2024.")
        return True


async def test_a_turn_is_recorded_redacted_with_what_the_dialogs_noted(runtime: Runtime) -> None:
    router = Router([AnsweringDialog()], Transcripts(Pseudonyms(b"k" * 32), clock=lambda: 1000.0))
    engine = Engine(runtime.app.store, runtime.app.locales, router)
    await engine.handle(Incoming("test", "c", "u", "extend permit? a@b.fi", language_hint="en"))
    await engine.handle(Incoming("test", "c", "u", "blah blah", language_hint="en"))
    await engine.handle(Incoming("test", "c", "u", "", "answer:x", "en"))
    recorded = await rows(
        runtime,
        "SELECT at, language, user_text, button, bot_text, topic, confidence, fallback, personal_data "
        "FROM transcript_turns ORDER BY id",
    )
    first, fallback, failed = recorded
    assert first[:4] == (1000.0, "en", "extend permit? [e-mail address]", None)
    assert first[4].startswith("Please do not write personal data")
    assert first[4].endswith("Call [phone number] or see [diary number].")
    assert first[5:] == ("extended-permit", 0.83, 0, "email")
    assert fallback[2] == "blah blah" and fallback[5:] == (None, None, 1, None)
    assert failed[3] == "answer:x" and "something went wrong" in failed[4]
    keys = await rows(runtime, "SELECT DISTINCT user_key FROM transcript_turns")
    assert keys == [(Pseudonyms(b"k" * 32).user("test", "u"),)]
    assert keys[0][0] != b"u"
