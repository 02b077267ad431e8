"""Encrypted backups to a folder of the user's choice, daily and on request, with rotation.

A backup is made in two halves so the user can go on working: `start_backup()` (UI thread)
gathers what the job needs, `BackupJob.run()` (a worker thread) writes the file through a
connection of its own and never touches the session, `finish_backup()` (UI thread again)
writes the audit trail and rotates. See storage/backup_make.py and SECURITY.md."""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from blijf_desktop import __version__
from blijf_desktop.domain import backups as rules
from blijf_desktop.domain import settings as setting_rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.services.settings import Outcome, change_setting
from blijf_desktop.storage import audit, backup_file, backup_make, backup_settings
from blijf_desktop.storage import settings as stored_settings
from blijf_desktop.storage.backup_errors import BackupError
from blijf_desktop.storage.backup_settings import BackupSettings  # noqa: F401 (re-exported)
from blijf_desktop.storage.errors import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupEntry:
    """A backup file in the folder, as its header describes it (no key needed)."""

    name: str
    created: datetime
    size: int
    schema: int
    ours: bool  # made from this store (the rotation touches nothing else)


class BackupJob:
    """One backup, made off the UI thread by `run`. Holds a copy of the data key until then,
    and wipes it whatever happens."""

    def __init__(self, db_path: Path, data_key: bytearray, keys, folder: Path,
                 created: datetime, automatic: bool):
        self._db_path, self._data_key, self._keys = db_path, data_key, keys
        self.folder, self.created, self.automatic = folder, created, automatic
        self.made: backup_make.Made | None = None
        self.error: Exception | None = None

    def run(self, progress: backup_file.Progress, cancelled: Callable[[], bool]) -> None:
        try:
            self.made = backup_make.make(self._db_path, self._data_key, self._keys, self.folder,
                                         __version__, self.created, progress, cancelled)
        except Exception as error:  # told by finish_backup, on the UI thread
            self.error = error
        finally:
            self.wipe()

    def wipe(self) -> None:
        self._data_key[:] = bytes(len(self._data_key))


def list_folder(folder: Path, store_id: str | None) -> list[BackupEntry]:
    """The backups in `folder`, newest first; files that are not whole backups are left out."""
    found = []
    try:
        candidates = sorted(folder.glob(f"*{rules.SUFFIX}"))
    except OSError:
        return []
    for path in candidates:
        try:
            header = backup_file.read_header(path)
            created = datetime.fromisoformat(header.created_at)
        except (OSError, StoreError, ValueError):
            continue
        found.append(BackupEntry(path.name, created, header.file_bytes, header.schema,
                                 header.store_id == store_id))
    return sorted(found, key=lambda entry: entry.created, reverse=True)


class BackupService:
    def __init__(self, session: Session,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.session = session
        self.clock = clock

    # -- settings ------------------------------------------------------------------------
    @requires(Permission.MANAGE_BACKUPS)
    def settings(self) -> BackupSettings:
        return backup_settings.read(self.session.db.conn)

    @requires(Permission.MANAGE_BACKUPS)
    def choose_folder(self, folder: str) -> Outcome:
        """InvalidInput("folder", reason) when backups cannot go there. A setting like any
        other (services/settings.py): in force at once, audited."""
        try:
            return change_setting(self.session, setting_rules.BACKUP_FOLDER,
                                  folder.strip() if isinstance(folder, str) else folder)
        except InvalidInput as error:
            raise InvalidInput("folder", error.problem) from None

    @requires(Permission.MANAGE_BACKUPS)
    def set_keep(self, keep: int) -> Outcome:
        """Fewer kept weakens security: PENDING until a second user confirms (Blijf 9.1)."""
        try:
            return change_setting(self.session, setting_rules.BACKUP_KEEP, keep)
        except InvalidInput as error:
            raise InvalidInput("keep", error.problem) from None

    @requires(Permission.MANAGE_BACKUPS)
    def set_schedule(self, schedule: str) -> Outcome:
        """daily, weekly or manual (domain/settings.py); less often waits for a second user."""
        try:
            return change_setting(self.session, setting_rules.BACKUP_SCHEDULE, schedule)
        except InvalidInput as error:
            raise InvalidInput("schedule", error.problem) from None

    @requires(Permission.MANAGE_BACKUPS)
    def waiting(self) -> dict[str, object]:
        """The backup settings' changes that wait for a second user: code -> value asked."""
        return {code: request.value
                for code, request in stored_settings.pending(self.session.db.conn).items()
                if code in (setting_rules.BACKUP_KEEP, setting_rules.BACKUP_SCHEDULE)}

    @requires(Permission.MANAGE_BACKUPS)
    def backups(self) -> list[BackupEntry]:
        folder = self.settings().folder
        return list_folder(Path(folder), self.session.vault.store_id()) if folder else []

    @requires(Permission.MANAGE_BACKUPS)
    def last_made(self) -> datetime | None:
        return self._last_made()

    # -- making one ----------------------------------------------------------------------
    @requires(Permission.MANAGE_BACKUPS)
    def start_backup(self) -> BackupJob:
        """A backup on request; InvalidInput("folder", "required") before a folder is chosen."""
        return self._job(automatic=False)

    @requires(None)
    def start_automatic_backup(self) -> BackupJob | None:
        """The day's backup when it is due and a folder is set (any user's login starts it:
        the beheerder chose the folder, the backup shows the user nothing); else None."""
        settings = backup_settings.read(self.session.db.conn)
        if not settings.folder or not rules.automatic_backup_due(self._last_made(), self.clock(),
                                                                  settings.schedule):
            return None
        return self._job(automatic=True)

    @requires(None)
    def finish_backup(self, job: BackupJob) -> BackupEntry:
        """Audit the job's outcome and rotate; raises the job's error after auditing it."""
        if not isinstance(job, BackupJob):
            raise InvalidInput("job", "unknown")
        if job.error is not None or job.made is None:
            error = job.error or BackupError()
            self.session.audit(AuditAction.BACKUP_FAILED, detail={
                "code": getattr(error, "code", type(error).__name__),
                "reason": getattr(error, "reason", None), "automatic": job.automatic})
            raise error
        header = job.made.header
        self.session.audit(AuditAction.BACKUP_MADE, record_type="backup",
                           record_id=job.made.path.name, detail={
                               "bytes": header.file_bytes, "schema": header.schema,
                               "automatic": job.automatic, "created": header.created_at})
        self._rotate(job.folder, header.store_id)
        return BackupEntry(job.made.path.name, job.created, header.file_bytes, header.schema,
                           True)

    def _job(self, automatic: bool) -> BackupJob:
        settings = backup_settings.read(self.session.db.conn)
        if not settings.folder:
            raise InvalidInput("folder", "required")
        return BackupJob(self.session.paths.db, self.session.data_key_copy(),
                         self.session.vault.load_checked(self.session.data_key),
                         Path(settings.folder), self.clock(),
                         automatic)

    def _last_made(self) -> datetime | None:
        """When the last backup was made, by the clock that named it (its audit row)."""
        detail = audit.last_detail(self.session.db.conn, AuditAction.BACKUP_MADE.value)
        if detail is None:
            return None
        try:
            return datetime.fromisoformat(json.loads(detail)["created"])
        except (TypeError, ValueError, KeyError):
            return None

    def _rotate(self, folder: Path, store_id: str) -> None:
        """Delete this store's backups beyond the number kept or older than that many days
        (domain/backups.to_delete); each deletion audited. Other files are never touched."""
        keep = backup_settings.read(self.session.db.conn).keep
        ours = [rules.KeptBackup(e.name, e.created) for e in list_folder(folder, store_id)
                if e.ours]
        for backup in rules.to_delete(ours, keep, self.clock().astimezone().date()):
            try:
                (folder / backup.name).unlink()
            except OSError as error:  # kept; the next rotation tries again
                log.warning("could not delete an old backup: %s", type(error).__name__)
                continue
            self.session.audit(AuditAction.BACKUP_DELETED, record_type="backup",
                               record_id=backup.name, detail={"keep": keep})
