"""Cleaning what users type, before any recogniser reads it."""

from __future__ import annotations

from bot.text import clean


def test_printable_text_is_only_trimmed() -> None:
    assert clean("  Miten haen oleskelulupaa? 🙂 ") == "Miten haen oleskelulupaa? 🙂"


def test_control_and_format_characters_become_spaces_but_lines_and_tabs_stay() -> None:
    assert clean("a\x00b\x1b[31mc\u200bd\u202ee\x7f") == "a b [31mc d e"
    assert clean("first line\nsecond\tcolumn") == "first line\nsecond\tcolumn"


def test_text_is_composed_and_cut_to_the_limit() -> None:
    assert clean("A\u0308iti") == "Äiti"
    assert clean("x" * 50_000) == "x" * 2_000
    assert clean("ab\x00cd", limit=3) == "ab "
