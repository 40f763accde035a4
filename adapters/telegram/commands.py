"""The bot's commands, registered with Telegram in every installed language.

Telegram shows the list from setMyCommands in the "/" menu, choosing the list
by the user's app language. The default list (no language_code) is in the
bot's default language; each locale adds its own. The router already maps
`/start` and the rest to actions, so this module only advertises them.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.i18n import N_
from bot.locales import Locale, Locales

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", N_("Start over and show the main menu")),
    ("help", N_("What I can do and how to ask")),
    ("queue", N_("My place in the queue")),
    ("employer", N_("Advice for employers")),
    ("language", N_("Change the language")),
    ("end", N_("End the chat")),
    ("privacy", N_("How this chat handles your data")),
)


def bot_commands(locale: Locale) -> list[BotCommand]:
    return [BotCommand(name, locale.translator.gettext(description)) for name, description in COMMANDS]


async def register_commands(bot: Bot, locales: Locales) -> None:
    """Publish the command menu; a failure is logged, never fatal."""
    try:
        await bot.set_my_commands(bot_commands(locales.get(locales.default)), scope=BotCommandScopeDefault())
        for locale in locales:
            # Telegram wants a two-letter ISO 639-1 code: pt_BR is listed as pt.
            code = locale.code.replace("-", "_").split("_")[0]
            await bot.set_my_commands(bot_commands(locale), scope=BotCommandScopeDefault(), language_code=code)
    except TelegramError as error:
        log.warning("could not register the bot's commands with Telegram: %s", error)
