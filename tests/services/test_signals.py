"""Signalen mensenhandel through the service (issue 18): pre-filled from the case, saved and
changed until sent, then read-only; rendered as a PDF and labelled lines that, anonymised,
name nobody; audit rows with ids and codes only."""

import io
import json
from datetime import date, datetime

import pytest
import sqlcipher3
from pypdf import PdfReader

from blijf_desktop.domain import sharing
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.signals import SignalService, mark_sent
from blijf_desktop.storage import audit, exchanges
from blijf_desktop.storage.exchanges import NewExchange
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

TODAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 9, 41)
VICTIM = PersonData(Category.CLIENT, first_names="Lotte", last_name="Kanarie-Signaal",
                    street="Verzonnenstraat", house_number="7", postcode="1234 AB",
                    residence="Hoorn", birth_date=date(2005, 6, 1), phone="+31612345678",
                    email="lotte@voorbeeld.nl")
EXPLOITER = PersonData(Category.PLEGER, first_names="Rico", last_name="Uitbuiter-Proef",
                       street="Havenkade", house_number="99", postcode="4321 ZX",
                       residence="Almere", birth_date=date(1980, 1, 2), phone="+31687654321",
                       relation="kennis")
SECOND = PersonData(Category.PLEGER, first_names="Bram", last_name="Tweede", relation="overig")
SECRETS = ["Lotte", "Kanarie-Signaal", "Verzonnenstraat", "1234 AB", "01-06-2005", "2005-06-01",
           "Rico", "Uitbuiter-Proef", "Havenkade", "4321 ZX", "02-01-1980", "1980-01-02",
           "06 12345678", "0612345678", "+31612345678", "06 87654321", "lotte@voorbeeld.nl",
           "Melder-Geheim", "020 555 0101", "0205550101"]


@pytest.fixture
def case_id(caseworker):
    return IntakeService(caseworker).save_intake(VICTIM, [EXPLOITER, SECOND])


@pytest.fixture
def service(caseworker):
    return SignalService(caseworker, today=lambda: TODAY, clock=lambda: NOW)


@pytest.fixture
def discloser(created, auth, teamleider):
    """Who may disclose (the teamleider): the sharing service's part is hers, not the
    caseworker's (on a server the caseworker's role may not write the register)."""
    from tests.conftest import LEAD_PASS

    session = auth.login(teamleider, LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def renderer(discloser):
    """The export is rendered for who may disclose, not the caseworker."""
    return SignalService(discloser, today=lambda: TODAY, clock=lambda: NOW)


def filled(service, case_id, **more) -> dict:
    fields = service.prefill(case_id)
    fields.update({"signaal.omschrijving": "Werkt 's nachts in een nagelsalon zonder loon.",
                   "signaal.bron_naam": "Synthetische Melder-Geheim",
                   "signaal.bron_organisatie": "Wijkteam", "signaal.bron_telefoon": "020 555 0101",
                   "vermoeden.seksueel": "ja", "vermoeden.economisch": "ja",
                   "vraag1.sinds": "Zomer 2025", "vraag2.werk": "Nagelsalon",
                   "handhaving.welke": "Mensenhandel, door de eigenaar van de salon.",
                   "samenvatting": "Regel een\nRegel twee"})
    fields.update(more)
    return fields


def rows(session, action=None):
    return [r for r in audit.recent(trail_of(session), 1000) if action is None or r.action == action]


def refused_by_the_store(session):
    """What the store raises when its guards refuse a write: SQLCipher's IntegrityError, or
    PostgreSQL's error (a trigger, or a privilege her role does not have)."""
    if session.server_mode:
        import psycopg

        return psycopg.Error
    return sqlcipher3.IntegrityError


def outgoing(session, case_id, direction="uit") -> int:
    """What the sharing service does first: the exchange in the register."""
    new = NewExchange(case_id, direction, "zorgcoordinator_mensenhandel", "signaal_mensenhandel",
                      "Mensenhandel 14.5, 15.2", "ongevraagd", "schriftelijk", TODAY)
    with session.db.transaction() as conn:
        return exchanges.insert(conn, new, [], session.user.id)


# -- pre-filled from the case -------------------------------------------------------------------
def test_prefill_takes_the_client_the_first_pleger_the_user_and_now(service, case_id):
    fields = service.prefill(case_id)
    assert {k: v for k, v in fields.items() if v} == {
        "slachtoffer.naam": "Lotte Kanarie-Signaal", "slachtoffer.geboortedatum": "01-06-2005",
        "slachtoffer.adres": "Verzonnenstraat 7, 1234 AB", "slachtoffer.woonplaats": "Hoorn",
        "pleger.naam": "Rico Uitbuiter-Proef", "pleger.geboortedatum": "02-01-1980",
        "pleger.adres": "Havenkade 99, 4321 ZX", "pleger.woonplaats": "Almere",
        "ingevuld.contactpersoon": "Synthetische Hulpverlener", "ingevuld.organisatie":
            "Blijf Groep", "ingevuld.datum": "12-03-2026", "signaal.datum_tijd": "12-03-2026 09:41"}
    for person in ("slachtoffer", "pleger"):
        assert fields[f"{person}.nationaliteit"] == fields[f"{person}.geslacht"] == ""


def test_a_secret_address_is_not_filled_in_not_even_its_town(caseworker, service):
    hidden = IntakeService(caseworker).save_intake(
        PersonData(**{**VICTIM.__dict__, "address_secret": True}), [])
    fields = service.prefill(hidden)
    assert fields["slachtoffer.adres"] == "" and fields["slachtoffer.woonplaats"] == ""


# -- saving and changing ------------------------------------------------------------------------
def test_a_signal_is_saved_read_back_and_changed_until_sent(service, case_id, caseworker):
    signal_id = service.save(case_id, filled(service, case_id))
    stored = service.get(signal_id)
    assert stored.case_id == case_id and not stored.sent
    assert stored.fields["vraag2.werk"] == "Nagelsalon"
    assert stored.fields["signaal.bron_telefoon"] == "020 555 0101"
    changed = dict(stored.fields, **{"vraag2.werk": "Schoonmaak"})
    assert service.save(case_id, changed, signal_id) == signal_id
    second = service.save(case_id, filled(service, case_id))  # more than one per case
    assert [s.id for s in service.for_case(case_id)] == [second, signal_id]
    assert service.get(signal_id).fields["vraag2.werk"] == "Schoonmaak"


def test_answers_to_a_question_that_no_longer_applies_are_not_kept(service, case_id):
    signal_id = service.save(case_id, filled(service, case_id, **{"vermoeden.seksueel": ""}))
    fields = service.get(signal_id).fields
    assert fields["vraag1.sinds"] == "" and fields["vraag2.werk"] == "Nagelsalon"


def test_a_six_line_summary_is_refused_and_nothing_is_stored(service, case_id):
    six = "\n".join(f"Regel {n}" for n in range(1, 7))
    with pytest.raises(InvalidInput) as refused:
        service.save(case_id, filled(service, case_id, samenvatting=six))
    assert (refused.value.field, refused.value.problem) == ("samenvatting", "too_many_lines")
    assert service.for_case(case_id) == []


def test_a_signal_for_another_case_or_an_unknown_case_is_refused(service, case_id, caseworker):
    signal_id = service.save(case_id, filled(service, case_id))
    other = IntakeService(caseworker).save_intake(VICTIM, [])
    with pytest.raises(InvalidInput, match="signal: unknown"):
        service.save(other, filled(service, case_id), signal_id)
    with pytest.raises(InvalidInput, match="case: unknown"):
        service.save(9999, filled(service, case_id))


def test_once_sent_a_signal_is_read_only_in_the_service_and_in_the_store(
        service, case_id, caseworker, discloser):
    signal_id = service.save(case_id, filled(service, case_id))
    exchange_id = outgoing(discloser, case_id)
    with discloser.db.transaction() as conn:
        mark_sent(conn, signal_id, exchange_id)
        mark_sent(conn, signal_id, exchange_id)  # twice is recorded once
    assert service.get(signal_id).sent_in == (exchange_id,)
    with pytest.raises(InvalidInput, match="signal: sent"):
        service.save(case_id, filled(service, case_id), signal_id)
    refused = refused_by_the_store(caseworker)
    # On a server the guard asks whether a destruction is in progress, which a hulpverlener's
    # role may not read: refused all the same, by the missing grant.
    for who, why in ((discloser, "sent signal is never changed"),
                     (caseworker, "sent signal is never changed|permission denied")):
        with pytest.raises(refused, match=why):
            with who.db.transaction() as conn:
                conn.execute("UPDATE signals SET payload = '{}' WHERE id = ?", (signal_id,))
    for table in ("signals", "signal_sends"):  # on a server no role may even try
        with pytest.raises(refused, match="deleted only by an approved destruction"
                                          "|permission denied"):
            with caseworker.db.transaction() as conn:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 (a fixed table name)


def test_mark_sent_refuses_an_exchange_that_does_not_belong(service, case_id, caseworker,
                                                           discloser):
    signal_id = service.save(case_id, filled(service, case_id))
    other_case = IntakeService(caseworker).save_intake(VICTIM, [])
    cases = {"other_case": outgoing(discloser, other_case),
             "not_outgoing": outgoing(discloser, case_id, direction="in"),
             "unknown_exchange": 9999}
    for problem, exchange_id in cases.items():
        with pytest.raises(InvalidInput) as refused:
            with discloser.db.transaction() as conn:
                mark_sent(conn, signal_id, exchange_id)
        assert refused.value.problem == problem
    assert not service.get(signal_id).sent


# -- rendering ----------------------------------------------------------------------------------
def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_anonymised_export_names_nobody_in_the_pdf_or_the_lines(renderer, service, case_id):
    signal_id = service.save(case_id, filled(service, case_id))
    pdf, lines = renderer.render(signal_id, True, sharing.SIGNAL_KINDS)
    text = pdf_text(pdf)
    assert [s for s in SECRETS if s in text] == [] and [s for s in SECRETS if s in lines] == []
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("Vertrouwelijk") == pages and f"pagina 1 van {pages}" in text
    assert "Zaak BG-" in text and "12 maart 2026" in text and "Geanonimiseerd" in text
    assert "Naam: L.K.S." in text and "Geboortedatum: 2005" in lines
    assert "door Blijf Groep geschreven voor de keten" in text


def test_identifiable_only_with_a_reason_stated_at_the_top(renderer, service, case_id):
    signal_id = service.save(case_id, filled(service, case_id))
    with pytest.raises(InvalidInput, match="reason: reason_required"):
        renderer.render(signal_id, False, {sharing.SIGNAL})
    pdf, lines = renderer.render(signal_id, False, {sharing.SIGNAL},
                                "De zorgcoördinator moet haar kunnen bereiken.")
    text = pdf_text(pdf)
    assert "Herleidbaar — reden: De zorgcoördinator moet haar kunnen bereiken." in text
    assert "Lotte Kanarie-Signaal" in text and "Verzonnenstraat 7" in lines


def test_handhaving_goes_only_when_its_kind_may_go(renderer, service, case_id):
    signal_id = service.save(case_id, filled(service, case_id))
    pdf, lines = renderer.render(signal_id, True, {sharing.SIGNAL})
    assert "eigenaar van de salon" not in pdf_text(pdf) + lines
    pdf, lines = renderer.render(signal_id, True, sharing.SIGNAL_KINDS)
    assert "eigenaar van de salon" in pdf_text(pdf) and "eigenaar van de salon" in lines
    for kinds in ({sharing.SIGNAL_ENFORCEMENT}, {sharing.SIGNAL, "phone"}, set()):
        with pytest.raises(InvalidInput, match="kinds: not_allowed"):
            renderer.render(signal_id, True, kinds)


def test_the_rendered_lines_give_the_stored_signal_back(renderer, service, case_id):
    signal_id = service.save(case_id, filled(service, case_id))
    _pdf, lines = renderer.render(signal_id, False, sharing.SIGNAL_KINDS, "Strikt nodig.")
    assert ts.parse_labelled_lines(lines) == service.get(signal_id).fields


# -- drafts, permissions, audit -----------------------------------------------------------------
def test_drafts_are_per_case_and_go_when_the_signal_is_saved(service, case_id, caseworker):
    other = IntakeService(caseworker).save_intake(VICTIM, [])
    service.save_draft(case_id, {"fields": {"slachtoffer.geslacht": "vrouw"}})
    assert service.load_draft(other) is None
    assert service.load_draft(case_id) == {"fields": {"slachtoffer.geslacht": "vrouw"}}
    service.save(case_id, filled(service, case_id))
    assert service.load_draft(case_id) is None
    service.save_draft(other, {"fields": {}})
    service.discard_draft(other)
    assert service.load_draft(other) is None


def test_a_beheerder_may_not_write_or_read_signals(created, case_id):
    admin = SignalService(created[0])
    for call in (lambda: admin.prefill(case_id), lambda: admin.for_case(case_id)):
        with pytest.raises(PermissionDenied):
            call()


def test_audit_rows_hold_ids_and_codes_only(renderer, service, case_id, caseworker):
    signal_id = service.save(case_id, filled(service, case_id))
    renderer.render(signal_id, False, sharing.SIGNAL_KINDS, "Reden-Kanarie-Tekst")
    found = [r for r in rows(caseworker) if r.record_type in ("signal", "case", "case_signals")]
    assert {(r.action, r.record_type) for r in found} >= {
        ("view", "case"), ("change", "signal"), ("view", "signal")}
    dumped = json.dumps([r.__dict__ for r in rows(caseworker)], ensure_ascii=False)
    assert [s for s in SECRETS + ["Reden-Kanarie-Tekst", "Nagelsalon"] if s in dumped] == []
