"""The bundled content: every catalogue topic in every language, each answer with its link."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.faq import FaqContentError, FaqService
from bot.faq.content import load_file
from bot.locales import Locales

# The topic ids of the catalogue (docs: faq-topics.md); the evaluation sets speak in them.
DEFAULT_TOPICS = [
    "queue-position",
    "queue-position-not-moving",
    "queue-position-vs-decision-time",
    "queue-position-unavailable",
    "citizenship-queue",
    "diary-number-where",
    "diary-number-why",
    "processing-times",
    "application-status",
    "residence-permit-work",
    "residence-permit-family",
    "residence-permit-study",
    "extended-permit",
    "eu-registration",
    "citizenship-apply",
    "enter-finland",
    "identification",
    "book-appointment",
    "application-fee",
    "supplement-application",
    "decision-delivery",
    "residence-permit-card",
    "appeal",
    "travel-while-pending",
    "customer-service",
    "chatbot-about",
    "personal-data",
    "privacy",
    "feedback",
    "employer-mode-how",
]
EMPLOYER_TOPICS = [
    "employer-hiring",
    "employer-right-to-work",
    "employer-enter-finland",
    "employer-fast-track",
    "employer-seasonal-work",
    "employer-customer-service",
    "employer-queue-position",
]

LINK_AT_END = re.compile(r"https://(www\.)?(migri\.fi|enterfinland\.fi)\S*$")


@pytest.fixture(scope="module")
def faq() -> FaqService:
    return FaqService.load(Locales.load())


@pytest.mark.parametrize("code", ["fi", "en"])
def test_every_catalogue_topic_is_in_every_language(faq: FaqService, code: str) -> None:
    assert {t.id for t in faq.topics(code, employer=False)} >= set(DEFAULT_TOPICS)
    assert {t.id for t in faq.topics(code, employer=True)} >= set(EMPLOYER_TOPICS)


@pytest.mark.parametrize("code", ["fi", "en"])
def test_every_answer_ends_with_its_page(faq: FaqService, code: str) -> None:
    for topic in [*faq.topics(code, employer=False), *faq.topics(code, employer=True)]:
        assert LINK_AT_END.search(topic.answer), f"{code}/{topic.id} lacks its link at the end"
        assert topic.title and len(topic.title) <= 60
        assert len(topic.questions) >= 5, f"{code}/{topic.id} needs more example questions"


def test_languages_have_the_same_ids(faq: FaqService) -> None:
    ids = {
        code: {t.id for t in faq.topics(code, employer=False) + faq.topics(code, employer=True)} for code in faq.codes
    }
    assert len({frozenset(v) for v in ids.values()}) == 1


def test_a_missing_topic_fails_the_load(locales_dir: Path) -> None:
    path = locales_dir / "fi" / "faq.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[topics.appeal]", "[topics.appeal-renamed]"), encoding="utf-8")
    with pytest.raises(FaqContentError) as error:
        FaqService.load(Locales.load(locales_dir))
    message = str(error.value)
    assert "topic 'appeal' is missing" in message and "fi/faq.toml" in message


def test_an_answer_without_link_names_file_topic_field_and_line(locales_dir: Path) -> None:
    path = locales_dir / "en" / "faq.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Read more: https://migri.fi/en/fees\n", "See the fees page.\n"), encoding="utf-8")
    with pytest.raises(FaqContentError) as error:
        load_file(path)
    [problem] = error.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("[topics.application-fee]"))
    assert problem.startswith(f"{path}:{line + 2}, topic 'application-fee', field 'answer':")


def test_wrong_types_and_unknown_fields_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "xx" / "faq.toml"
    path.parent.mkdir()
    path.write_text(
        '[topics.a]\ntitle = ""\nanswer = "x https://migri.fi"\nemployer = "yes"\nquestions = [1]\ncolour = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(FaqContentError) as error:
        load_file(path)
    fields = sorted(re.search(r"field '(\w+)'", p).group(1) for p in error.value.problems)  # type: ignore[union-attr]
    assert fields == ["colour", "employer", "questions", "title"]


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "en" / "faq.toml"
    path.parent.mkdir()
    path.write_text('[topics.a]\ntitle = "unterminated\n', encoding="utf-8")
    with pytest.raises(FaqContentError, match=r"faq.toml: not valid TOML: .*line 2"):
        load_file(path)


def test_a_new_locale_folder_needs_no_code(locales_dir: Path) -> None:
    shutil.copytree(locales_dir / "en", locales_dir / "de")
    faq = FaqService.load(Locales.load(locales_dir))
    assert "de" in faq.codes
    assert faq.match("where do I find my diary number", "de").topic == "diary-number-where"


def test_synonyms_are_read_and_widen_a_question(tmp_path: Path) -> None:
    path = tmp_path / "en" / "faq.toml"
    path.parent.mkdir()
    topics = (
        '[topics.citizenship]\ntitle = "Citizenship"\nanswer = "x https://migri.fi"\n'
        'questions = ["how do I apply for citizenship"]\n'
        '[topics.fees]\ntitle = "Fees"\nanswer = "y https://migri.fi"\nquestions = ["what does the application cost"]\n'
    )
    path.write_text(topics, encoding="utf-8")
    from bot.faq.matcher import LocaleMatcher

    plain = LocaleMatcher(load_file(path))
    path.write_text(topics + '[synonyms]\ncitizenship = ["nationality", "naturalisation"]\n', encoding="utf-8")
    content = load_file(path)
    assert content.synonyms == {"nationality": ("citizenship",), "naturalisation": ("citizenship",)}
    widened = LocaleMatcher(content)
    before = dict(plain.rank("how to get nationalities").similarity)
    after = dict(widened.rank("how to get nationalities").similarity)
    assert after["citizenship"] > before.get("citizenship", 0.0)


@pytest.mark.parametrize(
    ("table", "field"),
    [('nationality = "citizenship"', "nationality"), ("citizenship = []", "citizenship"), ('x = ["", "y"]', "x")],
)
def test_bad_synonyms_name_file_table_and_field(tmp_path: Path, table: str, field: str) -> None:
    path = tmp_path / "en" / "faq.toml"
    path.parent.mkdir()
    path.write_text(
        f'[topics.a]\ntitle = "A"\nanswer = "x https://migri.fi"\nquestions = ["q"]\n\n[synonyms]\n{table}\n',
        encoding="utf-8",
    )
    with pytest.raises(FaqContentError) as error:
        load_file(path)
    [problem] = error.value.problems
    assert problem.startswith(f"{path}:7, table 'synonyms', field '{field}':")


def test_synonyms_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "en" / "faq.toml"
    path.parent.mkdir()
    path.write_text(
        'synonyms = ["a"]\n[topics.a]\ntitle = "A"\nanswer = "x https://migri.fi"\nquestions = ["q"]\n',
        encoding="utf-8",
    )
    with pytest.raises(FaqContentError, match=r"\[synonyms\] must be a table"):
        load_file(path)
