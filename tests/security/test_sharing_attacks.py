"""Attacks on the sharing code of issue 18 (review): each test is a way data gets out, or a
record changes, that the sharing rules (DOMAIN.md "Sharing rules") should stop. They run on the
real store through the services, as an attacker with an ordinary account would.

Every proof that the code does not yet stop is marked xfail(strict=True) with the finding: it
fails the suite the moment the hole is closed, so the marker is removed together with the fix.
The unmarked tests are attacks that the code already stops (kept so that it stays that way)."""

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from blijf_desktop.domain import sharing as s
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.consent import Scope, State
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import ApprovalFailed, InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.sharing import SECRET_ADDRESS, SharingService
from blijf_desktop.services.sharing_content import Gate
from blijf_desktop.services.signals import SignalService
from blijf_desktop.storage import audit
from tests.server.fixtures import trail_of
from tests.server.guards import refused_change
from tests.conftest import LEAD_PASS, ready_user
from blijf_desktop.domain.consent import fingerprint
from tests.services.test_consent import (  # noqa: F401 (fixtures)
    SECOND, SECOND_PASS, WEIGHING, lead, second, shown, verify,
)
from tests.services.test_sharing_gate import (  # noqa: F401 (fixtures)
    CHOSEN_KINDS, case, consent, send, signal_id,
)

pytestmark = pytest.mark.engines

TODAY = date.today()
SIGNAL, ADVIES = s.ChainPurpose.SIGNAAL.value, s.ChainPurpose.RIEC_ADVIES.value
THIRD, THIRD_PASS = "derde", "Groene-Specht-Klopt-2026"


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")


def people(session, case_id):
    return IntakeService(session).case(case_id).people


def pleger_of(session, case_id):
    return next(p for p in people(session, case_id) if p.data.category is Category.PLEGER)


def send_as(service, case, recipient, purpose, signal_id, **kw):
    """Preview and disclose with the same choices (identifiable, reason, ...)."""
    case_id, client = case
    chosen = {client.id: CHOSEN_KINDS}
    preview = service.preview(case_id, recipient, purpose, chosen, signal_id=signal_id, **kw)
    return service.disclose(case_id, recipient, purpose, chosen,
                            expected_sha256=preview.content_sha256,
                            oral_or_written="schriftelijk", asked="ongevraagd",
                            signal_id=signal_id, **kw)


def audit_rows(session):
    return audit.recent(trail_of(session), 1000)


# -- secret address -------------------------------------------------------------------------------
def test_a_secret_residence_does_not_leave_inside_the_signal(lead, case, signal_id):  # noqa
    case_id, client = case
    assert client.data.address_secret and client.data.residence == "Zaandam"
    chosen = {client.id: {"first_names", "residence", s.SIGNAL}}
    preview = SharingService(lead).preview(case_id, s.ZORGCOORDINATOR, SIGNAL, chosen,
                                           signal_id=signal_id)
    excluded = {e.kind: e.reason for p in preview.persons for e in p.excluded}
    assert excluded["residence"] == SECRET_ADDRESS  # the flow itself treats it as secret ...
    assert preview.anonymised
    assert "Zaandam" not in preview.lines_text  # ... yet the signal carries it out
    assert "Zaandam" not in pdf_text(SharingService(lead).document(preview))


def test_a_secret_address_shown_in_a_preview_is_audited_as_a_reveal(lead, case):  # noqa: F811
    case_id, client = case
    preview = SharingService(lead).preview(case_id, "amsterdam", "infocheck",
                                           {client.id: {"street", "residence"}},
                                           reveal_secret={client.id})
    assert ("street", "Veiligestraat") in preview.persons[0].values
    assert any(r.record_type == "person" and r.record_id == str(client.id)
               and r.reason == "toon_adres" for r in audit_rows(lead))


# -- four eyes ------------------------------------------------------------------------------------
def test_whoever_rewrote_a_draft_may_not_verify_it(lead, second, auth, case,  # noqa: F811
                                                   signal_id):
    case_id, client = case
    narrow = Scope({s.RIEC}, {ADVIES}, {client.id}, {s.SIGNAL}, TODAY, signal_ids={signal_id})
    consent_id = ConsentService(lead).prepare(case_id, narrow, "blijf", "stemt_in", "", WEIGHING)
    other = auth.login(SECOND, SECOND_PASS)
    try:
        wide = replace(narrow, kinds={s.SIGNAL, "first_names", "last_name", "birth_date"},
                       valid_until=None)
        ConsentService(other).update(consent_id, wide, "blijf", "stemt_in", "", WEIGHING)
        with pytest.raises((InvalidInput, ApprovalFailed)):
            ConsentService(other).verify(consent_id, SECOND, SECOND_PASS,
                                         seen=shown(lead, consent_id))
    finally:
        other.close()
    assert ConsentService(lead).for_case(case_id)[0].state is State.ONTWERP


def test_verify_activates_only_the_scope_the_verifier_saw(lead, second, auth, case,  # noqa
                                                         signal_id):
    case_id, client = case
    narrow = Scope({s.RIEC}, {ADVIES}, {client.id}, {s.SIGNAL}, TODAY, TODAY + timedelta(7),
                   signal_ids={signal_id})
    consent_id = ConsentService(lead).prepare(case_id, narrow, "blijf", "stemt_in", "", WEIGHING)
    verifier = auth.login(SECOND, SECOND_PASS)
    try:
        on_screen = ConsentService(verifier).for_case(case_id)[0]  # her panel shows this
        shown = on_screen.scope
        wide = replace(narrow, kinds={s.SIGNAL, "first_names", "last_name", "birth_date"},
                       valid_until=None)
        ConsentService(lead).update(consent_id, wide, "blijf", "stemt_in", "", WEIGHING)
        try:
            ConsentService(verifier).verify(consent_id, SECOND, SECOND_PASS,
                                            seen=fingerprint(on_screen))
        except InvalidInput:
            return  # refused: what she saw is no longer what would be verified
    finally:
        verifier.close()
    active = ConsentService(lead).for_case(case_id)[0]
    assert active.scope == shown


# -- past the gate --------------------------------------------------------------------------------
def test_no_pdf_of_a_preview_the_gate_refuses(lead, case, signal_id):  # noqa: F811
    case_id, client = case
    service = SharingService(lead)
    preview = service.preview(case_id, s.RIEC, ADVIES, {client.id: CHOSEN_KINDS},
                              signal_id=signal_id)
    assert not preview.gate.open and preview.gate.missing == ("geen_toestemming",)
    before = len(audit_rows(lead))
    try:
        pdf = service.document(preview)
    except InvalidInput:
        return
    assert "nagelstudio" not in pdf_text(pdf), "the RIEC PDF was made without consent"
    assert len(audit_rows(lead)) > before, "a PDF left the service without an audit row"


def test_the_pdf_is_computed_from_the_store_not_from_the_callers_object(lead, case,  # noqa
                                                                       signal_id):
    case_id, client = case
    service = SharingService(lead)
    preview = service.preview(case_id, s.ZORGCOORDINATOR, SIGNAL, {client.id: CHOSEN_KINDS},
                              signal_id=signal_id)
    forged_person = replace(preview.persons[0], values=(("last_name", "Öztürk-Kanarie"),
                                                        ("street", "Veiligestraat 12")))
    forged = replace(preview, persons=(forged_person,), gate=Gate(True))
    try:
        pdf = service.document(forged)
    except InvalidInput:
        return
    assert "Veiligestraat" not in pdf_text(pdf)


def test_a_consent_for_one_signal_does_not_cover_the_next(lead, second, case,  # noqa: F811
                                                        signal_id):
    case_id, client = case
    verify(lead, consent(lead, case))
    send(SharingService(lead), case, s.RIEC, ADVIES, signal_id)  # what was consented to
    signals = SignalService(lead)
    later = signals.save(case_id, {**signals.get(signal_id).fields,
                                   "samenvatting": "Nieuw: zij noemt haar werkgever en diens "
                                                   "broer bij naam."})
    with pytest.raises(InvalidInput):
        send(SharingService(lead), case, s.RIEC, ADVIES, later)


def test_a_consent_does_not_stretch_to_identifiable_data(lead, second, case,  # noqa: F811
                                                        signal_id):
    case_id, client = case
    verify(lead, consent(lead, case))
    preview = SharingService(lead).preview(
        case_id, s.RIEC, ADVIES, {client.id: CHOSEN_KINDS}, signal_id=signal_id,
        identifiable=True, identifiable_reason="Het RIEC wil het weten.")
    assert "Öztürk-Kanarie" in preview.content  # identifiable indeed
    assert not preview.gate.open


def test_a_clock_set_back_does_not_reopen_an_expired_consent(lead, second, case,  # noqa: F811
                                                            signal_id, monkeypatch):
    """Review finding (local clock): with the computer's clock set back two days, an expired
    consent would open the gate and the register row would be back-dated, although the audit
    trail already holds later rows. The whole clock goes back here: the service's day and the
    time the trail would write."""
    from datetime import datetime, timezone

    from blijf_desktop.storage import audit as audit_store

    case_id, client = case
    verify(lead, consent(lead, case, valid_from=TODAY - timedelta(days=10),
                         valid_until=TODAY - timedelta(days=1)))
    assert not SharingService(lead).preview(case_id, s.RIEC, ADVIES, {client.id: CHOSEN_KINDS},
                                            signal_id=signal_id).gate.open
    back = datetime.now(timezone.utc) - timedelta(days=2)
    monkeypatch.setattr(audit_store, "now_utc", lambda: back.isoformat(timespec="microseconds"))
    skewed = SharingService(lead, today=lambda: TODAY - timedelta(days=2))
    with pytest.raises(InvalidInput) as refused:
        send(skewed, case, s.RIEC, ADVIES, signal_id)
    assert refused.value.problem == "clock_behind"


# -- what the chain is told ------------------------------------------------------------------------
def test_withdrawal_tells_the_zorgcoordinator_who_was_told_it_may_pass_it_on(
        lead, second, case, signal_id):  # noqa: F811
    consents = ConsentService(lead)
    consent_id = consent(lead, case)
    consents.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    preview, exchange = send(SharingService(lead), case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    assert preview.onward_consent is True  # the PDF says: toestemming van Blijf Groep verleend
    task_id = consents.withdraw(consent_id, "Zij trekt haar toestemming in.", TODAY)
    assert task_id is not None
    task = next(t for t in consents.open_tasks(case[0]) if t.id == task_id)
    assert (exchange, s.ZORGCOORDINATOR) in [(i.exchange_id, i.recipient) for i in task.items]


def test_a_correction_reaches_who_received_it_inside_a_signal(lead, case, signal_id):  # noqa
    case_id, _client = case
    pleger = pleger_of(lead, case_id)
    preview, exchange = send(SharingService(lead), case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    assert "M.Ç." in preview.lines_text  # his initials left in the signal
    IntakeService(lead).update_person(pleger.id, replace(pleger.data, last_name="Demir"))
    tasks = [t for t in ConsentService(lead).open_tasks(case_id) if t.kind == "correctie"]
    assert [(i.exchange_id, i.recipient) for t in tasks for i in t.items] == [
        (exchange, s.ZORGCOORDINATOR)]


def test_an_anonymised_signal_carries_no_full_name_of_a_person_of_the_case(
        lead, case, signal_id):  # noqa: F811
    case_id, client = case
    signals = SignalService(lead)
    signals.save(case_id, {**signals.get(signal_id).fields,
                           "omgeving_slachtoffer.partner": "Mehmet Çelik, haar ex-partner"},
                 signal_id)
    preview = SharingService(lead).preview(case_id, s.ZORGCOORDINATOR, SIGNAL,
                                           {client.id: CHOSEN_KINDS}, signal_id=signal_id)
    assert preview.anonymised
    assert "Mehmet Çelik" not in preview.lines_text


# -- permissions ----------------------------------------------------------------------------------
def test_a_hulpverlener_cannot_render_the_identifiable_export(caseworker, lead, case,  # noqa
                                                              signal_id):
    with pytest.raises(PermissionDenied):
        SignalService(caseworker).render(signal_id, False, {s.SIGNAL, s.SIGNAL_ENFORCEMENT},
                                         "Ik wil het meenemen.")


def test_a_hulpverlener_reaches_no_disclose_or_consent_decision(caseworker, lead, case,  # noqa
                                                                 signal_id):
    case_id, client = case
    sharing, consents = SharingService(caseworker), ConsentService(caseworker)
    for attempt in (lambda: sharing.offer(case_id, s.ZORGCOORDINATOR, SIGNAL),
                    lambda: sharing.preview(case_id, s.ZORGCOORDINATOR, SIGNAL,
                                            {client.id: CHOSEN_KINDS}, signal_id=signal_id),
                    lambda: consents.prepare(case_id, Scope({s.RIEC}, {ADVIES}, {client.id},
                                                            {s.SIGNAL}, TODAY),
                                             "blijf", "stemt_in", "", WEIGHING),
                    lambda: consents.verify(1, SECOND, SECOND_PASS, seen=""),
                    lambda: consents.open_correction_task(None, client.id, {"last_name"})):
        with pytest.raises(PermissionDenied):
            attempt()


# -- attacks the code already stops ---------------------------------------------------------------
def test_a_disabled_or_not_ready_teamleider_cannot_verify(lead, created, auth, case,  # noqa
                                                          signal_id):
    case_id, client = case
    consent_id = ConsentService(lead).prepare(
        case_id, Scope({s.RIEC}, {ADVIES}, {client.id}, {s.SIGNAL}, TODAY,
                       signal_ids={signal_id}), "blijf", "stemt_in", "", WEIGHING)
    admin = AccountService(created[0])
    admin.accept_confidentiality()
    admin.add_user("nieuw", "Synthetische Nieuwe", Role.TEAMLEIDER, "Eenmalig-Wachtwoord-5")
    with pytest.raises(ApprovalFailed):  # one-time passphrase, known to the beheerder
        ConsentService(lead).verify(consent_id, "nieuw", "Eenmalig-Wachtwoord-5",
                                    seen=shown(lead, consent_id))
    ready_user(created, auth, THIRD, "Synthetische Derde", Role.TEAMLEIDER, THIRD_PASS)
    third = next(u for u in admin.list_users() if u.username == THIRD)
    admin.disable_user(third.id)
    lead.unlock(LEAD_PASS)  # the new data key locked her session (issue 22)
    with pytest.raises(ApprovalFailed):
        ConsentService(lead).verify(consent_id, THIRD, THIRD_PASS, seen=shown(lead, consent_id))
    assert ConsentService(lead).for_case(case_id)[0].state is State.ONTWERP


def test_a_consent_for_another_case_does_not_open_this_one(lead, second, case,  # noqa: F811
                                                         signal_id):
    case_id, client = case
    other_case = IntakeService(lead).save_intake(
        replace(client.data, first_names="Synthetische", last_name="Anders"), [])
    other_client = people(lead, other_case)[0]
    with pytest.raises(InvalidInput):  # this case's client in the other case's consent
        ConsentService(lead).prepare(other_case, Scope({s.RIEC}, {ADVIES}, {client.id},
                                                       {s.SIGNAL}, TODAY),
                                     "blijf", "stemt_in", "", WEIGHING)
    other_signal = SignalService(lead).save(other_case, SignalService(lead).get(signal_id).fields)
    foreign = ConsentService(lead).prepare(
        other_case, Scope({s.RIEC}, {ADVIES}, {other_client.id}, set(CHOSEN_KINDS), TODAY,
                          identifiable=True, signal_ids={other_signal}),
        "blijf", "stemt_in", "", WEIGHING)
    ConsentService(lead).verify(foreign, SECOND, SECOND_PASS, seen=shown(lead, foreign))
    with pytest.raises(InvalidInput) as refused:
        send(SharingService(lead), case, s.RIEC, ADVIES, signal_id)
    assert refused.value.problem == "geen_toestemming"


def test_a_signal_changed_after_the_preview_is_not_recorded(lead, case, signal_id):  # noqa
    case_id, client = case
    service = SharingService(lead)
    chosen = {client.id: CHOSEN_KINDS}
    preview = service.preview(case_id, s.ZORGCOORDINATOR, SIGNAL, chosen, signal_id=signal_id)
    signals = SignalService(lead)
    signals.save(case_id, {**signals.get(signal_id).fields,
                           "samenvatting": "Heimelijk toegevoegd na de preview."}, signal_id)
    with pytest.raises(InvalidInput) as refused:
        service.disclose(case_id, s.ZORGCOORDINATOR, SIGNAL, chosen,
                         expected_sha256=preview.content_sha256, oral_or_written="schriftelijk",
                         asked="ongevraagd", signal_id=signal_id)
    assert refused.value.problem == "changed_since_preview"


def test_a_withdrawn_consent_stays_withdrawn_and_its_rows_stay(lead, second, case,  # noqa
                                                              signal_id):
    consents = ConsentService(lead)  # (a consent for the case's signal: its fixture)
    consent_id = consent(lead, case)
    consents.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    consents.withdraw(consent_id, "Zij trekt haar toestemming in.", TODAY)
    with pytest.raises(InvalidInput):
        consents.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    for sql in ("UPDATE consents SET state = 'actief', withdrawn_on = NULL WHERE id = {}",
                "DELETE FROM consents WHERE id = {}",
                "UPDATE consent_history SET reason = 'x' WHERE consent_id = {}",
                "DELETE FROM consent_history WHERE consent_id = {}",
                "INSERT OR REPLACE INTO consent_history SELECT * FROM consent_history"
                " WHERE consent_id = {}"):
        if "OR REPLACE" in sql and lead.server_mode:
            continue  # SQLite's REPLACE (a delete, then an insert); a server has no such form
        refused_change(lead, sql.format(int(consent_id)), "never|may not|approved destruction")
    assert [h.change for h in consents.history(consent_id)] == [
        "voorbereid", "geverifieerd", "ingetrokken"]


def test_a_sent_signal_and_its_register_rows_cannot_change(lead, case, signal_id):  # noqa
    _preview, exchange = send(SharingService(lead), case, s.ZORGCOORDINATOR, SIGNAL, signal_id)
    for sql, arg in (("UPDATE signals SET payload = '{{}}' WHERE id = {}", signal_id),
                     ("DELETE FROM signal_sends WHERE signal_id = {}", signal_id),
                     ("UPDATE exchange_disclosures SET content = '' WHERE exchange_id = {}",
                      exchange),
                     ("INSERT OR REPLACE INTO exchange_disclosures SELECT * FROM"
                      " exchange_disclosures WHERE exchange_id = {}", exchange)):
        if "OR REPLACE" in sql and lead.server_mode:
            continue  # SQLite's REPLACE (a delete, then an insert); a server has no such form
        refused_change(lead, sql.format(int(arg)), "never|approved destruction")


def test_a_typed_value_cannot_forge_a_label_line(lead, case, signal_id):  # noqa: F811
    forged = ("x\nZijn er strafbare feiten gepleegd?: ja\r\nHandhaving\u2028Naam: Y\x85"
              "\\nZo ja:\\u000a")
    fields = {**ts.blank(), "vermoeden.economisch": "ja", "vraag2.hoe": forged,
              "samenvatting": forged}
    text = ts.labelled_lines(fields, False, {s.SIGNAL}, "reden")
    assert text.splitlines() == text.split("\n")[:-1]  # no other line break in a value
    back = ts.parse_labelled_lines(text)
    assert back["vraag2.hoe"] == back["samenvatting"] == forged
    assert back["handhaving.strafbaar"] == ""


def test_nothing_typed_reaches_the_audit_trail_or_a_refusal(lead, second, case,  # noqa: F811
                                                            signal_id):
    """The whole chain with a canary in every typed text: weighing, position, identifiable
    reason, withdrawal and refusal reasons, the signal's free texts. None of it, and no name,
    address or date of birth of a person of the case, may be in an audit row or a refusal."""
    case_id, client = case
    canary = "Kwartel-Zegt-Geheim"
    weighing = replace(WEIGHING, noodzaak=f"{canary} noodzaak")
    consents, sharing_service = ConsentService(lead), SharingService(lead)
    signals = SignalService(lead)
    signals.save(case_id, {**signals.get(signal_id).fields,
                           "samenvatting": f"{canary} samenvatting"}, signal_id)
    pleger = pleger_of(lead, case_id)  # the signal carries his name and town
    scope = Scope({s.RIEC}, {ADVIES}, {client.id, pleger.id}, set(CHOSEN_KINDS) | {"residence"},
                  TODAY, identifiable=True,
                  signal_ids={signal_id})  # it goes out identifiable below
    refused_id = consents.prepare(case_id, scope, "blijf", "bezwaar", f"{canary} positie",
                                  weighing)
    consents.refuse(refused_id, f"{canary} weigering")
    consent_id = consents.prepare(case_id, scope, "blijf", "niet_te_vragen",
                                  f"{canary} positie", weighing)
    refusals = []
    try:
        consents.verify(consent_id, SECOND, f"{canary}-fout", seen=shown(lead, consent_id))
    except ApprovalFailed as error:
        refusals.append(error)
    consents.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    send_as(sharing_service, case, s.RIEC, ADVIES, signal_id, identifiable=True,
            identifiable_reason=f"{canary} reden")
    try:
        send(sharing_service, case, s.RIEC, "commercieel", signal_id)
    except InvalidInput as error:
        refusals.append(error)
    consents.withdraw(consent_id, f"{canary} intrekking", TODAY)
    try:
        send(sharing_service, case, s.RIEC, ADVIES, signal_id)
    except InvalidInput as error:
        refusals.append(error)
    assert len(refusals) == 3
    rows = audit_rows(lead)
    assert {"disclose", "approval_failed"} <= {r.action for r in rows}
    assert {"geweigerd", "geverifieerd", "ingetrokken"} <= {r.reason for r in rows}
    trail = " ".join(f"{r.reason} {r.detail}" for r in rows)
    texts = [trail] + [f"{e!s} {e!r} {vars(e)}" for e in refusals]
    for word in (canary, "Ayşe", "Öztürk", "Kanarie", "Veiligestraat", "Zaandam", "1985",
                 "Mehmet", "Çelik", "Zuster Proef"):
        for text in texts:
            assert word not in text, word
