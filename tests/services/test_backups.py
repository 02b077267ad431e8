"""Backups (issue 20): made while the app runs, restored whole or not at all, refused with a
clear reason, rotated, audited."""

import os
from datetime import timedelta
from pathlib import Path

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.errors import (
    BackupCutOff, BackupDamaged, BackupFolderProblem, BackupTooNew, InvalidInput, NotABackup,
    WrongBackupKey, WrongCredentials,
)
from blijf_desktop.services.restore import RestoreService
from blijf_desktop.storage import backup_file
from tests.conftest import ADMIN_PASS
from tests.services.backup_helpers import Clock, add_cases, content, make, ready_admin


def actions(session, action: AuditAction) -> list:
    return session.db.conn.execute(
        "SELECT record_id, detail FROM audit_log WHERE action = ? ORDER BY seq",
        (action.value,)).fetchall()


@pytest.fixture
def store(created, caseworker, tmp_path):
    """Two cases, a beheerder with a backup folder: (admin session, service, folder)."""
    add_cases(caseworker, ["Eerste", "Tweede"])
    folder = tmp_path / "backups"
    return created[0], ready_admin(created[0], folder), folder


def restore(session, path: Path, passphrase: str = ADMIN_PASS):
    service = RestoreService(session)
    preview = service.open_backup(service.read_backup(str(path)), passphrase)
    job = service.start_restore(preview)
    job.run(lambda done, total: None, lambda: False)
    service.finish_restore(job)
    return preview


def test_a_backup_restores_to_an_identical_store(store, caseworker, auth):
    session, service, folder = store
    job = make(service)
    counts_then, checksum_then = content(session.db.conn)
    entry = service.finish_backup(job)
    add_cases(caseworker, ["Derde"])  # made after the backup: gone after the restore
    caseworker.close()
    assert content(session.db.conn)[0]["cases"] == 3

    preview = restore(session, folder / entry.name)

    assert preview.contents.cases == 2 and session.locked  # the beheerder logs in again
    again = auth.login("beheer", ADMIN_PASS)
    counts_now, checksum_now = content(again.db.conn, counts_then["audit_log"])
    assert (counts_now, checksum_now) == (counts_then, checksum_then)
    assert counts_now["cases"] == 2
    restored = actions(again, AuditAction.BACKUP_RESTORED)
    assert [r[0] for r in restored] == [entry.name]
    assert not list(again.paths.folder.glob("*voor-terugzetten*"))  # nothing left aside
    again.close()


def test_the_backup_file_holds_no_user_slot_and_its_pages_need_the_key(store):
    session, service, folder = store
    entry = service.finish_backup(make(service))
    header = backup_file.read_header(folder / entry.name)
    assert header.recovery["kind"] == "recovery"
    assert "slots" not in header.__dict__ and b'"user"' not in (folder / entry.name).read_bytes()[:4096]
    import sqlcipher3

    pages = folder / "pages.db"
    pages.write_bytes((folder / entry.name).read_bytes()[4096:])
    with pytest.raises(sqlcipher3.DatabaseError):
        sqlcipher3.connect(str(pages)).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_a_wrong_passphrase_opens_nothing_and_counts_as_a_failed_attempt(store):
    session, service, folder = store
    entry = service.finish_backup(make(service))
    restoring = RestoreService(session)
    info = restoring.read_backup(str(folder / entry.name))
    with pytest.raises(WrongCredentials):
        restoring.open_backup(info, "Niet-Het-Goede-Wachtwoord-1")
    assert session.guard.wait_seconds() == 0  # three free tries, as at login


def test_a_backup_of_another_store_is_refused_as_such(store, tmp_path, device):
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.paths import StorePaths
    from tests.conftest import FAST_POLICY

    session, service, folder = store
    other_auth = AuthService(StorePaths(tmp_path / "other"), device, FAST_POLICY)
    other, _key = other_auth.create_store("ander", "Andere Beheerder", ADMIN_PASS)
    other_entry = ready_admin(other, tmp_path / "other-backups").finish_backup(
        make(ready_admin(other, tmp_path / "other-backups")))
    other.close()
    restoring = RestoreService(session)
    info = restoring.read_backup(str(tmp_path / "other-backups" / other_entry.name))
    with pytest.raises(WrongBackupKey) as refused:
        restoring.open_backup(info, ADMIN_PASS)
    assert refused.value.other_store


def _damaged_restore_leaves_the_store(session, path: Path, expected_error):
    before = content(session.db.conn)
    restoring = RestoreService(session)
    with pytest.raises(expected_error):
        preview = restoring.open_backup(restoring.read_backup(str(path)), ADMIN_PASS)
        job = restoring.start_restore(preview)
        job.run(lambda done, total: None, lambda: False)
        restoring.finish_restore(job)
    assert not session.locked
    after = content(session.db.conn)
    assert after[0]["cases"] == before[0]["cases"] == 2  # the current store is still there
    assert not list(session.paths.folder.glob("*.restoring*"))


def test_a_damaged_page_is_found_before_anything_is_replaced(store):
    session, service, folder = store
    path = folder / service.finish_backup(make(service)).name
    data = bytearray(path.read_bytes())
    data[4096 + 3 * 4096 + 100] ^= 0x01  # one bit in the fourth page
    path.write_bytes(bytes(data))
    _damaged_restore_leaves_the_store(session, path, BackupDamaged)
    assert actions(session, AuditAction.RESTORE_FAILED)


def test_an_edited_header_is_damage(store):
    session, service, folder = store
    path = folder / service.finish_backup(make(service)).name
    data = path.read_bytes()
    created = backup_file.read_header(path).created_at.encode()
    path.write_bytes(data.replace(created, created.replace(b"2026", b"2025"), 1))
    _damaged_restore_leaves_the_store(session, path, BackupDamaged)


def test_a_cut_off_file_is_told_as_cut_off(store):
    session, service, folder = store
    path = folder / service.finish_backup(make(service)).name
    path.write_bytes(path.read_bytes()[:-4096 * 3])
    _damaged_restore_leaves_the_store(session, path, BackupCutOff)


@pytest.mark.parametrize("kind", ["text", "store", "empty", "folder"])
def test_a_file_that_is_not_a_backup_is_told_as_such(store, tmp_path, kind):
    session, _service, _folder = store
    path = tmp_path / "gekozen"
    if kind == "text":
        path.write_text("Dit is een boodschappenlijst.\n")
    elif kind == "store":
        path.write_bytes(session.paths.db.read_bytes())
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.mkdir()
    expected = InvalidInput if kind == "folder" else NotABackup
    _damaged_restore_leaves_the_store(session, path, expected)


def test_a_backup_from_a_newer_app_is_refused_before_any_key_is_asked(store):
    session, service, folder = store
    path = folder / service.finish_backup(make(service)).name
    header = backup_file.read_header(path)
    newer = backup_file.seal(backup_file.Header(**{**header.__dict__, "schema": 999}),
                             session.data_key, backup_file.unseal(header, session.data_key))
    data = path.read_bytes()
    path.write_bytes(backup_file.header_block(newer) + data[4096:])
    with pytest.raises(BackupTooNew):
        RestoreService(session).read_backup(str(path))
    format_newer = data.replace(b'"format_version": 1', b'"format_version": 9', 1)
    path.write_bytes(format_newer)
    with pytest.raises(BackupTooNew):
        RestoreService(session).read_backup(str(path))


def test_rotation_keeps_the_stated_number_and_audits_each_deletion(created, tmp_path):
    clock = Clock()
    service = ready_admin(created[0], tmp_path / "b", clock)
    service.set_keep(3)
    for _day in range(5):
        service.finish_backup(make(service))
        clock.advance(hours=20)
    assert len(service.backups()) == 3
    assert len(actions(created[0], AuditAction.BACKUP_DELETED)) == 2
    (tmp_path / "b" / "notitie.txt").write_text("niet van ons")
    clock.advance(days=10)  # the PC was off: older than 3 days goes, the new one stays
    service.finish_backup(make(service))
    assert [e.created for e in service.backups()] == [clock.now]
    assert (tmp_path / "b" / "notitie.txt").exists()


def test_the_automatic_backup_runs_once_a_day(store):
    session, service, _folder = store
    job = service.start_automatic_backup()
    job.run(lambda done, total: None, lambda: False)
    service.finish_backup(job)
    assert service.start_automatic_backup() is None
    service.clock.advance(days=1)
    assert service.start_automatic_backup() is not None
    detail = actions(session, AuditAction.BACKUP_MADE)[0][1]
    assert '"automatic": true' in detail


def test_no_automatic_backup_before_a_folder_is_chosen(created):
    assert ready_admin(created[0]).start_automatic_backup() is None


@pytest.mark.parametrize("typed, problem", [("", "required"), ("relatief/pad", "required"),
                                            ("/bestaat/niet/hier", "missing")])
def test_a_folder_that_cannot_take_backups_is_refused(created, typed, problem):
    with pytest.raises(InvalidInput) as refused:
        ready_admin(created[0]).choose_folder(typed)
    assert refused.value.problem == problem


def test_the_store_folder_itself_is_refused(created):
    with pytest.raises(InvalidInput) as refused:
        ready_admin(created[0]).choose_folder(str(created[0].paths.folder))
    assert refused.value.problem == "inside_store"


def test_a_read_only_folder_keeps_the_old_backups_and_says_what_happened(store):
    from tests.reliability.environment import read_only

    session, service, folder = store
    first = service.finish_backup(make(service))
    service.clock.advance(days=1)
    with read_only(folder):
        job = make(service)
    with pytest.raises(BackupFolderProblem) as refused:
        service.finish_backup(job)
    assert refused.value.reason == "read_only"
    assert [e.name for e in service.backups()] == [first.name]
    assert '"read_only"' in actions(session, AuditAction.BACKUP_FAILED)[0][1]


def test_a_full_folder_keeps_the_old_backups_and_leaves_no_partial_file(store):
    import resource
    import signal

    session, service, folder = store
    first = service.finish_backup(make(service))
    service.clock.advance(days=1)
    job = service.start_backup()
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, limits[1]))  # "the disk is full"
    try:
        job.run(lambda done, total: None, lambda: False)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
    with pytest.raises(BackupFolderProblem) as refused:
        service.finish_backup(job)
    assert refused.value.reason == "full"
    assert sorted(os.listdir(folder)) == [first.name]


def test_cancelling_leaves_nothing(store):
    _session, service, folder = store
    job = service.start_backup()
    job.run(lambda done, total: None, lambda: True)
    with pytest.raises(Exception):
        service.finish_backup(job)
    assert os.listdir(folder) == []


def test_the_progress_reaches_the_whole_size(store):
    _session, service, folder = store
    seen = []
    job = make(service, lambda done, total: seen.append((done, total)))
    service.finish_backup(job)
    assert seen and seen[-1][0] == seen[-1][1] == job.made.header.db_bytes


def test_saves_during_a_backup_land_in_the_store_and_the_next_backup(store, caseworker):
    session, service, folder = store
    job = service.start_backup()
    added = []
    job.run(lambda done, total: added or added.extend(add_cases(caseworker, ["Tijdens"])),
            lambda: False)
    entry = service.finish_backup(job)
    header = backup_file.read_header(folder / entry.name)
    assert backup_file.unseal(header, session.data_key).cases == 2
    service.clock.advance(minutes=1)
    later = service.finish_backup(make(service))
    assert backup_file.unseal(backup_file.read_header(folder / later.name),
                              session.data_key).cases == 3
