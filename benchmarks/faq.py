"""FAQ matching speed: `python -m benchmarks.faq`.

Builds the whole knowledge base (every locale) as the bot does at start, then
matches every Finnish and English development question, repeated, in its own
language and mode, and prints the start-up time and p50/p99 per question.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from bot.faq import FaqService
from bot.locales import Locales

DEV_SET = Path(__file__).parents[1] / "tests" / "data" / "faq-dev.jsonl"
ROUNDS = 20


def main() -> None:
    locales = Locales.load()
    started = time.perf_counter()
    faq = FaqService.load(locales)
    build = time.perf_counter() - started
    lines = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [(line["text"], line["lang"], line["employer"]) for line in lines if line["lang"] in faq.codes]
    timings: list[float] = []
    for _ in range(ROUNDS):
        for text, code, employer in questions:
            started = time.perf_counter()
            faq.match(text, code, employer=employer)
            timings.append(time.perf_counter() - started)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]
    print(f"index build (all locales: {', '.join(faq.codes)}): {build * 1000:.0f} ms")
    print(f"{len(timings)} matches ({len(questions)} questions x {ROUNDS})")
    print(f"p50 {statistics.median(timings) * 1000:.3f} ms   p99 {p99 * 1000:.3f} ms   max {timings[-1] * 1000:.3f} ms")


if __name__ == "__main__":
    main()
