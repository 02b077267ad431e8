"""A logged-in user's session: the open store, the user, and the lock."""

import functools
import time
import weakref
from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.services.errors import AccountPending, PermissionDenied, SessionNotReady
from blijf_desktop.services.login_guard import LoginGuard
from blijf_desktop.storage import account_requests, audit, instance_lock, users, wal_check
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.errors import StoreLocked, WrongCredentials
from blijf_desktop.storage.keyvault import Vault
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.users import User
from blijf_desktop.storage.wal_check import JournalDamage

# How long a login or unlock with a one-time passphrase stands in for typing it again when the
# user chooses her own (AccountService.choose_own_passphrase). The default idle lock: an open
# window left longer than that is locked; a first-login dialog left that long asks again.
ONE_TIME_PROOF_SECONDS = 300.0


def requires(permission: Permission | None, *, before_ready: bool = False):
    """Mark a service method with the permission it needs; None means any logged-in user.
    Tests enumerate these marks: a public method without one fails the permissions test.
    `before_ready`: also before the user has accepted the confidentiality declaration (set-up
    shows the recovery key, to be printed, before she has)."""

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            self.session.require(permission, before_ready)
            return method(self, *args, **kwargs)

        guarded.required_permission = permission
        return guarded

    return decorate


# Every session opened in this process, for `lock_others_after_rekey`.
_sessions: "weakref.WeakSet[Session]" = weakref.WeakSet()


class Session:
    server_mode = False  # True for services/server_session.py's ServerSession
    def __init__(self, paths: StorePaths, vault: Vault, db: Database, data_key: bytearray,
                 user: User, guard: LoginGuard, failed_attempts_seen: int = 0,
                 journal_damage: list[JournalDamage] | None = None,
                 passphrase_just_typed: bool = False):
        """`passphrase_just_typed`: opened by a login with the user's passphrase (not made by
        set-up or a recovery): see `one_time_proof_fresh`."""
        _sessions.add(self)
        self.paths = paths
        self.vault = vault
        self._db: Database | None = db
        self._data_key: bytearray | None = data_key
        self.user = user
        self.guard = guard
        self.failed_attempts_seen = failed_attempts_seen  # shown once after login
        self.journal_damage = list(journal_damage or [])  # lost work (damaged WAL), until told
        self.clock: Callable[[], float] = time.monotonic
        # Also the wall clock: the monotonic clock stops while a laptop sleeps.
        self.wall_clock: Callable[[], float] = time.time
        # Cases of another team opened by break-the-glass (services/break_glass.py): for this
        # session only; a new login starts without (issue 22).
        self.glass_broken_for: set[int] = set()
        self._one_time_proven_at: float | None = None
        self._one_time_proven_wall: float | None = None
        if passphrase_just_typed:
            self._passphrase_proven()

    # -- state -------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._db is None

    @property
    def db(self) -> Database:
        if self._db is None:
            raise StoreLocked()
        return self._db

    @property
    def draft_db(self) -> Database:
        """Where what she typed and did not save yet is kept (services/drafts.py): the store
        itself here; the desk's local store in server mode (services/server_session.py)."""
        return self.db

    @property
    def data_key(self) -> bytes:
        if self._data_key is None:
            raise StoreLocked()
        return bytes(self._data_key)

    def data_key_copy(self) -> bytearray:
        """A copy of the data key for work off the UI thread (a backup), which wipes it."""
        if self._data_key is None:
            raise StoreLocked()
        return bytearray(self._data_key)

    def adopt_data_key(self, new_key: bytearray) -> None:
        """After a re-key (services/rekey.py): the open store now reads with `new_key`; the
        old key is wiped and the new one kept in its place."""
        if self._data_key is None:
            raise StoreLocked()
        self._forget_key()
        self._data_key = new_key

    def lock_others_after_rekey(self) -> int:
        """After this session re-keyed the store: any other session on it in this process
        (the app has one; tests and a second approver's checks may have more) still holds the
        old key. Its connection is closed without writing (a page written under the old key
        would damage the store) and its key forgotten: it is locked, and its user unlocks with
        her passphrase, which now gives the new key. Returns how many were locked."""
        locked = 0
        for other in list(_sessions):
            if other is not self and not other.locked and other.paths.db == self.paths.db:
                other._one_time_proven_at = None
                other._db.close()
                other._db = None
                other._forget_key()
                locked += 1
        return locked

    def close_store(self) -> None:
        """Close the connection and keep the key (a restore replaces the file meanwhile)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def open_store(self) -> None:
        """Open the store file again with the key kept by `close_store`."""
        if self._data_key is None:
            raise StoreLocked()
        self._db = Database(self.paths.db, self._data_key)

    def lock_after_restore(self) -> None:
        """The store was replaced by a restore: close it and forget the key without an
        audit row (this user may not exist in the restored store); the UI logs out."""
        self.close_store()
        self._forget_key()

    def refresh_user(self) -> None:
        self.user = users.by_id(self.db.conn, self.user.id)

    @property
    def ready(self) -> bool:
        return bool(self.user.confidentiality_accepted_at) and not self.user.must_change_passphrase

    def require(self, permission: Permission | None, before_ready: bool = False) -> None:
        if self.locked:
            raise StoreLocked()
        if permission is not None and not may(self.user.role, permission):
            raise PermissionDenied(permission.value)
        if permission is not Permission.OWN_ACCOUNT and not before_ready and not self.ready:
            raise SessionNotReady()

    def audit(self, action: AuditAction, record_type: str | None = None,
              record_id: str | None = None, reason: str | None = None,
              detail: dict | None = None) -> int:
        """Record one event in its own transaction. Changes record theirs inside their own."""
        with self.db.transaction() as conn:
            return audit.append(conn, action.value, self.user.id, record_type, record_id,
                                reason, detail)

    # -- a colleague's passphrase, typed at this desk (services/second_approver.py) ---------
    def prove_colleague(self, username: str, passphrase: str) -> int | None:
        """Her passphrase opens her key slot in this store (the key is zeroed at once), or
        WrongCredentials. Returns None: a slot names no account; the caller finds her by name."""
        key = self.vault.open_with_passphrase(username, passphrase)
        for i in range(len(key)):
            key[i] = 0
        return None

    # -- a one-time passphrase, proven by the login or unlock -----------------------------
    def _passphrase_proven(self) -> None:
        """The user's passphrase opened her key slot just now. While her account must change
        it, that was the one-time passphrase a beheerder set (a reset replaces the slot, so
        nothing else opens it): remember when, and nothing of the passphrase itself."""
        proven = self.user.must_change_passphrase
        self._one_time_proven_at = self.clock() if proven else None
        self._one_time_proven_wall = self.wall_clock() if proven else None

    @property
    def one_time_proof_fresh(self) -> bool:
        """True while this session's login or unlock with the one-time passphrase is at most
        ONE_TIME_PROOF_SECONDS old, not used for a change yet, the store is unlocked and the
        account must still change it. Locking ends it; the next unlock proves it again."""
        proven_at, proven_wall = self._one_time_proven_at, self._one_time_proven_wall
        if proven_at is None or proven_wall is None or self.locked \
                or not self.user.must_change_passphrase:
            return False
        return (0 <= self.clock() - proven_at <= ONE_TIME_PROOF_SECONDS
                and 0 <= self.wall_clock() - proven_wall <= ONE_TIME_PROOF_SECONDS)

    def one_time_proof_used(self) -> None:
        self._one_time_proven_at = None

    def journal_damage_told(self) -> None:
        """The user has confirmed the notice about lost work: it is not shown again."""
        wal_check.told(wal_check.marker_path(self.paths.db))
        self.journal_damage = []

    # -- lock ----------------------------------------------------------------------------
    def lock(self) -> None:
        if self.locked:
            return
        self._one_time_proven_at = None
        try:
            self.audit(AuditAction.LOCK)
        finally:  # even if the audit row cannot be written (disk full): close and forget
            self._db.close()
            self._db = None
            self._forget_key()

    def _forget_key(self) -> None:
        if self._data_key is not None:
            for i in range(len(self._data_key)):
                self._data_key[i] = 0
            self._data_key = None

    def unlock(self, passphrase: str) -> None:
        if not self.locked:
            return
        self.guard.check()
        try:
            data_key = self.vault.open_with_passphrase(self.user.username, passphrase)
        except WrongCredentials:
            self.guard.failed(self.vault.slot_of(self.user.username))
            raise
        self._db = Database(self.paths.db, data_key)
        self._data_key = data_key
        self._refuse_if_pending()
        with self.db.transaction() as conn:
            # Failed attempts meanwhile (at this lock screen too) are told after the unlock.
            self.failed_attempts_seen = self.guard.succeeded(conn, self.user.id)
            audit.append(conn, AuditAction.UNLOCK.value, self.user.id)
        self.refresh_user()
        self._passphrase_proven()  # after a reset while locked: the one-time passphrase

    def _refuse_if_pending(self) -> None:
        """A one-time passphrase set meanwhile for this account waits for a teamleider
        (issue 22; services/account_requests.py): the lock screen lets nobody in before."""
        request = account_requests.open_for(self.db.conn, self.user.id)
        if request is None:
            return
        try:
            with self.db.transaction() as conn:
                audit.append(conn, AuditAction.LOGIN_REFUSED.value, self.user.id, "user",
                             str(self.user.id), reason="pending", detail={"request": request.id})
        finally:
            self._db.close()
            self._db = None
            self._forget_key()
        raise AccountPending()

    def close(self) -> None:
        """Log out: record it, close the store, forget the key."""
        self._one_time_proven_at = None
        self.glass_broken_for.clear()
        try:
            if not self.locked:
                self.audit(AuditAction.LOGOUT)
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None
            self._forget_key()


class HeldSession(Session):
    """A session that keeps its hold on the store lock until it is closed (or forgotten)."""

    def __init__(self, hold: instance_lock.Hold, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._release_hold = weakref.finalize(self, hold.release)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release_hold()
