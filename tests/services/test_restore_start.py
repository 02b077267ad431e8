"""Restoring from the start (issue 20): the store is lost, the backup and the recovery sheet
are what is left. And what a stolen backup gives without them: nothing readable."""

import shutil

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.errors import InvalidInput, WrongRecoveryKey
from blijf_desktop.services.restore_start import StartRestoreService
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import FAST_POLICY
from tests.keyring_backend import MemoryKeyring
from tests.services.backup_helpers import add_cases, content, make, ready_admin

NEW_PASS = "Nieuwe-Pc-Nieuw-Begin-7"


@pytest.fixture
def lost(created, caseworker, tmp_path):
    """A store with two cases and one backup; then the PC is lost (store and keyring gone).
    Returns (AuthService on a new PC, backup path, recovery key, counts at backup time)."""
    session, recovery_key = created
    add_cases(caseworker, ["Eerste", "Tweede"])
    caseworker.close()
    service = ready_admin(session, tmp_path / "stick")
    job = make(service)
    counts, checksum = content(session.db.conn)
    entry = service.finish_backup(job)
    folder = session.paths.folder
    session.close()
    shutil.rmtree(folder)
    from blijf_desktop.storage.device import DeviceSecrets

    new_pc = AuthService(StorePaths(tmp_path / "nieuwe-pc"), DeviceSecrets(MemoryKeyring()),
                         FAST_POLICY)
    return new_pc, tmp_path / "stick" / entry.name, recovery_key, (counts, checksum)


def test_the_recovery_key_restores_a_lost_store_on_a_new_pc(lost):
    auth, backup, recovery_key, (counts, checksum) = lost
    start = StartRestoreService(auth)
    preview = start.open_backup(start.read_backup(str(backup)), recovery_key)
    assert preview.contents.cases == 2
    session = start.restore(preview, recovery_key, "beheer", NEW_PASS,
                            lambda done, total: None, lambda: False)
    assert content(session.db.conn, counts["audit_log"]) == (counts, checksum)
    rows = session.db.conn.execute("SELECT action, detail FROM audit_log WHERE seq > ?",
                                   (counts["audit_log"],)).fetchall()
    assert [r[0] for r in rows][:3] == [AuditAction.BACKUP_RESTORED.value,
                                        AuditAction.RECOVERY_USED.value, AuditAction.LOGIN.value]
    session.close()
    auth.login("beheer", NEW_PASS).close()  # her new passphrase, bound to this PC
    # The same sheet still opens the restored store (its recovery slot came along).
    auth.recover(recovery_key, "beheer", "Nog-Een-Nieuw-Wachtwoord-8").close()


def test_a_wrong_recovery_key_opens_nothing(lost):
    auth, backup, _key, _content = lost
    start = StartRestoreService(auth)
    info = start.read_backup(str(backup))
    with pytest.raises(WrongRecoveryKey):
        start.open_backup(info, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert not auth.store_exists()


def test_an_unknown_user_leaves_no_store_behind(lost):
    auth, backup, recovery_key, _content = lost
    start = StartRestoreService(auth)
    preview = start.open_backup(start.read_backup(str(backup)), recovery_key)
    with pytest.raises(InvalidInput):
        start.restore(preview, recovery_key, "niemand", NEW_PASS, lambda d, t: None,
                      lambda: False)
    assert not auth.store_exists() and not list(auth.paths.folder.glob("store.[dk]*"))
    session = start.restore(preview, recovery_key, "beheer", NEW_PASS, lambda d, t: None,
                            lambda: False)  # and it can be tried again at once
    session.close()


def test_a_stolen_backup_holds_no_canary_in_plaintext(created, caseworker, tmp_path):
    """The proof suite's scanner over the backup folder: every canary of a client, a pleger
    and a threat typed through the service, in every spelling and encoding it covers."""
    from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
    from blijf_desktop.services.intake import IntakeService
    from tests.security.canaries import canaries, new_token
    from tests.security.scanner import scan_folder

    token = new_token()
    planted = canaries(token)
    values = {name.split(".", 1)[1]: c.typed for name, c in planted.items()
              if name.startswith("client.")}
    from blijf_desktop.domain.validation import parse_date

    values["birth_date"] = parse_date(values["birth_date"])
    intake = IntakeService(caseworker)
    case_id = intake.save_intake(PersonData(Category.CLIENT, **values), [],
                                 [(None, ThreatEntry(__import__("datetime").date(2026, 1, 2),
                                                     planted["threat.client"].typed))])
    assert case_id
    folder = tmp_path / "gestolen"
    service = ready_admin(created[0], folder)
    service.finish_backup(make(service))
    used = [c for name, c in planted.items() if name.startswith("client.") or
            name == "threat.client"]
    result = scan_folder(folder, used)
    assert result.files == 1 and result.hits == []
    # The control: the scan finds a canary that is there in plaintext.
    (folder / "control.txt").write_text(used[0].typed)
    assert scan_folder(folder, used).hits


def test_a_restore_without_the_old_store_records_that_destructions_since_are_unknown(lost):
    """The store it replaces is gone, so destructions since the backup cannot be carried
    (storage/restore_carry.py needs it open): the restore's audit row says so, with the
    proposals the backup holds as still open (none here), for the beheerder to redo."""
    import json

    auth, backup, recovery_key, _counts = lost
    start = StartRestoreService(auth)
    preview = start.open_backup(start.read_backup(str(backup)), recovery_key)
    session = start.restore(preview, recovery_key, "beheer", NEW_PASS,
                            lambda done, total: None, lambda: False)
    try:
        detail = json.loads(session.db.conn.execute(
            "SELECT detail FROM audit_log WHERE action = ?",
            (AuditAction.BACKUP_RESTORED.value,)).fetchone()[0])
        assert detail["destructions_since"] == "unknown" and detail["destructions_open"] == []
    finally:
        session.close()
