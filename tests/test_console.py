"""`kamu console` driven through piped standard input, as a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_console(tmp_path: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KAMU_DB": str(tmp_path / "console.db"), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", "from adapters.cli import main; raise SystemExit(main())", "console", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_english_console_numbers_buttons_and_takes_numbers_and_labels(tmp_path: Path) -> None:
    result = run_console(tmp_path, ["hello", "3", "suomi", "valikko", "Lopeta keskustelu"], "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Hello! I am Kamu")
    assert "  [1] My queue position\n  [2] I am an employer\n  [3] Language\n  [4] End chat\n" in out
    assert "Hello! How can I help you?" in out
    assert "Choose your language." in out and "  [1] suomi\n  [2] English\n" in out
    assert "Puhun kanssasi tästä lähtien suomea." in out
    assert "Kiitos keskustelusta" in out and out.rstrip().endswith("[6] Ohita")
    assert "Traceback" not in result.stderr


def test_finnish_console_and_a_resumed_session(tmp_path: Path) -> None:
    first = run_console(tmp_path, ["moi", "in English please"], "--lang", "fi")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Hei! Olen Kamu")
    assert "Hei! Miten voin auttaa?" in first.stdout
    assert "I will speak English with you from now on." in first.stdout
    # The same database: the chosen language holds after a restart.
    second = run_console(tmp_path, ["moi"])
    assert second.returncode == 0, second.stderr
    assert "Hello! How can I help you?" in second.stdout


def test_unknown_language_is_refused_clearly(tmp_path: Path) -> None:
    result = run_console(tmp_path, [], "--lang", "xx")
    assert result.returncode == 2
    assert "no locale 'xx'" in result.stdout + result.stderr
