"""What a desk reads back from the audit trail on a server (migration 0033): a user's role may
append to the trail but not read it, so definer functions give her the times of her own rows
(the second approver's back-off), the trail's latest time (the clock check before a
disclosure) and who set her own passphrase (the four eyes of a destruction's review). Each
user connects with her own login role over plain psycopg: what she could do with any client."""

import pytest
from psycopg import errors

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import audit, listing_trace, users
from blijf_desktop.storage.pg.database import ServerDatabase

FAILED = AuditAction.APPROVAL_FAILED.value
SINCE = "2000-01-01T00:00:00+00:00"


def _db(setup, role, password) -> ServerDatabase:
    return ServerDatabase(setup.cluster.conninfo(setup.name, role, password),
                          setup.cluster.ca_file)


def _append(db, action, user_id, record_type=None, record_id=None, reason=None):
    with db.transaction() as conn:
        audit.append(conn, action, user_id, record_type, record_id, reason)


@pytest.fixture(scope="module")
def trail(module_server):
    """Two hulpverleners with failed approvals of their own; the teamleider (the desk) made
    the first one's account."""
    setup = module_server
    anna = setup.login("anna_tr", "hulpverlener")
    bea = setup.login("bea_tr", "hulpverlener")
    anna_db, bea_db = _db(setup, anna[1], anna[2]), _db(setup, bea[1], bea[2])
    desk = setup.desk()
    try:
        _append(desk, AuditAction.STORE_CREATED.value, None)
        _append(desk, AuditAction.USER_ADDED.value, setup.desk_user_id, "user", str(anna[0]))
        for _ in range(3):
            _append(anna_db, FAILED, anna[0], "risk", "1", "wrong_credentials")
        _append(anna_db, FAILED, anna[0], "risk", "1", "approver_is_author")
        _append(bea_db, FAILED, bea[0], "risk", "1", "wrong_credentials")
    finally:
        for db in (anna_db, bea_db, desk):
            db.close()
    yield setup, anna, bea


def _own(setup, user):
    return setup.connect_as(user[1], user[2])


def test_a_hulpverlener_reads_the_times_of_her_own_rows_and_no_more(trail):
    setup, anna, _bea = trail
    expected = [at for (at,) in setup.admin.execute(
        "SELECT at FROM audit_log WHERE user_id = %s AND action = %s AND reason = %s"
        " ORDER BY seq", (anna[0], FAILED, "wrong_credentials"))]
    assert len(expected) == 3
    db = _db(setup, anna[1], anna[2])
    try:
        assert audit.times_of(db.conn, FAILED, anna[0], SINCE, "wrong_credentials") == expected
        assert len(audit.times_of(db.conn, FAILED, anna[0], SINCE)) == 4  # any reason
        assert audit.times_of(db.conn, FAILED, anna[0], expected[-1], "wrong_credentials") \
            == expected[-1:]
    finally:
        db.close()


def test_another_users_times_are_refused_by_postgresql(trail):
    setup, anna, bea = trail
    with _own(setup, bea) as conn:  # her own, over any client: her one row
        assert len(conn.execute("SELECT at FROM blijf.trail_times_of(%s, %s, %s, NULL)",
                                (FAILED, bea[0], SINCE)).fetchall()) == 1
    with _own(setup, anna) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM blijf.trail_times_of(%s, %s, %s, NULL)",
                         (FAILED, bea[0], SINCE))
    with _own(setup, anna) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT blijf.trail_passphrase_giver(%s)", (bea[0],))


@pytest.mark.parametrize("query", ["SELECT * FROM audit_log", "SELECT at FROM audit_log",
                                   "SELECT detail FROM audit_log WHERE seq = 1",
                                   "SELECT max(at) FROM audit_log"])
def test_she_still_cannot_select_the_trail(trail, query):
    setup, anna, _bea = trail
    with _own(setup, anna) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(query)


def test_the_latest_time_is_one_time_from_the_whole_trail(trail):
    setup, anna, bea = trail
    latest = setup.admin.execute("SELECT max(at) FROM audit_log").fetchone()[0]
    for user in (anna, bea):
        with _own(setup, user) as conn:
            assert conn.execute("SELECT blijf.trail_latest_time()").fetchone() == (latest,)
    db = _db(setup, anna[1], anna[2])
    try:
        assert audit.latest_time(db.conn) == latest
    finally:
        db.close()


def test_who_set_her_passphrase_for_her_own_account_only(trail):
    setup, anna, bea = trail
    for user, giver in ((anna, setup.desk_user_id), (bea, None)):
        db = _db(setup, user[1], user[2])
        try:
            assert users.passphrase_giver(db.conn, user[0]) == giver
        finally:
            db.close()


def test_the_functions_are_the_gates_and_only_a_user_may_call_them(trail):
    setup, anna, _bea = trail
    rows = setup.admin.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig"
        " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'blijf' AND p.proname LIKE 'trail\\_%'").fetchall()
    assert {r[0] for r in rows} == {"trail_times_of", "trail_latest_time",
                                    "trail_passphrase_giver", "trail_looks"}
    for name, owner, definer, config in rows:
        assert owner == "blijf_gate" and definer, name
        assert config == ["search_path=blijf, pg_temp"], name
    waiting = setup.login("wacht_tr", None)  # no app role yet: no CONNECT even
    for function in ("trail_latest_time()", "trail_passphrase_giver(bigint)",
                     "trail_times_of(text, bigint, text, text)"):
        assert not setup.admin.execute("SELECT has_function_privilege('public', %s, 'EXECUTE')",
                                       (f"blijf.{function}",)).fetchone()[0]
        assert not setup.admin.execute("SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                                       (waiting[1], f"blijf.{function}")).fetchone()[0]
    # the gate reads the columns it needs (a detail for the listing trace, 0035), never a hash
    for column, granted in (("at", True), ("detail", True), ("hash", False)):
        assert setup.admin.execute(
            "SELECT has_column_privilege('blijf_gate', 'blijf.audit_log', %s, 'SELECT')",
            (column,)).fetchone()[0] is granted


def _listing(db, user_id, persons):
    with db.transaction() as conn:
        audit.append(conn, AuditAction.LIST_SHOWN.value, user_id, "persons", None,
                     detail={"list": "search", "count": len(persons), "offset": 0,
                             "persons": persons})


def test_the_listing_trace_reads_her_own_rows_on_a_server(trail):
    """The repeat check and the volume signal (storage/listing_trace.py) as on a single desk:
    her last listing, the persons she listed and opened, her signal; another's refused."""
    setup, anna, bea = trail
    anna_db, bea_db = _db(setup, anna[1], anna[2]), _db(setup, bea[1], bea[2])
    try:
        assert listing_trace.last_listing(anna_db.conn, anna[0]) is None
        _listing(anna_db, anna[0], [11, 12])
        _listing(bea_db, bea[0], [91])
        _listing(anna_db, anna[0], [12, 13, 14])
        for record_type, record_id in (("person", "11"), ("person", "11"), ("case", "11"),
                                       ("exchange", "5")):
            _append(anna_db, AuditAction.VIEW.value, anna[0], record_type, record_id)
        ids, at = listing_trace.last_listing(anna_db.conn, anna[0])
        assert ids == [12, 13, 14] and at.startswith("20")
        assert listing_trace.listed_since(anna_db.conn, anna[0], SINCE) == 4
        assert listing_trace.listed_since(anna_db.conn, anna[0], at) == 3
        assert listing_trace.opened_since(anna_db.conn, anna[0], SINCE) == 2
        assert not listing_trace.signalled_since(anna_db.conn, anna[0], SINCE)
        _append(anna_db, AuditAction.VOLUME_UNUSUAL.value, anna[0], "user", str(anna[0]))
        assert listing_trace.signalled_since(anna_db.conn, anna[0], SINCE)
        assert not listing_trace.signalled_since(bea_db.conn, bea[0], SINCE)
    finally:
        anna_db.close()
        bea_db.close()
