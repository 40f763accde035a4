"""The key that hashes diary numbers: made once, private, the same for every process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot import config
from bot.queue.keys import key_file_path, load_key


def test_processes_starting_together_share_one_private_key(tmp_path: Path) -> None:
    settings = config.load(None, {"KAMU_DB": str(tmp_path / "kamu.db")})
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda _: load_key(settings), range(32)))
    path = key_file_path(settings)
    assert len(set(keys)) == 1 and len(keys[0]) >= 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no drafts left behind


def test_a_configured_key_wins_and_no_file_is_made(tmp_path: Path) -> None:
    settings = config.load(None, {"KAMU_DB": str(tmp_path / "kamu.db"), "KAMU_QUEUE_HMAC_KEY": "x" * 40})
    assert load_key(settings) == b"x" * 40
    assert not key_file_path(settings).exists()
