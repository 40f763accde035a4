"""The report as text for people, JSON for tools, CSV for spreadsheets.

JSON holds everything, nested. CSV is one flat table of
`section,item,count,share,text` rows, so a spreadsheet can filter by section.
The text is for reading in a terminal; it is in English, like the other
operators' commands.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from bot.report.data import Report

CSV_COLUMNS = ("section", "item", "count", "share", "text")


def as_dict(report: Report) -> dict[str, Any]:
    queue = report.queue
    return {
        "since": report.since.isoformat() if report.since else None,
        "generated": report.generated.isoformat(timespec="seconds"),
        "conversations": report.conversations,
        "messages": report.turns,
        "questions": report.questions,
        "fallbacks": report.fallbacks,
        "fallback_rate": round(report.fallback_rate, 4),
        "personal_data_warnings": report.personal_data_warnings,
        "languages": report.languages,
        "top_topics": [{"topic": topic, "count": count} for topic, count in report.topics],
        "unanswered": [{"count": u.count, "example": u.example, "variants": u.variants} for u in report.unanswered],
        "worst_answers": [
            {"topic": a.topic, "up": a.up, "down": a.down, "down_share": round(a.down_share, 4)}
            for a in report.worst_answers
        ],
        "ratings": {
            "count": report.rating_count,
            "average": None if report.rating_average is None else round(report.rating_average, 2),
            "distribution": {str(r): report.ratings.get(r, 0) for r in range(1, 6)},
        },
        "comments": [{"date": c.day.isoformat(), "rating": c.rating, "text": c.text} for c in report.comments],
        "queue": {
            "available": queue.available,
            "lookups": queue.lookups,
            "answered": queue.answered,
            "refusals": queue.refusals,
            "refused": queue.refused,
        },
    }


def as_json(report: Report) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_rows(report))
    return out.getvalue()


def _csv_rows(report: Report) -> Iterator[tuple[object, ...]]:
    share = _share
    yield "summary", "conversations", report.conversations, "", ""
    yield "summary", "messages", report.turns, "", ""
    yield "summary", "questions", report.questions, "", ""
    yield "summary", "fallbacks", report.fallbacks, share(report.fallback_rate), ""
    yield "summary", "personal_data_warnings", report.personal_data_warnings, "", ""
    for language, count in report.languages.items():
        yield "language", language, count, share(count / report.conversations), ""
    for topic, count in report.topics:
        yield "topic", topic, count, "", ""
    for index, group in enumerate(report.unanswered, 1):
        yield "unanswered", index, group.count, "", group.example
    for answer in report.worst_answers:
        votes = f"up {answer.up}, down {answer.down}"
        yield "answer", answer.topic, answer.up + answer.down, share(answer.down_share), votes
    for rating in range(1, 6):
        count = report.ratings.get(rating, 0)
        yield "rating", rating, count, share(count / report.rating_count) if report.rating_count else "", ""
    for comment in report.comments:
        yield "comment", comment.day.isoformat(), comment.rating, "", comment.text
    queue = report.queue
    if queue.available:
        yield "queue", "lookups", queue.lookups, "", ""
        for status, count in queue.answered.items():
            yield "queue", f"answered.{status}", count, "", ""
        for reason, count in queue.refused.items():
            yield "queue", f"refused.{reason}", count, "", ""
    else:
        yield "queue", "unavailable", "", "", "this database has no queue counters"


def _share(value: float) -> str:
    return f"{value:.4f}"


def as_text(report: Report) -> str:
    lines: list[str] = []
    add = lines.append
    period = f"since {report.since.isoformat()}" if report.since else "all kept data"
    add(f"Kamu report, {period} (generated {report.generated:%Y-%m-%d %H:%M})")
    add("")
    add(f"Conversations:  {report.conversations}")
    add(f"Messages:       {report.turns} ({report.questions} typed, {report.turns - report.questions} button presses)")
    add(f"Fallback rate:  {report.fallback_rate:.1%} ({report.fallbacks} of {report.questions} typed messages)")
    add(f"Personal data warnings: {report.personal_data_warnings}")
    languages = ", ".join(f"{code} {count}" for code, count in report.languages.items()) or "none"
    add(f"Languages:      {languages}")
    _section(lines, "Top topics", [f"{count:6}  {topic}" for topic, count in report.topics])
    _section(
        lines,
        "Most frequent unanswered questions",
        [f"{group.count:6}  {group.example}" for group in report.unanswered],
    )
    _section(
        lines,
        "Answers with the worst 👍/👎 ratio",
        [f"{a.down_share:6.0%}  {a.topic} (👍 {a.up}, 👎 {a.down})" for a in report.worst_answers],
    )
    average = "-" if report.rating_average is None else f"{report.rating_average:.2f}"
    distribution = "  ".join(f"{r}: {report.ratings.get(r, 0)}" for r in range(1, 6))
    _section(lines, "Ratings", [f"{report.rating_count} ratings, average {average}", distribution])
    _section(lines, "Comments", [f"{c.day.isoformat()}  [{c.rating}]  {c.text}" for c in report.comments])
    queue = report.queue
    if queue.available:
        refused = ", ".join(f"{reason} {count}" for reason, count in queue.refused.items()) or "none"
        queue_lines = [f"{queue.lookups} lookups, {queue.refusals} refused ({refused})"]
    else:
        queue_lines = ["no queue counters in this database"]
    _section(lines, "Queue", queue_lines)
    return "\n".join(lines) + "\n"


def _section(lines: list[str], title: str, body: list[str]) -> None:
    lines.append("")
    lines.append(title)
    lines.extend(body or ["  (none)"])


FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}
