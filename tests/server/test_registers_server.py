"""The breach register, the settings with their changes waiting for a second user, and the
requests for case access on a server (PostgreSQL forms of migrations 0018, 0021, 0022, 0031),
through the same storage functions as locally; their guards refuse what they refuse locally."""

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from blijf_desktop.domain.destruction import Scope
from blijf_desktop.domain.information_duty import Outcome
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import (
    account_requests, anonymised, incidents, information_duty, persons, retention, rights,
    settings,
)
from blijf_desktop.storage import destruction_proposals as proposals
from tests.server.records import case_with_people, staff


@pytest.fixture(scope="module")
def desk(module_server):
    people = staff(module_server, "registers")
    db = module_server.desk()
    with db.transaction() as conn:
        _case, client, pleger = case_with_people(conn, people.hulpverlener)
    yield db, people, client, pleger
    db.close()


def _values(client: int, user: int) -> dict:
    return {"kind": "verlies", "found_at": datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc),
            "what_happened": "Een usb-stick kwijt", "data_kinds": ["naw"],
            "person_ids": [client], "user_ids": [user], "risk": None, "risk_reason": "",
            "measures": "", "people_exception": ""}


def test_an_incident_with_its_notifications_and_history(desk, module_server):
    from psycopg import errors

    desk_db, people, client, pleger = desk
    user = people.beheerder
    db = people.db(module_server, user)  # the breach register is hers (MANAGE_INCIDENTS)
    values = _values(client, user)
    with db.transaction() as conn:
        incident = incidents.insert(conn, values, user)
        incidents.update(conn, incident, {**values, "risk": "risico"}, ["risk"], user)
        incidents.add_notification(conn, incident, "ap", "voorlopig",
                                   datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc), "AP-1", "",
                                   user)
        incidents.close(conn, incident, user)
    stored = incidents.get(db.conn, incident)
    assert (stored.risk, stored.person_ids, stored.found_at, stored.closed_by) == (
        "risico", (client,), values["found_at"], user)
    assert [h.action for h in incidents.history(db.conn, incident)] == [
        "registered", "changed", "notified", "closed"]
    assert incidents.history(db.conn, incident)[1].fields == {"risk": "risico"}
    assert [n.reference for n in incidents.notifications(db.conn, [incident])[incident]] == [
        "AP-1"]
    assert incidents.listing(db.conn)[-1].id == incident  # closed ones last
    # The beheerder reads no person on a server: ids and categories come from the definer
    # incident_persons (migration 0036, MANAGE_INCIDENTS); the desk's teamleider may not.
    assert incidents.existing_persons(db.conn, [client, 987654]) == {client}
    assert incidents.person_categories(db.conn, [client, pleger]) == {client: 1, pleger: 4}
    with pytest.raises(errors.InsufficientPrivilege):
        incidents.existing_persons(desk_db.conn, [client])
    assert incidents.existing_users(db.conn, [user, 987654]) == {user}

    refused = [("UPDATE incidents SET measures = 'later' WHERE id = ?", errors.RestrictViolation),
               # appended only: no UPDATE for the desk (and the trigger for the owner)
               ("UPDATE incident_history SET fields = '{}' WHERE incident_id = ?",
                errors.InsufficientPrivilege),
               ("UPDATE incident_notifications SET reference = '' WHERE incident_id = ?",
                errors.InsufficientPrivilege),
               ("DELETE FROM incident_history WHERE incident_id = ?", errors.InsufficientPrivilege),
               ("DELETE FROM incidents WHERE id = ?", errors.InsufficientPrivilege)]
    for sql, error in refused:
        with pytest.raises(error):
            with db.transaction() as conn:
                conn.execute(sql, (incident,))
    with pytest.raises(errors.InsufficientPrivilege):  # not the teamleider's register
        desk_db.conn.execute("SELECT * FROM incidents")
    db.close()


def test_a_setting_change_waits_and_is_decided_once(desk, module_server):
    from psycopg import errors

    desk_db, people, _client, _pleger = desk
    db = people.db(module_server, people.beheerder)  # MANAGE_SETTINGS
    with db.transaction() as conn:
        settings.put(conn, "lock_minutes", 5, people.beheerder)
        settings.put(conn, "lock_minutes", 10, people.beheerder)  # one row, changed
        request = settings.add_request(conn, "lock_minutes", 30, 10, people.beheerder)
    assert settings.value(db.conn, "lock_minutes") == 10
    assert settings.stored(db.conn)["lock_minutes"].changed_by == people.beheerder
    assert settings.pending(db.conn)["lock_minutes"].id == request
    with pytest.raises(errors.UniqueViolation):  # one waits per setting
        with db.transaction() as conn:
            settings.add_request(conn, "lock_minutes", 60, 10, people.beheerder)
    with db.transaction() as conn:
        assert settings.decide(conn, request, "confirmed", people.teamleider)
        settings.put(conn, "lock_minutes", 30, people.beheerder, people.teamleider)
        assert not settings.decide(conn, request, "declined", people.teamleider)
    assert settings.request(db.conn, request).state == "confirmed"
    assert settings.stored(db.conn)["lock_minutes"].confirmed_by == people.teamleider
    for sql, error in [("UPDATE setting_requests SET state = 'declined' WHERE id = ?",
                        errors.RestrictViolation),
                       ("DELETE FROM setting_requests WHERE id = ?",
                        errors.InsufficientPrivilege)]:
        with pytest.raises(error):
            with db.transaction() as conn:
                conn.execute(sql, (request,))
    assert settings.value(desk_db.conn, "lock_minutes") == 30  # every user reads them
    with pytest.raises(errors.InsufficientPrivilege):  # but changes none
        with desk_db.transaction() as conn:
            settings.put(conn, "lock_minutes", 60, people.teamleider)
    db.close()


def test_an_account_request_is_decided_once_and_told_once(desk, module_server):
    from psycopg import errors

    db, people, _client, _pleger = desk
    from blijf_desktop.storage import users

    beheer = people.db(module_server, people.beheerder)  # she keeps the accounts
    with beheer.transaction() as conn:
        new_user = users.insert(conn, "nieuw-fb", "Nina Nieuw", Role.BEHEERDER, people.beheerder,
                                True)
        request = account_requests.insert(conn, new_user, "new", Role.BEHEERDER,
                                          people.beheerder)  # 0031: a beheerder waits too
    assert account_requests.open_for(db.conn, new_user).id == request
    assert request in [r.id for r in account_requests.pending(db.conn)]
    assert people.teamleider in account_requests.active_teamleiders(db.conn)
    with pytest.raises(errors.UniqueViolation):  # one open request per account
        with beheer.transaction() as conn:
            account_requests.insert(conn, new_user, "reset", Role.BEHEERDER, people.beheerder)
    with pytest.raises(errors.CheckViolation):  # who asked never confirms
        with beheer.transaction() as conn:
            account_requests.decide(conn, request, "confirmed", people.beheerder)
    with pytest.raises(errors.InsufficientPrivilege):  # a decision names who made it (0034)
        with db.transaction() as conn:
            account_requests.decide(conn, request, "confirmed", people.beheerder)
    hulp = people.db(module_server, people.hulpverlener)
    try:
        with pytest.raises(errors.InsufficientPrivilege):  # deciding is not hers at all
            with hulp.transaction() as conn:
                account_requests.decide(conn, request, "confirmed", people.teamleider)
    finally:
        hulp.close()
    leider = people.db(module_server, people.teamleider)  # a decision in her own name
    with leider.transaction() as conn:
        account_requests.decide(conn, request, "confirmed", people.teamleider)
        account_requests.decide(conn, request, "refused", people.teamleider)  # no longer open
    stored = account_requests.by_id(db.conn, request)
    assert (stored.decision, stored.decided_by, stored.pending) == (
        "confirmed", people.teamleider, False)
    assert account_requests.latest_per_user(db.conn)[new_user].id == request

    with beheer.transaction() as conn:
        alone = account_requests.insert(conn, people.teamleider, "role", Role.TEAMLEIDER,
                                        people.beheerder, decision="alone")
    assert account_requests.untold_alone(db.conn, people.teamleider).id == alone
    with pytest.raises(errors.InsufficientPrivilege):  # told only by the account herself
        with db.transaction() as conn:
            account_requests.told(conn, alone)
    with leider.transaction() as conn:
        account_requests.told(conn, alone)
    assert account_requests.untold_alone(db.conn, people.teamleider) is None
    for sql, error in [("UPDATE account_requests SET told_at = 'later' WHERE id = ?",
                        errors.RestrictViolation),
                       ("UPDATE account_requests SET decision = 'refused' WHERE id = ?",
                        errors.RestrictViolation),
                       ("DELETE FROM account_requests WHERE id = ?",
                        errors.InsufficientPrivilege)]:
        with pytest.raises(error):
            with leider.transaction() as conn:
                conn.execute(sql, (alone if "told" in sql else request,))
    beheer.close()
    leider.close()


def test_the_guards_hold_for_the_owner_too(desk, module_server):
    """Grants keep the desk out; the triggers keep out whoever has the grants (the owner, a
    superuser at the server's console), as the local store's triggers do."""
    from psycopg import errors

    db, people, client, pleger = desk
    user = people.hulpverlener
    with db.transaction() as conn:  # a row in every guarded table
        case_id = persons.get_person(conn, client).case_id
        request = rights.insert_request(conn, client, case_id, "inzage", date(2026, 11, 2),
                                        "email", False, [], "", user)
        rights.insert_step(conn, request, "afstemming", date(2026, 11, 3), user, partners=[])
        rights.restrict(conn, pleger, None, "bezwaar", user)
        information_duty.insert(conn, client, Outcome.INFORMED, user,
                                informed_on=date(2026, 11, 2))
        retention.record_source_removal(conn, case_id, date(2026, 2, 1), "politie", user)
        persons.update_person(conn, client, replace(persons.get_person(conn, client).data,
                                                    residence="Urk"), user)
        found = proposals.insert(conn, Scope.SIGNAL, case_id, "termijn_verstreken", "", user)
        anonymised.keep_recorded(conn, found, ((2025, "signals", "", 1),))
    admin = module_server.admin  # the cluster's superuser, in the Blijf schema
    deleted = ["incidents", "incident_notifications", "incident_history", "setting_requests",
               "account_requests", "anonymised_figures", "destructions", "rights_requests",
               "rights_request_steps", "restrictions", "information_duty", "source_removals",
               "persons", "threats", "person_history", "cases"]
    updated = ["incident_notifications", "incident_history", "rights_requests",
               "rights_request_steps", "information_duty", "anonymised_figures"]
    for sql in ([f"DELETE FROM {table}" for table in deleted]
                + [f"UPDATE {table} SET id = id" for table in updated]):
        with pytest.raises(errors.RestrictViolation):
            with admin.transaction():
                admin.execute(sql)
