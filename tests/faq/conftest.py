"""FAQ fixtures: a private copy of the locales, so tests may edit content files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import config
from bot.locales import bundled_locales_dir


@pytest.fixture
def locales_dir(tmp_path: Path) -> Path:
    target = tmp_path / "locales"
    shutil.copytree(bundled_locales_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


@pytest.fixture
def edited_settings(tmp_path: Path, locales_dir: Path) -> config.Settings:
    """Settings whose locales are the editable copy."""
    return config.load(None, {"KAMU_DB": str(tmp_path / "kamu.db"), "KAMU_LOCALES": str(locales_dir)})
