"""Outgoing → Telegram parts: escaping, keyboards and the splitter."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.telegram.render import MAX_MESSAGE, render, split, utf16_len
from bot.core import Button, Outgoing
from tests.telegram.telegram_html import visible_text


def test_text_is_escaped_and_reads_the_same() -> None:
    [part] = render(Outgoing("<b>bold</b> & \"quoted\" 'single' https://migri.fi/en?a=1&b=2"))
    assert part.html == "&lt;b&gt;bold&lt;/b&gt; &amp; \"quoted\" 'single' https://migri.fi/en?a=1&amp;b=2"
    assert visible_text(part.html) == part.plain


def test_a_short_reply_is_one_part_with_its_keyboard() -> None:
    [part] = render(Outgoing("Hi", ((Button("A", "menu:a"), Button("B", "menu:b")), (Button("C", "menu:c"),))))
    assert part.keyboard is not None
    assert [[b.callback_data for b in row] for row in part.keyboard.inline_keyboard] == [
        ["menu:a", "menu:b"],
        ["menu:c"],
    ]


def test_replies_with_the_same_buttons_share_one_keyboard() -> None:
    menu = ((Button("Menu", "menu:show"),),)
    [first] = render(Outgoing("one answer", menu))
    [second] = render(Outgoing("another answer", menu))
    [other] = render(Outgoing("one answer", ((Button("Other", "menu:other"),),)))
    assert first.keyboard is second.keyboard
    assert other.keyboard is not first.keyboard


def test_button_data_over_64_bytes_is_dropped_not_sent(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    [part] = render(Outgoing("Hi", ((Button("ok", "menu:ok"), Button("too long", "x:" + "ä" * 40)),)))
    assert part.keyboard is not None
    assert [b.callback_data for b in part.keyboard.inline_keyboard[0]] == ["menu:ok"]
    assert "dropped a button" in caplog.text


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = [f"{n} " + "word " * 300 for n in range(12)]
    parts = split("\n\n".join(p.strip() for p in paragraphs))
    assert len(parts) > 1
    assert all(utf16_len(p) <= MAX_MESSAGE for p in parts)
    for part in parts:
        for paragraph in part.split("\n\n"):
            assert paragraph in {p.strip() for p in paragraphs}


def test_a_paragraph_too_long_for_a_message_splits_at_lines_then_words_then_anywhere() -> None:
    lines = "\n".join("line " * 100 for _ in range(20))
    assert all(p.startswith("line") and p.endswith("line") for p in split(lines))
    words = "word " * 2000
    assert all(p.startswith("word") and p.endswith("word") for p in split(words))
    solid = "x" * 10_000
    assert split(solid) == ["x" * 4096, "x" * 4096, "x" * 1808]


def test_emoji_count_twice_and_are_never_cut_in_half() -> None:
    parts = split("🙂" * 3000)
    assert [utf16_len(p) for p in parts] == [4096, 1904]
    assert "".join(parts) == "🙂" * 3000


def test_only_the_last_part_has_the_buttons() -> None:
    parts = render(Outgoing("a\n\n" * 3000, ((Button("Menu", "menu:show"),),)))
    assert len(parts) > 1
    assert [p.keyboard is None for p in parts] == [True] * (len(parts) - 1) + [False]


def test_an_empty_reply_is_still_one_part() -> None:
    # Telegram refuses empty text; the dialogs never say nothing, and the
    # server's 400 is the better alarm than a silent drop.
    assert len(render(Outgoing("   "))) == 1


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "🙂", "&", "<", "ä"]), max_size=20_000))
def test_parts_fit_and_keep_every_character(text: str) -> None:
    parts = split(text)
    assert all(0 < utf16_len(p) <= MAX_MESSAGE for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
