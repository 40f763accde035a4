"""Replies as JSON, for the replies kept until an adapter confirms delivery."""

from __future__ import annotations

import json

from bot.core import Button, Outgoing


def replies_to_json(replies: list[Outgoing]) -> str:
    return json.dumps(
        [{"text": r.text, "buttons": [[[b.label, b.data] for b in row] for row in r.buttons]} for r in replies],
        ensure_ascii=False,
    )


def replies_from_json(text: str) -> list[Outgoing]:
    return [
        Outgoing(
            item["text"],
            tuple(tuple(Button(label, data) for label, data in row) for row in item["buttons"]),
        )
        for item in json.loads(text)
    ]
