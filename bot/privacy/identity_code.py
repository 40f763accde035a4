"""Finnish personal identity codes (henkilötunnus), validated by their checksum.

The form is DDMMYY, a century sign, a three-digit individual number and a
check character: `131052-308T`. Since 2023 each century has several signs
(the old `-` and `A` ran short), so 1900s codes may use `- Y X W V U` and
2000s codes `A B C D E F`; `+` is the 1800s. The check character is the
nine digits modulo 31 looked up in a fixed alphabet, which makes a random
run of digits pass about once in 31 tries and a date never pass by accident.
"""

from __future__ import annotations

import datetime as dt
import re

CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

PATTERN = re.compile(
    r"(?<![0-9A-Za-z])([0-9]{2})([0-9]{2})([0-9]{2})([-+A-FU-Y])([0-9]{3})([0-9A-Y])(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def is_valid(code: str) -> bool:
    match = PATTERN.fullmatch(code.strip())
    return match is not None and _valid_match(match)


def _valid_match(match: re.Match[str]) -> bool:
    day, month, year, sign, individual, check = match.groups()
    century = CENTURIES.get(sign.upper())
    if century is None or individual == "000" or individual == "001":
        return False
    try:
        dt.date(century + int(year), int(month), int(day))
    except ValueError:
        return False
    return CHECK_CHARACTERS[int(day + month + year + individual) % 31] == check.upper()


def spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in PATTERN.finditer(text) if _valid_match(match)]
