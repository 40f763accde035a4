"""Feedback: rating and commenting when the chat ends, and the thumbs under answers."""

from __future__ import annotations

from adapters.runtime import Runtime
from bot.engine import Turn
from dialogs.feedback import answer_feedback_buttons
from tests.conftest import Chat
from tests.privacy.conftest import rows

RATING_BUTTONS = [f"feedback:rate.{n}" for n in range(1, 6)] + ["feedback:skip"]


async def test_end_chat_asks_for_a_rating_then_a_comment_kept_redacted(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    await chat.say("/end")
    assert "How would you rate this chat" in chat.text
    assert chat.button_data == RATING_BUTTONS
    await chat.press_label("4")
    assert "Would you like to tell us more?" in chat.text
    assert chat.button_data == ["feedback:skip"]
    await chat.say("Good, but call me at 040 123 4567 about 31275/110/2022")
    assert "Thank you for your feedback" in chat.text
    assert chat.button_data == ["menu:start"]
    assert await rows(runtime, "SELECT rating, comment, language FROM feedback_ratings") == [
        (4, "Good, but call me at [phone number] about [diary number]", "en")
    ]
    ended = await rows(runtime, "SELECT user_text FROM transcript_turns WHERE ended = 1")
    assert ended == [("/end",)]


async def test_skipping_the_comment_keeps_the_rating(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    await chat.press("menu:end")
    await chat.press("feedback:rate.2")
    await chat.press_label("Skip")
    assert "Thank you for your feedback" in chat.text
    assert await rows(runtime, "SELECT rating, comment FROM feedback_ratings") == [(2, None)]


async def test_skipping_the_rating_keeps_nothing(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    await chat.press("menu:end")
    await chat.press("feedback:skip")
    assert "Thank you for your feedback" in chat.text
    assert await rows(runtime, "SELECT * FROM feedback_ratings") == []


async def test_changing_the_rating_before_commenting_changes_the_same_row(chat: Chat, runtime: Runtime) -> None:
    await chat.press("menu:end")
    await chat.press("feedback:rate.1")
    await chat.press("feedback:rate.5")
    await chat.say("great")
    assert await rows(runtime, "SELECT rating, comment FROM feedback_ratings") == [(5, "great")]


async def test_a_question_instead_of_a_rating_is_answered_and_nothing_is_rated(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    await chat.press("menu:end")
    await chat.say("hello")
    assert "How can I help you?" in chat.text
    await chat.say("thanks")
    assert "Thank you for your feedback" not in chat.text
    assert await rows(runtime, "SELECT * FROM feedback_ratings") == []


async def test_thumbs_count_once_per_user_and_answer_the_latest_winning(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    await chat.press("feedback:up.processing-times")
    assert chat.text == "Thank you for your feedback!"
    await chat.press("feedback:down.processing-times")
    assert "I am sorry the answer did not help" in chat.text
    await Chat(runtime.engine, "someone-else").press("feedback:up.processing-times")
    votes = await rows(runtime, "SELECT topic, vote FROM answer_votes ORDER BY vote")
    assert votes == [("processing-times", -1), ("processing-times", 1)]


async def test_a_vote_does_not_move_the_user(chat: Chat) -> None:
    await chat.press("menu:end")
    await chat.press("feedback:rate.3")
    await chat.press("feedback:up.appeal")
    await chat.say("a comment after all")
    assert "Thank you for your feedback" in chat.text


async def test_forged_or_stale_feedback_buttons_are_refused(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    for data in ("feedback:up.", "feedback:up.DROP TABLE", "feedback:rate.9", "feedback:rate.x", "feedback:zzz"):
        await chat.press(data)
        assert "no longer in use" in chat.text
    assert await rows(runtime, "SELECT * FROM answer_votes") == []
    assert await rows(runtime, "SELECT * FROM feedback_ratings") == []


async def test_the_buttons_for_the_faq_dialog(runtime: Runtime) -> None:
    from bot.core import Incoming, Session

    turn = Turn(Incoming("test", "c", "u"), Session(), runtime.app.locales.get("en"), runtime.app.locales)
    [[up, down]] = answer_feedback_buttons(turn, "queue-position")
    assert (up.label, up.data) == ("👍", "feedback:up.queue-position")
    assert (down.label, down.data) == ("👎", "feedback:down.queue-position")
    assert len(down.data.encode()) <= 64  # Telegram's callback data limit
