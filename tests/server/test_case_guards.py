"""The guards of migrations 0003-0010 hold on the server as they do in the local store, and
PostgreSQL itself refuses: a desk's role (blijf_app, over any PostgreSQL client) cannot delete,
truncate or change an append-only row; the owner is stopped by the PL/pgSQL triggers; the
guarded updates (a consent's states and four eyes, a follow-up item closed once, a sent signal)
are refused by the same rules; and every table reaches its rows through `cases`, so that one
policy there (the teams, docs/server-mode.md section 5) decides for all of them."""

import secrets
from datetime import date

import pytest

from blijf_desktop.domain import consent as c
from blijf_desktop.domain.risk import Level
from blijf_desktop.storage import consents, follow_up, screenings, signals, trajects
from blijf_desktop.storage.pg import grants
from tests.server.case_story import CASE_TABLES, server_people, story

# The local store lets these change (guarded by triggers); every other table only grows.
UPDATABLE = {"consents", "follow_up_items", "signals"}


@pytest.fixture(scope="module")
def written(trail_server):
    author, leader, db = server_people(trail_server)
    try:
        yield trail_server, db, story(db, (author, leader))["ids"]
    finally:
        db.close()


def _refused(conn, sql, error):
    with pytest.raises(error):
        conn.execute(sql)


def test_the_desk_cannot_delete_truncate_or_rewrite_a_record(written, psycopg_driver):
    """Over any PostgreSQL client: no role may delete or truncate; a hulpverlener may not
    rewrite an append-only row; a teamleider may (APPROVE_DESTRUCTION: an erasure takes a
    name out of the texts that stay), and the trigger refuses her unless the case's
    destruction is in progress."""
    setup, _db, _ids = written
    errors = psycopg_driver.errors
    _id, role, password = setup.login(f"hv_{secrets.token_hex(3)}", "hulpverlener")
    hulpverlener, teamleider = setup.connect_as(role, password), setup.desk_raw()
    try:
        for table in CASE_TABLES:
            column = _first_column(teamleider, table)
            for raw in (hulpverlener, teamleider):
                _refused(raw, f"DELETE FROM {table}", errors.InsufficientPrivilege)
                _refused(raw, f"TRUNCATE {table} CASCADE", errors.InsufficientPrivilege)
            assert teamleider.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
            if table not in UPDATABLE:
                rewrite = f"UPDATE {table} SET {column} = {column}"
                _refused(hulpverlener, rewrite, errors.InsufficientPrivilege)
                _refused(teamleider, rewrite, errors.RestrictViolation
                         if table in grants.ERASED_TEXTS else errors.InsufficientPrivilege)
    finally:
        hulpverlener.close()
        teamleider.close()


def _first_column(raw, table) -> str:
    return raw.execute("SELECT column_name FROM information_schema.columns WHERE table_schema"
                       " = 'blijf' AND table_name = %s AND ordinal_position = 1",
                       (table,)).fetchone()[0]


def test_the_owner_is_stopped_by_the_triggers(written, psycopg_driver):
    """The triggers bind even the server's administrator (a superuser passes every policy,
    not a trigger). The owner has no row in sight at all: she is no user of the app (no
    member of blijf_app), and her own policies show a case's rows only while its approved
    destruction is in progress (destroy())."""
    setup, _db, _ids = written
    errors = psycopg_driver.errors
    admin = setup.admin
    for table in CASE_TABLES:
        _refused(admin, f"DELETE FROM {table}", errors.RestrictViolation)
        _refused(admin, f"TRUNCATE {table} CASCADE", errors.RestrictViolation)
        if table not in UPDATABLE:
            column = _first_column(admin, table)
            _refused(admin, f"UPDATE {table} SET {column} = {column}", errors.RestrictViolation)
    # A step's data is JSON (json_valid locally): other text is refused.
    _refused(admin, "INSERT INTO traject_steps (traject_id, kind, state, data, user_id,"
                    " created_at) SELECT id, 'stap', 'x', '{kapot', created_by, 'nu'"
                    " FROM trajects LIMIT 1", errors.InvalidTextRepresentation)
    assert not admin.execute("SELECT pg_has_role('blijf_owner', 'blijf_app', 'USAGE')"
                             ).fetchone()[0]
    admin.execute("SET ROLE blijf_owner")
    try:
        for table in CASE_TABLES:
            column = _first_column(admin, table)
            assert admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
            assert admin.execute(f"DELETE FROM {table}").rowcount == 0, table
            assert admin.execute(f"UPDATE {table} SET {column} = {column}").rowcount == 0
            _refused(admin, f"TRUNCATE {table} CASCADE", errors.RestrictViolation)
    finally:
        admin.execute("RESET ROLE")
    assert admin.execute("SELECT count(*) FROM blijf.traject_steps").fetchone()[0] == 2


def test_the_guarded_updates_refuse_what_the_local_store_refuses(written, psycopg_driver):
    _setup, db, ids = written
    errors = psycopg_driver.errors

    def refused(write, error=errors.CheckViolation):
        with pytest.raises(error):
            with db.transaction() as conn:
                write(conn)

    # A withdrawn consent never changes again; a follow-up item is closed once; a signal that
    # went out is read-only; screenings and steps are never rewritten.
    refused(lambda conn: conn.execute("UPDATE consents SET position_reason = 'x' WHERE id = ?",
                                      (ids["consent"],)))
    refused(lambda conn: follow_up.close_item(conn, ids["item"], date(2026, 4, 1), "brief",
                                              ids["author"]))
    refused(lambda conn: signals.update(conn, ids["signal"], {"a": "drie"}, ids["author"]))
    refused(lambda conn: conn.execute("UPDATE screenings SET version = 3"),
            errors.RestrictViolation)
    conn = db.conn
    assert consents.get(conn, ids["consent"]).state is c.State.INGETROKKEN
    assert follow_up.item(conn, ids["item"]).told_how == "telefonisch"
    assert signals.get(conn, ids["signal"]).fields == {"a": "twee"}
    assert screenings.latest(conn, ids["case"]).version == 2
    assert len(trajects.get(conn, ids["traject"]).steps) == 2


def test_four_eyes_on_a_consent_hold_on_the_server(written, psycopg_driver):
    """0010: whoever changed the ontwerp may not verify it, not only whoever prepared it."""
    _setup, db, ids = written
    with db.transaction() as conn:
        [old] = consents.for_case(conn, ids["case"])
        new = consents.insert(conn, old, ids["author"])
        consents.update_draft(conn, new, c.Consent(
            new, ids["case"], c.State.ONTWERP, old.scope, c.Grantor.OFFICIER,
            old.client_informed, old.client_position, "", old.weighing, 0, ""), ids["leader"])
    with pytest.raises(psycopg_driver.errors.CheckViolation):
        with db.transaction() as conn:
            consents.set_state(conn, new, c.State.ACTIEF, "geverifieerd", ids["leader"],
                               verified_by=ids["leader"])
    assert consents.get(db.conn, new).state is c.State.ONTWERP
    assert consents.authors(db.conn, new) == {ids["author"], ids["leader"]}


def test_one_policy_on_cases_decides_for_every_table(server, psycopg_driver):
    """The teams policy on `cases` (docs/server-mode.md, section 5) decides for every table of
    0003-0010: with the same story written in team 1 and in team 2, the desk (team 1) sees
    exactly her half of every table's rows, and a row for team 2's case is refused."""
    server.admin.execute("INSERT INTO teams (id, name, created_at) VALUES (2, 'Tweede locatie',"
                         " '2026-12-06T12:00:00.000000+00:00')")
    first_people, second_people = server_people(server), server_people(server, team=2)
    db, other = first_people[2], second_people[2]
    try:
        story(db, first_people[:2])
        second = story(other, second_people[:2], team=2)["ids"]
        # The administrator (a superuser) passes every policy: all rows of both teams.
        before = {t: server.admin.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in CASE_TABLES}
        raw = server.desk_raw()
        after = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CASE_TABLES}
        raw.close()
        assert all(count > 0 for count in after.values())
        assert {t: 2 * n for t, n in after.items()} == before
        with pytest.raises(psycopg_driver.errors.InsufficientPrivilege):
            with db.transaction() as conn:
                screenings.insert(conn, second["case"], 2, {}, Level.GROEN, None, "",
                                  None, "", first_people[0])
        assert consents.get(db.conn, second["consent"]) is None
        assert signals.for_case(db.conn, second["case"]) == []
        assert consents.get(other.conn, second["consent"]) is not None
    finally:
        db.close()
        other.close()


COUNTED = ("screenings", "trajects", "traject_steps", "exchanges", "exchange_consents",
           "exchange_disclosures", "signals", "signal_sends")


def test_every_table_forces_row_level_security_through_its_parent(written):
    setup, _db, _ids = written
    rows = setup.admin.execute(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
        " WHERE relnamespace = 'blijf'::regnamespace AND relname = ANY(%s)",
        (list(CASE_TABLES),)).fetchall()
    assert sorted(rows) == sorted((table, True, True) for table in CASE_TABLES)
    # One policy each, reaching its parent row by row (EXISTS: an index look-up); the form
    # `parent_id IN (SELECT id FROM parent)` read every parent table whole for each query.
    policies = setup.admin.execute(
        "SELECT tablename, roles::text[], qual FROM pg_policies WHERE schemaname = 'blijf'"
        " AND tablename = ANY(%s)", (list(CASE_TABLES),)).fetchall()
    users = [(table, qual) for table, roles, qual in policies if roles == ["blijf_app"]]
    assert sorted(table for table, _qual in users) == sorted(CASE_TABLES)
    assert all("EXISTS" in qual and " IN (" not in qual for _table, qual in users)
    # And one for destroy() (blijf_owner, bound by FORCE too): only while the case's
    # approved destruction is in progress (docs/server-mode.md, section 5).
    owner = [(table, qual) for table, roles, qual in policies if roles == ["blijf_owner"]]
    assert sorted(table for table, _qual in owner) == sorted(CASE_TABLES)
    assert all("destruction_in_progress" in qual for _table, qual in owner)
    # And on the tables the figures and the retention list count across teams, one for the
    # gate's definers (migration 0036): it holds only while the gate itself runs, so the
    # owner, a member of blijf_gate, still sees nothing (test_the_owner_is_stopped_...).
    gate = [(table, qual) for table, roles, qual in policies if roles == ["blijf_gate"]]
    assert sorted(t for t, _q in gate) == sorted(COUNTED)
    assert all(qual == "(CURRENT_USER = 'blijf_gate'::name)" for _table, qual in gate)
    assert len(policies) == 2 * len(CASE_TABLES) + len(COUNTED)
