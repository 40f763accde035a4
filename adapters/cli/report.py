"""`kamu report [--since DATE] [--format text|json|csv] [--db PATH]`: the content team's report.

Reads only the redacted tables, prints to standard output. It never
creates a database: a missing file is an error, not an empty report.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from adapters.cli.chat import add_settings_options, settings_for
from bot.report import FORMATS, gather
from bot.store import Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser("report", help="what users asked and thought: for the people who write the answers")
    report.add_argument(
        "--since", type=_date, default=None, help="from this day on, YYYY-MM-DD (default: all kept data)"
    )
    report.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    add_settings_options(report)
    report.set_defaults(handler=lambda args: asyncio.run(_report(args)))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


async def _report(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    if not Path(settings.database).is_file():
        print(f"kamu: {settings.database}: no such database", file=sys.stderr)
        return 2
    async with await Store.open(settings.database) as store:
        report = await gather(store, args.since, settings["privacy.idle_minutes"])
    sys.stdout.write(FORMATS[args.format](report))
    return 0
