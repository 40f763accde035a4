"""Forgetting one user at once: their transcripts, feedback, votes and sessions.

The statements run in the `/forget` step's own transaction, after the engine
has saved that step's session, so the session row written by the step goes
too. `secure_delete` makes SQLite overwrite the freed space with zeros instead
of leaving the deleted text in free pages of the file.
"""

from __future__ import annotations

from bot.store import Statement

SECURE_DELETE: Statement = ("PRAGMA secure_delete = ON", ())


def forget_statements(user_key: bytes, platform: str, user: str) -> list[Statement]:
    return [
        SECURE_DELETE,
        ("DELETE FROM transcript_turns WHERE user_key = ?", (user_key,)),
        ("DELETE FROM feedback_ratings WHERE user_key = ?", (user_key,)),
        ("DELETE FROM answer_votes WHERE user_key = ?", (user_key,)),
        ("DELETE FROM sessions WHERE platform = ? AND user = ?", (platform, user)),
    ]
