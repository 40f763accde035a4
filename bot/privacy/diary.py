"""Diary numbers, only to mask them in what is stored.

A diary number is not personal data (the agency says so, and the queue
dialog needs it), so the guard never warns about one. Transcripts mask it all
the same: a transcript that tied a conversation to an application would say
more than the content team needs. Same form as the queue's reader: running
number, three-digit code, year; slashes, dashes or spaces between.
"""

from __future__ import annotations

import re

from bot.text import count_digits

# Running number, code and year: at least 1 + 3 + 4. Most texts (the bot's
# answers, questions) have fewer, and are not searched.
DIGITS = 8
_SEPARATOR = r"\s*[/\-‐‑‒–—−]\s*|\s+"
PATTERN = re.compile(
    rf"(?<![0-9])(?<![0-9][/\-])0*[0-9]{{1,6}}(?:{_SEPARATOR})[0-9]{{3}}(?:{_SEPARATOR})([0-9]{{4}})(?![0-9])"
)


def spans(text: str) -> list[tuple[int, int]]:
    if count_digits(text) < DIGITS:
        return []
    return [match.span() for match in PATTERN.finditer(text) if 1900 <= int(match.group(1)) <= 2099]
