"""Recording a turn: the redacted user message and replies, with what the dialogs noted.

The row is written with `turn.write`, so it lands in the same transaction as
the step's session: a turn is either fully kept or not at all. The dialogs
describe the turn in `turn.notes`:

- "topic": the topic id answered; "confidence": the matcher's score (0..1);
- "fallback": True when the bot did not understand;
- "ended": True when the user ended the chat (a conversation boundary);
- "personal_data": the kinds the guard found (set by the router);
- "transcript": False to record nothing (the `/forget` turn).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.engine import Turn
from bot.privacy import redact, redact_message
from bot.privacy.pseudonym import Pseudonyms

INSERT = (
    "INSERT INTO transcript_turns (user_key, at, platform, language, mode, user_text, button, bot_text, "
    "topic, confidence, fallback, personal_data, ended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# Button data is the bot's own, but a platform may let a client send anything.
MAX_BUTTON = 64


class Transcripts:
    def __init__(self, pseudonyms: Pseudonyms, clock: Callable[[], float] = time.time) -> None:
        self.pseudonyms = pseudonyms
        self.clock = clock

    def record(self, turn: Turn) -> None:
        notes = turn.notes
        if notes.get("transcript") is False:
            return
        incoming = turn.incoming
        confidence = notes.get("confidence")
        turn.write(
            INSERT,
            (
                self.pseudonyms.user(incoming.platform, incoming.user),
                self.clock(),
                incoming.platform,
                turn.locale.code,
                turn.session.mode,
                redact_message(incoming.text),
                None if incoming.button is None else redact(incoming.button[:MAX_BUTTON]),
                "\n\n".join(redact(reply.text) for reply in turn.replies),
                notes.get("topic"),
                None if confidence is None else float(confidence),
                int(bool(notes.get("fallback"))),
                ",".join(notes.get("personal_data", ())) or None,
                int(bool(notes.get("ended"))),
            ),
        )
