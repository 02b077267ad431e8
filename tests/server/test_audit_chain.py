"""The audit trail on the server is chained exactly as in the local store: storage/audit.py
writes it, and the same verifier checks it."""

import threading


from blijf_desktop.storage import audit
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.pg.database import PgConnection
from tests.server.trail import ROWS, write_rows


def _reader(server) -> PgConnection:
    return PgConnection(server.admin)


def test_a_trail_written_on_the_server_verifies(trail_server):
    result = audit.verify(_reader(trail_server))
    assert result.ok and result.rows_checked == len(ROWS)


def test_the_same_rows_give_the_same_chain_on_both_engines(server, tmp_path, monkeypatch):
    clock = iter(f"2026-12-06T19:{minute:02d}:00.000000+00:00" for minute in range(60))
    times = [next(clock) for _ in ROWS[1:]]
    monkeypatch.setattr(audit, "now_utc", iter(times * 2).__next__)
    # The first row, store_created, was written by `server init`: the local store starts
    # with it as stored (its own hash is checked by verify below), then both add the rest.
    [first] = server.admin.execute(
        "SELECT seq, at, user_id, action, record_type, record_id, reason, detail, prev_hash,"
        " hash FROM audit_log").fetchall()
    assert first[3] == ROWS[0][0] and first[8] == audit.GENESIS
    local = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        with local.transaction() as conn:
            audit.append_verbatim(conn, [tuple(first)])
        write_rows(local, ROWS[1:])
        local_chain = local.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()
        assert audit.verify(local.conn).ok
    finally:
        local.close()
    desk = server.desk()
    try:
        write_rows(desk, ROWS[1:])
    finally:
        desk.close()
    server_chain = server.admin.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()
    assert [tuple(row) for row in local_chain] == server_chain
    assert audit.verify(_reader(server)).ok


def test_two_desks_appending_at_once_keep_one_chain(server):
    first = server.desk()  # the first row, store_created, is `server init`'s
    second, failures = server.desk(), []

    def work(db):
        try:
            write_rows(db, ROWS[1:] * 8)
        except Exception as error:  # collected: the assertion names it
            failures.append(error)

    threads = [threading.Thread(target=work, args=(db,)) for db in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    first.close()
    second.close()
    assert failures == []
    result = audit.verify(_reader(server))
    assert result.ok and result.rows_checked == 1 + 2 * 8 * (len(ROWS) - 1)


def test_an_edit_by_the_database_administrator_is_found(server):
    db = server.desk()
    try:
        write_rows(db, ROWS[1:])
    finally:
        db.close()
    admin = server.admin
    with admin.transaction():  # only the owner or a superuser can switch the trigger off
        admin.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        admin.execute("UPDATE audit_log SET record_id = '18' WHERE seq = 3")
        admin.execute("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_change")
    result = audit.verify(_reader(server))
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 3, "edited")
