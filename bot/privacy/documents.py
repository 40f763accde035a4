"""Passport, identity card and permit card numbers, found by the word that names them.

A document number alone looks like any code, so it counts only right after a
word that names a document ("passport", "passi", "henkilökortin numero",
"residence permit card number", "pass", ...), with at most a few words
between ("number is", "nro:"). The value must hold at least five digits and
must not be a date, which keeps "my passport expires 3.12.2026" and "the
passport fee is 1500 euros" quiet. An identity code next to its name is
caught here too, even with a wrong check character.
"""

from __future__ import annotations

import re

_NAMES = "|".join(
    (
        r"passports?",
        r"pass(?:nummer|numret|et)?",
        r"passi\w*",
        r"passin\w*",
        r"id",
        r"id[- ]?(?:card|kortti|kort)\w*",
        r"identity[- ]card",
        r"identification",
        r"henkilökort\w*",
        r"henkilollisyy\w*|henkilöllisyy\w*",
        r"henkilötunnu\w*|henkilotunnu\w*|hetu\w*",
        r"personal identity (?:code|number)",
        r"social security number|ssn",
        r"identitetskort\w*|personnummer\w*",
        r"(?:residence )?permit card",
        r"residence card",
        r"oleskelulupakort\w*",
        r"uppehållstillståndskort\w*|uppehållskort\w*",
        r"driving licen[cs]e|driver'?s licen[cs]e|ajokort\w*|körkort\w*",
        r"document number|asiakirjan numero",
    )
)
_FILLER = r"[\s:#.,()]*(?:[^\W\d_]{1,12}(?![^\W\d_])\.?[\s:#.,()]*){0,3}?"
PATTERN = re.compile(
    rf"(?<!\w)(?:{_NAMES})(?!\w){_FILLER}(?P<value>(?=(?:[A-Za-z\-+]*[0-9]){{5}})[A-Za-z0-9][A-Za-z0-9\-+]{{4,18}}[A-Za-z0-9])(?![\w/]|[.,\-]\w)",
    re.IGNORECASE,
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,4}")


def spans(text: str) -> list[tuple[int, int]]:
    found = []
    for match in PATTERN.finditer(text):
        if not _DATE.fullmatch(match.group("value")):
            found.append(match.span("value"))
    return found
