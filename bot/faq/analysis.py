"""Turning a question into features a matcher can compare.

Two views of the same text, because each covers the other's blind spots:

* word stems (Snowball): "hakemuksen", "hakemukseni" and "hakemus" meet, and so
  do "applying" and "applications";
* character n-grams of each word: compounds ("oleskelulupakortti" shares most
  of its n-grams with "oleskelulupa" and "kortti"), consonant gradation that
  the stemmer leaves ("luvan" / "lupa"), and typos ("procesing").

Everything is case-folded and stripped of diacritics first, so a user who
types "paatos" for "päätös" is read the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

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
        # Users repeat the same words endlessly; stemming is the costly part.
        self._stem_cached = lru_cache(maxsize=20_000)(self._stem_folded)

    def tokens(self, text: str) -> list[str]:
        """Folded words, bounded in number and length."""
        folded = [fold(word) for word in words(text[:MAX_READ])[:MAX_WORDS]]
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
        return Counter(self._stem_cached(token) for token in tokens)

    def ngrams(self, tokens: list[str]) -> Features:
        grams: Features = Counter()
        for token in tokens:
            padded = f" {token} "
            for size in NGRAM_SIZES:
                grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
        return grams

    def _stem_folded(self, token: str) -> str:
        return fold(self._stem(token))
