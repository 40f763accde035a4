"""A small TF-IDF index with cosine similarity, on numpy arrays.

Weights are sublinear TF times smoothed IDF, vectors L2-normalised, so a score
is a cosine in [0, 1] whatever the length of the texts.

A match is most of the bot's reply time, and scoring is most of a match: a
question's few hundred n-grams each add to the documents that contain them.
So postings are arrays (`Postings`, by feature number, see
analysis.Vocabulary), and a question's whole sum is a handful of numpy calls
instead of a Python loop over tens of thousands of pairs: one gather and one
`np.bincount` over a compressed sparse matrix when there are many documents
(the example questions), one matrix product over a dense one when there are
few (the topics, Naive Bayes's labels), which is several times faster.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bot.faq.analysis import Encoded, Vocabulary

Floats = NDArray[np.float64]
Ids = NDArray[np.intp]


# Postings of at most this many feature × row cells (8 MB) are kept dense.
DENSE_CELLS = 1_000_000


class Postings:
    """For each feature number, the rows it adds to and by how much."""

    def __init__(self, by_feature: dict[int, list[tuple[int, float]]], features: int, rows: int) -> None:
        self.rows = rows
        self._dense: Floats | None = None
        if features * rows <= DENSE_CELLS:
            self._dense = np.zeros((features, rows), dtype=np.float64)
            for feature, pairs in by_feature.items():
                for row, weight in pairs:
                    self._dense[feature, row] += weight
            return
        # A CSR matrix: feature f's pairs are _rows/_weights[_start[f]:_end[f]].
        lengths = np.zeros(features, dtype=np.intp)
        for feature, pairs in by_feature.items():
            lengths[feature] = len(pairs)
        ends = np.cumsum(lengths)
        self._start: Ids = ends - lengths
        self._end: Ids = ends
        flat = [pair for feature in sorted(by_feature) for pair in by_feature[feature]]
        self._rows: Ids = np.array([row for row, _ in flat], dtype=np.intp)
        self._weights: Floats = np.array([weight for _, weight in flat], dtype=np.float64)

    def sums(self, features: Ids, scales: Floats | None = None) -> Floats:
        """For every row, the sum of scale × weight over the features given (scale 1 without scales)."""
        if self._dense is not None:
            block = self._dense[features]
            return block.sum(axis=0) if scales is None else scales @ block
        start = self._start[features]
        lengths = self._end[features] - start
        ends = lengths.cumsum()
        total = int(ends[-1]) if ends.size else 0
        if not total:
            return np.zeros(self.rows, dtype=np.float64)
        # Each feature's slice of the flat arrays, laid end to end: position i
        # of the result is i plus how far its feature's slice is shifted.
        positions = np.arange(total) + (start - (ends - lengths)).repeat(lengths)
        weights = self._weights[positions]
        if scales is not None:
            weights = scales.repeat(lengths) * weights
        sums: Floats = np.bincount(self._rows[positions], weights, minlength=self.rows).astype(np.float64, copy=False)
        return sums


class TfidfIndex:
    def __init__(
        self, documents: Sequence[Counter[str]], vocabulary: Vocabulary, common: float = 1.0, limit: int = 0
    ) -> None:
        """`vocabulary` numbers every term of `documents` (and may know more).

        `common`: terms in more than this share of the documents add nothing to scores.
        Such terms (" th", "en ") carry little weight but have the longest
        posting lists: skipping them makes a query several times faster and
        barely moves the ranking. They still count in the query's norm.

        `limit`: a query scores with at most this many of its terms, the
        weightiest (0: all). A short question keeps every term; a long story
        drops the commonest of its n-grams, which add least to a cosine and
        walk the longest posting lists, so the cost of a match stays bounded.
        """
        self.size = len(documents)
        self.limit = limit
        frequency: Counter[str] = Counter()
        for features in documents:
            frequency.update(features.keys())
        # Terms the index never saw get the highest IDF a term could have.
        unseen = math.log(1 + self.size) + 1.0
        self._idf: Floats = np.full(len(vocabulary), unseen, dtype=np.float64)
        self._known = np.zeros(len(vocabulary), dtype=np.bool_)
        idf: dict[str, float] = {}
        for term, count in frequency.items():
            idf[term] = math.log((1 + self.size) / (1 + count)) + 1.0
            self._idf[vocabulary.id(term)] = idf[term]
            self._known[vocabulary.id(term)] = True
        postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
        too_common = common * self.size
        for number, features in enumerate(documents):
            raw = {term: (1 + math.log(count)) * idf[term] for term, count in features.items() if count}
            norm = math.sqrt(sum(w * w for w in raw.values()))
            for term, weight in raw.items():
                if frequency[term] <= too_common:
                    postings[vocabulary.id(term)].append((number, weight / norm))
        self._postings = Postings(postings, len(vocabulary), self.size)

    def scores(self, query: Encoded, scale: float = 1.0) -> Floats:
        """`scale` times the cosine similarity of the query with every document, by document number."""
        terms, weights = self._vector(query)
        if self.limit and terms.size > self.limit:
            weightiest = np.argsort(-weights, kind="stable")[: self.limit]
            terms, weights = terms[weightiest], weights[weightiest]
        return self._postings.sums(terms, weights * scale)

    def known_share(self, query: Encoded) -> float:
        """How much of the query's weight falls on terms the index knows, in [0, 1].

        Unknown terms get the highest IDF a term could have: a question full of
        words the knowledge base never uses is probably about something else.
        """
        weights = (1 + np.log(query.counts)) * self._idf[query.ids]
        total = float(weights.sum())
        return float(weights[self._known[query.ids]].sum()) / total if total else 0.0

    def _vector(self, query: Encoded) -> tuple[Ids, Floats]:
        # Terms the index never saw cannot match, but they still count in the
        # norm: a long story with one matching word is a weaker match.
        raw = (1 + np.log(query.counts)) * self._idf[query.ids]
        norm = math.sqrt(float(raw @ raw))
        if not norm:
            return query.ids[:0], raw[:0]
        known = self._known[query.ids]
        return query.ids[known], raw[known] / norm
