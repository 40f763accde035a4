"""E-mail addresses and phone numbers, Finnish and international.

Phone numbers are the hard part: a run of digits is also a date, a postal
code, an amount or a diary number. So a national number must start with a
trunk `0` and a non-zero digit (`040 123 4567`, `09 1234 5678`) and have 7 to
12 digits; an international one starts with `+` or `00` and has 7 to 15
(E.164). Only spaces, dashes and parentheses may separate the groups: dots and
slashes belong to dates and diary numbers. A day-month-year written with
dashes or spaces (`03-12-2026`) is a date, not a number to call.
"""

from __future__ import annotations

import datetime as dt
import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

# A candidate: an optional `+`, then digits and separators, not glued to a
# longer token on either side. It is checked and trimmed by `_phone_end`.
_CANDIDATE = re.compile(r"(?<![\w+/.,:-])\+?\(?[0-9][0-9 ()\-]{5,24}[0-9]\)?(?![0-9/])")
_GROUP_END = re.compile(r"[0-9]\)?(?=[ \-(]|$)")
_DATE_LIKE = re.compile(r"([0-9]{1,2})[ \-]([0-9]{1,2})[ \-]([0-9]{4}|[0-9]{2})")


def email_spans(text: str) -> list[tuple[int, int]]:
    if "@" not in text:
        return []
    return [match.span() for match in EMAIL.finditer(text)]


def phone_spans(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _CANDIDATE.finditer(text):
        candidate = match.group()
        # Too many digits may mean two numbers side by side, or a number
        # followed by a postal code: try the longest run of whole groups that fits.
        ends = [m.end() for m in _GROUP_END.finditer(candidate)]
        for end in reversed(ends):
            if _is_phone(candidate[:end]):
                found.append((match.start(), match.start() + end))
                break
    return found


def _is_phone(candidate: str) -> bool:
    digits = "".join(ch for ch in candidate if ch.isdigit())
    if "  " in candidate or "--" in candidate:
        return False
    if candidate.startswith("+"):
        return digits[:1] != "0" and 7 <= len(digits) <= 15
    if digits.startswith("00"):
        return digits[2:3] != "0" and 7 <= len(digits) - 2 <= 15
    bare = candidate.lstrip("(")
    return bare.startswith("0") and digits[1:2] != "0" and 7 <= len(digits) <= 12 and not _is_date(candidate)


def _is_date(candidate: str) -> bool:
    match = _DATE_LIKE.fullmatch(candidate)
    if match is None:
        return False
    day, month, year = (int(part) for part in match.groups())
    try:
        dt.date(year if year > 99 else 2000 + year, month, day)
    except ValueError:
        return False
    return True
