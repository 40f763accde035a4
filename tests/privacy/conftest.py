"""Helpers for the privacy tests: valid identity codes, and reading what was kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from adapters.runtime import Runtime
from bot.privacy.identity_code import CHECK_CHARACTERS


def identity_code(born: dt.date, sign: str, individual: int = 123) -> str:
    """A checksum-valid Finnish personal identity code."""
    digits = f"{born:%d%m%y}{individual:03d}"
    return f"{born:%d%m%y}{sign}{individual:03d}{CHECK_CHARACTERS[int(digits) % 31]}"


async def rows(runtime: Runtime, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    return await runtime.app.store.fetchall(sql, params)
