"""The content team's report: what users asked, what the bot could not answer, what they thought.

Everything is read from the redacted tables, so the report can be shared
with the people who write the answers. A conversation is one user's turns
with no silence longer than `idle_minutes` between them and no "End chat"
inside; that is how an idle chat counts as ended.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.report.queue_figures import QueueFigures, queue_figures
from bot.report.similar import group_similar
from bot.store import Store

HELSINKI = ZoneInfo("Europe/Helsinki")
TOP = 10
# Unanswered questions are grouped from this many of the newest: enough to
# see every frequent gap, bounded work however long the period.
UNANSWERED_SAMPLE = 5000
COMMENTS = 50


@dataclass(frozen=True)
class Unanswered:
    count: int
    example: str
    variants: list[str]


@dataclass(frozen=True)
class AnswerVotes:
    topic: str
    up: int
    down: int

    @property
    def down_share(self) -> float:
        return self.down / (self.up + self.down)


@dataclass(frozen=True)
class Comment:
    day: dt.date
    rating: int
    text: str


@dataclass
class Report:
    since: dt.date | None
    generated: dt.datetime
    conversations: int = 0
    turns: int = 0
    questions: int = 0
    fallbacks: int = 0
    personal_data_warnings: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    topics: list[tuple[str, int]] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    worst_answers: list[AnswerVotes] = field(default_factory=list)
    ratings: dict[int, int] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    queue: QueueFigures = field(default_factory=lambda: QueueFigures(available=False))

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.questions if self.questions else 0.0

    @property
    def rating_count(self) -> int:
        return sum(self.ratings.values())

    @property
    def rating_average(self) -> float | None:
        count = self.rating_count
        return sum(r * n for r, n in self.ratings.items()) / count if count else None


def day_start(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, tzinfo=HELSINKI).timestamp()


async def gather(store: Store, since: dt.date | None, idle_minutes: int, now: float | None = None) -> Report:
    start = day_start(since) if since else 0.0
    generated = dt.datetime.fromtimestamp(time.time() if now is None else now, HELSINKI)
    report = Report(since, generated)
    await _conversations(store, report, start, idle_minutes * 60)
    await _turns(store, report, start)
    await _unanswered(store, report, start)
    await _votes(store, report, start)
    await _ratings(store, report, start)
    report.queue = await queue_figures(store, since)
    return report


async def _conversations(store: Store, report: Report, start: float, idle: float) -> None:
    # A turn starts a conversation when it is the user's first in the period,
    # comes after a silence longer than `idle`, or follows an "End chat".
    rows = await store.fetchall(
        "SELECT language, count(*) FROM ("
        "  SELECT language, at - lag(at) OVER mine AS gap, lag(ended) OVER mine AS after_end"
        "  FROM transcript_turns WHERE at >= ? WINDOW mine AS (PARTITION BY user_key ORDER BY at, id)"
        ") WHERE gap IS NULL OR gap > ? OR after_end = 1 GROUP BY language ORDER BY count(*) DESC, language",
        (start, idle),
    )
    report.languages = {str(language): int(count) for language, count in rows}
    report.conversations = sum(report.languages.values())


async def _turns(store: Store, report: Report, start: float) -> None:
    row = await store.fetchone(
        "SELECT count(*), count(*) FILTER (WHERE button IS NULL), "
        "count(*) FILTER (WHERE button IS NULL AND fallback = 1), count(personal_data) "
        "FROM transcript_turns WHERE at >= ?",
        (start,),
    )
    report.turns, report.questions, report.fallbacks, report.personal_data_warnings = (int(n) for n in row)
    rows = await store.fetchall(
        "SELECT topic, count(*) FROM transcript_turns WHERE at >= ? AND topic IS NOT NULL "
        "GROUP BY topic ORDER BY count(*) DESC, topic LIMIT ?",
        (start, TOP),
    )
    report.topics = [(str(topic), int(count)) for topic, count in rows]


async def _unanswered(store: Store, report: Report, start: float) -> None:
    rows = await store.fetchall(
        "SELECT user_text FROM transcript_turns WHERE at >= ? AND fallback = 1 AND button IS NULL "
        "ORDER BY at DESC LIMIT ?",
        (start, UNANSWERED_SAMPLE),
    )
    groups = group_similar(str(text) for (text,) in rows if text)
    report.unanswered = [Unanswered(g.count, g.example, g.variants()) for g in groups[:TOP]]


async def _votes(store: Store, report: Report, start: float) -> None:
    rows = await store.fetchall(
        "SELECT topic, count(*) FILTER (WHERE vote > 0) AS up, count(*) FILTER (WHERE vote < 0) AS down "
        "FROM answer_votes WHERE at >= ? GROUP BY topic HAVING down > 0 "
        "ORDER BY CAST(down AS REAL) / (up + down) DESC, down DESC, topic LIMIT ?",
        (start, TOP),
    )
    report.worst_answers = [AnswerVotes(str(topic), int(up), int(down)) for topic, up, down in rows]


async def _ratings(store: Store, report: Report, start: float) -> None:
    rows = await store.fetchall("SELECT rating, count(*) FROM feedback_ratings WHERE at >= ? GROUP BY rating", (start,))
    report.ratings = {int(rating): int(count) for rating, count in rows}
    rows = await store.fetchall(
        "SELECT at, rating, comment FROM feedback_ratings WHERE at >= ? AND comment IS NOT NULL AND comment != '' "
        "ORDER BY at DESC LIMIT ?",
        (start, COMMENTS),
    )
    report.comments = [
        Comment(dt.datetime.fromtimestamp(at, HELSINKI).date(), int(rating), str(text)) for at, rating, text in rows
    ]
