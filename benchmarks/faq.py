"""FAQ matching speed: `python -m benchmarks.faq`.

Builds the whole knowledge base (every locale) as the bot does at start, then
matches every Finnish and English development question, repeated, in its own
language and mode, and prints the start-up time and p50/p99 per question.

The matcher keeps the rankings of the questions it has seen (users repeat
them), so two figures: cold, each question as if never asked (the cache is
emptied before every match; word stems stay cached, as in a running bot),
which is what p99 is judged on; and repeated, the same question again at once.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from bot.faq import FaqService
from bot.locales import Locales

DEV_SET = Path(__file__).parents[1] / "tests" / "data" / "faq-dev.jsonl"
ROUNDS = 20


def dev_lines() -> list[dict[str, Any]]:
    """The development questions: text, lang, employer and the expected topic."""
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    locales = Locales.load()
    started = time.perf_counter()
    faq = FaqService.load(locales)
    build = time.perf_counter() - started
    lines = dev_lines()
    questions = [(line["text"], line["lang"], line["employer"]) for line in lines if line["lang"] in faq.codes]
    cold: list[float] = []
    repeated: list[float] = []
    for _ in range(ROUNDS):
        for text, code, employer in questions:
            faq.forget_questions()
            started = time.perf_counter()
            faq.match(text, code, employer=employer)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            faq.match(text, code, employer=employer)
            repeated.append(time.perf_counter() - started)
    print(f"index build (all locales: {', '.join(faq.codes)}): {build * 1000:.0f} ms")
    print(f"{len(cold)} matches of each kind ({len(questions)} questions x {ROUNDS})")
    print(f"cold      {_figures(cold)}")
    print(f"repeated  {_figures(repeated)}")


def _figures(timings: list[float]) -> str:
    timings = sorted(timings)
    p99 = timings[int(len(timings) * 0.99)]
    return f"p50 {statistics.median(timings) * 1000:.3f} ms   p99 {p99 * 1000:.3f} ms   max {timings[-1] * 1000:.3f} ms"


if __name__ == "__main__":
    main()
