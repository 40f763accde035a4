"""Diary numbers: finding one in what a user typed, and the one canonical form.

A diary number is `running/code/year`: 1 to 6 digits (leading zeros do not
count), 3 digits, 4 digits. Users write it with spaces or dashes for slashes,
with a `Dnro` or `diary number` prefix, or inside a sentence; every form
becomes the same `DiaryNumber`, whose `str()` is what gets hashed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Slash, the dashes people type, or plain whitespace; spaces may surround any of them.
_SEPARATOR = r"\s*[/\-‐‑‒–—−]\s*|\s+"
_NUMBER = rf"0*([0-9]{{1,6}})(?:{_SEPARATOR})([0-9]{{3}})(?:{_SEPARATOR})([0-9]{{4}})"
# Inside a sentence the number must not be glued to other digits: `1234/110/20245` is not one.
_IN_TEXT = re.compile(rf"(?<![0-9])(?<![0-9][/\-]){_NUMBER}(?![0-9])")
# In free text a year outside 1900-2099 is more likely a phone number (`040 123 4567`).
_PLAUSIBLE_YEARS = range(1900, 2100)
_EXACT = re.compile(rf"\s*{_NUMBER}\s*")


@dataclass(frozen=True, order=True)
class DiaryNumber:
    code: str
    year: int
    running: int

    def __str__(self) -> str:
        return f"{self.running}/{self.code}/{self.year}"


def _from_match(match: re.Match[str]) -> DiaryNumber:
    running, code, year = match.groups()
    return DiaryNumber(code, int(year), int(running))


def find(text: str) -> DiaryNumber | None:
    """The first diary number written anywhere in the text."""
    for match in _IN_TEXT.finditer(text):
        number = _from_match(match)
        if number.year in _PLAUSIBLE_YEARS:
            return number
    return None


def parse(text: str) -> DiaryNumber | None:
    """The diary number when the whole value is one (a snapshot's column)."""
    match = _EXACT.fullmatch(text)
    return None if match is None else _from_match(match)


def canonical(text: str) -> str | None:
    """`str(parse(text))` without building the value: the import does this a million times."""
    match = _EXACT.fullmatch(text)
    if match is None:
        return None
    running, code, year = match.groups()
    return f"{int(running)}/{code}/{year}"
