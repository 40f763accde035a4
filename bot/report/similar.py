"""Grouping questions the bot did not understand, so one gap shows up once.

Users ask the same thing in many ways ("how to renew permit", "renewing my
permit?"). Each question becomes a set of word stems (folded words cut to
their first letters, enough to merge Finnish inflections like `luvan` and
`lupa` often and English plurals always); a question joins the first group
whose first question shares at least half of the stems (Jaccard similarity).
An inverted index keeps it near-linear: a question is compared only with
groups that share a stem with it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.text import fold, words

SIMILARITY = 0.5
STEM = 5
# Redaction labels are not what the question was about.
_LABEL = re.compile(r"\[[^\]]{1,40}\]")


@dataclass
class Group:
    stems: frozenset[str]
    texts: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def example(self) -> str:
        return self.texts.most_common(1)[0][0]

    def variants(self, limit: int = 3) -> list[str]:
        return [text for text, _ in self.texts.most_common(limit)]


def stems(text: str) -> frozenset[str]:
    return frozenset(fold(word)[:STEM] for word in words(_LABEL.sub(" ", text)) if len(word) > 2)


def group_similar(texts: Iterable[str]) -> list[Group]:
    """Groups of similar texts, the largest first."""
    groups: list[Group] = []
    by_stem: dict[str, list[int]] = defaultdict(list)
    for text in texts:
        text = " ".join(text.split())
        mine = stems(text) or frozenset({text.casefold()})
        best = _best_group(mine, groups, by_stem)
        if best is None:
            best = len(groups)
            groups.append(Group(mine))
            for stem in mine:
                by_stem[stem].append(best)
        groups[best].texts[text] += 1
    return sorted(groups, key=lambda group: -group.count)


def _best_group(mine: frozenset[str], groups: list[Group], by_stem: dict[str, list[int]]) -> int | None:
    candidates = {index for stem in mine for index in by_stem.get(stem, ())}
    best, best_score = None, SIMILARITY
    for index in sorted(candidates):
        theirs = groups[index].stems
        score = len(mine & theirs) / len(mine | theirs)
        if score >= best_score:
            best, best_score = index, score
            if score == 1.0:
                break
    return best
