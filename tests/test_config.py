"""Configuration errors stop the bot with one line naming the key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kamu.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[storage]\ndatabase = "/from/file.db"\n[queue]\ndaily_quota = 7\n')
    settings = config.load(path, {"KAMU_QUEUE_DAILY_QUOTA": "9"})
    assert settings.database == "/from/file.db"
    assert settings["queue.daily_quota"] == 9


def test_default_database_is_in_the_users_data_directory(tmp_path: Path) -> None:
    settings = config.load(None, {})
    assert settings.database.endswith(os.path.join("kamu", "kamu.db"))


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("[storage]\ndatabse = 'x'\n", {}, "unknown key 'storage.databse'"),
        ("[queue]\ndaily_quota = 'five'\n", {}, "queue.daily_quota (from"),
        ("", {"KAMU_QUEUE_DAILY_QUOTA": "lots"}, "queue.daily_quota (from KAMU_QUEUE_DAILY_QUOTA): expected int"),
        ("", {"KAMU_MATRIX_HOMESERVER": "http://x"}, "matrix.user_id: missing"),
        ("", {"KAMU_MATRIX_HOMESERVER": "http://x", "KAMU_MATRIX_USER_ID": "@k:x"}, "matrix.password: missing"),
        ("storage = 3\n", {}, "'storage' must be a table"),
        ("[storage\n", {}, "not valid TOML"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, environ: dict[str, str], message: str) -> None:
    with pytest.raises(config.ConfigError) as error:
        config.load(write(tmp_path, text), environ)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_secrets_are_redacted() -> None:
    settings = config.load(None, {"KAMU_TELEGRAM_TOKEN": "123:secret"})
    assert settings.redacted()["telegram.token"] == "***"
    assert "123:secret" not in repr(settings.redacted())


def test_kamu_run_stops_at_start_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[telegram]\ntokn = 'x'\n")
    result = subprocess.run(
        [sys.executable, "-c", "from adapters.cli import main; raise SystemExit(main())", "run", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unknown key 'telegram.tokn'" in result.stderr


def test_kamu_run_without_a_platform_says_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMU_")}
    env["KAMU_DB"] = str(tmp_path / "k.db")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from adapters.cli import main; raise SystemExit(main())",
            "run",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "no platform configured" in result.stderr


def test_queue_import_reads_the_database_from_kamu_toml(tmp_path: Path) -> None:
    configured = tmp_path / "configured.db"
    (tmp_path / "kamu.toml").write_text(f'[storage]\ndatabase = "{configured}"\n', encoding="utf-8")
    sample = tmp_path / "sample.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMU_")}
    env["HOME"] = str(tmp_path / "home")
    kamu = [sys.executable, "-c", "from adapters.cli import main; raise SystemExit(main())"]
    made = subprocess.run([*kamu, "queue", "sample", "--rows", "50", str(sample)], cwd=tmp_path, env=env, check=False)
    assert made.returncode == 0
    imported = subprocess.run(
        [*kamu, "queue", "import", str(sample)], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert configured.exists()
    assert not (tmp_path / "home").exists()


def test_an_explicit_config_file_must_exist(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from adapters.cli import main; raise SystemExit(main())",
            "run",
            "--config",
            str(tmp_path / "typo.toml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "no such configuration file" in result.stderr
