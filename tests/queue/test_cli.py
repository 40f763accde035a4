"""`kamu queue import | position | sample`: the operators' contract (cli.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main
from bot.queue.dates import today

from .conftest import KEY, numbered, write_csv


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMU_QUEUE_HMAC_KEY", KEY)
    monkeypatch.delenv("KAMU_DB", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    rows = [
        *numbered(25, "work", "2026-01-05"),
        ["31275/110/2022", "work", "2026-05-02"],
        ["8/150/2026", "citizenship", "2026-06-01"],
    ]
    path = str(tmp_path / "kamu.db")
    status, out, _ = run(
        capsys, "queue", "import", str(write_csv(tmp_path / "s.csv", rows)), "--as-of", "2026-12-03", "--db", path
    )
    assert status == 0 and "imported 27 rows as of 2026-12-03 (citizenship 1, work 26)" in out
    return path


def position(capsys: pytest.CaptureFixture[str], db: str, number: str, *extra: str) -> dict[str, object]:
    status, out, _ = run(capsys, "queue", "position", number, "--db", db, "--json", *extra)
    assert status == 0 and out.count("\n") == 1
    result: dict[str, object] = json.loads(out)
    return result


def test_position_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = position(capsys, db, "Dnro 031275 - 110 - 2022", "--lang", "en")
    assert list(result) == [
        "diary_number", "status", "ahead", "application_type", "submitted_at", "snapshot_date", "caveats", "text"
    ]  # fmt: skip
    assert result["diary_number"] == "31275/110/2022"
    assert (result["status"], result["ahead"], result["application_type"]) == ("position", 25, "work")
    assert (result["submitted_at"], result["snapshot_date"], result["caveats"]) == ("2026-05-02", "2026-12-03", [])
    assert "25 applications" in str(result["text"])


def test_every_status_exits_zero(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert position(capsys, db, "hello")["status"] == "invalid"
    invalid = position(capsys, db, "hello")
    assert invalid["diary_number"] is None and invalid["ahead"] is None
    assert position(capsys, db, "1/999/2026")["status"] == "not_found"
    citizenship = position(capsys, db, "8/150/2026")
    assert citizenship["caveats"] == ["citizenship"] and citizenship["status"] == "shortly"
    assert citizenship["ahead"] == 0


def test_finnish_text_by_default(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "3.12.2026" in str(position(capsys, db, "31275/110/2022")["text"])


def test_plain_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "queue", "position", "31275/110/2022", "--db", db, "--lang", "en")
    assert status == 0 and "25 applications" in out


def test_no_database_or_no_snapshot_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "none.db")
    status, out, err = run(capsys, "queue", "position", "1/110/2026", "--db", missing, "--json")
    assert status != 0 and out == "" and err.count("\n") == 1 and "no database" in err
    assert not Path(missing).exists()
    empty = tmp_path / "empty.db"
    run(capsys, "queue", "import", str(tmp_path / "nothing.csv"), "--db", str(empty))
    write_csv(tmp_path / "bad.csv", [["x", "work", "2026-01-01"]])
    assert run(capsys, "queue", "import", str(tmp_path / "bad.csv"), "--db", str(empty))[0] == 1
    status, out, err = run(capsys, "queue", "position", "1/110/2026", "--db", str(empty), "--json")
    assert status != 0 and out == "" and err.count("\n") == 1 and "no queue snapshot" in err


def test_a_rejected_import_exits_non_zero_and_names_lines(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_csv(tmp_path / "bad.csv", [["1/110/2026", "work", "2026-01-01"], ["1/110/2026", "work", "2026-01-02"]])
    status, _out, err = run(capsys, "queue", "import", str(bad), "--as-of", "2026-12-03", "--db", db)
    assert status == 1 and "line 3: the same diary_number as line 2" in err and "previous snapshot keeps serving" in err
    assert position(capsys, db, "31275/110/2022")["ahead"] == 25
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    status, _, err = run(capsys, "queue", "import", str(empty), "--db", db)
    assert status == 1 and "the file is empty" in err


def test_import_replaces_and_says_so(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    again = write_csv(tmp_path / "again.csv", [["31275/110/2022", "work", "2026-05-02"]])
    status, out, _ = run(capsys, "queue", "import", str(again), "--as-of", "2026-12-04", "--db", db)
    assert status == 0 and "replaced the snapshot of 2026-12-03" in out
    assert position(capsys, db, "31275/110/2022")["ahead"] == 0


def test_as_of_defaults_to_today_and_must_be_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "s.csv", [["1/110/2026", "work", "2026-01-01"]])
    status, out, _ = run(capsys, "queue", "import", str(path), "--db", str(tmp_path / "k.db"))
    assert status == 0 and f"as of {today().isoformat()}" in out
    with pytest.raises(SystemExit):
        main(["queue", "import", str(path), "--as-of", "3.12.2026"])


def test_sample_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "sample.csv"
    status, out, _ = run(
        capsys, "queue", "sample", "--rows", "300", "--seed", "5", "--as-of", "2026-12-03", str(out_file)
    )
    assert status == 0 and "wrote 305 rows" in out
    first = out_file.read_text()
    run(capsys, "queue", "sample", "--rows", "300", "--seed", "5", "--as-of", "2026-12-03", str(out_file))
    assert out_file.read_text() == first
    status, out, _ = run(
        capsys, "queue", "import", str(out_file), "--as-of", "2026-12-03", "--db", str(tmp_path / "k.db")
    )
    assert status == 0
