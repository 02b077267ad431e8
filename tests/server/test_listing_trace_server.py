"""The listing trace on a server (issue 22's volume rule; server migration 0035): a desk's
role may not read the trail, so definer functions give a user her own rows back. Each user
connects with her own login role. Her answers equal what the local store's queries give over
the same trail; another user's rows never count for her, whatever user id the desk passes,
and she still cannot SELECT the trail."""

from datetime import datetime, timedelta, timezone

import pytest
from psycopg import errors

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import audit, listing_trace
from blijf_desktop.storage.pg.database import PgConnection, ServerDatabase


def _at(minutes_ago: int) -> str:
    moment = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return moment.isoformat(timespec="microseconds")


@pytest.fixture(scope="module")
def desks(module_server):
    """Two hulpverleners of one team, each at her own connection, with a trail of listings
    and openings: Anna listed persons 1-3 and then 3-4, opened persons 1 and 2 (1 twice) and
    case 9; Bea listed person 5; Anna's volume was signalled."""
    setup = module_server
    people = {}
    for name in ("anna", "bea"):
        user_id, role, password = setup.login(f"{name}_lt", "hulpverlener")
        people[name] = (user_id, ServerDatabase(
            setup.cluster.conninfo(setup.name, role, password), setup.cluster.ca_file))
    (anna, anna_db), (bea, bea_db) = people["anna"], people["bea"]
    rows = [(anna_db, AuditAction.LIST_SHOWN, anna, "persons", None, {"persons": [1, 2, 3]}),
            (anna_db, AuditAction.VIEW, anna, "person", "1", None),
            (anna_db, AuditAction.VIEW, anna, "person", "1", None),
            (anna_db, AuditAction.VIEW, anna, "person", "2", None),
            (anna_db, AuditAction.VIEW, anna, "case", "9", None),
            (anna_db, AuditAction.VIEW, anna, "follow_up_tasks", None, None),  # not an opening
            (anna_db, AuditAction.LIST_SHOWN, anna, "persons", None, {"persons": [3, 4]}),
            (bea_db, AuditAction.LIST_SHOWN, bea, "persons", None, {"persons": [5]}),
            (anna_db, AuditAction.VOLUME_UNUSUAL, anna, "user", str(anna), {"listed": 4})]
    for db, action, user_id, record_type, record_id, detail in rows:
        with db.transaction() as conn:
            audit.append(conn, action.value, user_id, record_type, record_id, detail=detail)
    yield setup, people
    anna_db.close()
    bea_db.close()


def _answers(conn, user_id: int, since: str) -> tuple:
    return (listing_trace.last_listing(conn, user_id)[0] if listing_trace.last_listing(
                conn, user_id) else None,
            listing_trace.listed_since(conn, user_id, since),
            listing_trace.opened_since(conn, user_id, since),
            listing_trace.signalled_since(conn, user_id, since))


class _LocalTexts(PgConnection):
    """The trail's reader running the local store's texts (no `dialect`: read as local)."""

    dialect = "sqlite"


def test_her_own_rows_count_as_the_local_queries_count_them(desks):
    setup, people = desks
    (anna, anna_db), (bea, bea_db) = people["anna"], people["bea"]
    since = _at(5)
    assert _answers(anna_db.conn, anna, since) == ([3, 4], 4, 3, True)
    assert _answers(bea_db.conn, bea, since) == ([5], 1, 0, False)
    reader = _LocalTexts(setup.admin)  # the administrator reads the whole trail
    for user_id, db in ((anna, anna_db), (bea, bea_db)):
        assert _answers(db.conn, user_id, since) == _answers(reader, user_id, since)


def test_a_moment_later_than_her_rows_counts_nothing(desks):
    _setup, people = desks
    anna, anna_db = people["anna"]
    later = (datetime.now(timezone.utc) + timedelta(minutes=1)).isoformat(
        timespec="microseconds")
    assert _answers(anna_db.conn, anna, later) == ([3, 4], 0, 0, False)


def test_another_users_id_gives_her_own_rows_and_the_trail_stays_closed(desks):
    setup, people = desks
    (anna, _anna_db), (bea, bea_db) = people["anna"], people["bea"]
    # The login decides whose rows these are, never the id the desk sends.
    assert _answers(bea_db.conn, anna, _at(5)) == _answers(bea_db.conn, bea, _at(5))
    with pytest.raises(errors.InsufficientPrivilege):
        bea_db.conn.execute("SELECT detail FROM audit_log WHERE user_id = ?", (anna,))
    raw = bea_db.conn.raw
    with pytest.raises(errors.UndefinedFunction):  # no function takes a user
        raw.execute("SELECT my_listings_since(%s, %s)", (_at(5), anna))
    assert raw.execute("SELECT count(*) FROM my_listings_since(%s)",
                       (_at(5),)).fetchone()[0] == 1


def test_the_functions_are_the_gates_and_read_nothing_else(desks):
    setup, _people = desks
    found = dict(setup.admin.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p"
        " WHERE p.pronamespace = 'blijf'::regnamespace AND p.proname IN ('my_last_listing',"
        " 'my_listings_since', 'my_openings_since', 'my_volume_signalled_since')"
        " AND p.prosecdef").fetchall())
    assert found == dict.fromkeys(("my_last_listing", "my_listings_since", "my_openings_since",
                                   "my_volume_signalled_since"), "blijf_gate")
    # the gate reads the trail's columns, it may not change a row
    assert setup.admin.execute(
        "SELECT has_table_privilege('blijf_gate', 'blijf.audit_log', 'UPDATE, DELETE,"
        " INSERT')").fetchone()[0] is False
