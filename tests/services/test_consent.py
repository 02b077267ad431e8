"""Consent through the service (issue 18): the gate refuses an RIEC export until a consent
prepared by one teamleider is verified by another with her passphrase, covers the recipient,
purpose, person and kind, and is in its period; expiry, refusal and withdrawal close it again;
a withdrawal or a correction opens a task naming exactly the recipients served."""

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from blijf_desktop.domain import sharing
from blijf_desktop.domain.consent import Scope, State, Weighing, fingerprint
from blijf_desktop.domain.consent_gate import Missing
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import ApprovalFailed, InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.storage import audit, consents, exchanges, users
from blijf_desktop.storage.errors import TooManyAttempts
from tests.conftest import LEAD_PASS, ready_user
from tests.server.fixtures import trail_of
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

pytestmark = pytest.mark.engines

SECOND, SECOND_PASS = "tweede", "Oranje-Zwaluw-Vliegt-2026"
TODAY = date.today()
WEIGHING = Weighing("Weging-Kanarie doel: advies over de aanpak.", "Zonder advies geen aanpak.",
                    "Alleen het signaal en haar naam.", "Anoniem bespreken gaf te weinig.",
                    "Zij wil dat de uitbuiting stopt; haar veiligheid eerst.")
RIEC, ADVIES = sharing.RIEC, "riec_advies"


@pytest.fixture
def lead(created, auth, teamleider):
    session = auth.login(teamleider, LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def second(created, auth):
    ready_user(created, auth, SECOND, "Synthetische Tweede Teamleider", Role.TEAMLEIDER,
               SECOND_PASS)
    return SECOND


@pytest.fixture
def case(caseworker):
    """(case id, client id, first pleger id)."""
    intake = IntakeService(caseworker)
    case_id = intake.save_intake(CLIENT, CHILDREN + PLEGERS)
    people = intake.case(case_id).people
    client = next(p.id for p in people if p.data.category == 1)
    pleger = next(p.id for p in people if p.data.category == 4)
    return case_id, client, pleger


@pytest.fixture
def signal(lead, case):
    """A signaal mensenhandel of the case (its id)."""
    return record_signal(lead, case[0])


def record_signal(session, case_id: int, summary: str = "Zij werkt zonder loon.") -> int:
    return SignalService(session).save(case_id, {
        "signaal.datum_tijd": "01-03-2026 10:00", "signaal.omschrijving": summary,
        "signaal.bron_naam": "Zuster Proef", "signaal.bron_organisatie": "Blijf Groep",
        "vermoeden.economisch": "ja"})


def scope(person_ids, kinds=("last_name",), **changes) -> Scope:
    return replace(Scope({RIEC}, {ADVIES}, set(person_ids), set(kinds),
                         TODAY - timedelta(days=1)), **changes)


def shown(session, consent_id: int) -> str:
    """What the verifier's panel shows of the consent as it stands now (its fingerprint)."""
    return fingerprint(consents.get(session.db.conn, consent_id))


def verify(session, consent_id: int) -> int:
    """The second teamleider verifies the consent as it stands now."""
    ConsentService(session).verify(consent_id, SECOND, SECOND_PASS,
                                   seen=shown(session, consent_id))
    return consent_id


def missing(service, case, people=None, on=None, recipient=RIEC, purpose=ADVIES):
    case_id, client, _pleger = case
    gate = service.gate(case_id, recipient, purpose, people or {client: {"last_name"}}, on)
    assert gate.open == (not gate.missing)
    return [m.missing for m in gate.missing]


def active(service, case, **scope_changes) -> int:
    case_id, client, _pleger = case
    consent_id = service.prepare(case_id, scope([client], **scope_changes), "blijf", "stemt_in",
                                 "", WEIGHING)
    service.verify(consent_id, SECOND, SECOND_PASS, seen=shown(service.session, consent_id))
    return consent_id


def sent(session, case, counterparty=RIEC, kinds=("last_name",), person=None, on=None) -> int:
    """An outgoing exchange, written to the register directly (the sharing service's part)."""
    case_id, client, _pleger = case
    with session.db.transaction() as conn:
        return exchanges.insert(conn, exchanges.NewExchange(
            case_id, "uit", counterparty, ADVIES, "Mensenhandel 12.17", "gevraagd",
            "schriftelijk", on or TODAY), [exchanges.NewItem(person or client, k) for k in kinds],
            session.user.id)


def rows(session, action=None):
    return [r for r in audit.recent(trail_of(session), 1000) if action in (None, r.action)]


# -- the gate -----------------------------------------------------------------------------------
def test_the_gate_opens_only_when_every_step_is_taken(lead, second, case, signal):
    service = ConsentService(lead)
    assert missing(service, case) == [Missing.GEEN_TOESTEMMING]
    case_id, client, _ = case
    consent_id = service.prepare(case_id, scope([client], ("last_name", sharing.SIGNAL),
                                                signal_ids={signal}),
                                 "blijf", "stemt_in", "", WEIGHING)
    assert missing(service, case) == [Missing.WACHT_OP_VERIFICATIE]
    service.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    gate = service.gate(case_id, RIEC, ADVIES, {client: {"last_name", sharing.SIGNAL}},
                        signal_id=signal)
    assert gate.open and gate.consent_ids == (consent_id,)
    stored = service.for_case(case_id)[0]
    assert stored.state is State.ACTIEF and stored.verified_by != lead.user.id


def test_a_route_without_consent_is_open_and_an_incompatible_one_closed(lead, case):
    service = ConsentService(lead)
    assert missing(service, case, recipient=sharing.ZORGCOORDINATOR,
                   purpose="signaal_mensenhandel") == []
    assert missing(service, case, purpose="commercieel") == [Missing.ROUTE_NIET_TOEGESTAAN]


def test_the_preparer_cannot_verify_her_own_request(lead, second, case, teamleider):
    service = ConsentService(lead)
    case_id, client, _ = case
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    with pytest.raises(InvalidInput) as refused:
        service.verify(consent_id, " LEIDING ", LEAD_PASS, seen=shown(lead, consent_id))
    assert (refused.value.field, refused.value.problem) == ("approver", "approver_is_preparer")
    assert missing(service, case) == [Missing.WACHT_OP_VERIFICATIE]
    assert [r.reason for r in rows(lead, "approval_failed")] == ["approver_is_preparer"]


def test_the_preparer_cannot_verify_at_another_teamleiders_desk(lead, second, case, auth):
    service = ConsentService(lead)
    case_id, client, _ = case
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    other = auth.login(SECOND, SECOND_PASS)
    try:
        with pytest.raises(InvalidInput) as refused:
            ConsentService(other).verify(consent_id, "leiding", LEAD_PASS,
                                         seen=shown(lead, consent_id))
        assert refused.value.problem == "approver_is_preparer"
        ConsentService(other).verify(consent_id, SECOND, SECOND_PASS,  # she herself may
                                     seen=shown(lead, consent_id))
    finally:
        other.close()
    assert missing(service, case) == []


def test_a_wrong_passphrase_is_refused_audited_and_slowed(lead, second, case):
    service = ConsentService(lead)
    case_id, client, _ = case
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    for name in (SECOND, "bestaat-niet"):
        with pytest.raises(ApprovalFailed):
            service.verify(consent_id, name, "Verkeerd-Wachtwoord-1", seen=shown(lead, consent_id))
    failed = rows(lead, "approval_failed")
    assert [r.reason for r in failed] == ["wrong_credentials"] * 2
    assert all(json.loads(r.detail) == {"case": case_id} and r.record_id == str(consent_id)
               for r in failed)
    for _ in range(3):
        with pytest.raises((ApprovalFailed, TooManyAttempts)):
            service.verify(consent_id, SECOND, "Verkeerd-Wachtwoord-1",
                           seen=shown(lead, consent_id))
    with pytest.raises(TooManyAttempts):  # the login back-off: the right one waits too
        service.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    assert missing(service, case) == [Missing.WACHT_OP_VERIFICATIE]


def test_a_hulpverlener_neither_prepares_nor_verifies(lead, caseworker, case, created, auth):
    case_id, client, _ = case
    with pytest.raises(PermissionDenied):
        ConsentService(caseworker).prepare(case_id, scope([client]), "blijf", "stemt_in", "",
                                           WEIGHING)
    ready_user(created, auth, "collega", "Synthetische Collega", Role.HULPVERLENER,
               "Groene-Kikker-Springt-9")
    service = ConsentService(lead)
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    with pytest.raises(InvalidInput) as refused:
        service.verify(consent_id, "collega", "Groene-Kikker-Springt-9",
                       seen=shown(lead, consent_id))
    assert refused.value.problem == "approver_role"
    assert missing(ConsentService(caseworker), case) == [Missing.WACHT_OP_VERIFICATIE]


def test_an_unverified_request_expires_and_says_so(lead, second, case):
    case_id, client, _ = case
    consent_id = ConsentService(lead).prepare(case_id, scope([client]), "blijf", "stemt_in", "",
                                              WEIGHING)
    day_13 = ConsentService(lead, today=lambda: TODAY + timedelta(days=13))
    assert missing(day_13, case) == [Missing.WACHT_OP_VERIFICATIE]
    later = ConsentService(lead, today=lambda: TODAY + timedelta(days=14))
    assert missing(later, case) == [Missing.VERLOPEN]
    assert later.for_case(case_id)[0].state is State.VERLOPEN
    last = later.history(consent_id)[-1]
    assert (last.change, last.changed_by) == ("verlopen", None)
    assert last.reason == "verlopen: niemand heeft binnen 14 dagen geverifieerd"
    with pytest.raises(InvalidInput) as refused:
        later.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    assert (refused.value.field, refused.value.problem) == ("state", "verlopen")


def test_a_refused_request_stays_closed_and_a_later_consent_opens_the_gate(lead, second, case):
    service = ConsentService(lead)
    case_id, client, _ = case
    first = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    service.refuse(first, "Eerst met de cliënt spreken.")
    assert missing(service, case) == [Missing.GEWEIGERD]
    later = active(service, case)  # Mensenhandel 14.6: consent may come later
    gate = service.gate(case_id, RIEC, ADVIES, {client: {"last_name"}})
    assert gate.open and gate.consent_ids == (later,)


def test_people_kinds_recipients_and_dates_outside_the_scope_stay_closed(lead, second, case):
    service = ConsentService(lead)
    case_id, client, pleger = case
    active(service, case, valid_until=TODAY + timedelta(days=30))
    assert missing(service, case, {pleger: {"last_name"}}) == [Missing.PERSOON_BUITEN_SCOPE]
    assert missing(service, case, {client: {"birth_date"}}) == [Missing.GEGEVEN_BUITEN_SCOPE]
    assert missing(service, case, recipient=sharing.EMM) == [Missing.BUITEN_ONTVANGER_DOEL]
    assert missing(service, case, on=TODAY + timedelta(days=31)) == [Missing.PERIODE_VOORBIJ]
    assert missing(service, case, on=TODAY - timedelta(days=2)) == [
        Missing.PERIODE_NIET_BEGONNEN]
    assert missing(service, case, {client: {"last_name"}, pleger: {"last_name"}}) == [
        Missing.PERSOON_BUITEN_SCOPE]


def test_criminal_data_to_the_riec_also_needs_the_prosecutors_consent(lead, second, case,
                                                                      signal):
    service = ConsentService(lead)
    case_id, client, _ = case
    enforcement = {client: {sharing.SIGNAL_ENFORCEMENT}}
    blijf = active(service, case, kinds={sharing.SIGNAL_ENFORCEMENT}, signal_ids={signal})
    assert missing(service, case, enforcement) == [Missing.OFFICIER_NODIG]
    officier = service.prepare(case_id, scope([client], kinds={sharing.SIGNAL_ENFORCEMENT},
                                              signal_ids={signal}),
                               "officier_van_justitie", "stemt_in", "", WEIGHING)
    service.verify(officier, SECOND, SECOND_PASS, seen=shown(lead, officier))
    assert service.gate(case_id, RIEC, ADVIES, enforcement).consent_ids == (blijf, officier)


# -- withdrawal and corrections -------------------------------------------------------------
def test_withdrawal_closes_the_gate_and_lists_exactly_the_recipients_served(lead, second, case):
    service = ConsentService(lead)
    case_id, client, _ = case
    consent_id = active(service, case)
    first, again = sent(lead, case), sent(lead, case)
    with lead.db.transaction() as conn:
        consents.link_exchange(conn, first, [consent_id])
        consents.link_exchange(conn, again, [consent_id])
    sent(lead, case, counterparty="amsterdam")  # not under this consent
    task_id = service.withdraw(consent_id, "De cliënt trekt haar instemming in.", TODAY)
    assert missing(service, case) == [Missing.INGETROKKEN]
    [task] = service.open_tasks(case_id)
    assert (task.id, task.kind, task.consent_id) == (task_id, "intrekking", consent_id)
    assert [(i.exchange_id, i.recipient) for i in task.items] == [(first, RIEC), (again, RIEC)]
    for item in task.items:
        service.close_item(item.id, TODAY, "telefonisch")
    assert service.open_tasks(case_id) == []
    with pytest.raises(InvalidInput) as refused:
        service.close_item(task.items[0].id, TODAY, "schriftelijk")
    assert refused.value.problem == "closed"


def test_withdrawal_needs_a_reason_and_a_date_not_in_the_future(lead, second, case):
    service = ConsentService(lead)
    consent_id = active(service, case)
    with pytest.raises(InvalidInput) as refused:
        service.withdraw(consent_id, "  ", TODAY)
    assert (refused.value.field, refused.value.problem) == ("reason", "required")
    with pytest.raises(InvalidInput) as refused:
        service.withdraw(consent_id, "Reden.", TODAY + timedelta(days=1))
    assert (refused.value.field, refused.value.problem) == ("withdrawn_on", "date_future")
    assert service.withdraw(consent_id, "Reden.", TODAY) is None  # nothing went out under it
    with pytest.raises(InvalidInput) as refused:
        service.withdraw(consent_id, "Nog eens.", TODAY)
    assert (refused.value.field, refused.value.problem) == ("state", "ingetrokken")


def test_a_correction_names_every_recipient_of_the_old_value(lead, caseworker, case):
    case_id, client, pleger = case
    sent(lead, case, RIEC, ("last_name", "birth_date"))
    sent(lead, case, "amsterdam", ("last_name",))
    sent(lead, case, "noord_holland", ("phone",))  # her phone: not the changed name
    sent(lead, case, sharing.OM, ("last_name",), person=pleger)  # another person
    intake = IntakeService(caseworker)
    intake.update_person(client, replace(CLIENT, last_name="Öztürk-Nieuw"))
    [task] = ConsentService(lead).open_tasks(case_id)
    assert (task.kind, task.person_id, task.kinds) == ("correctie", client, ("last_name",))
    assert [i.recipient for i in task.items] == [RIEC, "amsterdam"]
    intake.update_person(client, replace(CLIENT, last_name="Öztürk-Nieuw", residence="Elders"))
    assert len(ConsentService(lead).open_tasks(case_id)) == 1  # the residence never went out


def test_a_correction_task_in_the_callers_transaction(lead, case):
    _case_id, client, _ = case
    sent(lead, case, RIEC, ("birth_date",))
    service = ConsentService(lead)
    assert service.open_correction_task(None, client, ["phone"]) is None
    with lead.db.transaction() as conn:
        task_id = service.open_correction_task(conn, client, ["birth_date", "phone"])
    assert [t.id for t in service.open_tasks()] == [task_id]


def test_telling_needs_a_date_and_a_way(lead, case):
    _case_id, client, _ = case
    sent(lead, case)
    service = ConsentService(lead)
    task_id = service.open_correction_task(None, client, ["last_name"])
    item_id = service.open_tasks()[0].items[0].id
    for told_on, how, expected in ((None, "telefonisch", ("told_on", "required")),
                                   (TODAY + timedelta(days=1), "telefonisch",
                                    ("told_on", "date_future")),
                                   (TODAY, "", ("told_how", "required")),
                                   (TODAY, "duif", ("told_how", "unknown"))):
        with pytest.raises(InvalidInput) as refused:
            service.close_item(item_id, told_on, how)
        assert (refused.value.field, refused.value.problem) == expected
    assert [t.id for t in service.open_tasks()] == [task_id]


# -- history, bad input, audit --------------------------------------------------------------
def test_history_keeps_every_change(lead, second, case):
    service = ConsentService(lead)
    case_id, client, pleger = case
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    assert service.update(consent_id, scope([client, pleger], kinds={"last_name"}), "blijf",
                          "stemt_in", "", WEIGHING) == ["scope"]
    service.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    service.withdraw(consent_id, "Ingetrokken-Kanarie", TODAY)
    history = service.history(consent_id)
    assert [h.change for h in history] == ["voorbereid", "gewijzigd", "geverifieerd",
                                           "ingetrokken"]
    assert [h.state for h in history] == ["ontwerp", "ontwerp", "actief", "ingetrokken"]
    assert json.loads(history[0].snapshot["scope"])["persons"] == [client]
    assert json.loads(history[1].snapshot["scope"])["persons"] == sorted([client, pleger])
    assert history[2].snapshot["verified_by"] == history[2].changed_by != lead.user.id
    assert history[2].changed_by_name == "Synthetische Tweede Teamleider"
    assert history[3].reason == "Ingetrokken-Kanarie"
    with pytest.raises(InvalidInput) as refused:
        service.update(consent_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    assert (refused.value.field, refused.value.problem) == ("state", "ingetrokken")


@pytest.mark.parametrize("change, expected", [
    ({"scope": scope([0], valid_until=TODAY - timedelta(days=2))},
     ("valid_until", "ends_before_start")),
    ({"weighing": Weighing()}, ("weighing_doel", "required")),
    ({"weighing": replace(WEIGHING, subsidiariteit=" ")}, ("weighing_subsidiariteit", "required")),
    ({"scope": scope([0], purposes={"vreemdelingentoezicht"})}, ("purposes", "incompatible")),
    ({"scope": scope([0], kinds={"phone"})}, ("kinds", "not_allowed")),
    ({"position": "bezwaar"}, ("position_reason", "required")),
    ({"grantor": "buurvrouw"}, ("grantor", "unknown")),
])
def test_bad_input_is_refused_with_its_field_and_nothing_is_stored(lead, case, change, expected):
    case_id, client, _ = case
    given = {"scope": scope([client]), "weighing": WEIGHING, "position": "stemt_in",
             "grantor": "blijf", **change}
    if 0 in given["scope"].person_ids:
        given["scope"] = replace(given["scope"], person_ids={client})
    service = ConsentService(lead)
    with pytest.raises(InvalidInput) as refused:
        service.prepare(case_id, given["scope"], given["grantor"], given["position"], "",
                        given["weighing"])
    assert (refused.value.field, refused.value.problem) == expected
    assert service.for_case(case_id) == []


def test_audit_rows_hold_ids_and_codes_only(lead, second, case):
    service = ConsentService(lead)
    consent_id = active(service, case)
    with pytest.raises(ApprovalFailed):
        waiting = service.prepare(case[0], scope([case[1]]), "blijf", "stemt_in", "", WEIGHING)
        service.verify(waiting, "Naam-Kanarie", "Wachtwoord-Kanarie", seen=shown(lead, waiting))
    service.withdraw(consent_id, "Reden-Kanarie", TODAY)
    service.history(consent_id)
    found = rows(lead)
    kinds = {(r.action, r.record_type, r.reason) for r in found}
    assert {("change", "consent", "voorbereid"), ("change", "consent", "geverifieerd"),
            ("change", "consent", "ingetrokken"), ("view", "consent_history", None),
            ("approval_failed", "consent", "wrong_credentials")} <= kinds
    text = json.dumps([r._asdict() if hasattr(r, "_asdict") else vars(r) for r in found],
                      ensure_ascii=False, default=str)
    for secret in ("Kanarie", SECOND_PASS, "Öztürk"):
        assert secret not in text, secret


# -- the security review's holes (issue 18): four eyes, what was shown, identifiable, signal --
def test_whoever_changed_a_draft_cannot_verify_it_and_the_store_agrees(lead, second, case,
                                                                       auth, created):
    case_id, client, pleger = case
    consent_id = ConsentService(lead).prepare(case_id, scope([client]), "blijf", "stemt_in", "",
                                              WEIGHING)
    other = auth.login(SECOND, SECOND_PASS)
    try:
        ConsentService(other).update(consent_id, scope([client, pleger]), "blijf", "stemt_in",
                                     "", WEIGHING)
        with pytest.raises(InvalidInput) as refused:  # at her own desk, her name in capitals
            ConsentService(other).verify(consent_id, " TWEEDE ", SECOND_PASS,
                                         seen=shown(lead, consent_id))
        assert (refused.value.field, refused.value.problem) == ("approver",
                                                                "approver_is_editor")
    finally:
        other.close()
    second_id = users.by_username(lead.db.conn, SECOND).id
    [failed] = rows(lead, "approval_failed")
    assert (failed.reason, json.loads(failed.detail)) == ("approver_is_editor",
                                                          {"case": case_id, "approver": second_id})
    assert ConsentService(lead).for_case(case_id)[0].state is State.ONTWERP
    with pytest.raises(Exception, match="prepared or changed"):  # 0010: the store agrees
        with lead.db.transaction() as tx:
            tx.execute("UPDATE consents SET state = 'actief', verified_by = ?, verified_at = ?"
                       " WHERE id = ?", (second_id, "2026-03-01T10:00:00+00:00", consent_id))
    ready_user(created, auth, "derde", "Synthetische Derde", Role.TEAMLEIDER,
               "Groene-Specht-Klopt-2026")
    ConsentService(lead).verify(consent_id, "derde", "Groene-Specht-Klopt-2026",
                                seen=shown(lead, consent_id))  # a third pair of eyes may
    assert ConsentService(lead).for_case(case_id)[0].state is State.ACTIEF


def test_verify_refuses_a_consent_changed_since_it_was_shown(lead, second, case):
    service = ConsentService(lead)
    case_id, client, pleger = case
    consent_id = service.prepare(case_id, scope([client]), "blijf", "stemt_in", "", WEIGHING)
    seen = shown(lead, consent_id)
    service.update(consent_id, scope([client], valid_until=TODAY + timedelta(days=7)), "blijf",
                   "stemt_in", "", WEIGHING)
    for stale in (seen, "", None):
        with pytest.raises(InvalidInput) as refused:
            service.verify(consent_id, SECOND, SECOND_PASS, seen=stale)
        assert (refused.value.field, refused.value.problem) == ("consent",
                                                                "changed_since_shown")
    assert service.for_case(case_id)[0].state is State.ONTWERP
    assert {r.reason for r in rows(lead, "approval_failed")} == {"changed_since_shown"}
    with pytest.raises(TypeError):  # `seen` is required: no caller verifies blind
        service.verify(consent_id, SECOND, SECOND_PASS)
    service.verify(consent_id, SECOND, SECOND_PASS, seen=shown(lead, consent_id))
    assert service.for_case(case_id)[0].scope.valid_until == TODAY + timedelta(days=7)


def test_identifiable_data_needs_a_consent_that_says_so(lead, second, case):
    service = ConsentService(lead)
    case_id, client, _ = case
    anonymised_only = active(service, case)
    names = {client: {"last_name"}}
    assert service.gate(case_id, RIEC, ADVIES, names).consent_ids == (anonymised_only,)
    closed = service.gate(case_id, RIEC, ADVIES, names, identifiable=True)
    assert [m.missing for m in closed.missing] == [Missing.ALLEEN_GEANONIMISEERD]
    identifiable = active(service, case, identifiable=True)
    assert service.gate(case_id, RIEC, ADVIES, names, identifiable=True).consent_ids == (
        identifiable,)
    assert service.for_case(case_id)[1].scope.identifiable is True
    detail = json.loads(next(r for r in rows(lead, "change") if r.record_id == str(identifiable)
                             and r.reason == "voorbereid").detail)
    assert detail["identifiable"] is True and detail["signals"] == []


def test_a_consent_names_the_signals_of_its_own_case(lead, second, case, signal, caseworker):
    service = ConsentService(lead)
    case_id, client, _ = case
    with_signal = ("last_name", sharing.SIGNAL)
    for signal_ids, expected in ((set(), "required"), ({signal + 1000}, "unknown")):
        with pytest.raises(InvalidInput) as refused:
            service.prepare(case_id, scope([client], with_signal, signal_ids=signal_ids),
                            "blijf", "stemt_in", "", WEIGHING)
        assert (refused.value.field, refused.value.problem) == ("signals", expected)
    other_case = IntakeService(caseworker).save_intake(replace(CLIENT, last_name="Anders"), [])
    foreign = record_signal(lead, other_case)
    with pytest.raises(InvalidInput) as refused:
        service.prepare(case_id, scope([client], with_signal, signal_ids={foreign}), "blijf",
                        "stemt_in", "", WEIGHING)
    assert (refused.value.field, refused.value.problem) == ("signals", "unknown")
    with pytest.raises(InvalidInput) as refused:  # the gate is asked about its own case only
        service.gate(case_id, RIEC, ADVIES, {client: {sharing.SIGNAL}}, signal_id=foreign)
    assert (refused.value.field, refused.value.problem) == ("signal", "unknown")
    assert service.for_case(case_id) == []


def test_a_consent_for_one_signal_does_not_cover_the_next(lead, second, case, signal):
    service = ConsentService(lead)
    case_id, client, _ = case
    consent_id = active(service, case, kinds={"last_name", sharing.SIGNAL}, signal_ids={signal})
    chosen = {client: {"last_name", sharing.SIGNAL}}
    assert service.gate(case_id, RIEC, ADVIES, chosen, signal_id=signal).consent_ids == (
        consent_id,)
    later = record_signal(lead, case_id, "Nieuw: zij noemt haar werkgever.")
    closed = service.gate(case_id, RIEC, ADVIES, chosen, signal_id=later)
    assert [(m.kind, m.missing) for m in closed.missing] == [(sharing.SIGNAL,
                                                             Missing.ANDER_SIGNAAL)]
    assert service.for_case(case_id)[0].scope.signal_ids == {signal}


@pytest.mark.local_only("a consent as the local 0007 stored it, before the scope keys: no "
                        "server held one (server mode begins with them)")
def test_a_consent_stored_before_the_new_scope_keys_reads_narrow(lead, second, case, signal):
    case_id, client, _ = case
    consent_id = active(ConsentService(lead), case, kinds={"last_name", sharing.SIGNAL},
                        signal_ids={signal})
    old_json = json.dumps({"recipients": [RIEC], "purposes": [ADVIES], "persons": [client],
                           "kinds": sorted({"last_name", sharing.SIGNAL})})
    with lead.db.transaction() as tx:  # as 0007 stored it, before identifiable and signals
        tx.execute("DROP TRIGGER consents_final_states")
        tx.execute("UPDATE consents SET scope = ? WHERE id = ?", (old_json, consent_id))
    service = ConsentService(lead)
    [old] = service.for_case(case_id)
    assert old.state is State.ACTIEF
    assert (old.scope.identifiable, old.scope.signal_ids) == (False, frozenset())
    assert service.gate(case_id, RIEC, ADVIES, {client: {"last_name"}}).open
    assert [m.missing for m in service.gate(case_id, RIEC, ADVIES, {client: {"last_name"}},
                                            identifiable=True).missing] == [
        Missing.ALLEEN_GEANONIMISEERD]
    assert [m.missing for m in service.gate(case_id, RIEC, ADVIES, {client: {sharing.SIGNAL}},
                                            signal_id=signal).missing] == [
        Missing.ANDER_SIGNAAL]
