"""A multinomial Naive Bayes classifier over sparse features.

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

so only the classes that have seen a feature count (`Postings.sums`), and
the first term is one multiplication per class. Each feature of the question
counts once (n_f = 1), as a word counts once per example in training.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np

from bot.faq.analysis import Encoded, Vocabulary
from bot.faq.index import Floats, Postings


class NaiveBayes:
    def __init__(
        self,
        documents: Iterable[tuple[str, Counter[str]]],
        vocabulary: Vocabulary,
        alpha: float = 0.1,
        common: float = 1.0,
    ) -> None:
        """`documents`: (label, features) pairs, numbered by `vocabulary`; `alpha`: additive smoothing.

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
        vocabulary_kept = {feature for feature, labels in spread.items() if labels <= common * len(counts)}
        counts = {label: Counter({f: k for f, k in c.items() if f in vocabulary_kept}) for label, c in counts.items()}
        size = len(vocabulary_kept)
        self.labels = list(counts)
        self._base: Floats = np.array(
            [math.log(alpha / (sum(c.values()) + alpha * size)) for c in counts.values()], dtype=np.float64
        )
        postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for number, c in enumerate(counts.values()):
            for feature, k in c.items():
                postings[vocabulary.id(feature)].append((number, math.log((k + alpha) / alpha)))
        self._known = np.zeros(len(vocabulary), dtype=np.bool_)
        self._known[list(postings)] = True
        self._postings = Postings(postings, len(vocabulary), len(self.labels))

    def known(self, query: Encoded) -> int:
        """How many of the features the model has seen."""
        return int(np.count_nonzero(self._known[query.ids]))

    def log_likelihoods(self, query: Encoded) -> Floats:
        """log P(question | label) for every label (in the order of `labels`), up to a shared constant.

        Features never seen in training are left out: they say nothing about
        which label fits better (how much of the question is unknown is
        judged elsewhere).
        """
        known = query.ids[self._known[query.ids]]
        evidence: Floats = self._base * known.size + self._postings.sums(known)
        return evidence


def softmax(scores: Floats, temperature: float) -> Floats:
    """Scores as probabilities; a higher temperature spreads them out."""
    if not scores.size:
        return scores
    exp = np.exp((scores - scores.max()) / temperature)
    result: Floats = exp / exp.sum()
    return result
