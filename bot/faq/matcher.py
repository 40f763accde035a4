"""Which topic a question is about, and how sure the matcher is.

Every example question of a topic is a point; a question scores against each
point by two cosines (word stems and character n-grams, see analysis.py), and
a topic's score is its best point blended with the topic as a whole (all its
questions and keywords together), which helps long questions wrapped in a story.

The questions of [out_of_scope] are points too. When they are nearer than any
topic, the question is about something the knowledge base does not cover
(another authority, chit-chat, an attempt to make the bot say something),
and the matcher says so instead of guessing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.faq.analysis import Analyzer
from bot.faq.content import LocaleContent
from bot.faq.index import TfidfIndex

OUTSIDE = ""  # the label of out-of-scope points


@dataclass(frozen=True)
class Tuning:
    """The knobs of the score; the defaults were measured on the development set."""

    # Share of the stem view; the rest is character n-grams, which measured
    # better on inflected, compounded and misspelt Finnish.
    stem_weight: float = 0.3
    # Share of the best single example; the rest is the topic as a whole.
    point_weight: float = 0.4
    # How much the words the knowledge base never uses lower the score.
    unknown_penalty: float = 0.5
    # Terms in more than this share of the example questions are skipped
    # when scoring them (see TfidfIndex); it bounds the time of a match.
    common: float = 0.1


@dataclass(frozen=True)
class Ranking:
    """Topics by score, best first, and how close the out-of-scope examples came."""

    topics: list[tuple[str, float]]
    outside: float
    known_share: float
    # The question uses a word that only out-of-scope examples use ("Kela").
    outside_word: bool = False


class LocaleMatcher:
    """Scores a question against one language's knowledge base."""

    def __init__(self, content: LocaleContent, tuning: Tuning = Tuning()) -> None:
        self.code = content.code
        self.tuning = tuning
        self.analyzer = Analyzer(content.code)
        labels: list[str] = []
        texts: list[str] = []
        whole: dict[str, list[str]] = defaultdict(list)
        for topic in content.topics.values():
            profile = " ".join((topic.title, *topic.keywords))
            for text in (*topic.questions, profile):
                labels.append(topic.id)
                texts.append(text)
                whole[topic.id].append(text)
        for text in content.out_of_scope:
            labels.append(OUTSIDE)
            texts.append(text)
        self._labels = labels
        self._topic_ids = list(whole)
        point_tokens = [self.analyzer.tokens(text) for text in texts]
        topic_tokens = [self.analyzer.tokens(" ".join(whole[topic_id])) for topic_id in self._topic_ids]
        self._points = _TwoViews(self.analyzer, point_tokens, tuning.common)
        point_stems = [(label, self.analyzer.stems(tokens)) for tokens, label in zip(point_tokens, labels, strict=True)]
        topic_stems = {stem for label, stems in point_stems if label for stem in stems}
        outside_stems = {stem for label, stems in point_stems if not label for stem in stems}
        # Only words of three letters or more: "is", "a" say nothing about scope.
        self._outside_words = {s for s in outside_stems - topic_stems if len(s) >= 3}
        self._topics = _TwoViews(self.analyzer, topic_tokens)

    def rank(self, text: str) -> Ranking:
        tokens = self.analyzer.tokens(text)
        if not tokens:
            return Ranking([], 0.0, 0.0)
        stems, grams = self.analyzer.stems(tokens), self.analyzer.ngrams(tokens)
        w = self.tuning.stem_weight
        best: dict[str, float] = defaultdict(float)
        for number, score in self._points.scores(stems, grams, w).items():
            label = self._labels[number]
            best[label] = max(best[label], score)
        outside = best.pop(OUTSIDE, 0.0)
        p = self.tuning.point_weight
        whole = {self._topic_ids[n]: s for n, s in self._topics.scores(stems, grams, w).items()}
        blended = {t: p * best.get(t, 0.0) + (1 - p) * whole.get(t, 0.0) for t in best.keys() | whole.keys()}
        known = self._points.stems.known_share(stems)
        factor = 1 - self.tuning.unknown_penalty * (1 - known)
        ranked = sorted(((topic_id, score * factor) for topic_id, score in blended.items()), key=lambda x: -x[1])
        return Ranking(ranked, outside, known, not self._outside_words.isdisjoint(stems))


class _TwoViews:
    """A stem index and an n-gram index over the same documents."""

    def __init__(self, analyzer: Analyzer, tokens: list[list[str]], common: float = 1.0) -> None:
        self.stems = TfidfIndex([analyzer.stems(t) for t in tokens], common)
        self.grams = TfidfIndex([analyzer.ngrams(t) for t in tokens], common)

    def scores(self, stems: Counter[str], grams: Counter[str], stem_weight: float) -> dict[int, float]:
        combined: dict[int, float] = defaultdict(float)
        for number, score in self.stems.scores(stems).items():
            combined[number] += stem_weight * score
        for number, score in self.grams.scores(grams).items():
            combined[number] += (1 - stem_weight) * score
        return combined
