"""Maintainers' catalog work: extract, update, compile, check, start a locale.

`kamu i18n update` extracts every message from the source into
`locales/kamu.pot` and merges it into each `kamu.po`; `kamu i18n compile`
writes the `.mo` files; `kamu i18n check` fails on a missing or fuzzy
translation or on placeholders that differ between msgid and msgstr.
English is the source language: its empty translations are filled with the
message id, so its catalog is complete and can still reword a message.
"""

from __future__ import annotations

import copy
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, catalog_paths

SOURCE_LANGUAGE = "en"
SOURCE_PACKAGES = ("bot", "dialogs", "adapters")


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def locale_dirs(locales_dir: Path) -> list[Path]:
    return sorted(p for p in locales_dir.iterdir() if catalog_paths(p)[0].exists())


def extract(root: Path) -> Catalog:
    template = Catalog(project="kamu", domain=DOMAIN, charset="utf-8")
    for package in SOURCE_PACKAGES:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / package, method_map=[("**.py", "python")], comment_tags=("Translators:",), strip_comment_tags=True
        ):
            template.add(message, None, [(f"{package}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def update(locales_dir: Path, root: Path) -> list[str]:
    template = extract(root)
    with (locales_dir / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, width=100, omit_header=False)
    report = []
    for locale_dir in locale_dirs(locales_dir):
        po = catalog_paths(locale_dir)[0]
        catalog = _read(po, locale_dir.name)
        # update() shares the template's Message objects; filling the English
        # catalog below must not leak into the template of the next locale.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        if locale_dir.name == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)
        missing = sum(1 for message in catalog if message.id and not _translated(message))
        report.append(f"{po}: {len(catalog)} messages, {missing} untranslated")
    return report


def compile_all(locales_dir: Path) -> list[Path]:
    written = []
    for locale_dir in locale_dirs(locales_dir):
        po, mo = catalog_paths(locale_dir)
        catalog = _read(po, locale_dir.name)
        with mo.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written


def check(locales_dir: Path, root: Path | None = None) -> list[str]:
    """Every problem in every catalog, one line each naming the file and line."""
    template = extract(root) if root else None
    problems: list[str] = []
    for locale_dir in locale_dirs(locales_dir):
        po = catalog_paths(locale_dir)[0]
        catalog = _read(po, locale_dir.name)
        problems.extend(f"{po}:{line}: {problem}" for line, problem in _catalog_problems(catalog, po))
        if template is not None:
            for message in template:
                key = message.id[0] if isinstance(message.id, tuple | list) else message.id
                if key and catalog.get(key, context=message.context) is None:
                    problems.append(f"{po}: lacks {_short(message.id)!r}; run `kamu i18n update` and translate it")
    return problems


def init_locale(locales_dir: Path, code: str, root: Path) -> Path:
    """A new locale folder, started from the English one, ready to translate."""
    target = locales_dir / code
    if target.exists():
        raise FileExistsError(f"{target} exists already")
    (target / "LC_MESSAGES").mkdir(parents=True)
    for name in ("locale.toml", "faq.toml"):
        source = locales_dir / SOURCE_LANGUAGE / name
        if source.exists():
            shutil.copy(source, target / name)
    catalog = Catalog(locale=code, domain=DOMAIN, charset="utf-8")
    catalog.update(extract(root))
    with catalog_paths(target)[0].open("wb") as handle:
        write_po(handle, catalog, width=100)
    return target


def _catalog_problems(catalog: Catalog, po: Path) -> Iterator[tuple[int, str]]:
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        if message.fuzzy:
            yield line, f"{_short(message.id)!r} is fuzzy: check the translation and remove the fuzzy flag"
        elif not _translated(message):
            yield line, f"{_short(message.id)!r} has no translation"
        else:
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            wanted = set().union(*(_placeholders(i) for i in ids))
            for text in strings:
                if _placeholders(text) != wanted:
                    yield (
                        line,
                        (
                            f"{_short(message.id)!r}: placeholders {sorted(_placeholders(text))} "
                            f"differ from the message id's {sorted(wanted)}"
                        ),
                    )


def _placeholders(text: str | None) -> set[str]:
    if not text:
        return set()
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _read(po: Path, code: str) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle, locale=code, domain=DOMAIN)


def _short(message_id: object) -> str:
    text = message_id[0] if isinstance(message_id, tuple | list) else str(message_id)
    return text if len(text) <= 60 else text[:57] + "..."
