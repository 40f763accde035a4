"""The whole bot through python-telegram-bot and the fake Bot API, over HTTP."""

from __future__ import annotations

from collections.abc import Callable

from adapters.runtime import Runtime
from adapters.telegram.commands import COMMANDS
from bot.core import Incoming
from tests.telegram.conftest import TelegramUser
from tests.telegram.fake_bot_api import FakeBotApi

MakeUser = Callable[..., TelegramUser]
FALLBACK = "Sorry, I did not understand that."


async def expected_texts(runtime: Runtime, text: str, language: str) -> list[str]:
    """What the engine itself answers a fresh user, to compare with what Telegram got."""
    replies = await runtime.engine.handle(Incoming("expected", language, language, text, language_hint=language))
    return [reply.text for reply in replies]


async def test_start_shows_the_menu_as_an_inline_keyboard(user: MakeUser, telegram_runtime: Runtime) -> None:
    alice = user(1001)
    replies = await alice.say("/start", expect=2)
    assert [r.text for r in replies] == await expected_texts(telegram_runtime, "/start", "en")
    assert all(r.parse_mode == "HTML" for r in replies)
    # The keyboard is on the last message only, the menu's actions as callback data.
    assert replies[0].buttons == []
    assert {"queue:start", "employer:on", "language:choose", "menu:end"} <= set(replies[1].button_data)


async def test_every_button_press_is_answered_and_the_flow_goes_on(user: MakeUser, fake_api: FakeBotApi) -> None:
    alice = user(1002)
    await alice.say("/start", expect=2)
    choose = await alice.press("language:choose")
    assert {"language:set.fi", "language:set.en"} <= set(choose[0].button_data)
    finnish = await alice.press("language:set.fi")
    assert finnish[0].text != choose[0].text
    assert len(fake_api.callback_answers) == 2
    # The choice holds though the user's app speaks English.
    again = await alice.say("/start", expect=2)
    assert "employer:on" in again[1].button_data
    assert again[1].button_labels != (await user(1003).say("/start", expect=2))[1].button_labels


async def test_language_comes_from_the_telegram_language_code(user: MakeUser, telegram_runtime: Runtime) -> None:
    finnish = await user(1004, language_code="fi").say("/start", expect=2)
    english = await user(1005, language_code="en-GB").say("/start", expect=2)
    assert [r.text for r in finnish] == await expected_texts(telegram_runtime, "/start", "fi")
    assert [r.text for r in english] == await expected_texts(telegram_runtime, "/start", "en")
    assert finnish[0].text != english[0].text


async def test_employer_mode_sticks_to_the_conversation(user: MakeUser) -> None:
    boss = user(1006)
    await boss.say("/employer")
    menu = await boss.say("/start", expect=2)
    assert "employer:off" in menu[1].button_data
    await boss.press("employer:off")
    menu = await boss.say("/start", expect=2)
    assert "employer:on" in menu[1].button_data


async def test_a_question_gets_an_answer(user: MakeUser) -> None:
    # Depends on the FAQ (issue 3): any answer but the "did not understand" fallback.
    asker = user(1007)
    answer = await asker.say("How do I extend my residence permit?")
    assert answer[0].text.strip()
    assert FALLBACK not in answer[0].text


async def test_the_queue_flow_asks_for_the_diary_number_and_answers_it(user: MakeUser) -> None:
    # Depends on the queue dialog (issue 4): the prompt, then an answer to the number.
    waiting = user(1008)
    await waiting.say("/start", expect=2)
    prompt = await waiting.press("queue:start")
    assert "diary number" in prompt[0].text.lower()
    answer = await waiting.say("My number is 1234/110/2024")
    assert answer[0].text != prompt[0].text
    assert FALLBACK not in answer[0].text


async def test_html_in_user_text_is_never_sent_unescaped(user: MakeUser, fake_api: FakeBotApi) -> None:
    mischief = user(1009)
    for text in ("<b>&\"'", "</i><a href='x'>", "&amp; &#0; <<<>>>", "<script>alert(1)</script>"):
        await mischief.say(text)
    # The fake server refuses bad HTML like Telegram, so each reply parsed.
    for sent in fake_api.sent_to(1009):
        assert "<b>" not in sent.html and "<script>" not in sent.html and "<a " not in sent.html


async def test_commands_are_registered_in_every_language(
    telegram_bot: object, fake_api: FakeBotApi, telegram_runtime: Runtime
) -> None:
    names = [name for name, _ in COMMANDS]
    assert {"start", "help", "queue", "employer", "language", "end", "privacy"} == set(names)
    for code in [*telegram_runtime.app.locales.codes, ""]:
        registered = fake_api.commands[("default", code)]
        assert [c["command"] for c in registered] == names
        assert all(c["description"] for c in registered)


async def test_every_command_answers(user: MakeUser) -> None:
    someone = user(1010)
    for name, _ in COMMANDS:
        replies = await someone.say(f"/{name}", expect=2 if name == "start" else 1)
        assert all(reply.text.strip() for reply in replies)


async def test_bad_input_never_crashes(user: MakeUser) -> None:
    tester = user(1011)
    for text in ("", " ", "\x00\x07\u202e", "🙂" * 50, "ה" * 300, "x" * 50_000, "'; DROP TABLE sessions; --"):
        replies = await tester.say(text or "\u200b")
        assert replies[0].text.strip()
