"""Backups made before a new data key (issue 22; the decision is in SECURITY.md): today's
users can still restore them, since the key file keeps the earlier data keys under the new
one and the restored copy is re-keyed to the current key; a key file copy from before the
re-key opens no backup made after it."""

import shutil

import pytest

from blijf_desktop.services.errors import WrongBackupKey
from blijf_desktop.services.rekey import RekeyService
from blijf_desktop.services.restore import read_info
from blijf_desktop.storage import backup_file, keyvault
from tests.conftest import ADMIN, ADMIN_PASS
from tests.services.backup_helpers import add_cases, content, make, ready_admin
from tests.services.test_backups import restore


@pytest.fixture
def store(created, caseworker, tmp_path):
    add_cases(caseworker, ["Eerste", "Tweede"])
    caseworker.close()
    folder = tmp_path / "backups"
    return created[0], ready_admin(created[0], folder), folder


def test_a_backup_from_before_the_rekey_restores_and_opens_with_the_new_key(store, auth):
    session, service, folder = store
    job = make(service)
    counts_then, checksum_then = content(session.db.conn)  # what the backup holds
    before = folder / service.finish_backup(job).name
    old_key = session.data_key
    RekeyService(session).new_data_key()
    assert backup_file.key_check(session.data_key, session.vault.store_id()) \
        != read_info(before).header.key_check  # the backup is under the old key

    preview = restore(session, before)

    assert preview.contents.cases == 2
    again = auth.login(ADMIN, ADMIN_PASS)  # the current key file opens the restored store
    try:
        assert again.data_key != old_key
        assert content(again.db.conn, counts_then["audit_log"]) == (counts_then, checksum_then)
    finally:
        again.close()


def test_an_old_key_file_copy_opens_no_backup_made_after(store, auth, tmp_path):
    session, service, folder = store
    kept = tmp_path / "kept.keys"
    shutil.copy(auth.paths.keys, kept)
    RekeyService(session).new_data_key()
    after = folder / service.finish_backup(make(service)).name
    header = read_info(after).header

    stale = keyvault.Vault(kept, auth.vault.device, auth.vault.policy).open_with_passphrase(
        ADMIN, ADMIN_PASS)
    with pytest.raises(WrongBackupKey):
        backup_file.unseal(header, bytes(stale))
    assert bytes(stale) != session.data_key
