"""Personal data: recognising it in what users type, and keeping none of it.

`find_personal_data` finds Finnish personal identity codes, e-mail addresses,
phone numbers, IBANs and document numbers; `redact` gives the text that may be
stored or logged (`redact_message` for a whole message); `cut` the text the dialogs answer.
"""

from bot.privacy.redaction import (
    LABELS,
    Finding,
    cut,
    find_diary_numbers,
    find_personal_data,
    redact,
    redact_message,
)

__all__ = ["LABELS", "Finding", "cut", "find_diary_numbers", "find_personal_data", "redact", "redact_message"]
