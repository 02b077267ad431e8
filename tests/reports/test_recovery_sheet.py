import io
from datetime import datetime

import pypdf
import pytest
from reportlab.lib.pagesizes import A4

from blijf_desktop import i18n
from blijf_desktop.reports.recovery_sheet import build_recovery_sheet, key_groups
from blijf_desktop.storage.keyvault import format_recovery_key, parse_recovery_key

RAW = bytes(range(20))
KEY = format_recovery_key(RAW)  # the form the app shows: 8 groups of 4, dashes between
STORE_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
CREATED = datetime(2026, 11, 23, 14, 5)


def _read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def reader():
    return _read(build_recovery_sheet(KEY, STORE_ID, CREATED))


def test_key_groups_match_the_vault_format():
    groups = key_groups(KEY)
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert "-".join(groups) == KEY
    assert key_groups(KEY.replace("-", " ").lower()) == groups
    assert parse_recovery_key(" ".join(groups)) == RAW


def test_one_a4_page(reader):
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4[0], abs=0.5)
    assert float(box.height) == pytest.approx(A4[1], abs=0.5)


def test_shows_key_groups_store_id_and_date(reader):
    text = _text(reader)
    for group in key_groups(KEY):
        assert group in text
    assert STORE_ID in text
    assert i18n.format_datetime(CREATED) in text
    assert "23 nov 2026" in text


def test_dutch_instructions(reader):
    text = " ".join(_text(reader).split())
    for phrase in (
        "Herstelsleutel Blijf Desktop",
        "afgesloten kluis",
        "nooit een foto",
        "als bestand op een pc",
        "nooit samen met de laptop",
        "nieuwe pc",
        "Wachtwoord vergeten / nieuwe pc",
        "functioneel beheerder",
        "nieuwe herstelsleutel",
        "vernietig dit blad",
        "Opgeborgen door",
        "Datum",
        "Handtekening",
        "kopiëren",  # diacritics come through the built-in fonts
    ):
        assert phrase in text, phrase


def test_metadata_holds_title_and_no_key(reader):
    meta = reader.metadata
    assert meta.title == "Herstelsleutel Blijf Desktop"
    secrets = [KEY, KEY.replace("-", ""), *key_groups(KEY)]
    for value in meta.values():
        for secret in secrets:
            assert secret not in str(value)


def test_rejects_empty_input():
    with pytest.raises(ValueError):
        build_recovery_sheet(" - ", STORE_ID, CREATED)
    with pytest.raises(ValueError):
        build_recovery_sheet(KEY, "  ", CREATED)


def test_builds_in_english():
    i18n.set_language("en")
    try:
        reader = _read(build_recovery_sheet(KEY, STORE_ID, CREATED, language="en"))
        text = _text(reader)
        assert len(reader.pages) == 1
        for group in key_groups(KEY):
            assert group in text
        assert STORE_ID in text
    finally:
        i18n.set_language("nl")
