"""Which language the bot answers in."""

from __future__ import annotations

import pytest

from bot.core import Incoming, Session
from bot.language import choose, detect
from bot.locales import Locales

LOCALES = Locales.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Miten voin jatkaa oleskelulupaani?", "fi"),
        ("mita mun pitaa tehda kun lupa loppuu", "fi"),
        ("How can I extend my residence permit?", "en"),
        ("what is my queue position", "en"),
        ("ok", None),
        ("🙂", None),
        ("", None),
    ],
)
def test_detect(text: str, expected: str | None) -> None:
    assert detect(text, LOCALES) == expected


def test_explicit_choice_beats_hint_and_text() -> None:
    session = Session(language="en", language_chosen=True)
    assert choose(session, Incoming("t", "c", "u", "Miten voin hakea?", language_hint="fi"), LOCALES) == "en"


def test_platform_hint_beats_text() -> None:
    assert choose(Session(), Incoming("t", "c", "u", "Miten voin hakea?", language_hint="en-GB"), LOCALES) == "en"


def test_text_beats_the_conversation_so_far() -> None:
    assert choose(Session(language="fi"), Incoming("t", "c", "u", "How do I apply?"), LOCALES) == "en"


def test_unclear_text_keeps_the_conversation_language() -> None:
    assert choose(Session(language="en"), Incoming("t", "c", "u", "ok"), LOCALES) == "en"


def test_default_is_finnish() -> None:
    assert choose(Session(), Incoming("t", "c", "u", "👍"), LOCALES) == "fi"


def test_unsupported_hint_is_ignored() -> None:
    assert choose(Session(), Incoming("t", "c", "u", "ok", language_hint="xx"), LOCALES) == "fi"


def test_numbers_and_dates_follow_the_locale() -> None:
    import datetime as dt

    fi, en = LOCALES.get("fi").translator, LOCALES.get("en").translator
    assert fi.number(12345) == "12\xa0345"
    assert en.number(12345) == "12,345"
    assert fi.date(dt.date(2026, 12, 3)) == "3.12.2026"
    assert en.date(dt.date(2026, 12, 3)) == "3 Dec 2026"
