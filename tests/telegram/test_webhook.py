"""Webhook mode: Telegram POSTs updates, and only with the right secret token."""

from __future__ import annotations

import socket
import time

from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "s3cret-Token_for-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def forged_update(update_id: int, chat_id: int, text: str) -> dict[str, object]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Mallory"}
    return {
        "update_id": update_id,
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                    "from": user, "text": text},
    }  # fmt: skip


async def test_webhook_mode_answers_updates_posted_with_the_secret(start_bot: StartBot, fake_api: FakeBotApi) -> None:
    port = free_port()
    await start_bot(
        KAMU_TELEGRAM_MODE="webhook",
        KAMU_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/hooks/telegram",
        KAMU_TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        KAMU_TELEGRAM_WEBHOOK_PORT=str(port),
        KAMU_TELEGRAM_WEBHOOK_PATH="/hooks/telegram",
        KAMU_TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    assert fake_api.webhook is not None and fake_api.webhook.secret == SECRET

    fake_api.message(6001, "/start")
    menu = (await fake_api.wait_sent(6001, 2))[-1]
    fake_api.press(menu, "language:choose")
    await fake_api.wait_sent(6001, 3)
    assert fake_api.webhook.statuses == [200, 200]
    assert fake_api.calls["getUpdates"] == 0

    # Anyone who learns the URL can POST; without the secret nothing happens.
    assert await fake_api.post_to_webhook(forged_update(9001, 6002, "/start"), "wrong-secret") == 403
    assert await fake_api.post_to_webhook(forged_update(9002, 6002, "/start"), None) == 403
    fake_api.message(6002, "/help")
    await fake_api.wait_sent(6002, 1)
    await fake_api.wait_for(lambda: not fake_api.updates)
    assert len(fake_api.sent_to(6002)) == 1
