"""`kamu queue`: the operators' commands: import a snapshot, look up a number, make a sample.

`import` exits 0 only when the new snapshot is the one serving; every problem
is printed (bad lines first 20, then a count) and exits 1. `position` shows
exactly what a chat user would read, without the chat's quota and scan
limits; it never creates a database.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

from adapters.cli.chat import add_settings_options, settings_for
from bot.locales import Locales
from bot.queue import NoSnapshot, QueueService, sample
from bot.queue.dates import today
from bot.queue.importer import ImportFailed
from bot.queue.wording import answer_text
from bot.store import Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    queue = commands.add_parser("queue", help="queue positions: import the daily snapshot, look up a number")
    actions = queue.add_subparsers(dest="action", required=True, metavar="ACTION")

    load = actions.add_parser("import", help="import a snapshot CSV; exit 0 only when it replaced the previous one")
    load.add_argument("file", type=Path, help="CSV with diary_number, application_type, submitted_at")
    load.add_argument(
        "--as-of", type=_date, default=None, help="the snapshot's date, YYYY-MM-DD (default: today in Helsinki)"
    )
    add_settings_options(load)
    load.set_defaults(handler=lambda args: asyncio.run(_import(args)))

    position = actions.add_parser("position", help="what the bot would answer for a diary number")
    position.add_argument("number", help="a diary number, e.g. 31275/110/2022")
    position.add_argument("--lang", help="language of the text (default: the bot's default language)")
    add_settings_options(position)
    position.add_argument("--json", action="store_true", help="print one JSON object")
    position.set_defaults(handler=lambda args: asyncio.run(_position(args)))

    make = actions.add_parser("sample", help="write a synthetic snapshot CSV (deterministic for a seed and date)")
    make.add_argument("out", type=Path, help="the CSV file to write")
    make.add_argument("--rows", type=int, default=5_000, help="number of generated rows (default 5000)")
    make.add_argument("--seed", type=int, default=sample.DEFAULT_SEED, help="random seed")
    make.add_argument("--as-of", type=_date, default=None, help="the snapshot's date (default: today in Helsinki)")
    make.set_defaults(handler=_sample)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _fail(message: str) -> int:
    print(f"kamu: {message}", file=sys.stderr)
    return 2


async def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        return _fail(f"{args.file}: no such file")
    settings = settings_for(args)
    async with await Store.open(settings.database) as store:
        try:
            report = await QueueService(store, settings).import_file(args.file, args.as_of)
        except ImportFailed as failed:
            print(f"kamu: {args.file}: rejected; the previous snapshot keeps serving", file=sys.stderr)
            for line in failed.lines:
                print(f"  {line}", file=sys.stderr)
            return 1
    by_type = ", ".join(f"{kind} {count}" for kind, count in sorted(report.rows_by_type.items()))
    replaced = f"replaced the snapshot of {report.replaced.isoformat()}" if report.replaced else "first snapshot"
    print(
        f"imported {report.rows} rows as of {report.as_of.isoformat()} ({by_type}) "
        f"in {report.seconds:.1f} s; {replaced}"
    )
    return 0


async def _position(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    if not Path(settings.database).is_file():
        return _fail(f"no database at {settings.database}; import a snapshot first (kamu queue import FILE)")
    locales = Locales.load()
    if args.lang and args.lang not in locales:
        return _fail(f"no locale '{args.lang}'; installed: {', '.join(locales.codes)}")
    async with await Store.open(settings.database) as store:
        service = QueueService(store, settings)
        try:
            if await service.snapshot() is None:
                raise NoSnapshot
            answer = await service.lookup(args.number)
        except NoSnapshot:
            return _fail("no queue snapshot has been imported; run `kamu queue import FILE`")
    text = answer_text(locales.get(args.lang).translator, answer, today())
    if not args.json:
        print(text)
        return 0
    print(
        json.dumps(
            {
                "diary_number": answer.number,
                "status": answer.status,
                "ahead": answer.ahead,
                "application_type": answer.application_type,
                "submitted_at": answer.submitted_on.isoformat() if answer.submitted_on else None,
                "snapshot_date": answer.snapshot_date.isoformat() if answer.snapshot_date else None,
                "caveats": list(answer.caveats),
                "text": text,
            },
            ensure_ascii=False,
        )
    )
    return 0


def _sample(args: argparse.Namespace) -> int:
    as_of = args.as_of or today()
    with args.out.open("w", encoding="utf-8", newline="") as out:
        rows = sample.write_csv(out, sample.generate(args.rows, seed=args.seed, as_of=as_of))
    print(f"wrote {rows} rows as of {as_of.isoformat()} to {args.out}")
    return 0
