"""`kamu console` and `kamu run`: the bot's main jobs."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from adapters.console import ConsoleChat, terminal_reader
from adapters.runtime import open_runtime
from bot import config


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    console = commands.add_parser("console", help="chat with the bot in the terminal")
    console.add_argument("--lang", help="language to start in (fi, en, or any installed locale)")
    add_settings_options(console)
    console.set_defaults(handler=lambda args: asyncio.run(_console(args)))

    run = commands.add_parser("run", help="run every platform enabled in the configuration")
    add_settings_options(run, database=False)
    run.set_defaults(handler=lambda args: asyncio.run(_run(args)))


def add_settings_options(parser: argparse.ArgumentParser, *, database: bool = True) -> None:
    """--config (and --db): every command that opens the bot's database reads the same settings."""
    parser.add_argument(
        "--config", type=Path, default=None, help="configuration file (default: kamu.toml, when there is one)"
    )
    if database:
        parser.add_argument(
            "--db", help="SQLite file (default: the configuration, $KAMU_DB, the user's data directory)"
        )


def settings_for(args: argparse.Namespace) -> config.Settings:
    environ = dict(os.environ)
    if getattr(args, "db", None):
        environ["KAMU_DB"] = args.db
    # A file named on the command line must exist; the default one may not.
    explicit = getattr(args, "config", None)
    return config.load(explicit or Path("kamu.toml"), environ, required=explicit is not None)


async def _console(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    async with open_runtime(settings) as runtime:
        if args.lang and args.lang not in runtime.app.locales:
            print(f"kamu: no locale '{args.lang}'; installed: {', '.join(runtime.app.locales.codes)}")
            return 2
        await runtime.app.queue.use_sample_if_empty()
        await ConsoleChat(runtime.engine, language=args.lang).run(terminal_reader())
    return 0


async def _run(args: argparse.Namespace) -> int:
    from adapters.runner import run

    return await run(settings_for(args))
