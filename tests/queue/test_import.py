"""Importing snapshots: all-or-nothing, bad lines named, atomic for concurrent readers."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bot import config
from bot.queue import QueueService, diary, importer
from bot.queue.importer import ImportFailed
from bot.queue.keys import key_file_path, load_key

from .conftest import AS_OF, numbered, write_csv

GOOD = [
    *numbered(30, "work", "2026-01-05"),
    ["500/110/2026", "work", "2026-02-01"],
    ["7/120/2026", "family", "2026-03-01"],
]


@pytest.fixture
async def serving(service: QueueService, tmp_path: Path) -> QueueService:
    await service.import_file(write_csv(tmp_path / "first.csv", GOOD), AS_OF)
    return service


async def _state(service: QueueService) -> tuple[object, ...]:
    return (await service.snapshot(), await service.lookup("500/110/2026"), await service.lookup("7/120/2026"))


async def _rejected(service: QueueService, path: Path) -> list[str]:
    before = await _state(service)
    with pytest.raises(ImportFailed) as failed:
        await service.import_file(path, AS_OF)
    assert await _state(service) == before  # the old snapshot still answers the same
    return failed.value.lines


BAD_ROWS = [
    (["1/110/2026", "", "2026-01-01"], "line 3: missing application_type"),
    (["1/110/2026", "work"], "line 3: missing submitted_at"),
    (["", "work", "2026-01-01"], "line 3: missing diary_number"),
    (["1/110/2026", "work", "2026-13-01"], "line 3: submitted_at is not an ISO 8601 date or date-time: '2026-13-01'"),
    (["1/110/2026", "work", "yesterday"], "line 3: submitted_at is not an ISO 8601 date or date-time: 'yesterday'"),
    (["1/110/2026", "work", "2026-12-04"], "line 3: submitted_at 2026-12-04 is after the snapshot's date 2026-12-03"),
    (["1/110/2026", "work", "2026-12-03T23:30:00+00:00"], "line 3: submitted_at 2026-12-04 is after"),
    (["1/110/26", "work", "2026-01-01"], "line 3: malformed diary_number"),
    (["Dnro 1/110/2026", "work", "2026-01-01"], "line 3: malformed diary_number"),
    (["1/110/2026", "work", "2026-01-01"], "line 3: the same diary_number as line 2"),
    (["0001/110/2026", "work", "2026-01-01"], "line 3: the same diary_number as line 2"),
    (["1/110/2026", "work\x00", "2026-01-01"], "line 3: application_type is not a code"),
    (["1/110/2026", "work", "2026-01-01\x00"], "line 3: submitted_at is not an ISO 8601"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
async def test_a_bad_row_rejects_the_file(serving: QueueService, tmp_path: Path, bad: list[str], message: str) -> None:
    rows = [["1/110/2026", "work", "2026-01-01"], bad, ["2/110/2026", "work", "2026-01-02"]]
    lines = await _rejected(serving, write_csv(tmp_path / "bad.csv", rows))
    assert any(line.startswith(message) for line in lines), lines


async def test_bad_lines_are_listed_first_twenty_then_counted(serving: QueueService, tmp_path: Path) -> None:
    rows = [[f"{i}/110/2026", "work", "not a date" if i % 2 else "2026-01-01"] for i in range(1, 61)]
    rows.append(["2/110/2026", "work", "2026-01-01"])  # a repeat at the end, found in the later pass
    lines = await _rejected(serving, write_csv(tmp_path / "bad.csv", rows))
    assert len(lines) == 21
    assert lines[0].startswith("line 2: submitted_at")
    assert lines[19].startswith("line 40: ")
    assert lines[20] == "… and 11 more bad lines"


async def test_repeats_are_named_beside_other_problems(serving: QueueService, tmp_path: Path) -> None:
    rows = [["1/110/2026", "work", "2026-01-01"], ["1/110/2026", "work", "2026-01-01"], ["2/110/2026", "work", "x"]]
    lines = await _rejected(serving, write_csv(tmp_path / "bad.csv", rows))
    assert lines == [
        "line 3: the same diary_number as line 2",
        "line 4: submitted_at is not an ISO 8601 date or date-time: 'x'",
    ]


async def test_error_messages_never_quote_a_diary_number(serving: QueueService, tmp_path: Path) -> None:
    rows = [["work", "2026-01-01", "48213/110/2022"]]  # columns shifted
    lines = await _rejected(serving, write_csv(tmp_path / "bad.csv", rows))
    assert not any("48213" in line for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"diary_number,application_type,submitted_at\n", "the file has a header but no rows"),
        (b"diary_number,submitted_at\n1/110/2026,2026-01-01\n", "missing required column(s): application_type"),
        (b"diary_number,application_type,submitted_at\n1/110/2026,ty\xf6,2026-01-01\n", "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
        (b'diary_number,application_type,submitted_at\n"1/110/2026"x,work,2026-01-01\n', "not CSV"),
        (b"<html><body>not a snapshot</body></html>\n", "missing required column(s)"),
        (b"diary_number,application_type,submitted_at,diary_number\n1/110/2026,work,2026-01-01,2\n", "named twice"),
    ],
)
async def test_unusable_files_get_one_line(serving: QueueService, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    lines = await _rejected(serving, path)
    assert len(lines) == 1 and message in lines[0], lines


async def test_bom_column_order_and_unknown_columns(service: QueueService, tmp_path: Path) -> None:
    header = ("office", "Submitted_At", "diary_number", "notes", "application_type")
    rows = [["Helsinki", "2026-01-05", "1/110/2026", "x", "work"], ["Oulu", "2026-01-06", "2/110/2026", "", "work"]]
    report = await service.import_file(write_csv(tmp_path / "s.csv", rows, header, bom=True), AS_OF)
    assert report.rows == 2
    assert (await service.lookup("2/110/2026")).ahead == 1


async def test_quoted_fields_with_commas_and_blank_lines(service: QueueService, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "diary_number,application_type,submitted_at,notes\n"
        '1/110/2026,work,2026-01-05,"a, b\nc"\n\n2/110/2026,work,2026-01-06,\n'
    )
    assert (await service.import_file(path, AS_OF)).rows == 2


async def test_metadata_is_kept(service: QueueService, tmp_path: Path) -> None:
    report = await service.import_file(write_csv(tmp_path / "s.csv", GOOD), AS_OF)
    info = await service.snapshot()
    assert info is not None
    assert (info.as_of, info.rows, info.rows_by_type) == (AS_OF, 32, {"family": 1, "work": 31})
    assert info.imported_at > 0 and report.replaced is None
    second = await service.import_file(write_csv(tmp_path / "s2.csv", GOOD[:5]), AS_OF + dt.timedelta(days=1))
    assert second.replaced == AS_OF
    info = await service.snapshot()
    assert info is not None and (info.as_of, info.rows) == (AS_OF + dt.timedelta(days=1), 5)


async def test_a_new_snapshot_replaces_the_old_and_its_rows_are_gone(
    service: QueueService, store, tmp_path: Path
) -> None:
    await service.import_file(write_csv(tmp_path / "a.csv", GOOD), AS_OF)
    await service.import_file(write_csv(tmp_path / "b.csv", [["9/110/2026", "work", "2026-01-01"]]), AS_OF)
    assert (await service.lookup("500/110/2026")).status == "not_found"
    assert (await service.lookup("9/110/2026")).status == "shortly"
    assert await store.fetchall("SELECT DISTINCT generation FROM queue_entries") == [(2,)]
    states = await store.fetchall("SELECT generation, state FROM queue_snapshots ORDER BY generation")
    assert states == [(1, "retired"), (2, "active")]


async def test_an_interrupted_import_is_cleaned_up_by_the_next(service: QueueService, store, tmp_path: Path) -> None:
    await service.import_file(write_csv(tmp_path / "a.csv", GOOD), AS_OF)
    db = sqlite3.connect(store.path)
    with db:  # what a crash after the copy and before the switch leaves behind
        db.execute(
            "INSERT INTO queue_snapshots (state, as_of, rows, rows_by_type, started_at) "
            "VALUES ('loading', '2026-12-03', 1, '{}', 0)"
        )
        db.execute("INSERT INTO queue_entries VALUES (2, x'00', 'work', 1, 0)")
    db.close()
    assert (await service.lookup("500/110/2026")).status == "position"
    await service.import_file(write_csv(tmp_path / "b.csv", GOOD), AS_OF)
    assert await store.fetchall("SELECT DISTINCT generation FROM queue_entries") == [(3,)]
    assert await store.fetchone("SELECT count(*) FROM queue_snapshots WHERE state = 'loading'") == (0,)


async def test_lookups_during_an_import_see_the_old_or_the_new(
    service: QueueService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Old: 31 work rows ahead of 500/110/2026; new: 2,000 ahead and a day later.
    await service.import_file(write_csv(tmp_path / "old.csv", GOOD), AS_OF)
    new_rows = [*numbered(2_000, "work", "2026-01-01", start=1000), ["500/110/2026", "work", "2026-02-01"]]
    new = write_csv(tmp_path / "new.csv", new_rows)
    monkeypatch.setattr(importer, "COPY_CHUNK", 100)  # many small transactions to interleave with
    allowed = {(AS_OF, 30), (AS_OF + dt.timedelta(days=1), 2_000)}
    seen = set()
    task = asyncio.create_task(service.import_file(new, AS_OF + dt.timedelta(days=1)))
    while not task.done():
        answer = await service.lookup("500/110/2026")
        seen.add((answer.snapshot_date, answer.ahead))
        assert (answer.snapshot_date, answer.ahead) in allowed
        missing = await service.lookup("1500/110/2026")
        assert missing.status in ("not_found", "shortly", "position")
        await asyncio.sleep(0)
    await task
    assert (AS_OF, 30) in seen
    assert {(AS_OF + dt.timedelta(days=1), 2_000)} == {
        ((a := await service.lookup("500/110/2026")).snapshot_date, a.ahead)
    }


async def test_two_imports_at_once_do_not_mix(service: QueueService, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", numbered(5_000, "work", "2026-01-01"))
    results = await asyncio.gather(*(service.import_file(path, AS_OF) for _ in range(2)), return_exceptions=True)
    ok = [r for r in results if not isinstance(r, BaseException)]
    failed = [r for r in results if isinstance(r, ImportFailed)]
    assert len(ok) + len(failed) == 2 and ok
    assert all("another import" in f.lines[0] for f in failed)
    info = await service.snapshot()
    assert info is not None and info.rows == 5_000


async def test_no_diary_number_is_stored_in_plain_text(service: QueueService, store, tmp_path: Path) -> None:
    await service.import_file(write_csv(tmp_path / "s.csv", GOOD), AS_OF)
    number = diary.find("500/110/2026")
    assert number is not None
    await service.ask("test", "u1", number)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("kamu.db*") if p.is_file())
    for number in (b"500/110/2026", b"500", b"/110/"):
        assert number not in raw


def test_generated_key_file_is_private(tmp_path: Path) -> None:
    settings = config.load(None, {"KAMU_DB": str(tmp_path / "data" / "kamu.db")})
    key = load_key(settings)
    path = key_file_path(settings)
    assert path.parent == tmp_path / "data"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(settings) == key and len(key) >= 32
    assert (
        load_key(config.load(None, {"KAMU_DB": str(tmp_path / "kamu.db"), "KAMU_QUEUE_HMAC_KEY": "k" * 40}))
        == b"k" * 40
    )
