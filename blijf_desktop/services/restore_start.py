"""Restoring a backup where there is no store (a lost or new PC), with the recovery key.

The store it replaces is gone, so what was destroyed or audited after the backup cannot be
carried over (storage/restore_carry.py does that for a restore inside the app): the preview
says plainly that destructions since the backup's date must be done again, and the restore's
audit row records it with the proposals the backup still holds as open (Blijf 8.2).

The backup carries the recovery slot of its time, so the sheet that was in the safe when it
was made opens it. The restored store gets a new key file: that recovery slot (the same
sheet keeps working) and one user slot, for the user named here, with a new passphrase bound
to this PC, exactly as "Wachtwoord vergeten / nieuwe pc" does. Other users get a one-time
passphrase from the beheerder, as after a move to a new PC."""

from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.auth import AuthService, check_passphrase
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.restore import BackupInfo, BackupPreview, read_info
from blijf_desktop.storage import audit, backup_file, backup_restore, environment, instance_lock
from blijf_desktop.storage.errors import KeyringUnavailable, StoreExists


def open_destructions(conn) -> list[int]:
    """Ids of the destructions the restored store holds as proposed or approved: each may
    have been carried out after the backup, so it is checked and, if so, done again."""
    from blijf_desktop.domain.destruction import DestructionState
    from blijf_desktop.storage import destruction_proposals

    return [p.id for p in destruction_proposals.listing(
        conn, (DestructionState.VOORGESTELD, DestructionState.BEOORDEELD))]


class StartRestoreService:
    """Before login; needs no session, and answers nothing until the recovery key fits."""

    def __init__(self, auth: AuthService):
        self.auth = auth

    def read_backup(self, path: str) -> BackupInfo:
        return read_info(path)

    def open_backup(self, info: BackupInfo, recovery_key: str) -> BackupPreview:
        """The backup's own recovery slot opens it (with the login back-off for guesses)."""
        from blijf_desktop.storage.errors import WrongRecoveryKey

        self.auth.paths.make_folder()  # the back-off is counted there
        self.auth.guard.check()
        try:
            data_key = backup_file.recovery_data_key(info.header, recovery_key)
        except WrongRecoveryKey:
            self.auth.guard.failed()
            raise
        try:
            return BackupPreview(info, backup_file.unseal(info.header, data_key))
        finally:
            data_key[:] = bytes(len(data_key))

    def check_new_account(self, username: str, passphrase: str) -> None:
        """Before the long copy: the typed passphrase is strong enough, no store is here."""
        if not username.strip():
            raise InvalidInput("username", "required")
        check_passphrase(passphrase)
        if self.auth.store_exists():
            raise StoreExists()
        if not self.auth.device.available():
            raise KeyringUnavailable()

    def restore(self, preview: BackupPreview, recovery_key: str, username: str,
                passphrase: str, progress: backup_file.Progress,
                cancelled: Callable[[], bool]):
        """Copy, check, put in place, make the key file, log `username` in; the Session.
        Runs in a worker thread (nothing else uses the store yet). Anything that fails
        leaves no store behind, so the start screen can be tried again."""
        from blijf_desktop.services.session import HeldSession
        from blijf_desktop.storage import database, keyvault, users

        self.check_new_account(username, passphrase)
        paths = self.auth.paths
        header = preview.info.header
        data_key = backup_file.recovery_data_key(header, recovery_key)
        paths.make_folder()
        hold = instance_lock.hold(paths.lock)
        db = None
        try:
            with environment.explained(paths.folder, tuple(paths.store_files())):
                target = backup_restore.restoring_path(paths.db)
                backup_restore.copy_and_check(preview.info.path, header, bytearray(data_key),
                                              preview.contents, target, progress, cancelled)
                backup_restore.swap_in(paths.db, target, "start")
                slot = keyvault.Slot.from_json(header.recovery)
                self.auth.vault.save(keyvault.KeyFile(header.store_id, header.passphrase_only,
                                                      [slot]), bytes(data_key))
                db = database.Database(paths.db, data_key)
                user = users.by_username(db.conn, username)
                if user is None or not user.active:
                    raise InvalidInput("username", "unknown")
                self.auth.vault.set_user_passphrase(user.username, passphrase, bytes(data_key),
                                                    rebind=True)
                with db.transaction() as conn:
                    users.set_must_change(conn, user.id, False)
                    # The store it replaces is gone: destructions since the backup cannot
                    # be carried (storage/restore_carry.py). Said in the preview; recorded
                    # here, with the proposals the backup holds as not yet carried out.
                    audit.append(conn, AuditAction.BACKUP_RESTORED.value, user.id, "backup",
                                 preview.info.path.name, detail={
                                     "created": header.created_at, "from_start": True,
                                     "cases": preview.contents.cases,
                                     "destructions_since": "unknown",
                                     "destructions_open": open_destructions(conn)})
                    audit.append(conn, AuditAction.RECOVERY_USED.value, user.id, "user",
                                 str(user.id))
                    audit.append(conn, AuditAction.LOGIN.value, user.id)
                user = users.by_id(db.conn, user.id)
            return HeldSession(hold, paths, self.auth.vault, db, data_key, user, self.auth.guard)
        except BaseException:
            if db is not None:
                db.close()
            for path in (*paths.store_files(), backup_restore.restoring_path(paths.db)):
                path.unlink(missing_ok=True)
            data_key[:] = bytes(len(data_key))
            hold.release()
            raise
