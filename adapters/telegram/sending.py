"""Sending replies so that none is lost to a flaky network or a busy server.

Telegram's 429 answers are waited out by PTB's AIORateLimiter (it honours
`retry_after`); this module retries what the rate limiter does not: network
errors and 5xx answers, with exponential backoff. A permanent refusal (the
user blocked the bot, the chat is gone) is not retried: the reply can never
arrive, and trying again at every restart would only repeat the refusal.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter

from adapters.telegram.render import Part

log = logging.getLogger(__name__)


class Undeliverable(Exception):
    """Telegram refused the message for good; retrying cannot help."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 8
    first_delay: float = 0.5
    max_delay: float = 15.0

    def delays(self) -> list[float]:
        return [min(self.first_delay * 2**n, self.max_delay) for n in range(self.attempts - 1)]


async def send_part(bot: Bot, chat_id: str, part: Part, policy: RetryPolicy) -> None:
    """Send one part; raises Undeliverable, or NetworkError once retries run out."""
    parse_mode: str | None = ParseMode.HTML
    text = part.html
    delays = policy.delays()
    while True:
        try:
            await bot.send_message(chat_id, text, parse_mode=parse_mode, reply_markup=part.keyboard)
            return
        except (Forbidden, InvalidToken, ChatMigrated) as error:
            raise Undeliverable(type(error).__name__) from error
        except BadRequest as error:
            # Escaping makes this unreachable in theory; if Telegram still
            # cannot parse the HTML, the words matter more than the markup.
            if parse_mode is not None and "parse entities" in error.message.lower():
                log.error("Telegram could not parse a reply's HTML; sending it as plain text")
                parse_mode, text = None, part.plain
                continue
            raise Undeliverable(error.message) from error
        # Timeouts, 5xx answers, and a 429 the rate limiter gave up waiting on
        # (its next attempt goes through the limiter again, which waits).
        except (NetworkError, RetryAfter) as error:
            if not delays:
                raise
            delay = delays.pop(0)
            log.warning("sending to Telegram failed (%s); retrying in %.1f s", error.message, delay)
            await asyncio.sleep(delay)
