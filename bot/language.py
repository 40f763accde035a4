"""Which language to answer in.

In order: the user's explicit choice, the platform's hint, the language the
message is written in, the language of the conversation so far, the default.
"""

from __future__ import annotations

from bot.core import Incoming, Session
from bot.locales import Locales
from bot.text import fold, words


def detect(text: str, locales: Locales) -> str | None:
    """The locale whose typical words and letters the text has most of, if clear."""
    folded = [fold(word) for word in words(text)]
    if not folded:
        return None
    scores = []
    for locale in locales:
        hits = sum(word in locale.detect_words for word in folded)
        letters = sum(ch in locale.detect_letters for ch in text.casefold()) if locale.detect_letters else 0
        scores.append((hits + min(letters, 3), locale.code))
    scores.sort(reverse=True)
    best_score, best = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0
    return best if best_score > runner_up else None


def choose(session: Session, incoming: Incoming, locales: Locales) -> str:
    if session.language_chosen and session.language is not None and session.language in locales:
        return session.language
    hinted = locales.match_code(incoming.language_hint)
    if hinted:
        return hinted
    detected = detect(incoming.text, locales) if incoming.text else None
    if detected:
        return detected
    return session.language if session.language is not None and session.language in locales else locales.default
