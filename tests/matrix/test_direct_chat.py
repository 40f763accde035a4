"""A direct chat with the bot on a real Synapse: invites, the menu, FAQ, employer mode, the queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from matrix_peers import Bot, Human, number_of, numbered_labels

Humans = Callable[..., Any]


async def english_chat(bot: Bot, human: Human) -> tuple[str, list[Any]]:
    """A direct chat past the greeting, switched to English; returns the room and the menu."""
    room = await human.room([bot.user_id], direct=True)
    await human.turn(room)  # the greeting
    menu = await human.ask(room, "in English please")
    menu = await human.ask(room, "menu")
    assert "My queue position" in numbered_labels(menu), menu[-1].body
    return room, menu


async def test_an_invite_is_accepted_and_the_bot_greets_with_numbered_buttons(bot: Bot, make_human: Humans) -> None:
    human = await make_human()
    room = await human.room([bot.user_id], direct=True)
    greeting = await human.turn(room)
    assert await human.membership(room, bot.user_id) == "join"
    for notice in greeting:
        content = notice.source["content"]
        assert content["msgtype"] == "m.notice"
        assert content["format"] == "org.matrix.custom.html"
        assert content["formatted_body"]
    labels = numbered_labels(greeting)
    assert len(labels) >= 3
    html = greeting[-1].source["content"]["formatted_body"]
    assert "<ol>" in html
    assert html.count("<li>") == len(labels)


async def test_an_invite_from_outside_the_allowlist_is_refused(
    make_bot: Callable[..., Bot], make_human: Humans
) -> None:
    friend, stranger = await make_human(), await make_human()
    bot = make_bot(KAMU_MATRIX_ALLOWED_INVITERS=f"{friend.user_id}, example.org")
    await bot.start()
    refused = await stranger.room([bot.user_id], direct=True)
    accepted = await friend.room([bot.user_id], direct=True)
    await friend.turn(accepted)  # the greeting: the friend's invite was handled
    assert await stranger.membership(refused, bot.user_id) == "leave"
    assert await friend.membership(accepted, bot.user_id) == "join"


async def test_the_menu_answers_numbers_and_labels(bot: Bot, make_human: Humans) -> None:
    human = await make_human()
    room, _ = await english_chat(bot, human)
    languages = await human.ask(room, "LANGUAGE")  # a label, in any case
    assert "suomi" in numbered_labels(languages)
    await human.ask(room, number_of(languages, "suomi"))  # a number
    assert (await bot.session(room, human.user_id)).language == "fi"
    await human.ask(room, "in English please")
    assert (await bot.session(room, human.user_id)).language == "en"
    # A number with no button behind it is ordinary text, not a crash.
    assert await human.ask(room, "99")
    again = await human.ask(room, "menu")
    assert "My queue position" in numbered_labels(again)


async def test_a_question_gets_an_answer(bot: Bot, make_human: Humans) -> None:
    human = await make_human()
    room, _ = await english_chat(bot, human)
    answer = await human.ask(room, "How do I extend my residence permit?")
    assert answer and all(notice.body.strip() for notice in answer)
    finnish = await human.ask(room, "Miten haen jatkolupaa?")
    assert finnish and all(notice.body.strip() for notice in finnish)


async def test_employer_mode_is_switched_by_its_button(bot: Bot, make_human: Humans) -> None:
    human = await make_human()
    room, menu = await english_chat(bot, human)
    on = await human.ask(room, number_of(menu, "I am an employer"))
    assert on
    assert (await bot.session(room, human.user_id)).mode == "employer"
    menu = await human.ask(room, "menu")
    await human.ask(room, number_of(menu, "Leave employer mode"))
    assert (await bot.session(room, human.user_id)).mode == "default"


async def test_the_queue_flow_by_number_then_a_diary_number(bot: Bot, make_human: Humans) -> None:
    human = await make_human()
    room, menu = await english_chat(bot, human)
    asked = await human.ask(room, number_of(menu, "My queue position"))
    assert asked
    # Depends on the queue dialog (issue 4): it waits for the diary number.
    assert (await bot.session(room, human.user_id)).dialog == "queue"
    # Not the prompt's own example number, which the bot's reply holds.
    answer = await human.ask(room, "31275/110/2024")
    assert answer and answer[0].body.strip()
    assert not answer[0].body.startswith("Sorry, I did not understand")
    # Privacy: the diary number is not kept in plain text anywhere in the database.
    for path in Path(bot.directory).glob("kamu.db*"):
        assert b"31275/110/2024" not in path.read_bytes()
