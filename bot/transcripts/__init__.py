"""What is kept of conversations: redacted turns, ratings, votes; and how it goes away.

Everything here is written already redacted (see `bot.privacy`), keyed by a
pseudonym, deleted after `storage.retention_days` by `purge`, and at once for
one user by `forget_statements`.
"""

from bot.transcripts.feedback import comment_statement, rating_statement, vote_statement
from bot.transcripts.forget import forget_statements
from bot.transcripts.recorder import Transcripts
from bot.transcripts.retention import Purged, purge, purge_regularly

__all__ = [
    "Purged",
    "Transcripts",
    "comment_statement",
    "forget_statements",
    "purge",
    "purge_regularly",
    "rating_statement",
    "vote_statement",
]
