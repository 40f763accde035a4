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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.faq.analysis import Analyzer
from bot.faq.bayes import NaiveBayes, softmax
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
    known_share: float
    # The question uses a word that only out-of-scope examples use ("Kela").
    outside_word: bool = False
    # Naive Bayes's probability that the question is out of scope.
    outside_probability: float = 0.0
    # Each topic's cosine score alone: how near the question is to what the
    # topic's examples say, whatever the other topics score.
    similarity: dict[str, float] = field(default_factory=dict)
    # Naive Bayes's probability of each topic (and of OUTSIDE, labelled "").
    probability: dict[str, float] = field(default_factory=dict)
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
        self._labels = labels
        self._synonyms = _Synonyms(self.analyzer, content.synonyms)
        self._topic_ids = list(whole)
        point_tokens = [self.analyzer.tokens(text) for text in texts]
        topic_tokens = [self.analyzer.tokens(" ".join(whole[topic_id])) for topic_id in self._topic_ids]
        self._points = _TwoViews(self.analyzer, point_tokens, tuning.common, tuning.gram_limit)
        point_stems = [(label, self.analyzer.stems(tokens)) for tokens, label in zip(point_tokens, labels, strict=True)]
        topic_stems = {stem for label, stems in point_stems if label for stem in stems}
        outside_stems = {stem for label, stems in point_stems if not label for stem in stems}
        # Only words of three letters or more: "is", "a" say nothing about scope.
        self._outside_words = {s for s in outside_stems - topic_stems if len(s) >= 3}
        self._topics = _TwoViews(self.analyzer, topic_tokens, limit=tuning.gram_limit)
        a = tuning.bayes_alpha
        self._bayes_stems = NaiveBayes(point_stems, a)
        grams = [self.analyzer.ngrams(tokens) for tokens in point_tokens]
        self._bayes_grams = NaiveBayes(zip(labels, grams, strict=True), a, tuning.bayes_common)

    def rank(self, text: str) -> Ranking:
        tokens = self.analyzer.tokens(text)
        if not tokens:
            return Ranking([], 0.0, 0.0)
        # The question sentence of a story is read twice more: it says what is
        # asked, the rest only sets the scene (a cosine weighs it 1 + log 3 times).
        asked = self.analyzer.question_tokens(text)
        tokens = self._synonyms.expand(tokens + 2 * asked)
        stems, grams = self.analyzer.stems(tokens), self.analyzer.ngrams(tokens)
        w = self.tuning.stem_weight
        best: dict[str, float] = {}
        for label, score in zip(self._labels, self._points.scores(stems, grams, w), strict=True):
            if score > best.get(label, 0.0):
                best[label] = score
        outside = best.pop(OUTSIDE, 0.0)
        p = self.tuning.point_weight
        whole = dict(zip(self._topic_ids, self._topics.scores(stems, grams, w), strict=True))
        blended = {t: p * best.get(t, 0.0) + (1 - p) * whole.get(t, 0.0) for t in best.keys() | whole.keys()}
        known = self._points.stems.known_share(stems)
        factor = 1 - self.tuning.unknown_penalty * (1 - known)
        probability = self._probabilities(stems, grams)
        b = self.tuning.bayes_weight
        scores = {t: (1 - b) * blended.get(t, 0.0) + b * probability.get(t, 0.0) for t in self._topic_ids}
        ranked = sorted(((topic_id, score * factor) for topic_id, score in scores.items()), key=lambda x: -x[1])
        outside_word = not self._outside_words.isdisjoint(stems)
        similarity = {t: s * factor for t, s in blended.items()}
        return Ranking(
            ranked, outside, known, outside_word, probability.get(OUTSIDE, 0.0), similarity, probability, best
        )

    def _probabilities(self, stems: Counter[str], grams: Counter[str]) -> dict[str, float]:
        """Naive Bayes's probability of each topic (and of OUTSIDE) given the question.

        Each view's log-likelihood is averaged over the features it knows, so
        a long question is not more certain merely for being long.
        """
        evidence: dict[str, float] = defaultdict(float)
        w = self.tuning.bayes_stem_weight
        for model, features, share in ((self._bayes_stems, stems, w), (self._bayes_grams, grams, 1 - w)):
            scores = model.log_likelihoods(features)
            count = max(1, model.known(features))
            for label, score in scores.items():
                evidence[label] += share * score / count**self.tuning.bayes_length_power
        return softmax(evidence, self.tuning.bayes_temperature)


class _TwoViews:
    """A stem index and an n-gram index over the same documents."""

    def __init__(self, analyzer: Analyzer, tokens: list[list[str]], common: float = 1.0, limit: int = 0) -> None:
        self.stems = TfidfIndex([analyzer.stems(t) for t in tokens], common)
        self.grams = TfidfIndex([analyzer.ngrams(t) for t in tokens], common, limit)

    def scores(self, stems: Counter[str], grams: Counter[str], stem_weight: float) -> list[float]:
        """The blended cosine of the query with every document, by document number."""
        combined = [0.0] * self.stems.size
        self.stems.add_scores(stems, combined, stem_weight)
        self.grams.add_scores(grams, combined, 1 - stem_weight)
        return combined


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
