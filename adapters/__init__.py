"""The outer layer: platforms (console, Telegram, Matrix) and the command line.

Adapters translate between a platform and the engine's `Incoming`/`Outgoing`
values; the command line wires engine, dialogs and adapters together.
"""
