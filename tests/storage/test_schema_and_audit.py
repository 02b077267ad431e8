"""Migrations, schema versions and the hash-chained audit trail. Tampering with the trail:
tests/security/test_audit_tamper.py."""

import pytest

from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage.database import Database, latest_version
from blijf_desktop.storage.errors import StoreTooNew
from tests.conftest import ADMIN, ADMIN_PASS

pytestmark = pytest.mark.engines


def _raw_key(session) -> bytes:
    return session.data_key


@pytest.mark.local_only("the local file's schema version; a server's is `server init`'s "
                        "(tests/server/test_server_init.py)")
def test_new_store_has_the_latest_schema(created):
    assert created[0].db.schema_version == latest_version()


@pytest.mark.local_only("the local file's user_version and bytes; a newer server schema is "
                        "refused by ServerSchemaTooNew (tests/server)")
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
