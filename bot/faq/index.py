"""A small TF-IDF index with cosine similarity, in pure Python.

The knowledge base is a few thousand short texts, so an inverted index of
dicts is fast enough (see benchmarks/faq.py) and needs no numeric library.
Weights are sublinear TF times smoothed IDF, vectors L2-normalised, so a score
is a cosine in [0, 1] whatever the length of the texts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


class TfidfIndex:
    def __init__(self, documents: Sequence[Counter[str]], common: float = 1.0, limit: int = 0) -> None:
        """`common`: terms in more than this share of the documents add nothing to scores.

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
        self.idf = {term: math.log((1 + self.size) / (1 + count)) + 1.0 for term, count in frequency.items()}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        too_common = common * self.size
        for number, features in enumerate(documents):
            for term, weight in self._vector(features).items():
                if frequency[term] <= too_common:
                    self._postings[term].append((number, weight))
        self._postings = dict(self._postings)

    def scores(self, features: Counter[str]) -> list[float]:
        """Cosine similarity of the query with every document, by document number."""
        totals = [0.0] * self.size
        self.add_scores(features, totals)
        return totals

    def add_scores(self, features: Counter[str], totals: list[float], scale: float = 1.0) -> None:
        """Add `scale` times each document's cosine with the query to `totals`.

        A dense accumulator: indexing a list is the cheapest update Python has,
        and this loop is most of the time a match takes.
        """
        postings = self._postings
        vector = self._vector(features)
        terms: Iterable[tuple[str, float]] = vector.items()
        if self.limit and len(vector) > self.limit:
            terms = sorted(terms, key=lambda item: -item[1])[: self.limit]
        for term, weight in terms:
            weight *= scale
            for number, document_weight in postings.get(term, ()):
                totals[number] += weight * document_weight

    def known_share(self, features: Counter[str]) -> float:
        """How much of the query's weight falls on terms the index knows, in [0, 1].

        Unknown terms get the highest IDF a term could have: a question full of
        words the knowledge base never uses is probably about something else.
        """
        unseen = math.log(1 + self.size) + 1.0
        total = known = 0.0
        for term, count in features.items():
            weight = (1 + math.log(count)) * self.idf.get(term, unseen)
            total += weight
            if term in self.idf:
                known += weight
        return known / total if total else 0.0

    def _vector(self, features: Counter[str]) -> dict[str, float]:
        # Terms the index never saw cannot match, but they still count in the
        # norm: a long story with one matching word is a weaker match.
        unseen = math.log(1 + self.size) + 1.0
        raw = {term: (1 + math.log(count)) * self.idf.get(term, unseen) for term, count in features.items() if count}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        if not norm:
            return {}
        return {term: w / norm for term, w in raw.items() if term in self.idf}
