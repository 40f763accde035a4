"""The queue's figures for the report, from the queue's daily counters.

The one place the report reads the queue's tables: `queue_counters` has a
count per Helsinki day and name, `answered.<status>` or `refused.<reason>`.
Where the table is missing (an older database), the figures say so instead
of showing zeros as if nothing had happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.store import Store


@dataclass(frozen=True)
class QueueFigures:
    available: bool
    answered: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    @property
    def lookups(self) -> int:
        return sum(self.answered.values()) + sum(self.refused.values())

    @property
    def refusals(self) -> int:
        return sum(self.refused.values())


async def queue_figures(store: Store, since: dt.date | None) -> QueueFigures:
    exists = await store.fetchone("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'queue_counters'")
    if exists is None:
        return QueueFigures(available=False)
    rows = await store.fetchall(
        "SELECT name, sum(count) FROM queue_counters WHERE day >= ? GROUP BY name ORDER BY name",
        ((since or dt.date.min).isoformat(),),
    )
    answered, refused = {}, {}
    for name, count in rows:
        kind, _, detail = str(name).partition(".")
        if kind == "answered":
            answered[detail] = int(count)
        elif kind == "refused":
            refused[detail] = int(count)
    return QueueFigures(True, answered, refused)
