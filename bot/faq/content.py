"""The FAQ content files: reading `locales/<code>/faq.toml` and checking it.

The content is written by experts, not programmers, and it is reloaded into a
running bot. So every problem is reported at once, each naming the file, the
topic, the field and (where it can be found) the line, in words that say how to
fix it; a file with any problem is never half-loaded.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.locales import LocaleError

FILE_NAME = "faq.toml"
MAX_TITLE = 60
TOPIC_FIELDS = {"title", "answer", "employer", "questions", "keywords"}
# An answer ends with the page where the user reads more.
_READ_MORE = re.compile(r"https://(?:www\.)?(?:migri\.fi|enterfinland\.fi)(?:/[^\s]*)?[.)]?$")
_TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FaqContentError(LocaleError):
    """Problems found in FAQ content; each line names file, topic and field."""


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    answer: str
    employer: bool
    # What users write about this topic: whole questions and typical words.
    questions: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class LocaleContent:
    """One language's knowledge base."""

    code: str
    path: Path
    topics: Mapping[str, Topic]
    # Questions the bot must not answer with a topic; they teach the matcher
    # where the knowledge base ends.
    out_of_scope: tuple[str, ...]
    # What users write (a word or phrase) → the words the content uses for it,
    # so that "nationality" also finds what is written about "citizenship".
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def load_file(path: Path, code: str | None = None) -> LocaleContent:
    """One content file, checked; raises FaqContentError naming every problem."""
    code = code or path.parent.name
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FaqContentError([f"{path}: missing; copy locales/en/{FILE_NAME} and translate it"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise FaqContentError([f"{path}: cannot be read as UTF-8 text: {error}"]) from None
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise FaqContentError([f"{path}: not valid TOML: {error}"]) from None
    lines = _Lines(path, source)
    problems = list(_file_problems(raw, lines))
    if problems:
        raise FaqContentError(problems)
    topics = {topic_id: _topic(topic_id, fields) for topic_id, fields in raw["topics"].items()}
    out_of_scope = tuple(raw.get("out_of_scope", {}).get("questions", []))
    return LocaleContent(code, path, topics, out_of_scope, _synonyms(raw.get("synonyms", {})))


def check_same_topics(contents: list[LocaleContent]) -> list[str]:
    """Problems where locales disagree: every locale has the same topic ids and employer flags."""
    problems: list[str] = []
    if not contents:
        return problems
    all_ids = set().union(*(content.topics for content in contents))
    for content in contents:
        for missing in sorted(all_ids - set(content.topics)):
            others = ", ".join(c.code for c in contents if missing in c.topics)
            problems.append(f"{content.path}: topic '{missing}' is missing (it is in {others}); add [topics.{missing}]")
    for topic_id in sorted(all_ids):
        flags = {c.code: c.topics[topic_id].employer for c in contents if topic_id in c.topics}
        if len(set(flags.values())) > 1:
            detail = ", ".join(f"{code}={flag}" for code, flag in sorted(flags.items()))
            problems.append(f"topic '{topic_id}', field 'employer': differs between locales ({detail})")
    return problems


def _topic(topic_id: str, fields: dict[str, Any]) -> Topic:
    return Topic(
        id=topic_id,
        title=fields["title"].strip(),
        answer=fields["answer"].strip(),
        employer=fields.get("employer", False),
        questions=tuple(q.strip() for q in fields.get("questions", [])),
        keywords=tuple(k.strip() for k in fields.get("keywords", [])),
    )


def _synonyms(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Each variant users write, mapped to the content's words it stands for."""
    expansions: dict[str, list[str]] = {}
    for words_of_content, variants in table.items():
        for variant in variants:
            expansions.setdefault(variant.strip(), []).append(words_of_content.strip())
    return {variant: tuple(words) for variant, words in expansions.items()}


def _file_problems(raw: dict[str, Any], lines: _Lines) -> Iterator[str]:
    for key in sorted(set(raw) - {"topics", "out_of_scope", "synonyms"}):
        yield lines.at(
            None, None, f"unknown table '{key}'; the file holds [topics.<id>] tables, [synonyms] and [out_of_scope]"
        )
    yield from _synonym_problems(raw.get("synonyms", {}), lines)
    topics = raw.get("topics")
    if not isinstance(topics, dict) or not topics:
        yield lines.at(None, None, "no topics; add a [topics.<id>] table for every topic")
        return
    for topic_id, fields in topics.items():
        if not isinstance(fields, dict):
            yield lines.at(topic_id, None, "must be a table: write [topics.<id>] and its fields below it")
            continue
        yield from _topic_problems(topic_id, fields, lines)
    outside = raw.get("out_of_scope", {})
    if not isinstance(outside, dict) or set(outside) - {"questions"} or not _is_text_list(outside.get("questions", [])):
        yield lines.at(None, "questions", "[out_of_scope] holds one key, questions: a list of strings")


def _topic_problems(topic_id: str, fields: dict[str, Any], lines: _Lines) -> Iterator[str]:
    if not _TOPIC_ID.match(topic_id):
        yield lines.at(topic_id, None, "a topic id is lower-case letters, digits and hyphens")
    for key in sorted(set(fields) - TOPIC_FIELDS):
        yield lines.at(topic_id, key, f"unknown field; the fields are {', '.join(sorted(TOPIC_FIELDS))}")
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        yield lines.at(topic_id, "title", "missing or empty; give a short title, shown as a button label")
    elif len(title.strip()) > MAX_TITLE:
        yield lines.at(topic_id, "title", f"too long for a button ({len(title.strip())} > {MAX_TITLE} characters)")
    answer = fields.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        yield lines.at(topic_id, "answer", "missing or empty")
    elif not _READ_MORE.search(answer.strip()):
        yield lines.at(
            topic_id, "answer", "must end with the page to read more (an https://migri.fi or enterfinland.fi address)"
        )
    if not isinstance(fields.get("employer", False), bool):
        yield lines.at(topic_id, "employer", "must be true or false")
    for key in ("questions", "keywords"):
        if not _is_text_list(fields.get(key, [])):
            yield lines.at(topic_id, key, "must be a list of non-empty strings")
    if not fields.get("questions") and not fields.get("keywords"):
        yield lines.at(topic_id, "questions", "give at least a few example questions, or the topic is never found")


def _synonym_problems(table: Any, lines: _Lines) -> Iterator[str]:
    if not isinstance(table, dict):
        yield lines.at(None, None, "[synonyms] must be a table: the content's word = [what users write instead]")
        return
    for key, variants in table.items():
        if not key.strip():
            yield lines.in_table("synonyms", key, "the word of the content is empty")
        elif not _is_text_list(variants) or not variants:
            yield lines.in_table("synonyms", key, "must be a non-empty list of non-empty strings")


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


class _Lines:
    """Finds the line of a topic's field in the source, for error messages.

    tomllib gives no positions, so this reads the text itself: good enough to
    point an editor at the right place, which is all it is for.
    """

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()

    def at(self, topic_id: str | None, field: str | None, message: str) -> str:
        where = [str(self.path)]
        line = self._find(topic_id, field)
        if line is not None:
            where[0] += f":{line}"
        if topic_id is not None:
            where.append(f"topic '{topic_id}'")
        if field is not None:
            where.append(f"field '{field}'")
        return f"{', '.join(where)}: {message}"

    def in_table(self, table: str, field: str, message: str) -> str:
        """A problem in a top-level table other than a topic's."""
        line = self._find(None, field, table)
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        return f"{where}, table '{table}', field '{field}': {message}"

    def _find(self, topic_id: str | None, field: str | None, table: str | None = None) -> int | None:
        start = 0
        within = topic_id is not None or table is not None
        if within:
            name = rf"topics\.[\"']?{re.escape(topic_id)}[\"']?" if topic_id is not None else re.escape(str(table))
            header = re.compile(rf"^\s*\[\s*{name}\s*\]")
            start = next((i for i, line in enumerate(self.lines) if header.match(line)), -1)
            if start < 0:
                return None
        if field is None:
            return start + 1 if within else None
        key = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=")
        for number in range(start, len(self.lines)):
            if number > start and self.lines[number].lstrip().startswith("[") and within:
                break
            if key.match(self.lines[number]):
                return number + 1
        return start + 1 if within else None
