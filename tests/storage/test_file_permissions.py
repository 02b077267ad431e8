"""The store's files are readable by their OS user only, also in a folder others can read.

A new store folder is made 0700, but `--store` may name an existing, shared folder. There,
SQLite and Python would create store.db, its -wal and -shm, store.keys and the small files
beside them readable by every account on the PC (mode 0644 under the usual umask 022): in
passphrase-only mode that is an offline attack on a copy. POSIX only; on Windows the folder's
ACL decides."""

import os
import stat
from pathlib import Path

import pytest

from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage import wal_check
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def shared_folder(tmp_path):
    old_umask = os.umask(0o022)
    folder = tmp_path / "gedeeld"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    yield folder
    os.umask(old_umask)


def modes(folder: Path) -> dict[str, str]:
    return {p.name: stat.filemode(p.stat().st_mode) for p in sorted(folder.iterdir())}


def test_a_new_store_in_a_shared_folder_is_private(shared_folder, keyring_backend):
    auth = AuthService(StorePaths(shared_folder), DeviceSecrets(keyring_backend), FAST_POLICY)
    session, _recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    try:
        found = modes(shared_folder)
        expected = {"store.db", "store.db-wal", "store.db-shm", "store.keys", "store.lock"}
        assert expected <= set(found)
        assert set(found.values()) == {"-rw-------"}, found
    finally:
        session.close()
    with pytest.raises(Exception):
        auth.login(ADMIN, "Verkeerd-Wachtwoord-123")  # the failure counter appears
    wal_check.record(wal_check.marker_path(shared_folder / "store.db"),
                     wal_check.JournalDamage(1, None))  # and a journal notice
    found = modes(shared_folder)
    assert {"login-attempts.json", "journal-damage.json"} <= set(found)
    assert set(found.values()) == {"-rw-------"}, found


def test_an_existing_store_readable_by_others_is_made_private_at_login(shared_folder,
                                                                       keyring_backend):
    auth = AuthService(StorePaths(shared_folder), DeviceSecrets(keyring_backend), FAST_POLICY)
    session, _recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    session.close()
    for name in ("store.db", "store.keys"):  # as an earlier version left them
        (shared_folder / name).chmod(0o644)
    session = auth.login(ADMIN, ADMIN_PASS)
    try:
        found = modes(shared_folder)
        assert found["store.db"] == found["store.keys"] == "-rw-------", found
        assert found["store.db-wal"] == "-rw-------", found
    finally:
        session.close()
