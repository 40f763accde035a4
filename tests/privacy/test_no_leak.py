"""The issue's acceptance test: personal data goes in, none of it is kept anywhere.

A corpus holding every kind of personal data (and diary numbers) goes through
the real engine, with every logger writing to a file at DEBUG level; then the
bytes of the database, its WAL and the log are searched for each value.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime import Runtime
from tests.conftest import Chat
from tests.privacy.conftest import identity_code, rows

CODES = [identity_code(dt.date(1985, 7, 4), "-", 456), identity_code(dt.date(2005, 3, 9), "A", 789),
         identity_code(dt.date(1999, 12, 1), "Y", 321), identity_code(dt.date(2023, 6, 30), "B", 222),
         identity_code(dt.date(1890, 1, 2), "+", 900)]  # fmt: skip
SECRETS = [
    *CODES,
    "maija.virtanen@example.fi",
    "040 987 6543",
    "+358 45 7654321",
    "+44 20 7946 0958",
    "FI21 1234 5600 0007 85",
    "DE89370400440532013000",
    "XP7654321",
    "RP9876543",
    "31275/110/2022",
    "4567-110-2024",
]
CORPUS = [
    f"Hei, henkilötunnukseni on {CODES[0]}, miten haen jatkolupaa?",
    f"my personal identity code is {CODES[1]} and my son's is {CODES[2]}",
    f"{CODES[3]} {CODES[4]}",
    "Please e-mail me at maija.virtanen@example.fi about the permit",
    "Soita minulle 040 987 6543 tai +358 45 7654321",
    "my UK number is +44 20 7946 0958",
    "Maksoin tililtä FI21 1234 5600 0007 85 mutta maksu ei näy",
    "refund to DE89370400440532013000 please",
    "passport number XP7654321, when does the decision come?",
    "oleskelulupakortin numero on RP9876543 ja kortti katosi",
    "what is my queue position 31275/110/2022",
    "Dnro 4567-110-2024 onko päätös tehty?",
]


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "kamu.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def _forms(secret: str) -> list[bytes]:
    """The value as sent, and compacted the way a normaliser might store it."""
    compact = "".join(secret.split()).replace("-", "")
    return [form.encode() for form in {secret, compact, secret.upper(), secret.lower()}]


def _leaks(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        if not path.exists():
            continue
        content = path.read_bytes()
        found += [f"{secret!r} in {path.name}" for secret in SECRETS for form in _forms(secret) if form in content]
    return sorted(set(found))


async def test_no_personal_data_or_diary_number_is_kept_anywhere(
    runtime: Runtime, debug_log: Path, tmp_path: Path
) -> None:
    chats = [Chat(runtime.engine, f"user{i}", hint=("fi" if i % 2 else "en")) for i in range(3)]
    for index, message in enumerate(CORPUS):
        chat = chats[index % len(chats)]
        await chat.say(message)
        # Warned about personal data; never about a diary number alone.
        warned = "Please do not write personal data" in chat.text or "Älä kirjoita tähän henkilötietoja" in chat.text
        assert warned == (index < len(CORPUS) - 2), (message, chat.text)
    # The feedback comment goes the same way.
    comment_chat = chats[0]
    await comment_chat.press("menu:end")
    await comment_chat.press("feedback:rate.2")
    await comment_chat.say(f"bad bot, call me 040 987 6543 or mail maija.virtanen@example.fi, hetu {CODES[0]}")
    # The data really went through and was recorded, redacted.
    kept = [text for (text,) in await rows(runtime, "SELECT user_text FROM transcript_turns")]
    joined = "\n".join(kept)
    for label in ("[personal identity code]", "[e-mail address]", "[phone number]", "[bank account]",
                  "[document number]", "[diary number]"):  # fmt: skip
        assert label in joined
    (comment,) = await runtime.app.store.fetchone("SELECT comment FROM feedback_ratings")
    assert "[phone number]" in comment and "[e-mail address]" in comment

    database = Path(runtime.app.settings.database)
    files = [database, database.with_name(database.name + "-wal"), debug_log]
    assert database.with_name(database.name + "-wal").exists()
    assert _leaks(files) == []
    assert debug_log.stat().st_size > 0

    # And once everything is checkpointed from the WAL into the database file.
    await runtime.app.store.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _leaks(files) == []


async def test_personal_data_cut_in_two_by_the_length_limit_is_still_caught(chat: Chat, runtime: Runtime) -> None:
    from bot.text import MAX_READ

    chat.hint = "en"
    for number, secret in enumerate(["131052-308T", "john.smith@example.com", "FI2112345600000785"]):
        chat.user = f"long{number}"
        filler = ("word " * MAX_READ)[: MAX_READ - 8]
        await chat.say(f"{filler} {secret} more text")
        assert "personal data" in chat.text
    rows = await runtime.engine.store.fetchall("SELECT user_text FROM transcript_turns")
    stored = "\n".join(row[0] or "" for row in rows)
    for fragment in ("131052", "john.smit", "FI2112"):
        assert fragment not in stored
