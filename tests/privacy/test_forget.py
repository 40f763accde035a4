"""`/forget` and the privacy answer's button: the user's data goes at once."""

from __future__ import annotations

from pathlib import Path

from adapters.runtime import Runtime
from bot.core import Incoming
from bot.privacy.pseudonym import Pseudonyms
from bot.queue.keys import load_key
from tests.conftest import Chat
from tests.privacy.conftest import rows

MARKER = "zebracornflakeunique"


async def _leave_traces(chat: Chat) -> None:
    await chat.press("language:set.en")
    await chat.say(f"what about {MARKER} permits?")
    await chat.press("feedback:down.appeal")
    await chat.press("menu:end")
    await chat.press("feedback:rate.3")
    await chat.say(f"comment {MARKER}")


async def _counts(runtime: Runtime, user: str) -> dict[str, int]:
    key = Pseudonyms(load_key(runtime.app.settings)).user("test", user)
    counts = {}
    for table in ("transcript_turns", "feedback_ratings", "answer_votes"):
        [(counts[table],)] = await rows(runtime, f"SELECT count(*) FROM {table} WHERE user_key = ?", (key,))
    [(counts["sessions"],)] = await rows(runtime, "SELECT count(*) FROM sessions WHERE user = ?", (user,))
    return counts


async def test_forget_deletes_everything_about_the_user_at_once(runtime: Runtime) -> None:
    me, other = Chat(runtime.engine, "me"), Chat(runtime.engine, "other")
    await _leave_traces(me)
    await _leave_traces(other)
    assert all(await _counts(runtime, "me"))
    await me.say("/forget")
    assert "I deleted our conversations, your feedback and your settings" in me.text
    assert await _counts(runtime, "me") == {
        "transcript_turns": 0,
        "feedback_ratings": 0,
        "answer_votes": 0,
        "sessions": 0,
    }
    assert all((await _counts(runtime, "other")).values())
    # The next message starts afresh, and is recorded again.
    me.hint = "fi"
    await me.say("hei")
    assert "Hei" in me.text
    assert (await _counts(runtime, "me"))["transcript_turns"] == 1


async def test_forgotten_text_is_overwritten_in_the_file(runtime: Runtime) -> None:
    me = Chat(runtime.engine, "me")
    await _leave_traces(me)
    await me.say("/forget")
    await runtime.app.store.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    database = Path(runtime.app.settings.database)
    assert MARKER.encode() not in database.read_bytes()


async def test_the_privacy_button_asks_first(runtime: Runtime, chat: Chat) -> None:
    chat.hint = "en"
    await _leave_traces(chat)
    await chat.press("privacy:ask")
    assert "This cannot be undone" in chat.text
    assert chat.button_data == ["privacy:forget", "privacy:keep"]
    await chat.press_label("No, keep it")
    assert "Nothing was deleted" in chat.text
    assert all((await _counts(runtime, "u1")).values())
    await chat.press("privacy:ask")
    await chat.press_label("Yes, delete my data")
    assert "I deleted" in chat.text
    assert not any((await _counts(runtime, "u1")).values())


async def test_forget_button_for_the_privacy_answer(runtime: Runtime) -> None:
    from bot.core import Incoming, Session
    from bot.engine import Turn
    from dialogs.privacy import forget_button

    turn = Turn(Incoming("test", "c", "u"), Session(), runtime.app.locales.get("en"), runtime.app.locales)
    assert forget_button(turn).data == "privacy:ask"


async def test_other_features_can_add_what_they_keep(runtime: Runtime) -> None:
    from bot.core import Incoming
    from bot.engine import Engine
    from dialogs.privacy import PrivacyDialog
    from dialogs.router import Router

    asked: list[tuple[str, str]] = []

    def forget_extra(platform: str, user: str) -> list[tuple[str, tuple[object, ...]]]:
        asked.append((platform, user))
        return [("DELETE FROM adapter_state WHERE platform = ? AND name = ?", ("extra", user))]

    await runtime.app.store.set_state("extra", "me", "something kept")
    pseudonyms = Pseudonyms(b"k" * 32)
    engine = Engine(runtime.app.store, runtime.app.locales, Router([PrivacyDialog(pseudonyms, [forget_extra])]))
    await engine.handle(Incoming("test", "me", "me", "", "privacy:forget"))
    assert asked == [("test", "me")]
    assert await runtime.app.store.get_state("extra", "me") is None


async def test_forgotten_sessions_in_other_chats_do_not_come_back_from_the_cache(runtime: Runtime) -> None:
    engine = runtime.engine
    await engine.handle(Incoming("telegram", "group", "u", "", "language:set.en", event_id="1"))
    await engine.handle(Incoming("telegram", "group", "u", "", "employer:on", event_id="2"))
    await engine.handle(Incoming("telegram", "u", "u", "/forget", event_id="3"))
    await engine.handle(Incoming("telegram", "group", "u", "moi", event_id="4"))
    session = await engine.store.load_session(Incoming("telegram", "group", "u").key)
    assert session is not None
    assert (session.mode, session.language_chosen) == ("default", False)
