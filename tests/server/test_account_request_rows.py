"""Requests for case access on a server (migration 0034's policies, grants.DECISION_COLUMNS):
each user reads her own, who keeps or confirms accounts reads all; a decision names who made
it; only the account herself marks the notice of a step made alone as told. Each user over
plain psycopg with her own login role: what she could do with any PostgreSQL client."""

import pytest
from psycopg import errors

AT = "2026-12-06T12:00:00.000000+00:00"


@pytest.fixture(scope="module")
def requests(module_server):
    setup = module_server
    beheer = setup.login("beheer_ar", "functioneel_beheerder")
    anna = setup.login("anna_ar", "hulpverlener")
    bea = setup.login("bea_ar", "hulpverlener")
    admin = setup.admin
    ids = {}
    for name, user, decision in (("alone", anna, "alone"), ("open", bea, None)):
        ids[name] = admin.execute(
            "INSERT INTO account_requests (user_id, kind, role, requested_by, requested_at,"
            " decision, decided_by, decided_at) VALUES (%s, 'new', 'hulpverlener', %s, %s,"
            " %s, %s, %s) RETURNING id",
            (user[0], beheer[0], AT, decision, beheer[0] if decision else None,
             AT if decision else None)).fetchone()[0]
    yield setup, beheer, anna, bea, ids


def _as(setup, user):
    return setup.connect_as(user[1], user[2])


def test_a_hulpverlener_reads_her_own_requests_only(requests):
    setup, _beheer, anna, bea, _ids = requests
    for user in (anna, bea):
        with _as(setup, user) as conn:
            seen = {u for (u,) in conn.execute("SELECT user_id FROM account_requests")}
        assert seen == {user[0]}


def test_who_keeps_or_confirms_accounts_reads_them_all(requests):
    setup, beheer, anna, bea, _ids = requests
    for user in (beheer, (setup.desk_user_id, setup.desk_user, setup.desk_password)):
        with _as(setup, user) as conn:
            seen = {u for (u,) in conn.execute("SELECT user_id FROM account_requests")}
        assert {anna[0], bea[0]} <= seen


def test_asking_is_the_beheerders_in_her_own_name(requests):
    setup, beheer, anna, bea, _ids = requests
    ask = ("INSERT INTO account_requests (user_id, kind, role, requested_by, requested_at)"
           " VALUES (%s, 'role', 'teamleider', %s, %s)")
    with _as(setup, anna) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(ask, (anna[0], anna[0], AT))  # no grant
    with _as(setup, beheer) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(ask, (anna[0], setup.desk_user_id, AT))  # in another's name: policy


def test_a_decision_names_who_made_it(requests):
    setup, beheer, _anna, _bea, ids = requests
    desk = (setup.desk_user_id, setup.desk_user, setup.desk_password)
    decide = ("UPDATE account_requests SET decision = 'confirmed', decided_by = %s,"
              " decided_at = %s WHERE id = %s")
    with _as(setup, desk) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(decide, (beheer[0], AT, ids["open"]))  # decided in another's name
    with _as(setup, desk) as conn:
        assert conn.execute(decide, (desk[0], AT, ids["open"])).rowcount == 1


def test_only_the_account_herself_marks_her_notice_told(requests):
    setup, beheer, anna, bea, ids = requests
    told = "UPDATE account_requests SET told_at = %s WHERE id = %s"
    desk = (setup.desk_user_id, setup.desk_user, setup.desk_password)
    # the beheerder who gave the access alone cannot hide its notice (column grant)
    with _as(setup, beheer) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(told, (AT, ids["alone"]))
    with _as(setup, desk) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(told, (AT, ids["alone"]))  # a teamleider: not her row (policy)
    with _as(setup, bea) as conn:
        assert conn.execute(told, (AT, ids["alone"])).rowcount == 0  # she does not see it
    with _as(setup, anna) as conn:
        assert conn.execute(told, (AT, ids["alone"])).rowcount == 1
