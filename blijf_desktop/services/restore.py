"""Restoring a backup from inside the app (functioneel beheerder), with her passphrase.

read_backup (the header: date, size, schema) → open_backup (her passphrase opens her slot in
the current key file, which must hold the backup's data key; the sealed counts for the
preview) → start_restore → RestoreJob.run in a worker (copy beside the store and check it
whole) → finish_restore (UI thread: the current file set aside, the restored one in its
place, put back if it does not open). After a restore the session ends: the restored store
has its own users, and everyone logs in again."""

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import (
    audit, backup_file, backup_restore, destruction, restore_carry, users,
)
from blijf_desktop.storage.backup_errors import BackupDamaged, BackupTooNew
from blijf_desktop.storage.backup_file import Contents, Header
from blijf_desktop.storage.database import latest_version
from blijf_desktop.storage.errors import WrongCredentials


@dataclass(frozen=True)
class BackupInfo:
    """What the file says before any key is given."""

    path: Path
    header: Header
    created: datetime
    size: int


@dataclass(frozen=True)
class BackupPreview:
    info: BackupInfo
    contents: Contents


def read_info(path: str | Path) -> BackupInfo:
    """The header of a backup file, or why it cannot be restored (not a backup, cut off,
    damaged, made by a newer app)."""
    path = Path(path)
    try:
        header = backup_file.read_header(path)
    except IsADirectoryError:
        raise InvalidInput("file", "not_a_file") from None
    except FileNotFoundError:
        raise InvalidInput("file", "missing") from None
    if header.schema > latest_version():
        raise BackupTooNew()
    try:
        created = datetime.fromisoformat(header.created_at)
    except ValueError:
        raise BackupDamaged() from None
    return BackupInfo(path, header, created, header.file_bytes)


def backup_key(header: Header, data_key: bytes, earlier: Callable[[], list[bytes]]) -> bytes:
    """The data key this backup was made with: the store's own, or one it had before a
    re-key (issue 22: kept wrapped under the current key). The current key when none fits,
    so that `unseal` says "another key"."""
    if backup_file.key_check(data_key, header.store_id) == header.key_check:
        return data_key
    for key in earlier():
        if backup_file.key_check(key, header.store_id) == header.key_check:
            return key
    return data_key


class RestoreJob:
    """Copies and checks the backup off the UI thread; `error` is None when it is sound.
    A backup made before a re-key is re-keyed to the store's current key on the copy, before
    it takes the store's place, so the current key file opens it."""

    def __init__(self, preview: BackupPreview, data_key: bytearray, target: Path,
                 current_key: bytearray | None = None):
        self.preview, self._data_key, self.target = preview, data_key, target
        self._current_key = current_key
        self.error: Exception | None = None
        self.checked = False

    def run(self, progress: backup_file.Progress, cancelled: Callable[[], bool]) -> None:
        try:
            backup_restore.copy_and_check(self.preview.info.path, self.preview.info.header,
                                          self._data_key, self.preview.contents, self.target,
                                          progress, cancelled)
            if self._current_key is not None and self._current_key != self._data_key:
                backup_restore.rekey_copy(self.target, self._data_key, self._current_key)
            self.checked = True
        except Exception as error:
            self.error = error
        finally:
            self._data_key[:] = bytes(len(self._data_key))
            if self._current_key is not None:
                self._current_key[:] = bytes(len(self._current_key))


def _expect(value, kind) -> None:
    if not isinstance(value, kind):
        raise InvalidInput("backup", "unknown")


def restored_by(conn, user_id: int, username: str) -> int | None:
    """The restoring user's id in the restored store, if she is the same account there."""
    found = users.by_id(conn, user_id)
    return user_id if found is not None and found.username == username else None


class RestoreService:
    def __init__(self, session: Session):
        self.session = session

    @requires(Permission.MANAGE_BACKUPS)
    def read_backup(self, path: str) -> BackupInfo:
        return read_info(path)

    @requires(Permission.MANAGE_BACKUPS)
    def open_backup(self, info: BackupInfo, passphrase: str) -> BackupPreview:
        """Her own passphrase, checked against the current key file (with the login
        back-off), must give the data key the backup was made with."""
        _expect(info, BackupInfo)
        session = self.session
        session.guard.check()
        try:
            data_key = session.vault.open_with_passphrase(session.user.username, passphrase)
        except WrongCredentials:
            session.guard.failed()
            raise
        try:
            key = backup_key(info.header, bytes(data_key),
                             lambda: session.vault.earlier_keys(bytes(data_key)))
            return BackupPreview(info, backup_file.unseal(info.header, key))
        finally:
            data_key[:] = bytes(len(data_key))

    @requires(Permission.MANAGE_BACKUPS)
    def start_restore(self, preview: BackupPreview) -> RestoreJob:
        _expect(preview, BackupPreview)
        session = self.session
        current = session.data_key
        key = backup_key(preview.info.header, current,
                         lambda: session.vault.earlier_keys(current))
        return RestoreJob(preview, bytearray(key),
                          backup_restore.restoring_path(session.paths.db),
                          session.data_key_copy())

    @requires(Permission.MANAGE_BACKUPS)
    def finish_restore(self, job: RestoreJob) -> restore_carry.Applied:
        """Put the checked copy in place, with the audit rows and the destructions since the
        backup carried over from the store it replaces (storage/restore_carry.py; what was
        carried is returned and in the restore's audit row). On success the session's store
        is closed (the session is locked: log out). If the restored store does not open, the
        current one is put back, opened again, the failure audited, and the error raised."""
        _expect(job, RestoreJob)
        session = self.session
        info = job.preview.info
        if job.error is not None or not job.checked:
            session.audit(AuditAction.RESTORE_FAILED, record_type="backup",
                          record_id=info.path.name,
                          detail={"code": getattr(job.error, "code", "not_checked")})
            raise job.error or InvalidInput("file", "not_checked")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        user_id, username = session.user.id, session.user.username
        # What the restored store must not lose: the trail and the destructions since the
        # backup (storage/restore_carry.py), read while this store is still open.
        carried = restore_carry.collect(session.db.conn, job.preview.contents.audit_head)
        session.close_store()
        moved = backup_restore.swap_in(session.paths.db, job.target, stamp)
        try:
            session.open_store()
            with session.db.transaction() as conn:
                applied = restore_carry.apply(conn, carried)
                audit.append(conn, AuditAction.BACKUP_RESTORED.value,
                             restored_by(conn, user_id, username), "backup", info.path.name,
                             detail={"created": info.header.created_at,
                                     "cases": job.preview.contents.cases,
                                     "schema": info.header.schema,
                                     "same_trail": carried.same_trail,
                                     "audit_rows_carried": applied.audit_rows,
                                     "destructions_redone": list(applied.redone),
                                     "destructions_to_redo": list(applied.to_redo)})
        except Exception as error:
            session.close_store()
            backup_restore.put_back(session.paths.db, moved)
            session.open_store()
            session.audit(AuditAction.RESTORE_FAILED, record_type="backup",
                          record_id=info.path.name,
                          detail={"code": getattr(error, "code", type(error).__name__)})
            raise
        backup_restore.discard(moved)
        if applied.redone:  # what went again, went from the file's pages too
            destruction.compact(session.db.conn, Path(session.db.path))
        session.lock_after_restore()
        return applied
