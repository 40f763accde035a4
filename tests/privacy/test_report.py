"""`kamu report`: the figures, and every output format."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.runtime import Runtime, open_runtime
from bot import config
from bot.report import as_csv, as_json, as_text, gather
from bot.report.data import day_start
from bot.report.similar import group_similar

DAY1 = day_start(dt.date(2026, 3, 1))
DAY2 = day_start(dt.date(2026, 3, 10))
MINUTE = 60.0


async def _turn(runtime: Runtime, user: str, at: float, text: str = "q", **columns: object) -> None:
    values = {"language": "en", "button": None, "topic": None, "fallback": 0, "ended": 0, "personal_data": None}
    values.update(columns)
    async with runtime.app.store.transaction() as db:
        await db.execute(
            "INSERT INTO transcript_turns (user_key, at, platform, language, mode, user_text, button, bot_text, "
            "topic, fallback, ended, personal_data) VALUES (?, ?, 'test', ?, 'default', ?, ?, 'a', ?, ?, ?, ?)",
            (user.encode(), at, values["language"], text, values["button"], values["topic"], values["fallback"],
             values["ended"], values["personal_data"]),
        )  # fmt: skip


async def _seed(runtime: Runtime) -> None:
    # Anna: two conversations split by "End chat", then a third after an idle hour.
    await _turn(runtime, "anna", DAY1, "how to renew my permit", topic="extended-permit")
    await _turn(runtime, "anna", DAY1 + MINUTE, "/end", ended=1)
    await _turn(runtime, "anna", DAY1 + 2 * MINUTE, "", button="feedback:rate.4")
    await _turn(runtime, "anna", DAY1 + 90 * MINUTE, "what about my dog", fallback=1)
    # Ben, in Finnish: one conversation with short gaps.
    for minute, text in enumerate(["voinko tuoda koiran suomeen?", "voiko koiran tuoda suomeen", "jonotilanne"]):
        await _turn(runtime, "ben", DAY2 + minute * MINUTE, text, language="fi", fallback=int(minute < 2))
    await _turn(runtime, "ben", DAY2 + 3 * MINUTE, "puhelin [phone number]", language="fi",
                topic="queue-position", personal_data="phone")  # fmt: skip
    async with runtime.app.store.transaction() as db:
        for user, topic, vote in [("a", "appeal", -1), ("b", "appeal", -1), ("c", "appeal", 1), ("a", "fees", 1),
                                  ("b", "fees", -1), ("c", "fees", 1), ("d", "fees", 1)]:  # fmt: skip
            await db.execute("INSERT INTO answer_votes VALUES (?, ?, ?, ?)", (user.encode(), topic, vote, DAY2))
        for rating, comment, at in [(4, "nice", DAY1), (2, "slow [diary number]", DAY2), (5, None, DAY2)]:
            await db.execute(
                "INSERT INTO feedback_ratings (user_key, at, language, rating, comment) VALUES (?, ?, 'en', ?, ?)",
                (b"x", at, rating, comment),
            )
        for day, name, count in [("2026-03-01", "answered.position", 5), ("2026-03-10", "answered.position", 3),
                                 ("2026-03-10", "refused.quota", 2), ("2026-03-10", "refused.scan", 1)]:  # fmt: skip
            await db.execute("INSERT INTO queue_counters VALUES (?, ?, ?)", (day, name, count))


async def test_the_report_counts_what_the_content_team_needs(runtime: Runtime) -> None:
    await _seed(runtime)
    report = await gather(runtime.app.store, None, idle_minutes=30)
    assert report.conversations == 4
    assert report.languages == {"en": 3, "fi": 1}
    assert report.turns == 8 and report.questions == 7
    assert report.fallbacks == 3 and report.fallback_rate == pytest.approx(3 / 7)
    assert report.personal_data_warnings == 1
    assert report.topics == [("extended-permit", 1), ("queue-position", 1)]
    # The two questions about bringing a dog, in Finnish, are one group.
    assert report.unanswered[0].count == 2 and "koira" in report.unanswered[0].example
    assert [(a.topic, a.up, a.down) for a in report.worst_answers] == [("appeal", 1, 2), ("fees", 3, 1)]
    assert report.ratings == {2: 1, 4: 1, 5: 1} and report.rating_average == pytest.approx(11 / 3)
    assert [c.text for c in report.comments] == ["slow [diary number]", "nice"]
    assert report.queue.available and report.queue.lookups == 11 and report.queue.refused == {"quota": 2, "scan": 1}


async def test_since_limits_the_period(runtime: Runtime) -> None:
    await _seed(runtime)
    report = await gather(runtime.app.store, dt.date(2026, 3, 5), idle_minutes=30)
    assert report.conversations == 1 and report.languages == {"fi": 1}
    assert report.ratings == {2: 1, 5: 1}
    assert report.queue.lookups == 6


async def test_a_longer_idle_time_joins_conversations(runtime: Runtime) -> None:
    await _seed(runtime)
    assert (await gather(runtime.app.store, None, idle_minutes=120)).conversations == 3


async def test_every_format(runtime: Runtime) -> None:
    await _seed(runtime)
    report = await gather(runtime.app.store, None, idle_minutes=30)
    text = as_text(report)
    for heading in ("Conversations:", "Fallback rate:", "Top topics", "Most frequent unanswered questions",
                    "worst 👍/👎 ratio", "Ratings", "Comments", "Queue"):  # fmt: skip
        assert heading in text
    assert "11 lookups, 3 refused (quota 2, scan 1)" in text
    data = json.loads(as_json(report))
    assert data["conversations"] == 4 and data["fallback_rate"] == round(3 / 7, 4)
    assert data["worst_answers"][0] == {"topic": "appeal", "up": 1, "down": 2, "down_share": 0.6667}
    assert data["ratings"]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert data["queue"]["refused"] == {"quota": 2, "scan": 1}
    table = list(csv.DictReader(io.StringIO(as_csv(report))))
    assert {"summary", "language", "topic", "unanswered", "answer", "rating", "comment", "queue"} <= {
        row["section"] for row in table
    }
    assert {"section": "summary", "item": "conversations", "count": "4", "share": "", "text": ""} in table


async def test_an_empty_database_and_one_without_queue_counters(runtime: Runtime) -> None:
    async with runtime.app.store.transaction() as db:
        await db.execute("DROP TABLE queue_counters")
    report = await gather(runtime.app.store, None, idle_minutes=30)
    assert report.conversations == 0 and report.rating_average is None and not report.queue.available
    assert "no queue counters in this database" in as_text(report)
    assert json.loads(as_json(report))["queue"]["available"] is False
    assert "unavailable" in as_csv(report)


async def _seeded_database(path: Path) -> None:
    async with open_runtime(config.load(None, {"KAMU_DB": str(path)})) as runtime:
        await _seed(runtime)


def test_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # A plain test: the command runs its own event loop, as it does from a shell.
    asyncio.run(_seeded_database(tmp_path / "kamu.db"))
    database = str(tmp_path / "kamu.db")
    assert main(["report", "--db", database, "--format", "json", "--since", "2026-03-05"]) == 0
    assert json.loads(capsys.readouterr().out)["conversations"] == 1
    assert main(["report", "--db", database, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("section,item,count,share,text\n")
    assert main(["report", "--db", database]) == 0
    assert "Kamu report, all kept data" in capsys.readouterr().out
    assert main(["report", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(SystemExit):
        main(["report", "--since", "yesterday"])


def test_similar_questions_are_grouped() -> None:
    groups = group_similar(
        [
            "how do I renew my residence permit",
            "How do I renew my residence permit?",
            "renew residence permit how",
            "where is my dog",
            "[phone number] [e-mail address]",
            "",
        ]
    )
    assert groups[0].count == 3
    assert groups[0].example == "how do I renew my residence permit"
    assert sum(group.count for group in groups) == 6
