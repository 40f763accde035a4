"""`kamu faq match` and `kamu faq check`, run as the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import main


def _kamu(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from adapters.cli import main; sys.exit(main())", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, check=False)


def test_match_prints_one_object_per_line() -> None:
    lines = ["mistä löydän diaarinumeron", "", "miten palkkaan ulkomaisen työntekijän", "kerro vitsi", "💥" * 1000]
    result = _kamu("faq", "match", "--lang", "fi", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == lines
    assert records[0]["topic"] == "diary-number-where"
    assert records[2]["topic"] == "employer-mode-how"
    assert records[3]["topic"] is None and records[1]["topic"] is None
    for record in records:
        assert set(record) == {"text", "topic", "score", "alternatives"}
        assert 0 <= record["score"] <= 1 and isinstance(record["alternatives"], list)


def test_match_in_employer_mode(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("how do I hire a foreign employee\n"))
    assert main(["faq", "match", "--lang", "en", "--employer"]) == 0
    assert json.loads(capsys.readouterr().out)["topic"] == "employer-hiring"


def test_match_rejects_an_unknown_language() -> None:
    result = _kamu("faq", "match", "--lang", "xx")
    assert result.returncode == 2 and "xx" in result.stderr


def test_check_accepts_the_bundled_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_check_names_the_problems(locales_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = locales_dir / "fi" / "faq.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("employer = true", "employer = 1", 1), encoding="utf-8")
    assert main(["faq", "check", str(locales_dir / "fi"), str(locales_dir / "en")]) == 1
    error = capsys.readouterr().err
    assert "fi/faq.toml:" in error and "topic 'employer-hiring'" in error and "field 'employer'" in error
