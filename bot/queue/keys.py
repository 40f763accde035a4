"""Keyed hashes: how diary numbers and users are stored without being stored.

Every diary number the bot keeps (the snapshot, the quota and the scan
detector) is an HMAC-SHA256 of its canonical form under a secret key, so the
database alone reveals no number, and nobody without the key can test guesses
against it. The key comes from `queue.hmac_key` (or its environment variable);
otherwise it is generated once into a file only the owner can read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from bot.config import Settings
from bot.queue.diary import DiaryNumber

# 16 bytes of the 32 (truncation as RFC 2104 allows): 128 bits make a
# collision in any real snapshot practically impossible and halve the index.
DIGEST_BYTES = 16
# Scan detection groups running numbers in blocks of this size ("neighbours").
AREA_SIZE = 1000


class KeyFileError(RuntimeError):
    pass


def key_file_path(settings: Settings) -> Path:
    configured = settings["queue.hmac_key_file"]
    if configured:
        return Path(configured)
    database = Path(settings.database)
    return database.with_name(database.name + ".queue-key")


def load_key(settings: Settings) -> bytes:
    """The configured key, else the key file's, made on first use (mode 0600)."""
    if settings["queue.hmac_key"]:
        return str(settings["queue.hmac_key"]).encode()
    path = key_file_path(settings)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under a private name, then linked into place: a process
    # starting at the same moment sees no file or the whole key, never an
    # empty one, and if two race, the first link wins and both use its key.
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink()
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise KeyFileError(f"{path}: the queue key is too short; delete the file to make a new one")
    return key.encode()


class Hasher:
    """Keyed digests of diary numbers, their neighbourhoods and the people asking."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _digest(self, kind: str, value: str) -> bytes:
        return hmac.digest(self._key, f"{kind}:{value}".encode(), hashlib.sha256)[:DIGEST_BYTES]

    def number(self, number: DiaryNumber | str) -> bytes:
        """The key of a number (or of its canonical text, see `diary.canonical`)."""
        return hmac.digest(self._key, b"number:" + str(number).encode(), hashlib.sha256)[:DIGEST_BYTES]

    def area(self, number: DiaryNumber) -> bytes:
        return self._digest("area", f"{number.code}/{number.year}/{number.running // AREA_SIZE}")

    def asker(self, platform: str, user: str) -> bytes:
        return self._digest("asker", f"{platform}\x00{user}")
