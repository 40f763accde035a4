"""The languages the bot speaks, found on disk: adding one needs no code.

A language is a folder `locales/<code>/` holding the gettext catalog
`LC_MESSAGES/kamu.po`, `locale.toml` (its name, the words that recognise it in
text and the phrases that work as commands) and `faq.toml` (the answers).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale as BabelLocale

from bot.i18n import Translator, catalog_paths, load_translations
from bot.text import phrase_key

DEFAULT_LANGUAGE = "fi"

# The phrases every locale.toml names: each is a list of short messages that,
# alone, mean the command (compared without case or diacritics).
PHRASE_KEYS = {
    "switch_language": "asks to speak this language, e.g. 'in English please'",
    "menu": "asks for the main menu",
    "cancel": "cancels what is going on and goes back",
    "help": "asks what the bot can do",
    "greeting": "says hello",
    "thanks": "says thank you",
    "goodbye": "says goodbye",
    "end_chat": "wants to end the chat",
    "queue": "asks for their queue position",
    "employer_on": "says they are an employer",
    "employer_off": "wants to leave employer mode",
}


class LocaleError(ValueError):
    """Problems found in locale files; each line names the file and the fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    translator: Translator
    directory: Path
    detect_words: frozenset[str] = frozenset()
    detect_letters: str = ""
    # intent -> phrase keys (see bot.text.phrase_key)
    phrases: dict[str, frozenset[str]] = field(default_factory=dict)


def bundled_locales_dir() -> Path:
    return Path(str(resources.files("locales")))


class Locales:
    def __init__(self, locales: dict[str, Locale], default: str = DEFAULT_LANGUAGE) -> None:
        if not locales:
            raise LocaleError(["no locale found: add locales/<code>/LC_MESSAGES/kamu.po and locale.toml"])
        self._locales = locales
        self.default = default if default in locales else sorted(locales)[0]
        # The default first, then the rest in a stable order.
        self._ordered = [locales[code] for code in sorted(locales, key=lambda code: (code != self.default, code))]

    @classmethod
    def load(cls, directory: Path | None = None) -> Locales:
        directory = directory or bundled_locales_dir()
        found: dict[str, Locale] = {}
        problems: list[str] = []
        for locale_dir in sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            po, _ = catalog_paths(locale_dir)
            if not po.exists():
                continue
            try:
                found[locale_dir.name] = load_locale(locale_dir)
            except LocaleError as error:
                problems.extend(error.problems)
        if problems:
            raise LocaleError(problems)
        return cls(found)

    def __iter__(self) -> Iterator[Locale]:
        return iter(self._ordered)

    def __contains__(self, code: object) -> bool:
        return code in self._locales

    @property
    def codes(self) -> list[str]:
        return [locale.code for locale in self._ordered]

    def get(self, code: str | None) -> Locale:
        return self._locales.get(code or "", self._locales[self.default])

    def find_phrase(self, key: str, text: str) -> Locale | None:
        """The locale in which the whole text is one of the `key` phrases."""
        wanted = phrase_key(text)
        if not wanted:  # punctuation or emoji alone is no phrase
            return None
        return next((locale for locale in self if wanted in locale.phrases[key]), None)

    def match_code(self, hint: str | None) -> str | None:
        """The supported code for a platform's language tag (`en-US` → `en`)."""
        if not hint:
            return None
        tag = hint.replace("_", "-").lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in self._locales:
                return candidate
        return None


def load_locale(locale_dir: Path) -> Locale:
    path = locale_dir / "locale.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LocaleError([f"{path}: missing; copy locales/en/locale.toml and translate it"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LocaleError([f"{path}: not valid TOML: {error}"]) from None
    problems = list(_locale_problems(path, raw))
    try:
        translations = load_translations(locale_dir)
    except Exception as error:  # a broken catalog is reported, whatever the parser raised
        problems.append(f"{catalog_paths(locale_dir)[0]}: cannot be read: {error}")
    if problems:
        raise LocaleError(problems)
    detect = raw.get("detect", {})
    return Locale(
        code=locale_dir.name,
        name=raw["name"],
        translator=Translator(locale_dir.name, translations, raw.get("babel_locale", locale_dir.name)),
        directory=locale_dir,
        detect_words=frozenset(phrase_key(w) for w in detect.get("words", [])),
        detect_letters=detect.get("letters", ""),
        phrases={key: frozenset(phrase_key(p) for p in raw["phrases"][key]) for key in PHRASE_KEYS},
    )


def _locale_problems(path: Path, raw: dict[str, Any]) -> Iterator[str]:
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        yield f"{path}: 'name' must be the language's own name, e.g. name = \"suomi\""
    babel_locale = raw.get("babel_locale", path.parent.name)
    try:
        BabelLocale.parse(babel_locale)
    except Exception:
        yield f"{path}: babel_locale '{babel_locale}' is not a locale Babel knows; use a tag like 'en_GB'"
    detect = raw.get("detect", {})
    if not isinstance(detect, dict) or not _is_text_list(detect.get("words", [])):
        yield f"{path}: [detect] words must be a list of words typical of the language"
    elif not isinstance(detect.get("letters", ""), str):
        yield f"{path}: [detect] letters must be a string of letters typical of the language"
    phrases = raw.get("phrases")
    if not isinstance(phrases, dict):
        yield f"{path}: the [phrases] table is missing; it needs the keys {', '.join(sorted(PHRASE_KEYS))}"
        return
    for key in sorted(set(phrases) - set(PHRASE_KEYS)):
        yield f"{path}: [phrases] has an unknown key '{key}'; the known keys are {', '.join(sorted(PHRASE_KEYS))}"
    for key, meaning in PHRASE_KEYS.items():
        if key not in phrases:
            yield f"{path}: [phrases] lacks '{key}': a list of messages in which the user {meaning}"
        elif not _is_text_list(phrases[key]) or not phrases[key]:
            yield f"{path}: [phrases] '{key}' must be a non-empty list of strings"
    unknown = set(raw) - {"name", "babel_locale", "detect", "phrases"}
    for key in sorted(unknown):
        yield f"{path}: unknown key '{key}'; the keys are name, babel_locale, [detect] and [phrases]"


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)
