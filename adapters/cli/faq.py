"""`kamu faq`: matching questions and checking content (issue 3 fills this in)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No faq commands yet."""
