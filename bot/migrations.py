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
)
