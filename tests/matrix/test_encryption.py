"""Encrypted direct chats and rooms: the human's client is nio with end-to-end encryption too."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from matrix_peers import Bot, in_reply_to, numbered_labels

Humans = Callable[..., Any]


def raw_history(bot: Bot, token: str, room: str) -> list[dict[str, Any]]:
    """The room's events as the homeserver stores them (nio would decrypt them)."""
    url = f"{bot.homeserver.url}/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/messages?dir=b&limit=100"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return list(json.load(response)["chunk"])


async def test_an_encrypted_direct_chat(bot: Bot, make_human: Humans) -> None:
    human = await make_human(encrypted=True)
    room = await human.room([bot.user_id], direct=True, encrypted=True)
    greeting = await human.turn(room)  # decrypted by the human's client
    assert numbered_labels(greeting)
    menu = await human.ask(room, "in English please")
    assert "My queue position" in numbered_labels(menu)
    # The homeserver holds ciphertext only, the bot's notices included.
    history = raw_history(bot, human.user.access_token, room)
    types = {event["type"] for event in history if event["sender"] == bot.user_id}
    assert "m.room.encrypted" in types and "m.room.message" not in types
    # Trust on first use: the bot trusted the human's device.
    assert bot.adapter is not None and bot.adapter.client is not None
    device = bot.adapter.client.device_store[human.user_id][human.client.device_id]
    assert bot.adapter.client.olm.is_device_verified(device)


async def test_an_encrypted_room_with_two_people(bot: Bot, make_human: Humans) -> None:
    alice, bob = await make_human(encrypted=True), await make_human(encrypted=True)
    room = await alice.room([bot.user_id, bob.user_id], encrypted=True)
    assert await alice.joined(room, bot.user_id)
    await bob.client.join(room)
    assert await alice.joined(room, bob.user_id)
    asked = await alice.send(room, "ignored: no mention")
    asked = await alice.send(room, f"{bot.user_id} in English please")
    notice = await alice.next_notice(room)
    assert in_reply_to(notice) == asked
    # Bob reads the same encrypted answer.
    assert (await bob.next_notice(room)).body == notice.body
    asked = await bob.send(room, f"{bot.user_id}: menu")
    assert in_reply_to(await bob.next_notice(room)) == asked


async def test_trust_none_still_answers(make_bot: Callable[..., Bot], make_human: Humans) -> None:
    bot = make_bot(KAMU_MATRIX_TRUST="none")
    await bot.start()
    human = await make_human(encrypted=True)
    room = await human.room([bot.user_id], direct=True, encrypted=True)
    assert numbered_labels(await human.turn(room))
    assert bot.adapter is not None and bot.adapter.client is not None
    device = bot.adapter.client.device_store[human.user_id][human.client.device_id]
    assert not bot.adapter.client.olm.is_device_verified(device)
