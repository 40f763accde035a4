"""`kamu queue`: snapshot import and position lookups (issue 4 fills this in)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No queue commands yet."""
