"""Turning a question into features a matcher can compare.

Two views of the same text, because each covers the other's blind spots:

* word stems (Snowball): "hakemuksen", "hakemukseni" and "hakemus" meet, and so
  do "applying" and "applications";
* character n-grams of each word: compounds ("oleskelulupakortti" shares most
  of its n-grams with "oleskelulupa" and "kortti"), consonant gradation that
  the stemmer leaves ("luvan" / "lupa"), and typos ("procesing").

Everything is case-folded and stripped of diacritics first, so a user who
types "paatos" for "päätös" is read the same.

The matcher's arithmetic is done on arrays (index.py, bayes.py), so a
`Vocabulary` numbers the features and turns a question's counts into arrays.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
import snowballstemmer
from numpy.typing import NDArray

from bot.text import MAX_READ, fold, words

# n-gram lengths: 3 catches short stems and typos, 5 keeps long compounds apart.
NGRAM_SIZES = (3, 4, 5)
# Longer questions are read only this far: a story's question is in its words,
# and the bound keeps the cost of a match flat whatever arrives.
MAX_WORDS = 80
# Words this long are not words (pasted tokens, keyboard mashing).
MAX_WORD_LENGTH = 40

# Snowball algorithm names by locale code; a locale without one still gets n-grams.
_STEMMER_NAMES = {
    "fi": "finnish",
    "en": "english",
    "sv": "swedish",
    "da": "danish",
    "de": "german",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ru": "russian",
    "et": "estonian",
    "tr": "turkish",
    "ar": "arabic",
}

Features = Counter[str]

# Where one sentence ends and the next begins: a full stop, question or
# exclamation mark before a space (so "3.2.2025" stays whole), or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class Analyzer:
    """The features of texts in one language."""

    def __init__(self, code: str) -> None:
        name = _STEMMER_NAMES.get(code.split("_")[0].lower())
        available = set(snowballstemmer.algorithms())
        stemmer = snowballstemmer.stemmer(name) if name in available else None
        self._stem: Callable[[str], str] = stemmer.stemWord if stemmer else (lambda word: word)
        # Users repeat the same words endlessly; stemming is the costly part,
        # then cutting a word into n-grams and folding it.
        self._fold_cached = lru_cache(maxsize=20_000)(fold)
        self._stem_cached = lru_cache(maxsize=20_000)(self._stem_folded)
        self._grams_cached = lru_cache(maxsize=20_000)(_word_ngrams)

    def tokens(self, text: str) -> list[str]:
        """Folded words, bounded in number and length."""
        folded = list(map(self._fold_cached, words(text[:MAX_READ])[:MAX_WORDS]))
        return [word for word in folded if word and len(word) <= MAX_WORD_LENGTH]

    def question_tokens(self, text: str) -> list[str]:
        """The folded words of a story's question sentence; empty for a one-sentence message.

        A user who tells their situation first ("I applied on the basis of my
        spouse. How do I see my queue position?") asks in the sentence that
        ends with a question mark, or else in the last one; the story only
        sets the scene.
        """
        sentences = [s for s in _SENTENCE_END.split(text[:MAX_READ].strip()) if s.strip()]
        if len(sentences) < 2:
            return []
        asked = [s for s in sentences if s.rstrip().endswith("?")]
        return self.tokens((asked or sentences)[-1])

    def stem(self, token: str) -> str:
        return self._stem_cached(token)

    def stems(self, tokens: list[str]) -> Features:
        return Counter(map(self._stem_cached, tokens))

    def ngrams(self, tokens: list[str]) -> Features:
        return Counter(chain.from_iterable(map(self._grams_cached, tokens)))

    def _stem_folded(self, token: str) -> str:
        return fold(self._stem(token))


def _word_ngrams(token: str) -> tuple[str, ...]:
    """The character n-grams of one word, padded so that its start and end count."""
    padded = f" {token} "
    return tuple(padded[i : i + size] for size in NGRAM_SIZES for i in range(len(padded) - size + 1))


@dataclass(frozen=True)
class Encoded:
    """A text's features as arrays: feature numbers, and how often each occurs.

    In the order of the features (the order a loop over them would take), each
    number once, except `Vocabulary.unknown`, which stands for every unseen feature.
    """

    ids: NDArray[np.intp]
    counts: NDArray[np.float64]


class Vocabulary:
    """Numbers for features, so that a question's features can index arrays.

    A feature not seen when the vocabulary was built gets `unknown`, the last
    number: every array indexed by feature has a slot for it that says "never seen".
    """

    def __init__(self, documents: Iterable[Features]) -> None:
        numbers: dict[str, int] = {}
        for features in documents:
            for feature in features:
                numbers.setdefault(feature, len(numbers))
        self._numbers = numbers
        self.unknown = len(numbers)

    def __len__(self) -> int:
        """The number of slots an array indexed by feature needs (with `unknown`)."""
        return self.unknown + 1

    def id(self, feature: str) -> int:
        return self._numbers.get(feature, self.unknown)

    def encode(self, features: Features) -> Encoded:
        size = len(features)
        ids = np.fromiter(map(self._numbers.get, features, repeat(self.unknown)), dtype=np.intp, count=size)
        counts = np.fromiter(features.values(), dtype=np.float64, count=size)
        # Cached with the question it came from: nobody may change it.
        ids.flags.writeable = counts.flags.writeable = False
        return Encoded(ids, counts)
