"""Migrations, schema versions and the hash-chained audit trail."""

import pytest

from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage import audit
from blijf_desktop.storage.database import Database, latest_version
from blijf_desktop.storage.errors import StoreTooNew
from tests.conftest import ADMIN, ADMIN_PASS


def _raw_key(session) -> bytes:
    return session.data_key


def _tamper(paths, key, *statements):
    db = Database(paths.db, key)
    for sql in statements:
        db.conn.execute(sql)
    db.close()


def test_new_store_has_the_latest_schema(created):
    assert created[0].db.schema_version == latest_version()


def test_store_from_a_newer_app_refuses_to_open_and_is_not_changed(created, auth, paths):
    session, _ = created
    key = _raw_key(session)
    session.db.conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    session.close()
    before = paths.db.read_bytes()
    with pytest.raises(StoreTooNew) as refused:
        auth.login(ADMIN, ADMIN_PASS)
    assert refused.value.found == latest_version() + 1
    assert paths.db.read_bytes() == before
    with pytest.raises(StoreTooNew):
        Database(paths.db, key)


def test_audit_chain_verifies_after_normal_use(created):
    session, _ = created
    AccountService(session).accept_confidentiality()
    session.lock()
    session.unlock(ADMIN_PASS)
    result = AuditTrailService(session).verify()
    assert result.ok and result.rows_checked >= 5
    actions = [row.action for row in AuditTrailService(session).recent()]
    assert {"store_created", "login", "lock", "unlock", "confidentiality_accepted"} <= set(actions)


def _chain(created, n=6):
    session, _ = created
    AccountService(session).accept_confidentiality()
    for _i in range(n):
        session.lock()
        session.unlock(ADMIN_PASS)
    key = _raw_key(session)
    session.close()
    return key


def _verify(paths, key):
    db = Database(paths.db, key)
    try:
        return audit.verify(db.conn)
    finally:
        db.close()


def test_edited_row_is_detected_at_its_position(created, paths):
    key = _chain(created)
    _tamper(paths, key, "UPDATE audit_log SET action = 'view' WHERE seq = 4")
    result = _verify(paths, key)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 4, "edited")


def test_deleted_row_is_detected_at_its_position(created, paths):
    key = _chain(created)
    _tamper(paths, key, "DELETE FROM audit_log WHERE seq = 5")
    result = _verify(paths, key)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 5, "missing")


def test_deleted_last_row_is_detected(created, paths):
    key = _chain(created)
    _tamper(paths, key, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    result = _verify(paths, key)
    assert not result.ok and result.problem == "missing"


def test_swapped_rows_are_detected(created, paths):
    key = _chain(created)
    _tamper(
        paths, key,
        "UPDATE audit_log SET seq = -1 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = -1",
    )
    result = _verify(paths, key)
    assert not result.ok and result.first_bad_seq == 3


def test_inserted_row_is_detected(created, paths):
    key = _chain(created)
    _tamper(
        paths, key,
        "UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 4",
        "UPDATE audit_log SET seq = -seq WHERE seq < 0",
        "INSERT INTO audit_log (seq, at, user_id, action, prev_hash, hash)"
        " SELECT 4, at, user_id, 'view', prev_hash, hash FROM audit_log WHERE seq = 3",
    )
    result = _verify(paths, key)
    assert not result.ok and result.first_bad_seq == 4
