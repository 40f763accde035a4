"""The personal data detector: everything it must find, and everything it must leave alone."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.privacy import cut, find_personal_data, redact
from bot.privacy import iban as iban_module
from bot.privacy import identity_code as identity_module
from tests.privacy.conftest import identity_code

CENTURY_SIGNS = {
    "+": dt.date(1899, 12, 31),
    **{sign: dt.date(1970, 5, 17) for sign in "-YXWVU"},
    **{sign: dt.date(2012, 2, 29) for sign in "ABCDEF"},
}


@pytest.mark.parametrize("sign", sorted(CENTURY_SIGNS))
def test_identity_codes_with_every_century_sign_are_found(sign: str) -> None:
    code = identity_code(CENTURY_SIGNS[sign], sign)
    assert identity_module.is_valid(code)
    assert identity_module.is_valid(code.lower())
    assert redact(f"minun hetu on {code}, auta") == "minun hetu on [personal identity code], auta"


def test_identity_code_checksum_and_date_are_checked() -> None:
    good = identity_code(dt.date(1952, 10, 13), "-", 308)
    assert good == "131052-308T"
    wrong_check = good[:-1] + "U"
    assert not identity_module.is_valid(wrong_check)
    assert not identity_module.is_valid("310252-308T")  # 31 February
    assert not identity_module.is_valid("131052-001" + "T")  # individual numbers start at 002
    assert find_personal_data(f"code {wrong_check} here") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to matti.meikalainen@example.fi please", "email"),
        ("my mail: Anna+migri@posti.example.co.uk", "email"),
        ("soita 040 123 4567", "phone"),
        ("soita 0401234567", "phone"),
        ("soita 040-1234567", "phone"),
        ("numero on 050 765 4321 kiitos", "phone"),
        ("office (09) 1234 5678", "phone"),
        ("call +358 40 1234567", "phone"),
        ("call +358401234567", "phone"),
        ("call 00358 40 123 4567", "phone"),
        ("UK +44 20 7946 0958", "phone"),
        ("US +1 (555) 123-4567", "phone"),
        ("DE +4915112345678", "phone"),
        ("tilini FI21 1234 5600 0007 85", "iban"),
        ("account FI2112345600000785.", "iban"),
        ("konto DE89 3704 0044 0532 0130 00", "iban"),
        ("iban gb82west12345698765432", "iban"),
        ("passport number XP1234567", "document"),
        ("my passport no. is FP7654321", "document"),
        ("passin numero on XP1234567", "document"),
        ("passinumero XP1234567", "document"),
        ("ID card: 123456789", "document"),
        ("henkilökortin numero 987654321", "document"),
        ("residence permit card number RP1234567", "document"),
        ("oleskelulupakortin numero on 12345678", "document"),
        ("mitt pass: AB1234567", "document"),
        ("hetu 010101-1234 (typo in the check)", "document"),
    ],
)
def test_personal_data_is_found(text: str, kind: str) -> None:
    findings = find_personal_data(text)
    assert [finding.kind for finding in findings] == [kind], text
    assert "[" in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "My appointment is on 3.12.2026 at 10.30",
        "deadline 2026-12-03, klo 10:30",
        "päätös tuli 03-12-2026",
        "3 12 2026",
        "Dnro 31275/110/2022",
        "my diary number is 1234/110/2024",
        "diaarinumero 31275-110-2022",
        "0031275/110/2022",
        "The fee is 1 500 € or 1500,00 €",
        "it cost 250 euros",
        "postinumero 00100 Helsinki",
        "FI-00100 Helsinki",
        "my passport expires 2026-12-03",
        "the passport fee is 1500 euros",
        "I have had my ID since 2019",
        "Olen asunut Suomessa 5 vuotta ja 3 kuukautta",
        "version 2.0.1, room 101, 24/7",
        "ABC1234 is a product code",
        "",
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert find_personal_data(text) == []


def _iban_of_letters() -> str:
    """A checksum-valid 22-character GB IBAN whose only digits are the check digits."""
    bban = "ABCDEFGHIJKLMNOPQR"
    remainder = int("".join(str(int(ch, 36)) for ch in bban + "GB00")) % 97
    return f"GB{98 - remainder:02d}{bban}"


# Detectors that cannot match are skipped by how many digits the text holds:
# the shortest form of each kind, at exactly that count, is still found.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("code 131052-308T", "identity_code"),  # 9 digits, the check a letter
        (f"iban {_iban_of_letters()}", "iban"),  # 2 digits
        ("a@b.fi", "email"),  # none
        ("passport AB12345", "document"),  # 5 digits
        ("call +3581234", "phone"),  # 7 digits
    ],
)
def test_the_shortest_form_of_each_kind_is_found(text: str, kind: str) -> None:
    assert [finding.kind for finding in find_personal_data(text)] == [kind]


def test_the_shortest_diary_number_is_masked() -> None:
    # 1 + 3 + 4 digits: the fewest a diary number has.
    assert redact("dnro 1/110/2024") == "dnro [diary number]"


def test_iban_needs_the_right_length_and_checksum() -> None:
    assert iban_module.is_valid("FI21 1234 5600 0007 85")
    assert not iban_module.is_valid("FI21 1234 5600 0007 86")
    assert not iban_module.is_valid("FI21 1234 5600 0007 8")
    assert find_personal_data("FI22 1234 5600 0007 85") == []


def test_diary_numbers_are_masked_in_what_is_stored_but_not_found_as_personal_data() -> None:
    text = "Dnro 31275/110/2022, phone 040 123 4567"
    assert [f.kind for f in find_personal_data(text)] == ["phone"]
    assert redact(text) == "Dnro [diary number], phone [phone number]"


def test_the_dialogs_read_the_rest_of_the_message() -> None:
    text = "my email is a@b.fi, how do I renew my residence permit? Dnro 1234/110/2024"
    kept = cut(text, find_personal_data(text))
    assert kept == "my email is …, how do I renew my residence permit? Dnro 1234/110/2024"


def test_several_kinds_in_one_message() -> None:
    code = identity_code(dt.date(2001, 1, 1), "A", 234)
    text = f"{code} a@b.fi +358 40 1234567 FI2112345600000785 passport XP1234567 1234/110/2024"
    assert redact(text) == (
        "[personal identity code] [e-mail address] [phone number] [bank account] "
        "passport [document number] [diary number]"
    )


@pytest.mark.parametrize(
    "text",
    [
        "x" * 50_000,
        "0" * 50_000,
        "4" * 3000 + " " + "0 " * 3000,
        "+" * 10_000 + "1" * 10_000,
        "passport " * 5000,
        "\u202e040 123 4567\u202c",
        "<script>alert('a@b.fi')</script>",
        "'; DROP TABLE transcript_turns; --",
        "😀" * 1000 + "040 123 4567",
        "FI" + "2" * 40_000,
        "@" * 20_000 + ".fi",
    ],
)
def test_bad_input_never_crashes(text: str) -> None:
    redact(text)
    cut(text, find_personal_data(text))
