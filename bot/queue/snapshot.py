"""Reading the active snapshot: one statement, so an import's switch is never seen half-done."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from bot.queue.rules import Entry
from bot.store import Store


@dataclass(frozen=True)
class SnapshotInfo:
    generation: int
    as_of: dt.date
    rows: int
    rows_by_type: dict[str, int]
    imported_at: float


async def active(store: Store) -> SnapshotInfo | None:
    row = store.lookup(
        "SELECT generation, as_of, rows, rows_by_type, imported_at FROM queue_snapshots WHERE state = 'active'"
    )
    if row is None:
        return None
    generation, as_of, rows, by_type, imported_at = row
    return SnapshotInfo(generation, dt.date.fromisoformat(as_of), rows, json.loads(by_type), imported_at)


async def find(store: Store, number_key: bytes) -> tuple[dt.date, Entry | None] | None:
    """(snapshot date, the entry or None when not in it); None when no snapshot is active."""
    row = store.lookup(
        "SELECT s.as_of, e.application_type, e.submitted_on, e.ahead FROM queue_snapshots s "
        "LEFT JOIN queue_entries e ON e.generation = s.generation AND e.number_key = ? "
        "WHERE s.state = 'active'",
        (number_key,),
    )
    if row is None:
        return None
    as_of, application_type, submitted_on, ahead = row
    entry = None if application_type is None else Entry(application_type, dt.date.fromordinal(submitted_on), ahead)
    return dt.date.fromisoformat(as_of), entry
