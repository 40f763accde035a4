"""`kamu i18n`: the maintainers' catalog commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import catalogs
from bot.locales import Locales, bundled_locales_dir


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i18n = commands.add_parser("i18n", help="translation catalogs: update, compile, check, add a locale")
    i18n.add_argument("--locales", type=Path, default=None, help="locales folder (default: the bundled one)")
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("update", help="extract messages from the source and merge them into every catalog")
    actions.add_parser("compile", help="write the .mo files")
    actions.add_parser("check", help="fail on missing, fuzzy or placeholder-mismatched translations")
    init = actions.add_parser("init", help="start a new locale from the English one")
    init.add_argument("code", help="language code, e.g. sv")
    i18n.set_defaults(handler=_i18n)


def _i18n(args: argparse.Namespace) -> int:
    locales_dir = args.locales or bundled_locales_dir()
    root = catalogs.project_root()
    if args.action == "update":
        for line in catalogs.update(locales_dir, root):
            print(line)
    elif args.action == "compile":
        for path in catalogs.compile_all(locales_dir):
            print(f"wrote {path}")
    elif args.action == "init":
        target = catalogs.init_locale(locales_dir, args.code, root)
        print(f"created {target}: translate LC_MESSAGES/kamu.po, locale.toml and faq.toml, then run `kamu i18n check`")
    else:
        problems = catalogs.check(locales_dir, root if (root / "bot").is_dir() else None)
        try:
            Locales.load(locales_dir)
        except ValueError as error:
            problems.extend(str(error).splitlines())
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print("all catalogs complete")
    return 0
