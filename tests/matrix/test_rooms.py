"""In a room with more people the bot answers only when addressed, and says whom it answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matrix_peers import Bot, Human, in_reply_to, numbered_labels

Humans = Callable[..., Any]


async def group(bot: Bot, make_human: Humans) -> tuple[str, Human, Human]:
    alice, bob = await make_human(), await make_human()
    room = await alice.room([bot.user_id, bob.user_id])
    assert await alice.joined(room, bot.user_id)
    await bob.client.join(room)
    assert await alice.joined(room, bob.user_id)
    return room, alice, bob


async def test_only_mentions_are_answered_with_the_mention_cut_off(bot: Bot, make_human: Humans) -> None:
    room, alice, bob = await group(bot, make_human)
    localpart = bot.user_id[1:].split(":")[0]
    pill = f'<a href="https://matrix.to/#/{bot.user_id}">{localpart}</a>: in English please'
    addressed = [
        await alice.send(room, f"{bot.user_id} menu"),
        await bob.send(room, f"{localpart}, menu"),
        await alice.send(room, f"{localpart}: menu", format="org.matrix.custom.html", formatted_body=pill),
        await bob.send(room, "menu", **{"m.mentions": {"user_ids": [bot.user_id]}}),
    ]
    ignored = [
        await alice.send(room, "menu"),
        await bob.send(room, f"the {localpart}s are nice"),
    ]
    marker = await alice.send(room, f"{localpart.upper()} help")
    answered: list[str | None] = []
    while marker not in answered:
        notice = await alice.next_notice(room)
        answered.append(in_reply_to(notice))
    assert set(answered) == {*addressed, marker}
    assert not set(ignored) & set(answered)


async def test_a_bare_mention_shows_the_menu_and_buttons_are_per_user(bot: Bot, make_human: Humans) -> None:
    room, alice, bob = await group(bot, make_human)
    await alice.send(room, f"{bot.user_id}: in English please")
    menu = await alice.turn(room)
    assert "My queue position" in numbered_labels(menu)
    await alice.send(room, bot.user_id)
    shown = await alice.turn(room)
    assert "My queue position" in numbered_labels(shown)
    assert shown[0].source["content"]["m.mentions"] == {"user_ids": [alice.user_id]}
    # Bob never saw buttons of his own, so his "2" is plain text, not Alice's button.
    await bob.send(room, f"{bot.user_id} 2")
    await bob.turn(room)
    assert (await bot.session(room, bob.user_id)).mode == "default"
    await alice.send(room, f"{bot.user_id} 2")
    await alice.turn(room)
    assert (await bot.session(room, alice.user_id)).mode == "employer"


async def test_edits_and_redactions_are_not_answered(bot: Bot, make_human: Humans) -> None:
    room, alice, _ = await group(bot, make_human)
    first = await alice.send(room, f"{bot.user_id} menu")
    assert in_reply_to(await alice.next_notice(room)) == first
    await alice.send(
        room,
        f"* {bot.user_id} help",
        **{
            "m.new_content": {"msgtype": "m.text", "body": f"{bot.user_id} help"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": first},
        },
    )
    await alice.client.room_redact(room, first)
    marker = await alice.send(room, f"{bot.user_id} menu")
    assert in_reply_to(await alice.next_notice(room)) == marker


async def test_the_bot_never_answers_itself_or_other_bots(bot: Bot, make_human: Humans) -> None:
    room, alice, _ = await group(bot, make_human)
    await alice.client.room_send(room, "m.room.message", {"msgtype": "m.notice", "body": f"{bot.user_id} menu"})
    marker = await alice.send(room, f"{bot.user_id} menu")
    notice = await alice.next_notice(room)
    assert in_reply_to(notice) == marker
    # Its own notice mentions nobody but Alice, so it does not wake itself up either.
    marker = await alice.send(room, f"{bot.user_id} help")
    assert in_reply_to(await alice.next_notice(room)) == marker
