"""Translations are complete, and a new locale needs no code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot import catalogs
from bot.core import Incoming
from bot.engine import Engine
from bot.locales import LocaleError, Locales, bundled_locales_dir
from bot.store import Store
from dialogs.language import LanguageDialog
from dialogs.menu import MenuDialog
from dialogs.router import Router

ROOT = catalogs.project_root()


def test_every_catalog_is_complete_with_matching_placeholders() -> None:
    assert catalogs.check(bundled_locales_dir(), ROOT) == []


def _write_catalog(directory: Path, messages: list[tuple[str, str, bool]]) -> None:
    catalog = Catalog(locale="fi", domain="kamu")
    for message_id, string, fuzzy in messages:
        catalog.add(message_id, string, flags=["fuzzy"] if fuzzy else [])
    (directory / "fi" / "LC_MESSAGES").mkdir(parents=True)
    with (directory / "fi" / "LC_MESSAGES" / "kamu.po").open("wb") as handle:
        write_po(handle, catalog)


def test_check_names_missing_fuzzy_and_placeholder_problems(tmp_path: Path) -> None:
    _write_catalog(
        tmp_path,
        [
            ("Fine", "Hyvä", False),
            ("Missing", "", False),
            ("Unsure", "Epävarma", True),
            ("{ahead} before you", "{edellä} ennen sinua", False),
        ],
    )
    problems = catalogs.check(tmp_path)
    assert len(problems) == 3
    assert any("'Missing' has no translation" in p for p in problems)
    assert any("'Unsure' is fuzzy" in p for p in problems)
    assert any("placeholders ['edellä'] differ" in p for p in problems)
    assert all(p.startswith(str(tmp_path / "fi" / "LC_MESSAGES" / "kamu.po") + ":") for p in problems)


def _copy_locales(tmp_path: Path) -> Path:
    target = tmp_path / "locales"
    shutil.copytree(bundled_locales_dir(), target, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return target


async def test_a_new_locale_folder_is_a_new_language_without_code(tmp_path: Path) -> None:
    locales_dir = _copy_locales(tmp_path)
    swedish = catalogs.init_locale(locales_dir, "sv", ROOT)
    toml = (swedish / "locale.toml").read_text(encoding="utf-8")
    toml = toml.replace('name = "English"', 'name = "svenska"').replace('babel_locale = "en_GB"', 'babel_locale = "sv"')
    toml = toml.replace("switch_language = [", 'switch_language = ["på svenska", "svenska", ')
    toml = toml.replace('"in english", ', "").replace('"english", ', "")
    (swedish / "locale.toml").write_text(toml, encoding="utf-8")
    from babel.messages.pofile import read_po

    po = swedish / "LC_MESSAGES" / "kamu.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    catalog.get("What would you like to do?").string = "Vad vill du göra?"
    with po.open("wb") as handle:
        write_po(handle, catalog)

    locales = Locales.load(locales_dir)
    assert locales.codes == ["fi", "en", "sv"]
    async with await Store.open(tmp_path / "sv.db") as store:
        engine = Engine(store, locales, Router([MenuDialog(), LanguageDialog()]))
        replies = await engine.handle(Incoming("t", "c", "u", "på svenska"))
        assert [b.data for b in replies[0].all_buttons()][:1] == ["queue:start"]
        replies = await engine.handle(Incoming("t", "c", "u", "", button="menu:show"))
    assert replies[0].text == "Vad vill du göra?"
    assert locales.get("sv").translator.number(12345) == "12\xa0345"


def test_locale_file_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    locales_dir = _copy_locales(tmp_path)
    toml = locales_dir / "fi" / "locale.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[phrases]", "[phrases]\ngreetings = ['moi']"), "utf-8")
    with pytest.raises(LocaleError) as error:
        Locales.load(locales_dir)
    assert f"{toml}: [phrases] has an unknown key 'greetings'" in str(error.value)

    toml.write_text("name = \n", encoding="utf-8")
    with pytest.raises(LocaleError) as error:
        Locales.load(locales_dir)
    assert f"{toml}: not valid TOML" in str(error.value) and "line 1" in str(error.value)


def test_compiled_catalogs_are_preferred_and_equal(tmp_path: Path) -> None:
    locales_dir = _copy_locales(tmp_path)
    written = catalogs.compile_all(locales_dir)
    assert {p.parent.parent.name for p in written} == {"en", "fi"}
    from_mo = Locales.load(locales_dir).get("fi").translator.gettext("End chat")
    assert from_mo == Locales.load().get("fi").translator.gettext("End chat") == "Lopeta keskustelu"
