"""Reading a snapshot CSV: every row checked, bad lines named, nothing kept in plain text.

The reader streams: it holds one row at a time and the keyed hashes of the
numbers seen (to catch a number twice). A file-level problem (not UTF-8, not
CSV, no header, a missing column, no rows) raises `SnapshotFileError` with one
line; bad rows are collected as `line N: reason` and the caller rejects the
file when there is any. Messages never quote a diary number: the import's
output ends up in cron mail and the journal.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bot.queue import diary
from bot.queue.dates import BadDate, parse_submitted
from bot.queue.keys import Hasher

REQUIRED = ("diary_number", "application_type", "submitted_at")
MAX_TYPE_LENGTH = 64
SHOWN_PROBLEMS = 20


class SnapshotFileError(ValueError):
    """The file as a whole is unusable; the message is one line."""


# (line, number_key, application_type, instant in µs, submitted_on as a date ordinal):
# a plain tuple, because a million of them pass through an import.
Row = tuple[int, bytes, str, int, int]


@dataclass
class Problems:
    """Bad lines: the first few (by line number) in full, the rest counted."""

    shown: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, reason: str) -> None:
        self.count += 1
        if len(self.shown) < SHOWN_PROBLEMS:
            self.shown.append((line, reason))

    def merge(self, found: list[tuple[int, str]]) -> None:
        """Add problems found in a later pass; the shown ones stay the first by line."""
        self.count += len(found)
        self.shown = sorted(self.shown + found[:SHOWN_PROBLEMS])[:SHOWN_PROBLEMS]

    def lines(self) -> list[str]:
        hidden = self.count - len(self.shown)
        shown = [f"line {line}: {reason}" for line, reason in self.shown]
        return shown + ([f"… and {hidden} more bad lines"] if hidden else [])


@dataclass
class SnapshotReader:
    """Iterate over the valid rows of `lines`; afterwards see `problems` and `rows_by_type`."""

    lines: Iterable[str]
    as_of: dt.date
    hasher: Hasher
    problems: Problems = field(default_factory=Problems)
    rows_by_type: Counter[str] = field(default_factory=Counter)
    # Plain dates repeat on thousands of rows: parse each once.
    _dates: dict[str, tuple[int, dt.date]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Row]:
        reader = csv.reader(self.lines, strict=True)
        try:
            columns = self._columns(reader)
            for record in reader:
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                row = self._row(reader.line_num, record, columns)
                if row is not None:
                    yield row
        except UnicodeDecodeError:
            raise SnapshotFileError(f"not UTF-8 text (near line {reader.line_num + 1})") from None
        except csv.Error as error:
            raise SnapshotFileError(f"not CSV: {error} (line {reader.line_num})") from None
        if not self.rows_by_type and not self.problems.count:
            raise SnapshotFileError("the file has a header but no rows")

    def _columns(self, reader: Iterator[list[str]]) -> tuple[int, int, int]:
        header = next(reader, None)
        if header is None:
            raise SnapshotFileError("the file is empty")
        names = [name.strip().lstrip("\ufeff").lower() for name in header]
        missing = [name for name in REQUIRED if name not in names]
        if missing:
            raise SnapshotFileError(
                f"missing required column(s): {', '.join(missing)} (the header must name {', '.join(REQUIRED)})"
            )
        twice = sorted({name for name in REQUIRED if names.count(name) > 1})
        if twice:
            raise SnapshotFileError(f"column(s) named twice in the header: {', '.join(twice)}")
        number, kind, submitted = (names.index(name) for name in REQUIRED)
        return number, kind, submitted

    def _row(self, line: int, record: list[str], columns: tuple[int, int, int]) -> Row | None:
        number_column, type_column, submitted_column = columns
        try:
            number_text = record[number_column].strip()
            application_type = record[type_column].strip()
            submitted_text = record[submitted_column].strip()
        except IndexError:
            number_text = application_type = submitted_text = ""
        if not (number_text and application_type and submitted_text):
            values = [record[i].strip() if i < len(record) else "" for i in columns]
            missing = [name for name, value in zip(REQUIRED, values, strict=True) if not value]
            self.problems.add(line, f"missing {', '.join(missing)}")
            return None
        number = diary.canonical(number_text)
        if number is None:
            self.problems.add(line, "malformed diary_number (expected running/code/year, e.g. 31275/110/2022)")
            return None
        if len(application_type) > MAX_TYPE_LENGTH or not application_type.isprintable():
            self.problems.add(line, f"application_type is not a code (printable, at most {MAX_TYPE_LENGTH} characters)")
            return None
        submitted = self._dates.get(submitted_text)
        if submitted is None:
            try:
                submitted = parse_submitted(submitted_text)
            except BadDate:
                self.problems.add(line, f"submitted_at is not an ISO 8601 date or date-time: {_quote(submitted_text)}")
                return None
            if len(submitted_text) <= 10:
                self._dates[submitted_text] = submitted
        instant, submitted_on = submitted
        if submitted_on > self.as_of:
            self.problems.add(
                line, f"submitted_at {submitted_on.isoformat()} is after the snapshot's date {self.as_of.isoformat()}"
            )
            return None
        # A number twice is found by the importer in SQL: a set of a million keys here would double the memory.
        self.rows_by_type[application_type] += 1
        return line, self.hasher.number(number), application_type, instant, submitted_on.toordinal()


def _quote(value: str) -> str:
    # A shifted column could put a diary number here: never echo one.
    if diary.find(value) is not None or diary.parse(value) is not None:
        return "(a value that looks like a diary number)"
    return repr(value[:40])
