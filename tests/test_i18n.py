"""Every string the code shows is in both catalogs; English is really translated, with the
same placeholders. Dutch is the source language."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from blijf_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _code_messages() -> set:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "blijf_desktop", [("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(language: str):
    path = ROOT / "translations" / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with open(path, "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_holds_every_string_the_code_uses(language):
    catalog = _catalog(language)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    missing = sorted(_code_messages() - ids)
    assert missing == [], f"run the catalog update in README (Developing); missing: {missing[:5]}"


def test_no_english_entry_is_left_fuzzy():
    """A fuzzy entry is a guess pybabel made ('Zoekresultaten' → 'Search'); the app skips it
    and shows the Dutch, so a merge of catalogs that leaves one is caught here."""
    fuzzy = [m.id for m in _catalog("en") if m.id and m.fuzzy]
    assert fuzzy == []


def test_english_is_translated_with_the_same_placeholders():
    untranslated, mismatched = [], []
    for message in _catalog("en"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(ids[0])
            continue
        if set(PLACEHOLDER.findall(ids[0])) != set(PLACEHOLDER.findall(strings[0])):
            mismatched.append(ids[0])
    assert untranslated == [] and mismatched == []


def test_switching_language_changes_what_the_user_sees():
    probe = "Gebruikersnaam of wachtwoord onjuist."
    try:
        i18n.set_language("en")
        english = i18n._(probe)
    finally:
        i18n.set_language("nl")
    assert english != probe and i18n._(probe) == probe


def test_dates_follow_the_language():
    from datetime import date

    try:
        assert i18n.format_date(date(2026, 3, 12), "long") == "12 maart 2026"
        i18n.set_language("en")
        assert i18n.format_date(date(2026, 3, 12), "long") == "12 March 2026"
    finally:
        i18n.set_language("nl")
