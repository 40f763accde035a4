"""Telegram through python-telegram-bot: polling or webhook, in the shared event loop."""

from adapters.telegram.adapter import TelegramAdapter

__all__ = ["TelegramAdapter"]
