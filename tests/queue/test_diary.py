"""Every way users write a diary number becomes the same canonical number."""

from __future__ import annotations

import pytest

from bot.queue import diary

CANONICAL = "31275/110/2022"


@pytest.mark.parametrize(
    "text",
    [
        "31275/110/2022",
        "31275 / 110 / 2022",
        "31275 /110/ 2022",
        "31275-110-2022",
        "31275 – 110 – 2022",
        "31275 110 2022",
        "031275/110/2022",
        "0031275/110/2022",
        "Dnro 31275/110/2022",
        "dnro: 31275/110/2022",
        "Diary number 31275/110/2022",
        "diary number: 031275-110-2022",
        "My diary number is 31275/110/2022, what is my position?",
        "Diaarinumeroni on 31275 / 110 / 2022. Monesko olen jonossa?",
        "(31275/110/2022)",
        "31275/110/2022.",
    ],
)
def test_every_form_is_found_and_normalised(text: str) -> None:
    number = diary.find(text)
    assert number is not None
    assert str(number) == CANONICAL


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "where do I find my diary number?",
        "1234567/110/2022",  # seven significant digits
        "31275/11/2022",
        "31275/110/22",
        "31275/110/20222",
        "call me at 040 123 4567",  # a phone number, not a year
        "٣١٢٧٥/١١٠/٢٠٢٢",  # other scripts' digits are not read as numbers
        "<b>31275</b>/110/2022",
        "'; DROP TABLE queue_entries; --",
        "x" * 50_000,
    ],
)
def test_text_without_a_number(text: str) -> None:
    assert diary.find(text) is None


def test_smallest_and_largest_running_numbers() -> None:
    assert str(diary.find("1/110/2024")) == "1/110/2024"
    assert str(diary.find("999999/110/2024")) == "999999/110/2024"


def test_the_first_number_in_a_message_is_used() -> None:
    assert str(diary.find("1234/110/2024 or maybe 5678/110/2024")) == "1234/110/2024"


def test_snapshot_column_must_be_exactly_one_number() -> None:
    assert diary.canonical(" 031275/110/2022 ") == CANONICAL
    assert diary.canonical("31275 - 110 - 2022") == CANONICAL
    assert diary.canonical("Dnro 31275/110/2022") is None
    assert diary.canonical("31275/110/2022 x") is None
    assert str(diary.parse("0000001/110/2024")) == "1/110/2024"
