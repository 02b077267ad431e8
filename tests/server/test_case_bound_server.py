"""Every case-bound table of 0013-0015 reaches its rows through `cases` (row-level security,
forced for the owner too), so that the teams policy on `cases` (docs/server-mode.md, section
5) decides for them at once. Here one case belongs to another team than the desk's:
its requests, steps, restrictions, informatieplicht and removals at the source are hidden by
PostgreSQL, and nothing can be added to it."""

from datetime import date

import pytest

from blijf_desktop.domain.information_duty import Outcome
from blijf_desktop.storage import information_duty, retention, rights
from tests.server.records import case_with_people, staff

CASE_BOUND = ("rights_requests", "rights_request_steps", "restrictions", "information_duty",
              "source_removals")


def _case(conn, user: int) -> tuple[int, int, int]:
    case_id, client, _pleger = case_with_people(conn, user)
    request = rights.insert_request(conn, client, case_id, "inzage", date(2026, 11, 2), "email",
                                    False, [], "", user)
    rights.insert_step(conn, request, "afstemming", date(2026, 11, 3), user, partners=[])
    rights.restrict(conn, client, request, "beperking", user)
    information_duty.insert(conn, client, Outcome.INFORMED, user, informed_on=date(2026, 11, 2))
    retention.record_source_removal(conn, case_id, date(2026, 2, 1), "politie", user)
    return case_id, client, request


def test_row_level_security_is_forced_on_every_case_bound_table(trail_server):
    rows = trail_server.admin.execute(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, count(p.polname)"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " LEFT JOIN pg_policy p ON p.polrelid = c.oid"
        " WHERE n.nspname = 'blijf' AND c.relname = ANY(%s)"
        " GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity", (list(CASE_BOUND),))
    # one policy each through its case; the tables the retention list and the figures count
    # across teams have one more, the gate's (migration 0036: while the gate runs only)
    counted = {"rights_requests", "rights_request_steps", "source_removals"}
    assert sorted(rows) == sorted((table, True, True, 2 if table in counted else 1)
                                  for table in CASE_BOUND)


def test_a_case_hidden_by_the_cases_policy_hides_its_rows(server):
    from psycopg import errors

    user = staff(server, "rls").hulpverlener
    db = server.desk()
    try:
        with db.transaction() as conn:
            hidden, hidden_client, hidden_request = _case(conn, user)
            shown, shown_client, shown_request = _case(conn, user)
        # The hidden case now belongs to another team (as a teamleider's move would make it).
        admin = server.admin
        zuid = admin.execute("INSERT INTO teams (name, created_at) VALUES ('Zuid', 'nu')"
                             " RETURNING id").fetchone()[0]
        admin.execute("UPDATE case_teams SET team_id = %s WHERE case_id = %s", (zuid, hidden))

        assert rights.get_request(db.conn, hidden_request) is None
        assert [r.id for r in rights.all_requests(db.conn)] == [shown_request]
        assert rights.steps_of(db.conn, [hidden_request, shown_request]).keys() == {
            shown_request}
        assert rights.restrictions_of(db.conn, hidden_client) == []
        assert information_duty.history(db.conn, hidden_client) == []
        assert len(information_duty.history(db.conn, shown_client)) == 1
        assert db.conn.execute("SELECT case_id FROM source_removals").fetchall() == [(shown,)]
        with pytest.raises(errors.InsufficientPrivilege):  # nothing added to a hidden case
            with db.transaction() as conn:
                retention.record_source_removal(conn, hidden, date(2026, 3, 1), "politie", user)
        with pytest.raises(errors.InsufficientPrivilege):
            with db.transaction() as conn:
                rights.insert_step(conn, hidden_request, "antwoord", date(2026, 11, 9), user,
                                   how="brief")
    finally:
        db.close()
