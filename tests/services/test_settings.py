"""Instellingen (issue 21) through the service on a real store: a change that weakens security
waits for a second user and the stronger value stays in force meanwhile (Blijf 9.1); the
asker never confirms her own; every change, confirmation and refusal is audited without a
passphrase; ranges; who may change."""

import json

import pytest

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import (
    ApprovalFailed, InvalidInput, PermissionDenied, TooManyAttempts, WeakPassphrase,
)
from blijf_desktop.services.settings import Outcome, SettingsService, police_contact
from blijf_desktop.storage import audit
from tests.conftest import ADMIN, ADMIN_PASS, CASEWORKER, CASEWORKER_PASS, LEAD_PASS, ready_user

pytestmark = pytest.mark.engines


@pytest.fixture
def admin(created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    return SettingsService(session)


def rows(service, *actions):
    wanted = {a.value for a in actions}
    return [r for r in audit.recent(service.session.db.conn, 1000) if r.action in wanted]


def waiting(service, code):
    return service.overview()[code].pending


def test_a_longer_idle_lock_waits_for_a_second_user_and_the_shorter_one_holds(admin, teamleider):
    assert admin.change(rules.IDLE_LOCK, 15) is Outcome.PENDING
    assert admin.idle_lock_minutes() == 5  # the stronger value, while it waits
    view = admin.overview()[rules.IDLE_LOCK]
    assert view.value == 5 and view.pending.value == 15
    assert view.pending.requested_by_name == "Synthetische Beheerder"
    admin.confirm(view.pending.request_id, teamleider, LEAD_PASS)
    assert admin.idle_lock_minutes() == 15
    view = admin.overview()[rules.IDLE_LOCK]
    assert view.pending is None and view.confirmed_by_name == "Synthetische Teamleider"
    confirmed = rows(admin, AuditAction.SETTING_CHANGE_CONFIRMED)[0]
    assert confirmed.record_id == rules.IDLE_LOCK
    assert json.loads(confirmed.detail)["old"] == 5 and json.loads(confirmed.detail)["new"] == 15


def test_a_stronger_value_is_in_force_at_once(admin):
    assert admin.change(rules.IDLE_LOCK, 2) is Outcome.APPLIED
    assert admin.idle_lock_minutes() == 2
    assert admin.change(rules.IDLE_LOCK, 2) is Outcome.UNCHANGED
    assert admin.change(rules.BACKUP_KEEP, 30) is Outcome.APPLIED  # more kept: stronger
    assert admin.change(rules.BACKUP_SCHEDULE, rules.WEEKLY) is Outcome.PENDING
    assert admin.change(rules.PASSPHRASE_MIN, 16) is Outcome.APPLIED
    assert admin.change(rules.PASSPHRASE_MIN, 10) is Outcome.PENDING
    assert admin.change(rules.LANGUAGE, "en") is Outcome.APPLIED  # no security either way
    assert admin.default_language() == "en"


def test_the_asker_cannot_confirm_her_own_change(admin):
    admin.change(rules.BACKUP_KEEP, 3)
    request = waiting(admin, rules.BACKUP_KEEP)
    with pytest.raises(InvalidInput) as refused:
        admin.confirm(request.request_id, ADMIN, ADMIN_PASS)
    assert (refused.value.field, refused.value.problem) == ("approver", "approver_is_asker")
    with pytest.raises(InvalidInput):
        admin.confirm(request.request_id, " BEHEER ", ADMIN_PASS)  # the same name, typed so
    assert admin.overview()[rules.BACKUP_KEEP].value == 14
    failed = rows(admin, AuditAction.APPROVAL_FAILED)
    assert [r.reason for r in failed] == ["approver_is_asker"] * 2
    assert all(r.record_type == "setting" for r in failed)


def test_only_a_teamleider_or_beheerder_confirms(admin, created, auth):
    ready_user(created, auth, CASEWORKER, "Synthetische Hulpverlener", Role.HULPVERLENER,
               CASEWORKER_PASS)
    admin.change(rules.IDLE_LOCK, 10)
    request = waiting(admin, rules.IDLE_LOCK)
    with pytest.raises(InvalidInput) as refused:
        admin.confirm(request.request_id, CASEWORKER, CASEWORKER_PASS)
    assert refused.value.problem == "approver_role"
    assert admin.idle_lock_minutes() == 5
    ready_user(created, auth, "beheer2", "Tweede Beheerder", Role.BEHEERDER, "Rode-Vos-Springt-2026")
    admin.confirm(request.request_id, "beheer2", "Rode-Vos-Springt-2026")
    assert admin.idle_lock_minutes() == 10


def test_a_wrong_passphrase_confirms_nothing_is_audited_and_slowed(admin, teamleider):
    admin.change(rules.IDLE_LOCK, 20)
    request = waiting(admin, rules.IDLE_LOCK)
    typed = "Fout-Wachtwoord-Kanarie-88"
    for _attempt in range(3):  # three free attempts, then the back-off
        with pytest.raises(ApprovalFailed):
            admin.confirm(request.request_id, teamleider, typed)
    with pytest.raises(TooManyAttempts):  # the back-off of services/second_approver.py
        admin.confirm(request.request_id, teamleider, LEAD_PASS)
    assert admin.idle_lock_minutes() == 5
    trail = " ".join(f"{r.reason} {r.detail}" for r in audit.recent(admin.session.db.conn, 1000))
    assert typed not in trail and LEAD_PASS not in trail and teamleider not in trail
    assert [r.reason for r in rows(admin, AuditAction.APPROVAL_FAILED)] == [
        "wrong_credentials"] * 3


def test_a_newer_change_replaces_the_waiting_one(admin, teamleider):
    admin.change(rules.IDLE_LOCK, 20)
    first = waiting(admin, rules.IDLE_LOCK)
    admin.change(rules.IDLE_LOCK, 3)  # stronger: in force, and the request is gone
    assert admin.idle_lock_minutes() == 3 and waiting(admin, rules.IDLE_LOCK) is None
    with pytest.raises(InvalidInput) as refused:
        admin.confirm(first.request_id, teamleider, LEAD_PASS)
    assert refused.value.problem == "not_pending"
    assert admin.idle_lock_minutes() == 3
    admin.change(rules.IDLE_LOCK, 8)
    admin.withdraw(waiting(admin, rules.IDLE_LOCK).request_id)
    assert admin.idle_lock_minutes() == 3 and waiting(admin, rules.IDLE_LOCK) is None


def test_every_change_is_audited_with_codes_and_values_only(admin, teamleider):
    admin.change(rules.IDLE_LOCK, 3)
    admin.change(rules.IDLE_LOCK, 12)
    admin.confirm(waiting(admin, rules.IDLE_LOCK).request_id, teamleider, LEAD_PASS)
    admin.change(rules.BACKUP_KEEP, 5)
    admin.withdraw(waiting(admin, rules.BACKUP_KEEP).request_id)
    contact = "Team Zorg en Veiligheid Kanarie-Contact-3"
    admin.change(rules.police_code("amsterdam", "contact"), contact)
    admin.confirm(waiting(admin, rules.police_code("amsterdam", "contact")).request_id,
                  teamleider, LEAD_PASS)
    kinds = [r.action for r in reversed(rows(
        admin, AuditAction.SETTING_CHANGED, AuditAction.SETTING_CHANGE_REQUESTED,
        AuditAction.SETTING_CHANGE_CONFIRMED, AuditAction.SETTING_CHANGE_WITHDRAWN))]
    assert kinds == ["setting_changed", "setting_change_requested", "setting_change_confirmed",
                     "setting_change_requested", "setting_change_withdrawn",
                     "setting_change_requested", "setting_change_confirmed"]
    for row in rows(admin, AuditAction.SETTING_CHANGE_REQUESTED,
                    AuditAction.SETTING_CHANGE_CONFIRMED)[:2]:
        assert contact not in (row.detail or "")  # a text by its length only
        detail = json.loads(row.detail)
        assert (detail["setting"], detail["old"], detail["new"]) == (
            "police.amsterdam.contact", 0, len(contact))


@pytest.mark.parametrize("code, value, problem", [
    (rules.IDLE_LOCK, 0, "out_of_range"), (rules.IDLE_LOCK, 31, "out_of_range"),
    (rules.IDLE_LOCK, "5", "not_a_number"), (rules.IDLE_LOCK, True, "not_a_number"),
    (rules.PASSPHRASE_MIN, 9, "out_of_range"), (rules.BACKUP_KEEP, 61, "out_of_range"),
    (rules.BACKUP_SCHEDULE, "hourly", "unknown_choice"), (rules.LANGUAGE, "de", "unknown_choice"),
    (rules.ORGANISATION, "  ", "required"), (rules.ORGANISATION, "x" * 81, "too_long"),
    (rules.police_code("amsterdam", "phone"), "112", "phone"),
    (rules.police_code("amsterdam", "email"), "politie@", "email"),
    (rules.police_code("amsterdam", "contact"), "a\nb\nc\nd", "too_many_lines"),
    ("unknown_setting", 1, "unknown"),
])
def test_a_value_outside_its_range_is_refused_and_nothing_changes(admin, code, value, problem):
    before = admin.overview()
    with pytest.raises(InvalidInput) as refused:
        admin.change(code, value)
    assert (refused.value.field, refused.value.problem) == (code, problem)
    assert admin.overview() == before


def test_only_the_beheerder_changes_settings(admin, created, auth, teamleider):
    lead = auth.login(teamleider, LEAD_PASS)
    try:
        for call in (lambda s: s.change(rules.IDLE_LOCK, 2), lambda s: s.overview(),
                     lambda s: s.withdraw(1), lambda s: s.confirm(1, ADMIN, ADMIN_PASS)):
            with pytest.raises(PermissionDenied):
                call(SettingsService(lead))
        assert SettingsService(lead).idle_lock_minutes() == 5  # reading what is in force
    finally:
        lead.close()


def test_the_passphrase_minimum_is_the_stores(admin, teamleider):
    accounts = AccountService(admin.session)
    admin.change(rules.PASSPHRASE_MIN, 16)
    with pytest.raises(WeakPassphrase) as refused:
        accounts.add_user("nieuw", "Nieuwe Collega", Role.HULPVERLENER, "Veertien-Tek1")
    assert (refused.value.problem, refused.value.min_length) == ("too_short", 16)
    admin.change(rules.PASSPHRASE_MIN, 10)  # shorter: waits; 16 still holds
    with pytest.raises(WeakPassphrase):
        accounts.add_user("nieuw", "Nieuwe Collega", Role.HULPVERLENER, "Veertien-Tek1")
    admin.confirm(waiting(admin, rules.PASSPHRASE_MIN).request_id, teamleider, LEAD_PASS)
    accounts.add_user("nieuw", "Nieuwe Collega", Role.HULPVERLENER, "Kq7Vz2mLpX4")


def test_a_police_units_contact_lines_change_only_with_a_second_user(admin, teamleider):
    """Where a request for police information goes: one beheerder alone could otherwise send
    the next one, with the names in it, to an address of her own (Blijf 6.1, 9.1)."""
    conn = admin.session.db.conn
    assert police_contact(conn, "amsterdam") == ""
    for part, value in (("contact", "Team Zorg en Veiligheid"), ("phone", "0900-8844"),
                        ("email", "zorg@Politie.NL")):
        assert admin.change(rules.police_code("amsterdam", part), value) is Outcome.PENDING
    assert police_contact(conn, "amsterdam") == ""  # nothing in force while it waits
    for part in ("contact", "phone", "email"):
        request = waiting(admin, rules.police_code("amsterdam", part)).request_id
        with pytest.raises(InvalidInput) as refused:
            admin.confirm(request, ADMIN, ADMIN_PASS)
        assert refused.value.problem == "approver_is_asker"
        admin.confirm(request, teamleider, LEAD_PASS)
    assert police_contact(conn, "amsterdam") == (
        "Team Zorg en Veiligheid\n0900 8844\nzorg@politie.nl")
    assert police_contact(conn, "noord_holland") == ""
    # Changing a line in force waits again; the confirmed one stays in force meanwhile.
    email = rules.police_code("amsterdam", "email")
    assert admin.change(email, "iemand.anders@example.org") is Outcome.PENDING
    assert police_contact(conn, "amsterdam").endswith("zorg@politie.nl")
