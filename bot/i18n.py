"""Gettext catalogs and locale-aware formatting, one translator per language.

A translator is passed explicitly to whoever speaks to a user: nothing is
installed into builtins, so every user hears their own language.

Catalogs are read from `<locales>/<code>/LC_MESSAGES/kamu.mo`, compiled by
`kamu i18n compile`; where the `.mo` is missing or older than its `.po` the
`.po` is compiled in memory, so an installed or freshly cloned project speaks
every language without a build step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from pathlib import Path

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

DOMAIN = "kamu"


def N_(message: str) -> str:
    """Marks a module-level string for extraction; it is translated where used."""
    return message


class Translator:
    def __init__(self, code: str, translations: gettext.NullTranslations, babel_locale: str) -> None:
        self.code = code
        self._translations = translations
        self.babel_locale = BabelLocale.parse(babel_locale)

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.babel_locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, "medium", locale=self.babel_locale)


def catalog_paths(locale_dir: Path) -> tuple[Path, Path]:
    messages = locale_dir / "LC_MESSAGES"
    return messages / f"{DOMAIN}.po", messages / f"{DOMAIN}.mo"


def load_translations(locale_dir: Path) -> gettext.NullTranslations:
    po, mo = catalog_paths(locale_dir)
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale_dir.name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
