"""Groups: the bot speaks only when addressed, or not at all when told to."""

from __future__ import annotations

from adapters.telegram import TelegramAdapter
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import BOT_USERNAME, FakeBotApi

GROUP = -100_777


async def all_handled(api: FakeBotApi) -> None:
    # An update is confirmed only after the bot handled it (see adapters/telegram/confirm.py).
    await api.wait_for(lambda: not api.updates)


async def test_in_a_group_only_mentions_replies_and_addressed_commands_are_answered(
    telegram_bot: TelegramAdapter, fake_api: FakeBotApi
) -> None:
    fake_api.message(GROUP, "hello everyone", user_id=2001, chat_type="supergroup")
    fake_api.message(GROUP, "/help", user_id=2001, chat_type="supergroup")
    fake_api.message(GROUP, "/help@some_other_bot", user_id=2001, chat_type="supergroup")
    await all_handled(fake_api)
    assert fake_api.sent_to(GROUP) == []

    fake_api.message(GROUP, f"@{BOT_USERNAME} hello", user_id=2001, chat_type="supergroup")
    [greeting] = await fake_api.wait_sent(GROUP, 1)
    fake_api.message(GROUP, f"/help@{BOT_USERNAME}", user_id=2002, chat_type="supergroup")
    await fake_api.wait_sent(GROUP, 2)
    fake_api.message(GROUP, "in English please", user_id=2001, chat_type="supergroup", reply_to=greeting)
    await fake_api.wait_sent(GROUP, 3)
    await all_handled(fake_api)
    assert len(fake_api.sent_to(GROUP)) == 3


async def test_buttons_work_in_groups(telegram_bot: TelegramAdapter, fake_api: FakeBotApi) -> None:
    fake_api.message(GROUP, f"/start@{BOT_USERNAME}", user_id=2003, chat_type="group")
    menu = (await fake_api.wait_sent(GROUP, 2))[-1]
    fake_api.press(menu, "language:choose", user_id=2003)
    choose = (await fake_api.wait_sent(GROUP, 3))[-1]
    assert "language:set.fi" in choose.button_data


async def test_groups_can_be_ignored(start_bot: StartBot, fake_api: FakeBotApi) -> None:
    await start_bot(KAMU_TELEGRAM_GROUPS="ignore")
    fake_api.message(GROUP, f"@{BOT_USERNAME} hello", user_id=2004, chat_type="supergroup")
    fake_api.message(GROUP, f"/start@{BOT_USERNAME}", user_id=2004, chat_type="supergroup")
    fake_api.message(2004, "/start")
    await fake_api.wait_sent(2004, 2)
    await all_handled(fake_api)
    assert fake_api.sent_to(GROUP) == []
