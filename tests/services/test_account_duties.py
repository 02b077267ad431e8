"""Separation of duties (issue 22): what a functioneel beheerder asks for an account with case
access takes effect only when a teamleider confirms it with her passphrase. Until then the
account is pending and cannot log in."""

import json
from datetime import datetime, timezone

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.services import second_approver
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import (
    ApprovalFailed, InvalidInput, PermissionDenied,
)
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import account_requests, audit
from tests.account_helpers import first_login
from tests.conftest import LEAD, LEAD_PASS, ready_user
from tests.engine_expect import pending, wrong
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

ONE_TIME = "Eenmalig-Groen-Fietspad-7"  # chosen by the beheerder
SECRET = PersonData(Category.CLIENT, first_names="Ilse", last_name="Proefpersoon-Geheim",
                    street="Kanariestraat", house_number="7", postcode="1234 KA",
                    residence="Verzonnendorp", address_secret=True)


def rows(session, action: AuditAction):
    return [r for r in audit.recent(trail_of(session), 1000) if r.action == action.value]


def detail(row) -> dict:
    return json.loads(row.detail) if row.detail else {}


@pytest.fixture
def admin(created):
    service = AccountService(created[0])
    service.accept_confidentiality()
    return service


@pytest.fixture
def lead(teamleider, auth):
    """The store's teamleider, logged in: the one who confirms."""
    session = auth.login(LEAD, LEAD_PASS)
    yield AccountRequestService(session)
    session.close()


@pytest.fixture
def secret_case(caseworker):
    return IntakeService(caseworker).save_intake(SECRET, [])


def test_the_beheerder_cannot_log_in_as_a_hulpverlener_she_added(admin, auth, lead,
                                                                  secret_case, engine):
    """The issue's insider: she adds a hulpverlener with a passphrase she chose, logs in as
    it and reveals a secret address. Now the account waits for a teamleider (on a server
    her login cannot even connect: nothing to write to the trail then)."""
    added = admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    with pytest.raises(pending(engine)):
        auth.login("stroman", ONE_TIME)
    session = admin.session
    refused = rows(session, AuditAction.LOGIN_REFUSED)
    assert [(r.user_id, r.reason) for r in refused] == (
        [(added.id, "pending")] if engine == "local" else [])
    assert not [r for r in rows(session, AuditAction.LOGIN) if r.user_id == added.id]
    asked = rows(session, AuditAction.USER_ADDED)[0]
    assert detail(asked)["confirmation"] == "pending" and asked.user_id == session.user.id
    # Once a teamleider confirmed, the colleague can log in (and must choose her own).
    [waiting] = lead.waiting()
    assert (waiting.username, waiting.role, waiting.requested_by) == (
        "stroman", Role.HULPVERLENER, "Synthetische Beheerder")
    lead.confirm(waiting.request_id, LEAD_PASS)
    confirmed = rows(session, AuditAction.ACCOUNT_CONFIRMED)[0]
    assert (confirmed.user_id, confirmed.record_id) == (lead.session.user.id, str(added.id))
    colleague = auth.login("stroman", ONE_TIME)
    assert colleague.user.must_change_passphrase
    colleague.close()


def test_a_wrong_passphrase_gets_the_usual_answer_for_a_pending_account(admin, auth, lead,
                                                                        engine):
    """The pending sentence comes only after the right passphrase: someone guessing learns
    no more than 'Gebruikersnaam of wachtwoord onjuist', as for a name that does not exist."""
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    with pytest.raises(wrong(engine)) as pending_wrong:
        auth.login("stroman", "Verkeerd-Wachtwoord-99")
    with pytest.raises(wrong(engine)) as unknown:
        auth.login("niemand-hier", "Verkeerd-Wachtwoord-99")
    assert str(pending_wrong.value) == str(unknown.value)


def test_the_first_teamleider_is_added_alone_audited_and_told_at_her_first_login(admin, auth,
                                                                                engine):
    added = admin.add_user(LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, ONE_TIME)
    session = admin.session
    asked = rows(session, AuditAction.USER_ADDED)[0]
    assert detail(asked)["confirmation"] == "alone"
    first_login(auth, LEAD, ONE_TIME, LEAD_PASS)
    lead = auth.login(LEAD, LEAD_PASS)
    try:
        own = AccountRequestService(lead)
        notice = own.alone_notice()
        assert notice is not None and notice.requested_by == "Synthetische Beheerder"
        assert own.alone_notice() is None  # once
        assert [r.record_id for r in rows(lead, AuditAction.ALONE_TOLD)] == [str(added.id)]
    finally:
        lead.close()
    # From now on the store has a teamleider: the next one waits for her.
    admin.add_user("tweede-tl", "Synthetische Tweede", Role.TEAMLEIDER, ONE_TIME)
    with pytest.raises(pending(engine)):
        auth.login("tweede-tl", ONE_TIME)


def test_a_hulpverlener_waits_even_while_there_is_no_teamleider(admin, auth, engine):
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    with pytest.raises(pending(engine)):
        auth.login("stroman", ONE_TIME)


def test_the_beheerder_never_confirms_her_own_request(admin, auth, lead, created, engine):
    """Not in her own session, not with a second beheerder account she made, not by making
    that account a teamleider, and not by typing her passphrase as a second approver."""
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    [waiting] = lead.waiting()
    own = AccountRequestService(admin.session)
    with pytest.raises(PermissionDenied):
        own.confirm(waiting.request_id, "Paars-Olifant-Wandelt-42")
    # A second beheerder account, made by her: no teamleider needed for it, and no power.
    ready_user(created, auth, "tweede", "Synthetische Tweede Beheerder", Role.BEHEERDER,
               "Oranje-Walvis-Zingt-31")
    second = auth.login("tweede", "Oranje-Walvis-Zingt-31")
    try:
        with pytest.raises(PermissionDenied):
            AccountRequestService(second).confirm(waiting.request_id, "Oranje-Walvis-Zingt-31")
    finally:
        second.close()
    # Made a teamleider, that account waits too, cannot log in and confirms nothing.
    tweede = next(u for u in admin.list_users() if u.username == "tweede")
    admin.change_role(tweede.id, Role.TEAMLEIDER)
    with pytest.raises(pending(engine)):
        auth.login("tweede", "Oranje-Walvis-Zingt-31")
    with pytest.raises(ApprovalFailed):
        second_approver.confirm(lead.session, "tweede", "Oranje-Walvis-Zingt-31",
                                datetime.now(timezone.utc), excluded_username="stroman",
                                excluded_id=0, on_failure=lambda *_: None)
    assert {w.username for w in lead.waiting()} == {"stroman", "tweede"}
    # The store itself refuses a request decided by who asked it.
    request = account_requests.open_for(admin.session.db.conn, waiting.user_id)
    with pytest.raises(Exception, match="(?i)check"):
        with admin.session.db.transaction() as conn:
            account_requests.decide(conn, request.id, "confirmed", request.requested_by)
    assert account_requests.open_for(admin.session.db.conn, waiting.user_id) is not None


def test_she_cannot_change_her_own_role(admin):
    with pytest.raises(InvalidInput) as refused:
        admin.change_role(admin.session.user.id, Role.TEAMLEIDER)
    assert refused.value.problem == "own_role"


def test_a_wrong_passphrase_confirms_nothing_and_is_audited(admin, lead):
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    [waiting] = lead.waiting()
    with pytest.raises(ApprovalFailed):
        lead.confirm(waiting.request_id, "Verkeerd-Wachtwoord-Hier-1")
    failed = rows(lead.session, AuditAction.APPROVAL_FAILED)[0]
    assert (failed.record_type, failed.record_id, failed.reason) == (
        "account_request", str(waiting.request_id), "wrong_credentials")
    assert [w.request_id for w in lead.waiting()] == [waiting.request_id]


def test_a_refused_account_is_disabled_and_its_slot_gone(admin, auth, lead, engine):
    added = admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    [waiting] = lead.waiting()
    lead.refuse(waiting.request_id, LEAD_PASS)
    assert not next(u for u in admin.list_users() if u.id == added.id).active
    with pytest.raises(wrong(engine)):
        auth.login("stroman", ONE_TIME)
    assert admin.requests()[added.id].decision == "refused"
    assert rows(admin.session, AuditAction.ACCOUNT_REFUSED)[0].record_id == str(added.id)


def test_a_reset_of_a_caseworkers_passphrase_waits_for_a_teamleider(admin, auth, lead,
                                                                     caseworker, engine):
    """The same insider with an existing colleague: she sets a one-time passphrase she knows."""
    hulp = caseworker.user
    admin.reset_passphrase(hulp.id, ONE_TIME)
    with pytest.raises(pending(engine)):
        auth.login(hulp.username, ONE_TIME)
    [waiting] = lead.waiting()
    assert (waiting.user_id, waiting.kind) == (hulp.id, "reset")
    lead.confirm(waiting.request_id, LEAD_PASS)
    auth.login(hulp.username, ONE_TIME).close()


def test_disabling_a_pending_account_withdraws_its_request(admin, lead):
    added = admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    admin.disable_user(added.id)
    lead.session.unlock(LEAD_PASS)  # the new data key locked her session (issue 22)
    assert lead.waiting() == []
    assert admin.requests()[added.id].decision == "withdrawn"
    assert rows(admin.session, AuditAction.ACCOUNT_REQUEST_WITHDRAWN)[0].record_id == str(
        added.id)


def test_the_requests_table_keeps_every_row(admin, lead):
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    with pytest.raises(Exception, match="never deleted|permission denied"):  # the server: no grant
        with admin.session.db.transaction() as conn:
            conn.execute("DELETE FROM account_requests")
