"""Finding personal data in a message and writing the message without it.

Two uses, two outputs. The dialogs read the message with personal data cut
out (`…`), so they can still answer the rest of it. What is stored or
logged names what was removed (`[phone number]`), so the content team still
understands the question, and masks diary numbers too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.privacy import contact, diary, documents, iban, identity_code
from bot.text import MAX_READ, clean, count_digits

# Order matters where findings overlap: the more certain kind wins. Beside
# each, the fewest ASCII digits a text must hold for it to be there: most
# texts (questions, the bot's answers) have few digits, and a detector that
# cannot match is not run (the document pattern is the slowest of all).
DETECTORS: tuple[tuple[str, int, Callable[[str], list[tuple[int, int]]]], ...] = (
    ("identity_code", 9, identity_code.spans),
    ("iban", 2, iban.spans),
    ("email", 0, contact.email_spans),
    ("document", 5, documents.spans),
    ("phone", 7, contact.phone_spans),
)
# Kinds that may look like a diary number: a diary number is not theirs.
_YIELD_TO_DIARY = {"document", "phone"}

LABELS = {
    "identity_code": "[personal identity code]",
    "iban": "[bank account]",
    "email": "[e-mail address]",
    "document": "[document number]",
    "phone": "[phone number]",
    "diary": "[diary number]",
}
CUT = "…"


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str


def find_personal_data(text: str) -> list[Finding]:
    """Personal data in the text, in order, never overlapping; diary numbers are not."""
    digits = count_digits(text)
    diaries = diary.spans(text)
    found: list[Finding] = []
    for kind, fewest_digits, detect in DETECTORS:
        if digits < fewest_digits:
            continue
        for start, end in detect(text):
            if kind in _YIELD_TO_DIARY and _overlaps(start, end, diaries):
                continue
            if not _overlaps(start, end, [(f.start, f.end) for f in found]):
                found.append(Finding(start, end, kind))
    return sorted(found)


def find_diary_numbers(text: str, around: Iterable[Finding] = ()) -> list[Finding]:
    taken = [(f.start, f.end) for f in around]
    return [Finding(s, e, "diary") for s, e in diary.spans(text) if not _overlaps(s, e, taken)]


def cut(text: str, findings: Iterable[Finding]) -> str:
    """The text the dialogs read: personal data replaced by an ellipsis."""
    return _replace(text, findings, lambda finding: CUT)


def redact(text: str) -> str:
    """The text as it may be stored or logged: personal data and diary numbers named, not kept."""
    personal = find_personal_data(text)
    return _replace(text, [*personal, *find_diary_numbers(text, personal)], lambda f: LABELS[f.kind])


def _replace(text: str, findings: Iterable[Finding], label: Callable[[Finding], str]) -> str:
    parts, position = [], 0
    for finding in sorted(findings):
        parts.append(text[position : finding.start])
        parts.append(label(finding))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def redact_message(text: str) -> str:
    """What a user typed, cleaned and redacted, as it may be stored (MAX_READ long at most).

    Redacted before it is cut to length: cutting first could split a phone
    number or an IBAN at the cut and leave a piece too short to recognise.
    """
    return redact(clean(text, limit=2 * MAX_READ))[:MAX_READ]
