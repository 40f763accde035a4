"""International bank account numbers, validated by length and checksum.

An IBAN is a country code, two check digits and the national account number,
written compact or in groups of four. Only the country's registered length
with a correct ISO 7064 mod-97 checksum counts, so words and product codes
that merely start with two letters and two digits are left alone.
"""

from __future__ import annotations

import re

# The IBAN registry's lengths (SWIFT), by country code.
LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

# Where an IBAN may start: two letters and two digits not glued to a longer word.
_START = re.compile(r"(?<![0-9A-Za-z])([A-Za-z]{2})[0-9]{2}")


def is_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    if LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum() or not compact.isascii():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def spans(text: str) -> list[tuple[int, int]]:
    found = []
    for start in _START.finditer(text):
        length = LENGTHS.get(start.group(1).upper())
        if length is None:
            continue
        end = _end_of(text, start.start(), length)
        if end is not None and is_valid(text[start.start() : end]):
            found.append((start.start(), end))
    return found


def _end_of(text: str, start: int, length: int) -> int | None:
    """Where `length` alphanumerics from `start` end, single spaces allowed between them."""
    count, position = 0, start
    while count < length and position < len(text):
        ch = text[position]
        if ch.isascii() and ch.isalnum():
            count += 1
        elif not (ch == " " and count > 0 and position + 1 < len(text) and text[position + 1] != " "):
            return None
        position += 1
    if count < length or (position < len(text) and text[position].isalnum()):
        return None
    return position
