"""Every path of the foundation dialogs, in Finnish and English, through the engine."""

from __future__ import annotations

import pytest

from tests.conftest import Chat

MENU = ["queue:start", "employer:on", "language:choose", "menu:end"]


@pytest.mark.parametrize(
    ("hint", "greeting", "warning"),
    [("en", "I am Kamu", "Never write personal data"), ("fi", "Olen Kamu", "Älä koskaan kirjoita")],
)
async def test_start_greets_warns_about_personal_data_and_shows_the_menu(
    chat: Chat, hint: str, greeting: str, warning: str
) -> None:
    chat.hint = hint
    await chat.say("/start")
    assert greeting in chat.text and warning in chat.text
    assert chat.button_data == MENU


async def test_help_explains_and_keeps_the_menu(chat: Chat) -> None:
    chat.hint = "en"
    await chat.say("/help")
    assert "general advice only" in chat.text
    assert chat.button_data == MENU
    await chat.say("help")
    assert "general advice only" in chat.text


async def test_cancel_from_inside_a_dialog_returns_to_the_menu(chat: Chat) -> None:
    chat.hint = "en"
    await chat.press("language:choose")
    assert chat.button_data == ["language:set.fi", "language:set.en"]
    await chat.say("cancel")
    assert chat.text.startswith("Cancelled.")
    assert chat.button_data == MENU
    await chat.say("peruuta")
    assert chat.text.startswith("Cancelled.")


async def test_menu_and_end_chat(chat: Chat) -> None:
    chat.hint = "fi"
    await chat.say("valikko")
    assert chat.text == "Mitä haluaisit tehdä?"
    await chat.press_label("Lopeta keskustelu")
    assert "Kiitos keskustelusta" in chat.text
    assert chat.button_data == [f"feedback:rate.{n}" for n in range(1, 6)] + ["feedback:skip"]
    await chat.say("/end")
    assert "Kiitos keskustelusta" in chat.text


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Hello!", "Hello! How can I help you?"),
        ("thank you very much", "You are welcome!"),
        ("bye", "Goodbye"),
        ("moi", "Hei! Miten voin auttaa?"),
        ("Kiitos paljon!", "Ole hyvä!"),
        ("näkemiin", "Näkemiin"),
    ],
)
async def test_small_talk_in_both_languages(chat: Chat, text: str, answer: str) -> None:
    await chat.say(text)
    assert chat.text.startswith(answer)


async def test_language_switch_by_button(chat: Chat) -> None:
    chat.hint = "fi"
    await chat.say("/start")
    await chat.press_label("Kieli / Language")
    await chat.press_label("English")
    assert chat.text.startswith("I will speak English")
    await chat.say("moi")  # a Finnish greeting no longer switches back
    assert chat.text == "Hello! How can I help you?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in English please", "I will speak English"),
        ("In English, please!", "I will speak English"),
        ("suomeksi kiitos", "Puhun kanssasi tästä lähtien suomea"),
        ("Suomeksi", "Puhun kanssasi tästä lähtien suomea"),
    ],
)
async def test_language_switch_by_free_text(chat: Chat, text: str, expected: str) -> None:
    await chat.say(text)
    assert chat.text.startswith(expected)


async def test_not_understood_gets_a_polite_answer_and_the_menu(chat: Chat) -> None:
    chat.hint = "en"
    await chat.say("qwzx vbnm plokij")
    assert "did not understand" in chat.text or "cannot answer that" in chat.text
    assert set(MENU) <= set(chat.button_data)


async def test_unknown_command_shows_help(chat: Chat) -> None:
    chat.hint = "en"
    await chat.say("/nonsense")
    assert "general advice only" in chat.text


async def test_a_stale_button_gets_the_menu(chat: Chat) -> None:
    chat.hint = "en"
    await chat.press("retired-dialog:whatever")
    assert "no longer in use" in chat.text
    assert chat.button_data == MENU


async def test_an_empty_message_asks_for_text(chat: Chat) -> None:
    chat.hint = "en"
    await chat.say("   \u0000\u0007 ")
    assert "only read text" in chat.text


@pytest.mark.parametrize("typed", ["²", "①", "٣", "1²", "9999999"])
async def test_digits_that_are_not_plain_numbers_press_no_button(chat: Chat, typed: str) -> None:
    from adapters.console import ConsoleChat

    chat.hint = "en"
    console = ConsoleChat(chat.engine)
    await console.send(button="menu:start")
    assert console.button_for(typed) is None
    assert console.button_for("1") is not None
    await chat.press(f"feedback:rate.{typed}")
    assert "no longer in use" in chat.text
