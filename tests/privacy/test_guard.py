"""The guard in the router: warn, answer the rest, keep nothing."""

from __future__ import annotations

from adapters.runtime import Runtime
from tests.conftest import Chat
from tests.privacy.conftest import rows

WARNING = "Please do not write personal data here"
MENU = ["queue:start", "employer:on", "language:choose", "menu:end"]


async def test_personal_data_is_warned_about_and_the_rest_is_still_answered(chat: Chat, runtime: Runtime) -> None:
    chat.hint = "en"
    replies = await chat.say("my phone is 040 123 4567, how do I extend my residence permit?")
    assert replies[0].text.startswith(WARNING)
    assert "040" not in replies[0].text
    assert len(replies) >= 2, "the question itself is answered after the warning"
    [(user_text, kinds)] = await rows(runtime, "SELECT user_text, personal_data FROM transcript_turns")
    assert user_text == "my phone is [phone number], how do I extend my residence permit?"
    assert kinds == "phone"


async def test_a_message_of_only_personal_data_gets_the_warning_and_the_menu(chat: Chat) -> None:
    chat.hint = "en"
    replies = await chat.say("matti@example.fi")
    assert len(replies) == 1
    assert replies[0].text.startswith(WARNING)
    assert chat.button_data == MENU


async def test_the_dialog_in_progress_keeps_its_step(chat: Chat) -> None:
    chat.hint = "en"
    await chat.press("menu:end")
    await chat.say("+358 40 1234567")
    assert chat.text.startswith(WARNING)
    await chat.press("feedback:rate.5")
    assert "Would you like to tell us more?" in chat.text


async def test_diary_numbers_and_dates_are_not_warned_about(chat: Chat) -> None:
    chat.hint = "en"
    for text in ("31275/110/2022", "I applied on 3.12.2025 and paid 1 500 €", "00100 Helsinki"):
        await chat.say(text)
        assert WARNING not in chat.text


async def test_bad_input_passes_the_guard(chat: Chat) -> None:
    for text in ("0" * 50_000, "\x00\x01\u202e+358 40 1234567", "<b>a@b.fi</b>", "😀" * 5000, "' OR 1=1; --"):
        assert await chat.say(text)
