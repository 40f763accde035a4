"""`kamu faq`: matching questions as the bot would, and checking content files.

`match` is a contract (docs: cli.md): one JSON object per input line, in
order, so evaluation scripts can pipe a question set through it. `check`
is run before deploying edited content; it prints every problem and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.faq import FaqService
from bot.faq.content import FILE_NAME, FaqContentError, LocaleContent, check_same_topics, load_file
from bot.locales import Locales


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    faq = commands.add_parser("faq", help="the FAQ knowledge base: match questions, check content")
    actions = faq.add_subparsers(dest="action", required=True, metavar="ACTION")

    match = actions.add_parser("match", help="read questions from stdin, one a line; print one JSON object a line")
    match.add_argument("--lang", required=True, help="the language of the questions, e.g. fi or en")
    match.add_argument("--employer", action="store_true", help="match as in employer mode (employer topics allowed)")
    match.add_argument(
        "--locales", type=Path, default=None, help="locales folder (default: $KAMU_LOCALES, then bundled)"
    )
    match.set_defaults(handler=_match)

    check = actions.add_parser("check", help="validate FAQ content files; exit 1 naming every problem")
    check.add_argument(
        "paths", nargs="*", type=Path, help=f"{FILE_NAME} files or locale folders (default: all bundled)"
    )
    check.set_defaults(handler=_check)


def _locales(directory: Path | None) -> Locales:
    configured = directory or (Path(os.environ["KAMU_LOCALES"]) if os.environ.get("KAMU_LOCALES") else None)
    return Locales.load(configured)


def _match(args: argparse.Namespace) -> int:
    locales = _locales(args.locales)
    if args.lang not in locales:
        print(f"kamu: no locale '{args.lang}'; the locales are {', '.join(locales.codes)}", file=sys.stderr)
        return 2
    faq = FaqService.load(locales)
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        found = faq.match(text, args.lang, employer=args.employer)
        record = {
            "text": text,
            "topic": found.topic,
            "score": round(found.score, 4),
            "alternatives": found.alternatives,
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _check(args: argparse.Namespace) -> int:
    paths = [_content_path(path) for path in args.paths] or [locale.directory / FILE_NAME for locale in _locales(None)]
    problems: list[str] = []
    contents: list[LocaleContent] = []
    for path in paths:
        try:
            contents.append(load_file(path))
        except FaqContentError as error:
            problems.extend(error.problems)
    problems.extend(check_same_topics(contents))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    topics = sum(len(content.topics) for content in contents)
    print(f"ok: {len(contents)} files, {topics} topics")
    return 0


def _content_path(path: Path) -> Path:
    return path / FILE_NAME if path.is_dir() else path
