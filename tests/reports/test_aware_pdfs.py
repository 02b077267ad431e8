"""The AWARE documents parsed back (issue 17): what a police officer must find on them, and
what must never be on them. Synthetic people only (tests/reports/aware_samples.py)."""

import dataclasses
import io
import re

import pypdf
import pytest
from reportlab.lib.pagesizes import A4

from blijf_desktop import i18n
from blijf_desktop.domain.police import UNITS, PoliceInfoKind
from blijf_desktop.reports.aware_inputs import RunningConnection
from blijf_desktop.reports.police_request import build_police_request
from blijf_desktop.reports.running_connections import build_running_connections
from blijf_desktop.reports.safety_advice import build_safety_advice
from tests.reports import aware_samples as s

PAGE_NUMBER = re.compile(r"pagina (\d+) van (\d+)")


def _pages(pdf: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def _every_page_framed(texts: list[str]) -> None:
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert "Vertrouwelijk" in text, number
        assert PAGE_NUMBER.findall(text) == [(str(number), str(total))], number


def _every_page_framed_in_english(texts: list[str]) -> None:
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert "Confidential" in text and f"page {number} of {total}" in text, number
        assert "Vertrouwelijk" not in text


def _metadata_is_generic(reader: pypdf.PdfReader, forbidden: list[str]) -> None:
    values = " ".join(str(value) for value in reader.metadata.values())
    for word in forbidden:
        assert word not in values, word


NAMES = ["Zonnebloemveld", "Quaadvliegh", "Marijke", "Reinout", "Fenna", "Veenstra",
         s.CASE_REF, "Zwaluwstaart", "Kwikstaart"]


@pytest.fixture(scope="module")
def long_advice():
    return _pages(build_safety_advice(s.advice(long=True)))


def test_advice_is_a4_and_spans_pages_each_framed_and_numbered(long_advice):
    reader, texts = long_advice
    assert len(texts) >= 3
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)
    _every_page_framed(texts)
    assert all(s.CASE_REF in text for text in texts)  # a loose page still says whose it is


def test_advice_holds_flags_level_advice_people_and_dutch_date(long_advice):
    _reader, texts = long_advice
    text = " ".join(texts)
    for phrase in ("Veiligheidsadvies", "6 december 2026", "Risiconiveau: ROOD",
                   "vuurwapengevaarlijk", "geweld-/verzetpleger", "harddruggebruiker",
                   "Reinout Quaadvliegh", "Björn Quaadvliegh", "Sanne Zonnebloemveld",
                   "Doodsbedreiging en stalking", "eindstreep-ADVIES-TEKST",
                   "direct de politie", "AWARE-alarmsysteem", "Alleen de cliënte haalt",
                   "Opgesteld door", "Teamleider", "Handtekening", "Fenna de Groot",
                   "Ilse Veenstra", "30-11-1984", "Risicotaxatie", "Eerdere risicotaxaties"):
        assert phrase in text, phrase
    # the flags table: JA for the three flags answered ja, onbekend for the unknown one
    assert text.count("JA") >= 3 and "onbekend" in text
    assert "BSN" not in text


def test_police_information_is_marked_as_such(long_advice):
    _reader, texts = long_advice
    text = " ".join(texts)
    assert text.count("Politie-informatie") >= 2  # the flags and the police receipts
    assert "niet verstrekken aan derden" in text
    assert "Aanhouding 2024 wegens mishandeling" in text
    assert all("Bevat politie-informatie" in page for page in texts)


def test_secret_address_only_when_the_user_confirmed():
    _reader, hidden = _pages(build_safety_advice(s.advice()))
    text = " ".join(hidden)
    assert s.SECRET_STREET not in text and s.SECRET_POSTCODE not in text
    assert "geheim adres — niet vermeld" in text
    assert s.PLEGER_STREET in text  # an address that is not secret is shown

    _reader, shown = _pages(build_safety_advice(s.advice(show_secret_address=True)))
    text = " ".join(shown)
    assert s.SECRET_STREET in text and s.SECRET_POSTCODE in text
    assert "(geheim adres)" in text and "niet vermeld" not in text


def test_advice_metadata_names_nobody(long_advice):
    reader, _texts = long_advice
    assert reader.metadata.title == "Veiligheidsadvies"
    _metadata_is_generic(reader, NAMES)


def test_a_bsn_is_never_a_case_reference():
    for bsn in ("123456782", "1234.56.782", "12345678"):
        with pytest.raises(ValueError):
            build_safety_advice(dataclasses.replace(s.advice(), case_ref=bsn))
    with pytest.raises(ValueError):
        build_safety_advice(dataclasses.replace(s.advice(), case_ref="  "))


def test_request_holds_unit_basis_people_asked_and_necessity():
    data = s.request()
    reader, texts = _pages(build_police_request(data))
    _every_page_framed(texts)
    text = " ".join(texts)
    for phrase in ("Informatieverzoek politie", UNITS[data.unit].label, data.basis,
                   "Wijkagent J. Pietersma", "Reinout Quaadvliegh", "Gevarenclassificatie",
                   "Bij de politie bekende relevante geweldsincidenten",
                   "gevarenclassificatie van de pleger nodig", "11 december 2026",
                   "6 december 2026", "Stalking: sinds september", "Ilse Veenstra",
                   "niet aan derden"):
        assert phrase in text, phrase
    assert s.SECRET_STREET not in text and "geheim adres — niet vermeld" in text
    assert reader.metadata.title == "Informatieverzoek politie"
    _metadata_is_generic(reader, NAMES)


def test_request_refuses_what_it_must_not_ask():
    data = s.request()
    with pytest.raises(ValueError):
        build_police_request(dataclasses.replace(data, necessity="  \n"))
    with pytest.raises(ValueError):  # danger flags are asked about a pleger only (art. 4.2)
        build_police_request(dataclasses.replace(data, asked={
            **data.asked, "1": (PoliceInfoKind.GEVARENCLASSIFICATIE,)}))
    with pytest.raises(ValueError):
        build_police_request(dataclasses.replace(data, unit="utrecht"))


def test_running_connections_hold_only_reference_unit_and_dates():
    # the row type has no room for more: nothing else can reach this list
    assert [f.name for f in dataclasses.fields(RunningConnection)] == [
        "case_ref", "unit", "start", "end"]
    data = s.connections(40)
    reader, texts = _pages(build_running_connections(data))
    assert len(texts) >= 2
    _every_page_framed(texts)
    text = " ".join(texts)
    for row in data.rows:
        assert row.case_ref in text
        assert i18n.format_date(row.start, "short") in text
        assert i18n.format_date(row.end, "short") in text
    assert "Lopende AWARE-aansluitingen" in text and "6 december 2026" in text
    for word in NAMES[:-3] + ["Zwaluwstaart", "Kwikstaart", "Almere", "Lelystad", "Stalking"]:
        assert word not in text, word
    _metadata_is_generic(reader, [row.case_ref for row in data.rows])


def test_running_connections_when_none_run():
    _reader, texts = _pages(build_running_connections(dataclasses.replace(
        s.connections(0), unit="amsterdam")))
    _every_page_framed(texts)
    assert "Er lopen geen aansluitingen." in texts[0]
    assert "Politie eenheid Amsterdam" in texts[0]


def test_documents_build_in_english():
    i18n.set_language("en")
    try:
        for pdf in (build_safety_advice(s.advice()), build_police_request(s.request()),
                    build_running_connections(s.connections(3))):
            _reader, texts = _pages(pdf)
            _every_page_framed_in_english(texts)
    finally:
        i18n.set_language("nl")


@pytest.mark.parametrize("name", ["Ayşe Çelik-Öztürk", "Łucja Wójcik", "Nguyễn Thị Đào",
                                  "Øydis Ærø", "Zoë Müller-Straße"])
def test_every_name_prints_with_its_own_letters(name):
    """The built-in Helvetica printed 'Ay■e': a police officer must read the name that was
    recorded, whatever its script."""
    from dataclasses import replace

    from tests.reports import aware_samples as samples

    data = replace(samples.advice(), people=(replace(samples.CLIENT, name=name),
                                             *samples.PEOPLE[1:]))
    _reader, texts = _pages(build_safety_advice(data))
    assert name in " ".join(texts)
