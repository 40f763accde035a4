"""Matrix through matrix-nio: direct chats and rooms, encrypted ones included.

`MatrixAdapter(engine, settings)` is what `kamu run` starts; the modules beside
it each hold one idea: logging in (`account`), which events are messages
(`events`), whether one is meant for the bot (`addressing`), invites, the
numbered buttons (`buttons`), rendering (`render`), sending and trust.
"""

from adapters.matrix.adapter import MatrixAdapter

__all__ = ["MatrixAdapter"]
