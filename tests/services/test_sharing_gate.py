"""The whole chain through the sharing service (issue 18): a signal goes to the zorgcoördinator
without consent and is recorded "nog geen toestemming voor doorzending naar het RIEC"; the RIEC
export stays refused until a consent prepared by one teamleider and verified by another covers
it, and a later consent then unblocks it; withdrawal lists exactly the recipients served; a
correction of disclosed data opens a task naming who received the old value; the signal's
labelled lines and PDF leave anonymised and hold no name, address, phone, e-mail or full birth
date of anyone."""

import io
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from blijf_desktop.domain import sharing as s
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.consent import Scope
from blijf_desktop.domain.people import Category
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.sharing import SharingService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.storage import signals
from tests.services.test_consent import (  # noqa: F401 (fixtures)
    SECOND, SECOND_PASS, WEIGHING, lead, second, shown, verify,
)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.services.test_sharing import IDENTIFYING

pytestmark = pytest.mark.engines

TODAY = date.today()
SIGNAL, ADVIES = s.ChainPurpose.SIGNAAL.value, s.ChainPurpose.RIEC_ADVIES.value
CHOSEN_KINDS = {"first_names", "last_name", "birth_date", s.SIGNAL}


@pytest.fixture
def case(lead):  # noqa: F811
    intake = IntakeService(lead)
    case_id = intake.save_intake(CLIENT, CHILDREN + PLEGERS)
    people = intake.case(case_id).people
    client = next(p for p in people if p.data.category is Category.CLIENT)
    return case_id, client


@pytest.fixture
def signal_id(lead, case):  # noqa: F811
    case_id, _client = case
    signals = SignalService(lead)
    fields = {**signals.prefill(case_id),
              "signaal.omschrijving": "Werkt zeven dagen per week zonder loon.",
              "signaal.bron_naam": "Zuster Proef", "signaal.bron_organisatie": "Blijf Groep",
              "vermoeden.economisch": "ja",
              "samenvatting": "Zij werkt in een nagelstudio en krijgt geen loon.",
              "vraag2.hoe": "Zij moet haar paspoort afgeven."}
    return signals.save(case_id, fields)


def send(service, case, recipient, purpose, signal_id, **kw):
    case_id, client = case
    chosen = {client.id: CHOSEN_KINDS}
    preview = service.preview(case_id, recipient, purpose, chosen, signal_id=signal_id)
    exchange = service.disclose(case_id, recipient, purpose, chosen,
                                expected_sha256=preview.content_sha256, oral_or_written="schriftelijk",
                                asked="ongevraagd", signal_id=signal_id, **kw)
    return preview, exchange


def consent(lead, case, **changes):  # noqa: F811
    """A consent for the case's signals so far (Mensenhandel 14.6: for the signal it comes
    with, or later for it), anonymised (the default)."""
    case_id, client = case
    so_far = {found.id for found in signals.for_case(lead.db.conn, case_id)}
    # The signal carries the pleger's name and town too: the consent names him (the gate
    # counts everyone the signal carries).
    pleger = next(p.id for p in IntakeService(lead).case(case_id).people
                  if p.data.category is Category.PLEGER)
    scope = replace(Scope({s.RIEC}, {ADVIES}, {client.id, pleger},
                          set(CHOSEN_KINDS) | {"residence"}, TODAY - timedelta(days=1),
                          signal_ids=so_far), **changes)
    return ConsentService(lead).prepare(case_id, scope, "blijf", "stemt_in", "", WEIGHING)


def test_a_signal_goes_to_the_zorgcoordinator_and_onward_only_after_a_verified_consent(
        lead, second, case, signal_id):  # noqa: F811
    service = SharingService(lead)
    first, exchange = send(service, case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    assert first.gate.open and first.gate.consent_ids == ()  # Mensenhandel 14.5: no consent
    assert first.onward_consent is False  # 14.6: recorded as such in the register and the PDF
    assert "nog geen toestemming voor doorzending naar het RIEC" in \
        ExchangeService(lead).entry(exchange).summary
    document = ExchangeService(lead).document(exchange)
    assert "nog geen toestemming voor doorzending naar het RIEC" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(document)).pages).replace("\n", " ")

    onward = service.preview(case[0], s.RIEC, ADVIES, {case[1].id: CHOSEN_KINDS},
                             signal_id=signal_id)
    assert not onward.gate.open and onward.gate.missing == ("geen_toestemming",)
    with pytest.raises(InvalidInput) as refused:
        send(service, case, s.RIEC, ADVIES, signal_id)
    assert (refused.value.field, refused.value.problem) == ("gate", "geen_toestemming")

    consent_id = consent(lead, case)
    waiting = service.preview(case[0], s.RIEC, ADVIES, {case[1].id: CHOSEN_KINDS},
                              signal_id=signal_id)
    assert waiting.gate.missing == ("wacht_op_verificatie",)
    ConsentService(lead).verify(consent_id, SECOND, SECOND_PASS,  # the later consent (14.6)
                                seen=shown(lead, consent_id))

    assert service.preview(case[0], s.ZORGCOORDINATOR, SIGNAL, {case[1].id: CHOSEN_KINDS},
                           signal_id=signal_id).onward_consent is True
    preview, exchange = send(service, case, s.RIEC, ADVIES, signal_id)
    assert preview.gate.consent_ids == (consent_id,)
    entry = ExchangeService(lead).entry(exchange)
    assert entry.counterparty == s.RIEC and entry.route == (s.ZORGCOORDINATOR,)
    assert f"T-{consent_id:05d}" in entry.basis


def test_a_person_or_kind_outside_the_scope_keeps_the_gate_closed(lead, second, case,  # noqa
                                                                  signal_id):
    verify(lead, consent(lead, case, kinds={"last_name", s.SIGNAL}))
    preview = SharingService(lead).preview(case[0], s.RIEC, ADVIES,
                                           {case[1].id: CHOSEN_KINDS}, signal_id=signal_id)
    assert not preview.gate.open and "gegeven_buiten_scope" in preview.gate.missing


def test_withdrawal_blocks_the_next_export_and_lists_exactly_the_recipients_served(
        lead, second, case, signal_id):  # noqa: F811
    consents = ConsentService(lead)
    consent_id = consent(lead, case)
    consents.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    service = SharingService(lead)
    # The zorgcoördinator was told it may pass the signal on: she must hear of the withdrawal.
    _preview, told = send(service, case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    _preview, under_it = send(service, case, s.RIEC, ADVIES, signal_id)
    police = service.preview(case[0], "amsterdam", "infocheck", {case[1].id: {"last_name"}})
    service.disclose(case[0], "amsterdam", "infocheck", {case[1].id: {"last_name"}},
                     expected_sha256=police.content_sha256, oral_or_written="mondeling",
                     asked="gevraagd")  # not under the consent: not listed
    task_id = consents.withdraw(consent_id, "Zij trekt haar toestemming in.", TODAY)
    task = next(t for t in consents.open_tasks(case[0]) if t.id == task_id)
    assert [(i.exchange_id, i.recipient) for i in task.items] == [
        (told, s.ZORGCOORDINATOR), (under_it, s.RIEC)]
    with pytest.raises(InvalidInput) as refused:
        send(service, case, s.RIEC, ADVIES, signal_id)
    assert refused.value.problem == "ingetrokken"


def test_a_correction_of_disclosed_data_names_the_recipients_of_the_old_value(
        lead, case, signal_id):  # noqa: F811
    service = SharingService(lead)
    send(service, case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    case_id, client = case
    preview = service.preview(case_id, "amsterdam", "infocheck", {client.id: {"last_name"}})
    service.disclose(case_id, "amsterdam", "infocheck", {client.id: {"last_name"}},
                     expected_sha256=preview.content_sha256, oral_or_written="mondeling",
                     asked="gevraagd")
    IntakeService(lead).update_person(client.id, replace(client.data, last_name="Kanarie-Nieuw"))
    tasks = [t for t in ConsentService(lead).open_tasks(case_id) if t.kind == "correctie"]
    assert len(tasks) == 1
    assert sorted(i.recipient for i in tasks[0].items) == ["amsterdam", s.ZORGCOORDINATOR]


def test_the_signal_leaves_anonymised_as_labelled_lines_and_pdf(lead, case, signal_id):  # noqa
    service = SharingService(lead)
    preview, exchange = send(service, case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    kept = service.what_left(exchange)
    assert kept.lines_text == preview.lines_text and kept.lines_text
    assert json.loads(kept.content)["signal"]["lines"] == kept.lines_text
    document = ExchangeService(lead).document(exchange)
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document)).pages)
    assert "nagelstudio" in pdf_text and "nagelstudio" in kept.lines_text
    for word in IDENTIFYING:
        assert word not in kept.lines_text and word not in pdf_text, word
    back = ts.parse_labelled_lines(kept.lines_text)
    assert back["samenvatting"] == "Zij werkt in een nagelstudio en krijgt geen loon."
    assert SignalService(lead).get(signal_id).sent_in == (exchange,)


def test_handhaving_never_goes_without_the_signal_and_to_the_riec_needs_the_prosecutor(
        lead, second, case, signal_id):  # noqa: F811
    service = SharingService(lead)
    case_id, client = case
    with pytest.raises(InvalidInput) as refused:
        service.preview(case_id, s.ZORGCOORDINATOR, SIGNAL, {client.id: {s.SIGNAL_ENFORCEMENT}},
                        signal_id=signal_id)
    assert refused.value.problem == "signal_required"
    kinds = CHOSEN_KINDS | {s.SIGNAL_ENFORCEMENT}
    verify(lead, consent(lead, case, kinds=kinds | {"residence"}))
    preview = service.preview(case_id, s.RIEC, ADVIES, {client.id: kinds}, signal_id=signal_id)
    assert not preview.gate.open and preview.gate.missing == ("officier_nodig",)  # 21.8


def test_a_signal_kind_needs_the_signal_of_this_case(lead, case):  # noqa: F811
    with pytest.raises(InvalidInput) as refused:
        SharingService(lead).preview(case[0], s.ZORGCOORDINATOR, SIGNAL,
                                     {case[1].id: {s.SIGNAL}})
    assert (refused.value.field, refused.value.problem) == ("signal", "required")
