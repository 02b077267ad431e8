"""The requests of the people recorded, their steps, restrictions and the informatieplicht on
a server (PostgreSQL forms of migrations 0013, 0014, 0020, 0023), written and read by the same
storage functions as locally; the guards refuse on the server what they refuse locally, and
the desk's role may not delete (issue 23)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from blijf_desktop.domain.information_duty import Outcome
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import information_duty, persons, rights, users
from blijf_desktop.storage.database import Database
from tests.server.records import case_with_people, staff


@pytest.fixture(scope="module")
def desk(module_server):
    people = staff(module_server, "rechten")
    db = module_server.desk()
    with db.transaction() as conn:
        case_id, client, pleger = case_with_people(conn, people.hulpverlener)
    yield db, people, case_id, client, pleger
    db.close()


def test_a_request_with_its_steps_and_a_restriction(desk):
    db, people, case_id, client, _pleger = desk
    user = people.hulpverlener
    with db.transaction() as conn:
        request = rights.insert_request(conn, client, case_id, "beperking", date(2026, 11, 2),
                                        "schriftelijk", False, ["politie"], "Stop", user)
        rights.insert_step(conn, request, "afstemming", date(2026, 11, 3), user,
                           partners=["politie"])
        rights.insert_step(conn, request, "verlenging", date(2026, 11, 20), user, months=1,
                           reasons="complex")
        rights.insert_step(conn, request, "besluit", date(2026, 11, 25), user,
                           decision="toegewezen", links={"restriction": 1})
        restriction = rights.restrict(conn, client, request, "beperking", user)
    stored = rights.get_request(db.conn, request)
    assert (stored.kind, stored.received_on, stored.involved, stored.chain,
            stored.registered_by_name) == ("beperking", date(2026, 11, 2), ("politie",), False,
                                           "Hanna Hulp")
    steps = rights.steps_of(db.conn, [request, 999999])[request]
    assert [(s.step, s.partners, s.months, s.decision) for s in steps] == [
        ("afstemming", ("politie",), None, None), ("verlenging", (), 1, None),
        ("besluit", (), None, "toegewezen")]
    assert rights.steps(db.conn, request) == steps
    assert request in [r.id for r in rights.all_requests(db.conn)]
    assert rights.active_restriction(db.conn, client).id == restriction
    assert rights.restricted_among(db.conn, [client, _pleger]) == {client}

    with db.transaction() as conn:
        rights.lift(conn, restriction, "bezwaar ingetrokken", user)
    assert rights.active_restriction(db.conn, client) is None
    assert rights.restricted_among(db.conn, [client]) == set()
    assert [r.lift_reason for r in rights.restrictions_of(db.conn, client)] == [
        "bezwaar ingetrokken"]


def test_the_guards_hold_on_the_server(desk):
    from psycopg import errors

    db, people, case_id, client, _pleger = desk
    user = people.hulpverlener
    with db.transaction() as conn:
        request = rights.insert_request(conn, client, case_id, "inzage", date(2026, 11, 2),
                                        "email", False, [], "", user)
        rights.insert_step(conn, request, "besluit", date(2026, 11, 4), user,
                           decision="afgewezen")
        restriction = rights.restrict(conn, client, None, "bezwaar", user)
        rights.lift(conn, restriction, "toegewezen bezwaar afgerond", user)
    refused = [
        ("UPDATE rights_requests SET asked = 'anders' WHERE id = ?", (request,),
         errors.RestrictViolation),
        ("UPDATE rights_request_steps SET reasons = 'anders' WHERE request_id = ?", (request,),
         errors.RestrictViolation),
        ("UPDATE restrictions SET lift_reason = 'anders' WHERE id = ?", (restriction,),
         errors.RestrictViolation),
        # one decision per request (the unique index of 0013)
        ("INSERT INTO rights_request_steps (request_id, step, on_date, decision, recorded_at,"
         " recorded_by) VALUES (?, 'besluit', '2026-11-05', 'toegewezen', 'x', ?)",
         (request, user), errors.UniqueViolation),
        # no DELETE for the desk's role at all: PostgreSQL refuses before any trigger
        ("DELETE FROM rights_requests WHERE id = ?", (request,), errors.InsufficientPrivilege),
        ("DELETE FROM restrictions WHERE id = ?", (restriction,), errors.InsufficientPrivilege),
        ("DELETE FROM information_duty WHERE person_id = ?", (client,),
         errors.InsufficientPrivilege),
    ]
    for sql, params, error in refused:
        with pytest.raises(error):
            with db.transaction() as conn:
                conn.execute(sql, params)
    assert rights.get_request(db.conn, request).asked == ""


def test_an_information_duty_outcome(desk):
    from psycopg import errors

    db, people, _case_id, _client, pleger = desk
    with db.transaction() as conn:
        first = information_duty.insert(conn, pleger, Outcome.EXCEPTION, people.hulpverlener,
                                        exception="gevaar", reason="Zou de cliënte bedreigen")
        information_duty.insert(conn, pleger, Outcome.INFORMED, people.hulpverlener,
                                informed_on=date(2026, 11, 30), how="brief")
    history = information_duty.history(db.conn, pleger)
    assert [r.outcome for r in history] == [Outcome.INFORMED, Outcome.EXCEPTION]
    assert information_duty.latest(db.conn, pleger).informed_on == date(2026, 11, 30)
    with pytest.raises(errors.RestrictViolation):
        with db.transaction() as conn:
            conn.execute("UPDATE information_duty SET reason = '' WHERE id = ?", (first,))
    with pytest.raises(errors.CheckViolation):  # an exception without its reason
        with db.transaction() as conn:
            information_duty.insert(conn, pleger, Outcome.EXCEPTION, people.hulpverlener,
                                    exception="gevaar")


def _children(conn, user_id: int, today: date) -> list[int]:
    """A case with a child for each side of the age line (16 on the day recorded), one
    without a birth date and an adult; the order they are written in."""
    case_id = persons.create_case(conn, user_id, 1)
    born = [today.replace(year=today.year - 16), today.replace(year=today.year - 16)
            + timedelta(days=1), None, date(1980, 2, 29)]
    ids = []
    for index, birth in enumerate(born):
        category = Category.CLIENT if index == 3 else Category.CHILD
        ids.append(persons.insert_person(conn, case_id, PersonData(
            category, f"Kind{index}", "", "Proef", birth_date=birth), user_id))
    return ids


def test_who_waits_for_the_information_duty_is_the_same_on_both_engines(desk, tmp_path):
    db, people, *_rest = desk
    today = datetime.now(timezone.utc).date()  # the day recorded, as created_at holds it
    local = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        with local.transaction() as conn:
            local_ids = _children(conn, users.insert(conn, "lokaal", "Lokaal", Role.HULPVERLENER,
                                                     None, False), today)
        with db.transaction() as conn:
            server_ids = _children(conn, people.hulpverlener, today)

        def waiting(database, ids):
            found = information_duty.without_outcome(database.conn, (1, 2), 2, 16, 1000)
            return [ids.index(p.person_id) for p in found if p.person_id in ids]

        assert waiting(db, server_ids) == waiting(local, local_ids) == [0, 2, 3]
    finally:
        local.close()
