"""The guided flow through the service (issue 18): what may leave per recipient, purpose and
category; the preview is what is recorded; anonymised by default for the chain; a secret
address only when revealed; refused recipients and purposes; the gate; the register entry with
its document and exact content; audit rows with ids and codes only."""

import hashlib
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from blijf_desktop.domain import sharing as s
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.sharing import (
    ANONYMISED_OUT, EMPTY, NOT_ALLOWED, NOT_CHOSEN, SECRET_ADDRESS, SharingService,
)
from blijf_desktop.storage import audit
from tests.server.fixtures import trail_of
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 23)
SIGNAL = s.ChainPurpose.SIGNAAL.value
IDENTIFYING = ("Ayşe", "Öztürk", "Kanarie", "Veiligestraat", "9876", "+316", "voorbeeld.nl",
               "12-03-1985", "1985-03-12", "Mehmet", "Çelik", "Emre", "Elif", "Kees", "Vries",
               "Haarlem")


@pytest.fixture
def sharing_service(lead):  # noqa: F811
    return SharingService(lead, today=lambda: TODAY)


@pytest.fixture
def case(lead):  # noqa: F811
    intake = IntakeService(lead, today=lambda: TODAY)
    return intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))


def person(case, category, index=0):
    return [p for p in case.people if p.data.category is category][index]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def disclose(service, preview, chosen, **kw):
    return service.disclose(preview.case_id, preview.recipient, preview.purpose, chosen,
                            expected_sha256=preview.content_sha256,
                            oral_or_written=kw.pop("channel", "schriftelijk"),
                            asked=kw.pop("asked", "ongevraagd"), **kw)


# -- what may be chosen ---------------------------------------------------------------------------
def test_the_emm_and_no_recipient_outside_the_eu_can_be_chosen(sharing_service, case):
    codes = {r.code for r in sharing_service.recipients()}
    assert s.EMM not in codes and {s.ZORGCOORDINATOR, s.RIEC, "amsterdam"} <= codes
    with pytest.raises(InvalidInput) as refused:
        sharing_service.offer(case.case_id, s.EMM, s.ChainPurpose.RIEC_ADVIES.value)
    assert (refused.value.field, refused.value.problem) == ("recipient", "not_direct")


def test_an_incompatible_purpose_is_shown_refused_and_refused_by_the_service(sharing_service,
                                                                              case):
    purposes = dict(sharing_service.purposes(s.RIEC))
    assert purposes[s.ChainPurpose.RIEC_ADVIES.value] is None
    assert purposes[s.ChainPurpose.VREEMDELINGENTOEZICHT.value] == "incompatible"
    with pytest.raises(InvalidInput) as refused:
        sharing_service.offer(case.case_id, s.RIEC, s.ChainPurpose.VREEMDELINGENTOEZICHT.value)
    assert refused.value.problem == "incompatible"  # Mensenhandel 14.8


def test_the_offer_shows_what_may_go_and_what_is_excluded_with_why(sharing_service, case):
    offers = {o.person_id: o for o in sharing_service.offer(case.case_id, s.ZORGCOORDINATOR,
                                                            SIGNAL)}
    client, child = person(case, Category.CLIENT), person(case, Category.CHILD)
    assert set(offers[client.id].allowed) == {"first_names", "last_name", "street", "house_number",
                                              "postcode", "residence", "birth_date"}
    assert {e.kind: e.reason for e in offers[client.id].excluded}["phone"] == NOT_ALLOWED
    assert offers[child.id].allowed == ()  # Mensenhandel 9.4: nothing about children


# -- a police disclosure ---------------------------------------------------------------------------
def test_a_police_disclosure_holds_only_what_4_2_allows_and_lands_in_the_register(
        sharing_service, lead, case):  # noqa: F811
    client, child = person(case, Category.CLIENT), person(case, Category.CHILD)
    chosen = {client.id: {"first_names", "last_name", "birth_date"},
              child.id: {"first_names", "last_name"}}
    preview = sharing_service.preview(case.case_id, "amsterdam", "infocheck", chosen)
    assert not preview.anonymised and preview.gate.open
    values = {p.person_id: dict(p.values) for p in preview.persons}
    assert values[client.id] == {"first_names": "Ayşe", "last_name": "Öztürk-Kanarie",
                                 "birth_date": "12-03-1985"}
    with pytest.raises(InvalidInput) as refused:  # a phone number is no part of an infocheck
        sharing_service.preview(case.case_id, "amsterdam", "infocheck", {client.id: {"phone"}})
    assert refused.value.problem == "not_allowed_for_purpose"
    exchange_id = disclose(sharing_service, preview, chosen, asked="gevraagd")
    entry = ExchangeService(lead, today=lambda: TODAY).entry(exchange_id)
    assert (entry.direction, entry.counterparty, entry.purpose, entry.initiative) == (
        "uit", "amsterdam", "infocheck", "gevraagd")
    assert {(i.person_id, i.kind, i.content) for i in entry.items} == {
        (client.id, "first_names", "Ayşe"), (client.id, "last_name", "Öztürk-Kanarie"),
        (client.id, "birth_date", "12-03-1985"), (child.id, "first_names", "Emre"),
        (child.id, "last_name", "Öztürk-Kanarie")}
    document = ExchangeService(lead, today=lambda: TODAY).document(exchange_id)
    text = pdf_text(document)
    assert "Ayşe" in text and "12-03-1985" in text and "Vertrouwelijk" in text
    assert "Zaandam" not in text and "+31612345678" not in text
    kept = sharing_service.what_left(exchange_id)
    assert kept.content_sha256 == preview.content_sha256 == hashlib.sha256(
        kept.content.encode()).hexdigest()


def test_a_secret_address_leaves_only_when_revealed_for_this_exchange(sharing_service, case):
    client = person(case, Category.CLIENT)  # her address is secret
    chosen = {client.id: {"first_names", "street", "house_number", "residence"}}
    hidden = sharing_service.preview(case.case_id, "amsterdam", "aware_aanvraag", chosen)
    kept = dict(hidden.persons[0].values)
    assert "street" not in kept and "residence" not in kept
    assert {e.kind: e.reason for e in hidden.persons[0].excluded}["street"] == SECRET_ADDRESS
    shown = sharing_service.preview(case.case_id, "amsterdam", "aware_aanvraag", chosen,
                                    reveal_secret={client.id})
    assert dict(shown.persons[0].values)["street"] == "Veiligestraat"
    assert shown.content_sha256 != hidden.content_sha256


# -- the chain: anonymised by default -----------------------------------------------------------------
def test_a_signal_to_the_zorgcoordinator_is_anonymised_by_default(sharing_service, lead, case):
    client, pleger = person(case, Category.CLIENT), person(case, Category.PLEGER)
    other = person(case, Category.PLEGER, 1)
    chosen = {client.id: {"first_names", "last_name", "birth_date", "residence"},
              pleger.id: {"first_names", "last_name", "residence"},
              other.id: {"first_names", "last_name"}}
    preview = sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL, chosen,
                                      reveal_secret={client.id})
    assert preview.anonymised and preview.gate.open
    values = {p.person_id: dict(p.values) for p in preview.persons}
    assert values[client.id] == {"first_names": "A.", "last_name": "Ö.K.", "birth_date": "1985",
                                 "residence": "Zaandam"}
    assert values[other.id] == {"first_names": "K.", "last_name": "V."}
    exchange_id = disclose(sharing_service, preview, chosen, reveal_secret={client.id})
    document = ExchangeService(lead, today=lambda: TODAY).document(exchange_id)
    text = pdf_text(document)
    for word in IDENTIFYING:
        assert word not in text, word
    kept = sharing_service.what_left(exchange_id)
    assert kept.anonymised and not any(word in kept.content for word in IDENTIFYING)
    given = ExchangeService(lead, today=lambda: TODAY).for_person(client.id).given
    assert [(g.counterparty, g.anonymised, g.route) for g in given] == [
        (s.ZORGCOORDINATOR, True, ())]  # per person: who received what, and in which form


def test_identifiable_data_for_the_chain_needs_a_stated_reason(sharing_service, case):
    client = person(case, Category.CLIENT)
    chosen = {client.id: {"first_names", "last_name"}}
    with pytest.raises(InvalidInput) as refused:
        sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL, chosen,
                                identifiable=True)
    assert (refused.value.field, refused.value.problem) == ("identifiable_reason", "required")
    why = "De zorgcoördinator moet haar kunnen plaatsen in de opvang."
    preview = sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL, chosen,
                                      identifiable=True, identifiable_reason=why)
    assert not preview.anonymised and dict(preview.persons[0].values)["first_names"] == "Ayşe"
    assert json.loads(preview.content)["identifiable_reason"] == why


def test_anonymising_a_kind_away_is_shown_as_such(sharing_service, case):
    client = person(case, Category.CLIENT)
    preview = sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL,
                                      {client.id: {"first_names", "street"}},
                                      reveal_secret={client.id})
    reasons = {e.kind: e.reason for e in preview.persons[0].excluded}
    assert reasons["street"] == ANONYMISED_OUT and reasons["last_name"] == NOT_CHOSEN
    pleger = person(case, Category.PLEGER)  # no street recorded: empty, not "not chosen"
    preview = sharing_service.preview(case.case_id, "amsterdam", "aware_aanvraag",
                                      {pleger.id: {"first_names"}})
    assert {e.kind: e.reason for e in preview.persons[0].excluded}["street"] == EMPTY


# -- the gate -----------------------------------------------------------------------------------------
def test_an_riec_export_without_consent_is_refused(sharing_service, case):
    client = person(case, Category.CLIENT)
    chosen = {client.id: {"first_names"}}
    preview = sharing_service.preview(case.case_id, s.RIEC, s.ChainPurpose.RIEC_ADVIES.value,
                                      chosen)
    assert not preview.gate.open and preview.gate.missing
    with pytest.raises(InvalidInput) as refused:
        disclose(sharing_service, preview, chosen)
    assert refused.value.field == "gate"


def test_what_is_recorded_must_be_what_was_previewed(sharing_service, lead, case):  # noqa: F811
    client = person(case, Category.CLIENT)
    chosen = {client.id: {"first_names", "last_name"}}
    preview = sharing_service.preview(case.case_id, "amsterdam", "infocheck", chosen)
    intake = IntakeService(lead, today=lambda: TODAY)
    from dataclasses import replace
    intake.update_person(client.id, replace(client.data, first_names="Ayla"))
    with pytest.raises(InvalidInput) as refused:
        disclose(sharing_service, preview, chosen)
    assert refused.value.problem == "changed_since_preview"


def test_police_data_is_refused_before_anything_else(sharing_service, case):
    pleger = person(case, Category.PLEGER)
    with pytest.raises(InvalidInput) as refused:
        sharing_service.preview(case.case_id, "amsterdam", "aware_aanvraag",
                                {pleger.id: {"gevarenclassificatie"}})
    assert refused.value.problem == "police_data"


# -- who may, and the audit trail -----------------------------------------------------------------------
def test_a_caseworker_cannot_disclose(caseworker):
    with pytest.raises(PermissionDenied):
        SharingService(caseworker).recipients()


def test_the_audit_trail_names_ids_and_codes_never_values(sharing_service, lead, case):  # noqa
    client = person(case, Category.CLIENT)
    chosen = {client.id: {"first_names", "last_name"}}
    preview = sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL, chosen)
    disclose(sharing_service, preview, chosen)
    rows = audit.recent(trail_of(lead), 100)
    disclosed = [r for r in rows if r.action == "disclose"]
    assert len(disclosed) == 1 and any(r.action == "view" and r.record_type ==
                                       "disclosure_preview" for r in rows)
    text = json.dumps([json.loads(r.detail) for r in rows if r.detail], ensure_ascii=False)
    assert "Ayşe" not in text and "A." not in text
