"""Keyed pseudonyms for users: what ties their transcript rows together.

Transcripts and feedback must be groupable per user (conversations) and
deletable per user (`/forget`), yet must not tell the content team who wrote
them. A platform user id is short and guessable (Telegram's are integers), so
a plain hash would be reversed by trying them all; an HMAC under a secret key
outside the database is not.
"""

from __future__ import annotations

import hashlib
import hmac

DIGEST_BYTES = 16


class Pseudonyms:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def user(self, platform: str, user: str) -> bytes:
        return hmac.digest(self._key, f"transcript-user:{platform}\x00{user}".encode(), hashlib.sha256)[:DIGEST_BYTES]
