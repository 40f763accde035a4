"""The Matrix adapter's pure parts: rendering, addressing, invites, remembered buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.matrix import render
from adapters.matrix.addressing import Identity, addressed_text, mentioned
from adapters.matrix.buttons import ButtonMemory
from adapters.matrix.invites import Allowlist
from bot.core import Button, Outgoing
from bot.store import Store

KAMU = Identity("@kamu:example.org", "Kamu Bot")


def test_every_dynamic_part_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & <b>'
    content = render.notice(Outgoing(hostile + "\nsecond line", ((Button(hostile, "menu:show"),),)))
    assert "<script>" not in content["formatted_body"]
    assert "&lt;script&gt;" in content["formatted_body"]
    assert "<br>" in content["formatted_body"]
    assert content["body"].endswith(f"1. {hostile}")
    assert content["msgtype"] == "m.notice"


def test_links_are_clickable_but_escaped() -> None:
    html = render.to_html('See https://migri.fi/en/processing-times. Or "https://x.y/?a=1&b=<2>"')
    assert '<a href="https://migri.fi/en/processing-times">' in html
    assert "&amp;b=&lt;2&gt;" not in html.split("href=")[0]
    assert "<2>" not in html


def test_button_numbers_run_on_across_the_replies_of_a_turn() -> None:
    turn = [
        Outgoing("a", ((Button("One", "x:1"), Button("Two", "x:2")),)),
        Outgoing("b", ((Button("Three", "x:3"),),)),
    ]
    first, second = render.notices(turn)
    assert first["body"].endswith("1. One\n2. Two")
    assert second["body"].endswith("3. Three")
    assert '<ol start="3">' in second["formatted_body"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@kamu:example.org menu", "menu"),
        ("Kamu Bot: how long does it take?", "how long does it take?"),
        ("kamu, help", "help"),
        ("hello KAMU what now", "hello what now"),
        ("the kamus are here", None),
        ("just talking", None),
        ("> <@kamu:example.org> earlier answer\n\nand now?", "and now?"),
    ],
)
def test_in_a_room_only_mentions_count_and_are_cut_off(body: str, expected: str | None) -> None:
    assert addressed_text({"body": body}, KAMU, direct=False) == expected


def test_pills_and_intentional_mentions_count() -> None:
    pill = '<a href="https://matrix.to/#/%40kamu%3Aexample.org">K</a>: hi'
    assert mentioned({"body": "K: hi", "formatted_body": pill}, KAMU)
    assert mentioned({"body": "hi", "m.mentions": {"user_ids": ["@kamu:example.org"]}}, KAMU)
    assert not mentioned({"body": "hi", "m.mentions": {"user_ids": ["@other:example.org"]}}, KAMU)


def test_in_a_direct_chat_everything_counts_and_only_a_leading_name_is_cut() -> None:
    assert addressed_text({"body": "Kamu: menu"}, KAMU, direct=True) == "menu"
    assert addressed_text({"body": "what can kamu do"}, KAMU, direct=True) == "what can kamu do"
    assert addressed_text({"body": 42}, KAMU, direct=True) == ""


@pytest.mark.parametrize("body", ["", "x" * 50_000, "\x00\x1b[31m", "🙂" * 100, "مرحبا kamu", "'; DROP TABLE x; --"])
def test_bad_input_never_crashes(body: str) -> None:
    for direct in (True, False):
        addressed_text({"body": body, "formatted_body": body, "m.mentions": body}, KAMU, direct=direct)


def test_the_allowlist_takes_users_and_servers() -> None:
    allowlist = Allowlist(["@boss:corp.example", "Example.org", " "])
    assert allowlist.admits("@boss:corp.example")
    assert allowlist.admits("@anyone:example.org")
    assert not allowlist.admits("@other:corp.example")
    assert Allowlist([]).admits("@anyone:anywhere")


async def test_buttons_are_remembered_across_restarts_and_expire(tmp_path: Path) -> None:
    replies = [Outgoing("pick", ((Button("Yes", "a:yes"), Button("No, thanks", "a:no")),))]
    async with await Store.open(tmp_path / "kamu.db") as store:
        await ButtonMemory(store).shown("!room", "@u:x", replies)
    async with await Store.open(tmp_path / "kamu.db") as store:
        memory = ButtonMemory(store)
        assert await memory.press("!room", "@u:x", " 2 ") == Button("No, thanks", "a:no")
        assert await memory.press("!room", "@u:x", "no, THANKS") == Button("No, thanks", "a:no")
        assert await memory.press("!room", "@u:x", "3") is None
        # "²".isdigit() is True but int("²") fails: it must read as text, not crash.
        assert await memory.press("!room", "@u:x", "²") is None
        assert await memory.press("!room", "@other:x", "1") is None
        assert await ButtonMemory(store).forget_older_than(-1) == 1
        assert await ButtonMemory(store).press("!room", "@u:x", "1") is None
