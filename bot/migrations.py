"""Numbered schema migrations, tracked by `PRAGMA user_version`.

Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "conversation sessions, handled platform events with their undelivered replies, adapter state",
        """
        CREATE TABLE sessions (
            platform   TEXT NOT NULL,
            chat       TEXT NOT NULL,
            user       TEXT NOT NULL,
            state      TEXT NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (platform, chat, user)
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_age ON sessions (updated_at);

        -- One row per platform update the engine has handled: a repeated update
        -- is recognised and not answered twice. `pending` holds the replies as
        -- JSON until the adapter confirms they were sent, so a crash between
        -- handling and sending loses nothing.
        CREATE TABLE handled_events (
            platform   TEXT NOT NULL,
            event_id   TEXT NOT NULL,
            chat       TEXT NOT NULL,
            handled_at REAL NOT NULL,
            pending    TEXT,
            PRIMARY KEY (platform, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX handled_events_by_age ON handled_events (handled_at);
        CREATE INDEX handled_events_pending ON handled_events (platform) WHERE pending IS NOT NULL;

        -- Small values an adapter keeps across restarts (sync tokens, device ids).
        CREATE TABLE adapter_state (
            platform TEXT NOT NULL,
            name     TEXT NOT NULL,
            value    TEXT NOT NULL,
            PRIMARY KEY (platform, name)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        2,
        "queue snapshots by generation, keyed diary numbers, lookup quotas, scan detection, refusal counters",
        """
        -- One row per imported (or importing) snapshot. Lookups read the one
        -- 'active' generation; an import loads a 'loading' one beside it and
        -- switches in one short transaction. Retired rows stay as the history.
        CREATE TABLE queue_snapshots (
            generation   INTEGER PRIMARY KEY AUTOINCREMENT,
            state        TEXT NOT NULL CHECK (state IN ('loading', 'active', 'retired')),
            as_of        TEXT NOT NULL,
            rows         INTEGER NOT NULL,
            rows_by_type TEXT NOT NULL,
            started_at   REAL NOT NULL,
            imported_at  REAL
        );
        CREATE UNIQUE INDEX queue_snapshots_active ON queue_snapshots (state) WHERE state = 'active';

        -- The applications of each generation. `number_key` is the keyed hash
        -- of the diary number (never the number); `ahead` is computed at import,
        -- so a lookup is one primary-key read. `submitted_on` is a date ordinal.
        CREATE TABLE queue_entries (
            generation       INTEGER NOT NULL,
            number_key       BLOB NOT NULL,
            application_type TEXT NOT NULL,
            submitted_on     INTEGER NOT NULL,
            ahead            INTEGER NOT NULL,
            PRIMARY KEY (generation, number_key)
        ) WITHOUT ROWID;

        -- Who asked for which number, as keyed hashes: the per-user quota, the
        -- free repeat of one's own number, and the scan detector's
        -- neighbourhoods (`area_key`: code, year and block of running numbers).
        CREATE TABLE queue_asks (
            asker_key   BLOB NOT NULL,
            number_key  BLOB NOT NULL,
            area_key    BLOB NOT NULL,
            first_at    REAL NOT NULL,
            last_at     REAL NOT NULL,
            answered_at REAL,
            PRIMARY KEY (asker_key, number_key)
        ) WITHOUT ROWID;
        CREATE INDEX queue_asks_by_area ON queue_asks (area_key, last_at);
        CREATE INDEX queue_asks_by_age ON queue_asks (last_at);

        -- Daily counts for reports: answers by status, refusals by reason.
        CREATE TABLE queue_counters (
            day   TEXT NOT NULL,
            name  TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (day, name)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        3,
        "redacted transcripts of conversations, chat ratings and comments, votes on answers",
        """
        -- One row per turn, for the content team: what the user sent and what
        -- the bot answered, both redacted before they get here (personal data
        -- and diary numbers replaced by labels), with what the turn was about.
        -- `user_key` is a keyed hash of the platform and user: it groups turns
        -- into conversations and lets a user's rows be deleted, and says
        -- nothing about who they are.
        CREATE TABLE transcript_turns (
            id            INTEGER PRIMARY KEY,
            user_key      BLOB NOT NULL,
            at            REAL NOT NULL,
            platform      TEXT NOT NULL,
            language      TEXT NOT NULL,
            mode          TEXT NOT NULL,
            user_text     TEXT NOT NULL,
            button        TEXT,
            bot_text      TEXT NOT NULL,
            topic         TEXT,
            confidence    REAL,
            fallback      INTEGER NOT NULL DEFAULT 0,
            personal_data TEXT,
            ended         INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX transcript_turns_by_user ON transcript_turns (user_key, at);
        CREATE INDEX transcript_turns_by_age ON transcript_turns (at);

        -- "End chat": a rating of 1 to 5 and an optional comment (redacted).
        CREATE TABLE feedback_ratings (
            id       INTEGER PRIMARY KEY,
            user_key BLOB NOT NULL,
            at       REAL NOT NULL,
            language TEXT NOT NULL,
            rating   INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            comment  TEXT
        );
        CREATE INDEX feedback_ratings_by_user ON feedback_ratings (user_key);
        CREATE INDEX feedback_ratings_by_age ON feedback_ratings (at);

        -- The thumbs under an answer: one vote per user and topic, the latest wins.
        CREATE TABLE answer_votes (
            user_key BLOB NOT NULL,
            topic    TEXT NOT NULL,
            vote     INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            at       REAL NOT NULL,
            PRIMARY KEY (user_key, topic)
        ) WITHOUT ROWID;
        CREATE INDEX answer_votes_by_age ON answer_votes (at);
        """,
    ),
)
