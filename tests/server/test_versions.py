"""Optimistic versions on the server (issue 23, migration 0032): the same repository function
that refuses a stale save locally refuses it on PostgreSQL, also when the two desks save at
the same moment (the second waits for the first's row lock, then finds the version moved)."""

import threading
import time
from dataclasses import replace
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.storage import persons, retention

PERSON = PersonData(Category.PLEGER, first_names="Gijsbert", last_name="Proefdreiger",
                    residence="Purmerend", relation="ex_partner")


@pytest.fixture
def desks(server):
    one, two = server.desk(), server.desk()
    user = server.desk_user_id  # a case is made as the logged-in user (blijf.new_case)
    with one.transaction() as conn:
        case = persons.create_case(conn, user, 1)
        person = persons.insert_person(conn, case, PERSON, user)
    yield one, two, user, case, person
    one.close()
    two.close()


def _history(db, person_id):
    return db.conn.execute("SELECT count(*) FROM person_history WHERE person_id = ?",
                           (person_id,)).fetchone()[0]


def test_the_second_save_on_the_version_both_read_is_refused(desks):
    one, two, user, _case, person_id = desks
    assert persons.get_person(two.conn, person_id).version == 1
    with one.transaction() as conn:
        assert persons.update_person(conn, person_id, replace(PERSON, residence="Hoorn"),
                                     user, version=1) == ["residence"]
    with pytest.raises(persons.StaleVersion):
        with two.transaction() as conn:
            persons.update_person(conn, person_id, replace(PERSON, phone="+31622222222"),
                                  user, version=1)
    stored = persons.get_person(two.conn, person_id)
    assert stored.data == replace(PERSON, residence="Hoorn") and stored.version == 2
    assert _history(two, person_id) == 1


def test_two_desks_saving_at_the_same_moment_one_waits_and_is_refused(desks):
    one, two, user, _case, person_id = desks
    outcome = {}

    def second_desk():
        try:
            with one.transaction() as conn:
                persons.update_person(conn, person_id, replace(PERSON, last_name="Anders"),
                                      user, version=1)
            outcome["saved"] = True
        except persons.StaleVersion:
            outcome["refused"] = True

    with two.transaction() as conn:
        persons.update_person(conn, person_id, replace(PERSON, residence="Hoorn"), user,
                              version=1)
        waiting = threading.Thread(target=second_desk)
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive()  # held by this desk's row lock until it commits
    waiting.join(10)
    assert outcome == {"refused": True}
    stored = persons.get_person(one.conn, person_id)
    assert stored.data == replace(PERSON, residence="Hoorn") and stored.version == 2
    assert _history(one, person_id) == 1


def test_a_case_update_bumps_its_version_on_the_server(desks):
    one, _two, user, case_id, _person = desks
    assert persons.case_version(one.conn, case_id) == 1
    with one.transaction() as conn:
        retention.close(conn, case_id, date(2026, 11, 23), user)
    assert persons.case_version(one.conn, case_id) == 2
