"""The statements that keep feedback: a chat's rating and comment, and votes on answers."""

from __future__ import annotations

from bot.store import Statement


def rating_statement(rating_id: int, user_key: bytes, at: float, language: str, rating: int) -> Statement:
    # Pressing another number before commenting changes the same rating.
    return (
        "INSERT INTO feedback_ratings (id, user_key, at, language, rating) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET rating = excluded.rating, at = excluded.at",
        (rating_id, user_key, at, language, rating),
    )


def comment_statement(rating_id: int, user_key: bytes, comment: str) -> Statement:
    # The user key guards against a session that outlived its rating row.
    return ("UPDATE feedback_ratings SET comment = ? WHERE id = ? AND user_key = ?", (comment, rating_id, user_key))


def vote_statement(user_key: bytes, topic: str, vote: int, at: float) -> Statement:
    return (
        "INSERT INTO answer_votes (user_key, topic, vote, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_key, topic) DO UPDATE SET vote = excluded.vote, at = excluded.at",
        (user_key, topic, vote, at),
    )
