"""Which topic a question is about, and how sure the matcher is.

Every example question of a topic is a point; a question scores against each
point by two cosines (word stems and character n-grams, see analysis.py), and
a topic's score is its best point blended with the topic as a whole (all its
questions and keywords together), which helps long questions wrapped in a story.

Beside the cosines, a Naive Bayes model (bayes.py) gives each topic a
probability from all of its examples at once; a topic's score blends both.
The probability is relative to the other topics, so a long story whose best
topic is clearly ahead is answered even when its cosine is low, while the
cosine alone (`Ranking.similarity`) still decides whether the question is
near the knowledge base at all. Synonyms from the content file add the
content's words to a question that uses a variant ("nationality").

The questions of [out_of_scope] are points too. When they are nearer than any
topic, the question is about something the knowledge base does not cover
(another authority, chit-chat, an attempt to make the bot say something),
and the matcher says so instead of guessing.

A match is most of the bot's reply time. The words of a question are read
in Python; all the scoring is done on numpy arrays (index.py, bayes.py),
giving the scores a plain Python loop gives (to rounding), a few times faster. A ranking
is cached by the question's text (see `LocaleMatcher.rank`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np

from bot.faq.analysis import Analyzer, Encoded, Vocabulary
from bot.faq.bayes import NaiveBayes, softmax
from bot.faq.content import LocaleContent
from bot.faq.index import Floats, TfidfIndex
from bot.text import MAX_READ

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
    # A question's n-grams scored, at most (see TfidfIndex): bounds the time
    # a long story takes. Accuracy is the same from 150 up and drops at 100.
    gram_limit: int = 150
    # Naive Bayes (bayes.py): smoothing, share of the stem view in its
    # evidence, the temperature that turns evidence into probabilities, the
    # share of its probability in a topic's score, how evidence is scaled by
    # the number of known features (0.5: divided by its square root, so long
    # questions are surer but not in proportion to length), and the share of
    # topics a feature may appear in before it is skipped (accuracy is the
    # same from 0.8 to 1.0; 0.8 is faster). Tuned on the development set and
    # one independent set, checked on another.
    bayes_alpha: float = 0.1
    bayes_stem_weight: float = 0.5
    bayes_temperature: float = 2.0
    bayes_weight: float = 0.5
    bayes_length_power: float = 0.5
    bayes_common: float = 0.8


@dataclass(frozen=True)
class Ranking:
    """Topics by score, best first, and how close the out-of-scope examples came."""

    topics: list[tuple[str, float]]
    outside: float
    # The question uses a word that only out-of-scope examples use ("Kela").
    outside_word: bool = False
    # Each topic's cosine score alone: how near the question is to what the
    # topic's examples say, whatever the other topics score.
    similarity: dict[str, float] = field(default_factory=dict)
    # Each topic's best single example by cosine: compared with `outside`,
    # which is the best single out-of-scope example on the same scale.
    nearest: dict[str, float] = field(default_factory=dict)


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
        self._synonyms = _Synonyms(self.analyzer, content.synonyms)
        self._topic_ids = list(whole)
        self._best_of = _BestOfLabel(labels, self._topic_ids)
        point_tokens = [self.analyzer.tokens(text) for text in texts]
        topic_tokens = [self.analyzer.tokens(" ".join(whole[topic_id])) for topic_id in self._topic_ids]
        point_stems = [self.analyzer.stems(tokens) for tokens in point_tokens]
        point_grams = [self.analyzer.ngrams(tokens) for tokens in point_tokens]
        topic_stems = [self.analyzer.stems(tokens) for tokens in topic_tokens]
        topic_grams = [self.analyzer.ngrams(tokens) for tokens in topic_tokens]
        self._stem_ids = Vocabulary(chain(point_stems, topic_stems))
        self._gram_ids = Vocabulary(chain(point_grams, topic_grams))
        vocabularies = (self._stem_ids, self._gram_ids)
        self._points = _TwoViews(vocabularies, point_stems, point_grams, tuning.common, tuning.gram_limit)
        self._topics = _TwoViews(vocabularies, topic_stems, topic_grams, limit=tuning.gram_limit)
        in_topics = {stem for label, stems in zip(labels, point_stems, strict=True) if label for stem in stems}
        outside_stems = {stem for label, stems in zip(labels, point_stems, strict=True) if not label for stem in stems}
        # Only words of three letters or more: "is", "a" say nothing about scope.
        self._outside_words = {s for s in outside_stems - in_topics if len(s) >= 3}
        a = tuning.bayes_alpha
        self._bayes_stems = NaiveBayes(zip(labels, point_stems, strict=True), self._stem_ids, a)
        self._bayes_grams = NaiveBayes(zip(labels, point_grams, strict=True), self._gram_ids, a, tuning.bayes_common)
        # Both models saw the same labels in the same order, so their arrays add up label by label.
        self._bayes_labels = self._bayes_stems.labels
        self._bayes_topic = np.array([self._bayes_labels.index(t) for t in self._topic_ids], dtype=np.intp)
        # Users repeat questions ("oleskelulupa", "citizenship", a question
        # copied from a web page): each is ranked once. The content never
        # changes under a matcher (a reload builds new ones), so neither does
        # a ranking; reading stops at MAX_READ, so the key does too.
        self._ranked = lru_cache(maxsize=1024)(self._rank)

    def rank(self, text: str) -> Ranking:
        """The ranking of a question; callers must not change it (it is cached)."""
        return self._ranked(text[:MAX_READ])

    def _rank(self, text: str) -> Ranking:
        question = self._read(text)
        if question is None:
            return Ranking([], 0.0)
        w = self.tuning.stem_weight
        best, outside = self._best_of(self._points.scores(question, w))
        whole = self._topics.scores(question, w)
        p = self.tuning.point_weight
        blended = p * best + (1 - p) * whole
        known = self._points.stems.known_share(question.stems)
        factor = 1 - self.tuning.unknown_penalty * (1 - known)
        probability = self._probabilities(question)
        b = self.tuning.bayes_weight
        scores = (1 - b) * blended + b * probability[self._bayes_topic]
        scores = scores * factor
        order = np.argsort(-scores, kind="stable").tolist()
        topic_ids = self._topic_ids
        ranked = list(zip([topic_ids[i] for i in order], scores[order].tolist(), strict=True))
        return Ranking(
            ranked,
            outside,
            outside_word=question.outside_word,
            similarity=dict(zip(topic_ids, (blended * factor).tolist(), strict=True)),
            nearest={t: s for t, s in zip(topic_ids, best.tolist(), strict=True) if s > 0.0},
        )

    def forget_questions(self) -> None:
        """Empty the cache of questions ranked (for measuring the cost of new ones)."""
        self._ranked.cache_clear()

    def _read(self, text: str) -> _Question | None:
        """The question's features in both views; None when it has no words."""
        tokens = self.analyzer.tokens(text)
        if not tokens:
            return None
        # The question sentence of a story is read twice more: it says what is
        # asked, the rest only sets the scene (a cosine weighs it 1 + log 3 times).
        asked = self.analyzer.question_tokens(text)
        tokens = self._synonyms.expand(tokens + 2 * asked)
        stems = self.analyzer.stems(tokens)
        outside_word = not self._outside_words.isdisjoint(stems)
        grams = self.analyzer.ngrams(tokens)
        return _Question(self._stem_ids.encode(stems), self._gram_ids.encode(grams), outside_word)

    def _probabilities(self, question: _Question) -> Floats:
        """Naive Bayes's probability of each label (topics and OUTSIDE) given the question.

        Each view's log-likelihood is averaged over the features it knows, so
        a long question is not more certain merely for being long.
        """
        w = self.tuning.bayes_stem_weight
        power = self.tuning.bayes_length_power
        views = ((self._bayes_stems, question.stems, w), (self._bayes_grams, question.grams, 1 - w))
        evidence = np.zeros(len(self._bayes_labels), dtype=np.float64)
        for model, features, share in views:
            count = max(1, model.known(features))
            evidence += share * model.log_likelihoods(features) / count**power
        return softmax(evidence, self.tuning.bayes_temperature)


@dataclass(frozen=True)
class _Question:
    """What the matcher reads from a question, before any scoring."""

    stems: Encoded
    grams: Encoded
    # The question uses a word that only out-of-scope examples use.
    outside_word: bool


class _TwoViews:
    """A stem index and an n-gram index over the same documents."""

    def __init__(
        self,
        vocabularies: tuple[Vocabulary, Vocabulary],
        stems: list[Counter[str]],
        grams: list[Counter[str]],
        common: float = 1.0,
        limit: int = 0,
    ) -> None:
        stem_ids, gram_ids = vocabularies
        self.stems = TfidfIndex(stems, stem_ids, common)
        self.grams = TfidfIndex(grams, gram_ids, common, limit)

    def scores(self, question: _Question, stem_weight: float) -> Floats:
        """The blended cosine of the query with every document, by document number."""
        return self.stems.scores(question.stems, stem_weight) + self.grams.scores(question.grams, 1 - stem_weight)


class _BestOfLabel:
    """Each topic's best example score, and the best out-of-scope one, from scores by example."""

    def __init__(self, labels: list[str], topic_ids: list[str]) -> None:
        numbers = {label: number for number, label in enumerate([*topic_ids, OUTSIDE])}
        label_numbers = np.array([numbers[label] for label in labels], dtype=np.intp)
        # Examples grouped by label, so that np.maximum.reduceat takes each group's best.
        self._order = np.argsort(label_numbers, kind="stable")
        grouped = label_numbers[self._order]
        self._starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if grouped.size else grouped
        self._groups = grouped[self._starts]
        self._topics = len(topic_ids)

    def __call__(self, scores: Floats) -> tuple[Floats, float]:
        """(best score of each topic, in topic order, 0 for none; the best out-of-scope score)."""
        best = np.zeros(self._topics + 1, dtype=np.float64)
        if self._starts.size:
            best[self._groups] = np.maximum.reduceat(scores[self._order], self._starts)
        # Cosines are never negative, so 0 stands for "no example near".
        return best[: self._topics], float(best[self._topics])


class _Synonyms:
    """Adds the content's words to a question that uses a synonym of them.

    Variants are compared by stems, so an inflected form ("nationalities",
    "jononumeroni") finds its entry; a variant may be a phrase of a few words.
    """

    def __init__(self, analyzer: Analyzer, synonyms: Mapping[str, tuple[str, ...]]) -> None:
        self._stem = analyzer.stem
        self._entries: dict[tuple[str, ...], list[str]] = {}
        for variant, targets in synonyms.items():
            key = tuple(self._stem(token) for token in analyzer.tokens(variant))
            if key:
                self._entries.setdefault(key, []).extend(t for target in targets for t in analyzer.tokens(target))
        self._lengths = sorted({len(key) for key in self._entries}, reverse=True)

    def expand(self, tokens: list[str]) -> list[str]:
        if not self._entries:
            return tokens
        stems = [self._stem(token) for token in tokens]
        added: list[str] = []
        for length in self._lengths:
            for start in range(len(stems) - length + 1):
                added.extend(self._entries.get(tuple(stems[start : start + length]), ()))
        return tokens + added
