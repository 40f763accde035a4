"""A simulated scraper against the whole engine: it gets almost nothing, ordinary users get everything.

Traffic, all through `Engine.handle` on the console sample snapshot (5,000
rows), with the default limits (5 numbers a day, 8 neighbours an hour):

1. 6 ordinary users look up their own numbers inside the neighbourhoods
   the scraper is about to scan;
2. one scraper account tries 1,000 consecutive numbers;
3. 200 scraper accounts try 5 consecutive numbers each (the next 1,000);
4. during the scan, those 6 check their numbers again, and 44 more
   ordinary users outside the scanned neighbourhoods look theirs up.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter

from adapters.runtime import Runtime
from bot.queue import SAMPLE_ROWS, diary, sample
from bot.queue.keys import AREA_SIZE
from tests.conftest import Chat

from .conftest import AS_OF

ANSWER_BUTTONS = ["queue:start", "menu:show"]


def is_answer(chat: Chat) -> bool:
    """An answer, not a refusal (both end with the same buttons)."""
    return chat.button_data == ANSWER_BUTTONS and not chat.text.startswith("Sorry")


async def test_scraper_gets_a_few_dozen_answers_ordinary_users_all(runtime: Runtime) -> None:
    text = io.StringIO()
    sample.write_csv(text, sample.generate(SAMPLE_ROWS, seed=sample.DEFAULT_SEED, as_of=AS_OF))
    await runtime.app.queue.import_lines(io.StringIO(text.getvalue()), AS_OF)
    numbers = [diary.parse(row[0]) for row in list(csv.reader(io.StringIO(text.getvalue())))[1:]]
    present = [n for n in numbers if n is not None]
    # The scraper's target: the busiest code and year, from the middle of a block.
    (code, year), _ = Counter((n.code, n.year) for n in present).most_common(1)[0]
    first = min(n.running for n in present if (n.code, n.year) == (code, year)) + AREA_SIZE // 2
    scanned = range(first, first + 2_000)
    scanned_blocks = {r // AREA_SIZE for r in scanned}

    def in_scan(n: diary.DiaryNumber) -> bool:
        return (n.code, n.year) == (code, year) and n.running // AREA_SIZE in scanned_blocks

    rng = random.Random(1)
    inside = rng.sample([n for n in present if in_scan(n)], 6)
    outside = rng.sample([n for n in present if not in_scan(n)], 44)
    answered: Counter[str] = Counter()

    async def look_up(user: str, number: str) -> bool:
        chat = Chat(runtime.engine, user, hint="en")
        await chat.say(f"my diary number is {number}")
        return is_answer(chat)

    # 1. early ordinary users inside the soon-to-be-scanned neighbourhoods
    for i, n in enumerate(inside):
        answered["early"] += await look_up(f"early{i}", str(n))
    # 2. one account, 1,000 consecutive numbers
    for running in scanned[:1000]:
        answered["scraper, one account"] += await look_up("scraper", f"{running}/{code}/{year}")
    # 3. 200 accounts, 5 consecutive numbers each
    for account in range(200):
        for k in range(5):
            running = scanned[1000 + account * 5 + k]
            answered["scraper, 200 accounts"] += await look_up(f"bot{account}", f"{running}/{code}/{year}")
    # 4. the early users again, and ordinary users elsewhere
    for i, n in enumerate(inside):
        answered["early, again during the scan"] += await look_up(f"early{i}", str(n))
    for i, n in enumerate(outside):
        answered["ordinary, during the scan"] += await look_up(f"user{i}", str(n))

    print(dict(answered))
    assert answered["scraper, one account"] + answered["scraper, 200 accounts"] <= 36
    assert answered["early"] == 6 and answered["early, again during the scan"] == 6
    assert answered["ordinary, during the scan"] == 44
    refusals = dict(
        await runtime.app.store.fetchall(
            "SELECT name, sum(count) FROM queue_counters WHERE name LIKE 'refused.%' GROUP BY name"
        )
    )
    assert (
        refusals["refused.quota"] + refusals["refused.scan"]
        == 2_000 - answered["scraper, one account"] - answered["scraper, 200 accounts"]
    )
