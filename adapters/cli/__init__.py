"""`kamu`: the one command. Each subcommand family lives in its own module."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from adapters.cli import chat, faq, i18n, queue, report
from bot.config import ConfigError
from bot.locales import LocaleError

FAMILIES = (chat, faq, queue, report, i18n)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="kamu", description="Kamu, the immigration service's chat assistant.")
    root.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for family in FAMILIES:
        family.register(commands)
    return root


# Libraries whose debug output holds secrets or what users wrote: httpx and
# aiohttp may log request URLs (the Telegram token is in them), python-telegram-bot
# and nio log whole updates and sync bodies, aiosqlite logs SQL parameters.
# Even `kamu -v` keeps them at these levels.
QUIET_LIBRARIES = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiohttp": logging.INFO,
    "telegram": logging.INFO,
    "nio": logging.INFO,
    "aiosqlite": logging.INFO,
    "peewee": logging.INFO,
}


def configure_logging(*, verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name, floor in QUIET_LIBRARIES.items():
        library = logging.getLogger(name)
        if library.getEffectiveLevel() < floor:
            library.setLevel(floor)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    configure_logging(verbose=args.verbose)
    try:
        return int(args.handler(args) or 0)
    except (ConfigError, LocaleError) as error:
        print(f"kamu: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
