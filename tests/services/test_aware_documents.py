"""The AWARE documents from a stored traject: the veiligheidsadvies and the informatieverzoek
built in memory (parsed back with pypdf), secret addresses only after a confirmed tick and then
with the audited reveal, every preview/print/save audited with ids only, the exact PDF that
went to the police kept in the register with its SHA-256, and police data that goes back to
the unit it came from only."""

import hashlib
import io
import json
import stat

import pypdf
import pytest

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.exchanges import may_return_to_source
from blijf_desktop.domain.police import DangerFlag, PoliceInfoKind
from blijf_desktop.domain.risk import AnswerValue
from blijf_desktop.services.aware_documents import ADVICE, REQUEST, AwareDocumentService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.conftest import LEAD_PASS
from tests.services.test_aware import (  # noqa: F401 (fixtures)
    ADVICE as ADVICE_STEP, REQUEST as REQUEST_STEP, TODAY, case_id, clock, lead, started,
    teamleider,
)
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

SECRET_STREET = "Veiligestraat"
NECESSITY = REQUEST_STEP["necessity"]


def text_of(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def advised(lead, teamleider, case_id, clock, other_unit=False):
    """A traject with its request, police information (flags of the first pleger, and a
    receipt from another unit when asked) and its advice."""
    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST_STEP)
    pleger = IntakeService(teamleider).case(case_id).people[-2].id
    received = ExchangeService(teamleider, today=clock)
    received.record_incoming_police_info(
        case_id, "amsterdam", "Brigadier Proef", clock(), "schriftelijk",
        [PoliceItem(pleger, PoliceInfoKind.GEVARENCLASSIFICATIE,
                    flags={DangerFlag.VUURWAPENGEVAARLIJK: AnswerValue.JA,
                           DangerFlag.ALCOHOLIST: AnswerValue.NEE}),
         PoliceItem(pleger, PoliceInfoKind.GEWELDSINCIDENTEN, "Mishandeling-Amsterdam-Q7.")])
    if other_unit:
        received.record_incoming_police_info(
            case_id, "noord_holland", "Agent Elders", clock(), "mondeling",
            [PoliceItem(pleger, PoliceInfoKind.FEITEN, "Elders-Noord-Kanarie-8.")])
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE_STEP)
    return traject


@pytest.fixture
def docs(teamleider, clock):
    return AwareDocumentService(teamleider, today=clock)


def rows(session, record_type=None):
    return [r for r in audit.recent(trail_of(session), 1000)
            if record_type is None or r.record_type == record_type]


def test_the_advice_holds_flags_level_dutch_date_and_is_confidential_on_every_page(
        lead, teamleider, case_id, clock, docs):
    traject = advised(lead, teamleider, case_id, clock)
    pages = text_of(docs.advice_pdf(traject))
    whole = " ".join(pages)
    assert all("Vertrouwelijk" in page for page in pages)
    assert "vuurwapengevaarlijk" in whole and "Mehmet Çelik" in whole
    assert "oranje" in whole.lower()
    assert "6 december 2026" in whole
    assert "AWARE aansluiten; veilig adres." in whole and "Mishandeling-Amsterdam-Q7." in whole
    assert "BG-" in whole and "Belt dagelijks." in whole
    assert SECRET_STREET not in whole and "9876 ZX" not in whole
    assert not [r for r in rows(teamleider, "person") if r.reason == "toon_adres"]


def test_a_secret_address_only_after_the_confirmed_tick_and_then_audited_as_a_reveal(
        lead, teamleider, case_id, clock, docs):
    traject = advised(lead, teamleider, case_id, clock)
    client = IntakeService(teamleider).case(case_id).client.id
    whole = " ".join(text_of(docs.advice_pdf(traject, show_secret_address=True)))
    assert SECRET_STREET in whole and "9876 ZX" in whole
    reveals = [r for r in rows(teamleider, "person") if r.reason == "toon_adres"]
    assert [r.record_id for r in reveals] == [str(client)]
    assert json.loads(reveals[0].detail)["document"] == ADVICE


def test_police_data_from_another_unit_stays_out_of_the_advice(lead, teamleider, case_id,
                                                              clock, docs):
    traject = advised(lead, teamleider, case_id, clock, other_unit=True)
    whole = " ".join(text_of(docs.advice_pdf(traject)))
    assert "Mishandeling-Amsterdam-Q7." in whole and "Elders-Noord-Kanarie-8." not in whole


def test_the_request_holds_the_necessity_unit_and_answer_by(lead, teamleider, case_id, clock,
                                                           docs):
    traject = started(lead, teamleider, case_id)
    with pytest.raises(InvalidInput) as caught:
        docs.request_pdf(traject)
    assert (caught.value.field, caught.value.problem) == ("needs", "informatieverzoek")
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST_STEP)
    pages = text_of(docs.request_pdf(traject))
    whole = " ".join(pages)
    assert all("Vertrouwelijk" in page for page in pages)
    assert NECESSITY in whole and "Politie eenheid Amsterdam" in whole
    assert "13 december 2026" in whole and SECRET_STREET not in whole
    with pytest.raises(InvalidInput):
        docs.advice_pdf(traject)  # no advice yet


def test_record_sent_keeps_the_exact_bytes_and_sha256_for_the_source_unit_only(
        lead, teamleider, case_id, clock, docs):
    traject = advised(lead, teamleider, case_id, clock, other_unit=True)
    pdf = docs.advice_pdf(traject)
    exchange_id = docs.record_sent(traject, ADVICE, pdf, "schriftelijk")
    register = ExchangeService(teamleider)
    entry = register.entry(exchange_id)
    assert (entry.direction, entry.counterparty, entry.purpose) == ("uit", "amsterdam",
                                                                    "aware_aanvraag")
    assert entry.document_sha256 == hashlib.sha256(pdf).hexdigest()
    assert register.document(exchange_id) == pdf
    kinds = set(entry.kinds)
    assert {"gevarenclassificatie", "geweldsincidenten"} <= kinds
    assert "feiten_omstandigheden" not in kinds  # came from Noord-Holland: never to Amsterdam
    assert "street" not in {i.kind for i in entry.items
                            if i.person_id == IntakeService(teamleider).case(case_id).client.id}
    request_id = docs.record_sent(traject, REQUEST, docs.request_pdf(traject), "mondeling")
    assert not {"gevarenclassificatie", "geweldsincidenten"} & set(register.entry(request_id).kinds)
    with pytest.raises(InvalidInput):
        docs.record_sent(traject, ADVICE, b"not a pdf", "schriftelijk")


def test_police_data_returns_to_its_source_unit_only():
    assert may_return_to_source("gevarenclassificatie", "amsterdam", "amsterdam")
    assert not may_return_to_source("gevarenclassificatie", "noord_holland", "amsterdam")
    assert not may_return_to_source("last_name", "amsterdam", "amsterdam")
    assert not may_return_to_source("gevarenclassificatie", "elders", "elders")


def test_preview_print_and_save_are_audited_with_ids_only(lead, teamleider, case_id, clock,
                                                         docs, tmp_path):
    traject = advised(lead, teamleider, case_id, clock)
    pdf = docs.advice_pdf(traject)
    docs.record_print(traject, ADVICE, 2)
    folder = tmp_path / "gekozen"
    folder.mkdir()
    target = folder / "advies.pdf"
    docs.save_pdf(traject, ADVICE, pdf, target)
    assert target.read_bytes() == pdf
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["advies.pdf"]
    found = rows(teamleider, "aware_document")
    assert [json.loads(r.detail)["use"] for r in reversed(found)] == ["preview", "print", "save"]
    assert {r.action for r in found} == {"view", "print", "export"}
    for row in audit.recent(trail_of(teamleider), 1000):
        text = f"{row.detail} {row.reason}"
        for word in ("Öztürk", "Çelik", SECRET_STREET, "advies.pdf", str(tmp_path), "Mishandeling"):
            assert word not in text


def test_a_hulpverlener_gets_no_aware_document(lead, teamleider, case_id, clock, caseworker):
    traject = advised(lead, teamleider, case_id, clock)
    refused = AwareDocumentService(caseworker)
    for call in (lambda: refused.advice_pdf(traject), lambda: refused.request_pdf(traject),
                 lambda: refused.record_sent(traject, ADVICE, b"%PDF-1.4", "schriftelijk")):
        with pytest.raises(PermissionDenied):
            call()


def test_the_request_prints_the_units_contact_lines_from_beheer(lead, teamleider, case_id,
                                                                created, docs):
    """Issue 21: the unit's contact on the informatieverzoek comes from Beheer → Instellingen,
    and the request names the organisation as beheer set it."""
    from blijf_desktop.domain import settings as rules
    from blijf_desktop.reports import letterhead
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.settings import SettingsService

    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST_STEP)
    assert "Contactpersoon" not in " ".join(text_of(docs.request_pdf(traject)))
    AccountService(created[0]).accept_confidentiality()
    settings = SettingsService(created[0])
    for part, value in (("contact", "Team Zorg en Veiligheid"), ("email", "zorg@example.org")):
        code = rules.police_code("amsterdam", part)
        settings.change(code, value)  # waits for a second user (Blijf 6.1, 9.1)
        settings.confirm(settings.overview()[code].pending.request_id,
                         teamleider.user.username, LEAD_PASS)
    settings.change(rules.ORGANISATION, "Stichting Synthetisch Onderdak")
    try:
        whole = " ".join(text_of(docs.request_pdf(traject)))
    finally:
        letterhead.use(letterhead.Letterhead())
    assert "Team Zorg en Veiligheid" in whole and "zorg@example.org" in whole
    assert "Stichting Synthetisch Onderdak" in whole
