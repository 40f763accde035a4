"""My queue position in the chat: the prompt, help, retries, cancel, answers and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.runtime import Runtime, open_runtime
from bot import config
from bot.queue.dates import today
from tests.conftest import Chat

from .conftest import numbered, queue_env, write_csv

ROWS = [
    *numbered(25, "work", "2026-01-05"),
    ["31275/110/2024", "work", "2026-02-01"],
    ["5/150/2026", "citizenship", "2026-03-01"],
]


@pytest.fixture
async def loaded(runtime: Runtime, tmp_path: Path) -> Runtime:
    await runtime.app.queue.import_file(write_csv(tmp_path / "s.csv", ROWS), today())
    return runtime


@pytest.fixture
def en(loaded: Runtime) -> Chat:
    return Chat(loaded.engine, "en-user", hint="en")


@pytest.fixture
def fi(loaded: Runtime) -> Chat:
    return Chat(loaded.engine, "fi-user", hint="fi")


async def sessions(runtime: Runtime) -> str:
    return "\n".join(state for (state,) in await runtime.app.store.fetchall("SELECT state FROM sessions"))


async def test_the_menu_button_starts_the_dialog_in_finnish(fi: Chat) -> None:
    await fi.say("/start")
    await fi.press_label("Minun jonopaikkani")
    assert "31275/110/2022" in fi.text  # the example
    assert "queue:where" in fi.button_data and "menu:cancel" in fi.button_data


@pytest.mark.parametrize("text", ["my queue position", "Minun jonopaikkani", "jonopaikka", "/queue"])
async def test_free_text_meaning_the_same_starts_it(en: Chat, text: str) -> None:
    await en.say(text)
    assert "queue:where" in en.button_data


async def test_a_number_in_a_sentence_is_answered(en: Chat, loaded: Runtime) -> None:
    await en.press("queue:start")
    await en.say("Hi, my diary number is Dnro 031275 / 110 / 2024, thanks!")
    assert "25 applications of the same type are ahead of yours" in en.text
    assert "https://migri.fi/en/processing-times" in en.text
    assert en.button_data == ["queue:start", "menu:show"]
    session = await sessions(loaded)
    assert "31275" not in session and '"dialog": "menu"' in session


async def test_a_number_outside_the_dialog_starts_a_lookup(en: Chat) -> None:
    await en.say("what about 31275-110-2024?")
    assert "ahead of yours" in en.text


async def test_finnish_answer_with_the_citizenship_caveat(fi: Chat) -> None:
    await fi.press("queue:start")
    await fi.say("5/150/2026")
    assert "https://migri.fi/kasittelyajat" in fi.text or "https://migri.fi/en/processing-times" in fi.text
    assert "citizenship" not in fi.button_data
    assert len(fi.last) == 1 and fi.text.count("\n\n") >= 3  # status, caveat, date, link


@pytest.mark.parametrize("question", ["Mistä löydän diaarinumeron?", "where do I find it", "Where is the number?"])
async def test_where_to_find_it_is_explained_at_the_prompt(en: Chat, question: str) -> None:
    await en.press("queue:start")
    await en.say(question)
    assert len(en.last) == 2 and "Enter Finland" in en.last[0].text  # the explanation ...
    assert "queue:where" in en.button_data  # ... and the prompt again
    await en.say("31275/110/2024")
    assert "ahead of yours" in en.text


async def test_the_where_button(en: Chat) -> None:
    await en.press("queue:start")
    await en.press("queue:where")
    assert "receipt" in en.text


async def test_three_misses_go_back_to_the_menu(en: Chat, loaded: Runtime) -> None:
    await en.press("queue:start")
    await en.say("I do not know")
    assert "31275/110/2022" in en.text and "try again" in en.text
    await en.say("no idea at all")
    assert "try again" in en.text
    await en.say("<b>x</b>")
    assert "queue:start" in en.button_data and "employer:on" in en.button_data  # the menu
    assert '"dialog": "menu"' in await sessions(loaded)


@pytest.mark.parametrize("cancel", ["cancel", "peruuta"])
async def test_cancel_works_at_the_prompt(en: Chat, cancel: str) -> None:
    await en.press("queue:start")
    await en.say("no idea")
    await en.say(cancel)
    assert "employer:on" in en.button_data
    await en.say("hello")
    assert "queue:where" not in en.button_data


@pytest.mark.parametrize(
    "text", ["", " ", "x" * 50_000, "\x00\x01\x02", "مرحبا 31275", "'; DROP TABLE queue_entries; --", "🙂" * 1000]
)
async def test_bad_input_at_the_prompt(en: Chat, text: str) -> None:
    await en.press("queue:start")
    await en.say(text)
    assert en.last


async def test_without_a_snapshot_the_user_is_told(runtime: Runtime) -> None:
    chat = Chat(runtime.engine, hint="en")
    await chat.say("31275/110/2024")
    assert "not available right now" in chat.text


async def test_refusals_in_the_chat(tmp_path: Path) -> None:
    settings = config.load(None, queue_env(tmp_path, KAMU_QUEUE_DAILY_QUOTA="1"))
    async with open_runtime(settings) as runtime:
        await runtime.app.queue.import_file(write_csv(tmp_path / "s.csv", ROWS), today())
        chat = Chat(runtime.engine, hint="en")
        await chat.say("31275/110/2024")
        assert "ahead of yours" in chat.text
        await chat.say("5/150/2026")
        assert "Sorry, you have already looked up" in chat.text and " at " in chat.text
        assert chat.button_data == ["queue:start", "menu:show"]
        await chat.say("31275/110/2024")  # one's own number again: still answered
        assert "ahead of yours" in chat.text
