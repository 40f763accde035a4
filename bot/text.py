"""Cleaning and tokenising what users type.

Users send anything: 50 kB of text, control characters, other scripts. Every
recogniser reads the text through these functions so that all of them agree on
what a word is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Longer messages are read only this far: no question needs more, and every
# matcher then does bounded work whatever arrives.
MAX_READ = 2_000

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def clean(text: str, limit: int = MAX_READ) -> str:
    """The text with control and format characters removed, NFC, trimmed, at most `limit` long."""
    text = unicodedata.normalize("NFC", text[: limit * 2])
    # Printable text (most of it) has no control or format character to replace.
    if not text.isprintable():
        text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return text.strip()[:limit]


def count_digits(text: str) -> int:
    """How many ASCII digits the text holds (what the personal data patterns look for)."""
    return sum(map(text.count, "0123456789"))


def words(text: str) -> list[str]:
    """Lower-case words of the text, apostrophes kept inside words."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def fold(word: str) -> str:
    """The word without diacritics: users often type `a` for `ä`."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def phrase_key(text: str) -> str:
    """A canonical form for comparing short phrases: folded words, one space apart.

    Cached: every turn compares the same text against each command phrase.
    """
    return " ".join(fold(w) for w in words(text))


def small_number(text: str) -> int | None:
    """The text as a plain 0-9 number of up to six digits, or None.

    `str.isdigit` is True for "²" and "①", which `int` refuses: a button
    number typed by a user is read with this instead.
    """
    text = text.strip()
    if 0 < len(text) <= 6 and text.isascii() and text.isdigit():
        return int(text)
    return None
