"""A multinomial Naive Bayes classifier over sparse features, in pure Python.

The cosine kNN of matcher.py asks "which example is this question most like";
Naive Bayes asks "which topic's vocabulary explains this question best", and
so learns from every example of a topic at once which words matter for it.
That generalises better to questions worded unlike any single example, and
long story-like questions in particular: each word of the story adds its own
small piece of evidence instead of diluting one cosine.

Training is counting, so the model is rebuilt with the index at start and on
reload. Scoring walks posting lists like the TF-IDF index: for a class c,

    log P(q|c) = sum_f n_f * log((k_fc + a) / (K_c + a V))
               = known(q) * log(a / (K_c + a V)) + sum_{f: k_fc > 0} n_f * log((k_fc + a) / a)

so only the classes that have seen a feature are touched, and the first term
is one multiplication per class.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable


class NaiveBayes:
    def __init__(self, documents: Iterable[tuple[str, Counter[str]]], alpha: float = 0.1, common: float = 1.0) -> None:
        """`documents`: (label, features) pairs; `alpha`: additive smoothing.

        `common`: features seen under more than this share of the labels are
        left out. They say little about which label fits ("en ", " th") but
        have the longest posting lists, so skipping them bounds the cost.
        """
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for label, features in documents:
            # A word counts once per example: examples repeat words for
            # grammar, not because the word matters more.
            counts[label].update(features.keys())
        spread: Counter[str] = Counter()
        for c in counts.values():
            spread.update(c.keys())
        vocabulary = {feature for feature, labels in spread.items() if labels <= common * len(counts)}
        counts = {label: Counter({f: k for f, k in c.items() if f in vocabulary}) for label, c in counts.items()}
        size = len(vocabulary)
        self.labels = list(counts)
        self._vocabulary = vocabulary
        self._base = [math.log(alpha / (sum(c.values()) + alpha * size)) for c in counts.values()]
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, c in enumerate(counts.values()):
            for feature, k in c.items():
                postings[feature].append((number, math.log((k + alpha) / alpha)))
        self._postings = dict(postings)

    def known(self, features: Counter[str]) -> int:
        """How many of the features the model has seen."""
        return sum(1 for feature in features if feature in self._vocabulary)

    def log_likelihoods(self, features: Counter[str]) -> dict[str, float]:
        """log P(question | label) for every label, up to a shared constant.

        Features never seen in training are left out: they say nothing about
        which label fits better (how much of the question is unknown is
        judged elsewhere).
        """
        postings = self._postings
        known = [postings[feature] for feature in features if feature in postings]
        scores = [base * len(known) for base in self._base]
        for posting in known:
            for number, weight in posting:
                scores[number] += weight
        return dict(zip(self.labels, scores, strict=True))


def softmax(scores: dict[str, float], temperature: float) -> dict[str, float]:
    """Scores as probabilities; a higher temperature spreads them out."""
    if not scores:
        return {}
    top = max(scores.values())
    exp = {label: math.exp((score - top) / temperature) for label, score in scores.items()}
    total = sum(exp.values())
    return {label: value / total for label, value in exp.items()}
