"""What a restore carries (storage/restore_carry.py), at the edges the service test does not
reach: a backup of another trail carries nothing (its ids mean other things), and a backup
of this very moment carries no row twice."""

from blijf_desktop.storage import audit, restore_carry


def _head(conn) -> str:
    return conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]


def test_a_backup_of_another_trail_carries_nothing(created):
    conn = created[0].db.conn
    seq, _colon, digest = _head(conn).partition(":")
    for other in (f"{seq}:{'0' * 64}", "999999:" + digest, "", "x:y"):
        carried = restore_carry.collect(conn, other)
        assert not carried.same_trail and carried.audit_rows == () and carried.destroyed == ()
        assert restore_carry.apply(conn, carried) == restore_carry.Applied(0, (), ())


def test_a_backup_of_this_moment_carries_no_row_twice(created):
    session = created[0]
    head = _head(session.db.conn)
    assert restore_carry.collect(session.db.conn, head).audit_rows == ()
    session.audit(audit.AuditAction.VIEW, "figures")
    carried = restore_carry.collect(session.db.conn, head)
    assert carried.same_trail and len(carried.audit_rows) == 1
