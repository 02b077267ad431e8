"""Before login: create a store, log in, recover with the recovery key. One app instance per
store: every session holds the store lock (storage/instance_lock.py) until it is closed, and the
UI holds it from start to quit with `claim()`, so a second instance is refused before it reads
or writes anything.

What the login window needs before it is shown (the claim, "is there a store?", the back-off)
is imported at the top. The modules that open the store (key vault, KDF, OpenSSL, SQLCipher,
the session) are imported where a store is made, opened or recovered: about 20 ms that would
otherwise come before the first window (bench/startup.py)."""

from __future__ import annotations

import logging
import os
import time
import weakref
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from blijf_desktop.domain import account_duties as duties
from blijf_desktop.domain import passphrase as passphrase_rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import AccountPending, InvalidInput, WeakPassphrase
from blijf_desktop.services.login_guard import LoginGuard
from blijf_desktop.storage import attempts, environment, files, instance_lock
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import (
    DeviceNotBound,
    KeyringUnavailable,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreFolderUnusable,
    StoreInUse,
    WrongCredentials,
    WrongRecoveryKey,
    means_damaged_store,
)
from blijf_desktop.storage.paths import StorePaths

if TYPE_CHECKING:
    from blijf_desktop.services.session import Session
    from blijf_desktop.storage.database import Database
    from blijf_desktop.storage.kdf import KdfPolicy
    from blijf_desktop.storage.keyvault import Vault
    from blijf_desktop.storage.wal_check import JournalDamage

log = logging.getLogger(__name__)

USERNAME_MAX = 64


def check_passphrase(passphrase: str, *owner: str,
                     min_length: int = passphrase_rules.MIN_LENGTH) -> None:
    """`owner`: the user's name and user name, guessed first (domain.passphrase);
    `min_length`: the store's minimum once a store is open (services/settings.py)."""
    strength = passphrase_rules.assess(passphrase, passphrase_rules.personal_words(*owner),
                                       min_length)
    if not strength.acceptable:
        raise WeakPassphrase(strength.problem, min_length)


def check_username(username: str) -> str:
    cleaned = username.strip()
    if not cleaned:
        raise InvalidInput("username", "required")
    if len(cleaned) > USERNAME_MAX or any(c.isspace() or not c.isprintable() for c in cleaned):
        raise InvalidInput("username", "invalid")
    return cleaned


def check_display_name(display_name: str) -> str:
    cleaned = display_name.strip()
    if not cleaned:
        raise InvalidInput("display_name", "required")
    if len(cleaned) > 200 or not cleaned.isprintable():
        raise InvalidInput("display_name", "invalid")
    return cleaned


class AuthService:
    def __init__(self, paths: StorePaths, device: DeviceSecrets | None = None,
                 policy: KdfPolicy | None = None, clock: Callable[[], float] = time.time):
        """`policy`: the Argon2id parameters for new slots; None means the production policy."""
        self.paths = paths
        self.device = device or DeviceSecrets()
        self.guard = LoginGuard(paths, clock, self.device)
        self._policy = policy
        self._vault: Vault | None = None
        self._claim: instance_lock.Hold | None = None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            from blijf_desktop.storage import kdf, keyvault

            policy = self._policy or kdf.PRODUCTION_POLICY
            self._vault = keyvault.Vault(self.paths.keys, self.device, policy)
        return self._vault

    # -- one instance per store ------------------------------------------------------------
    def claim(self) -> instance_lock.Hold:
        """Hold the store for this app instance until `release()`; StoreInUse when another
        instance has it. Call before showing set-up or login. Claiming twice is harmless."""
        if self._claim is None or self._claim.released:
            self.paths.make_folder()
            self._claim = self._hold()
            weakref.finalize(self, self._claim.release)
        return self._claim

    def release(self) -> None:
        """At quit: let go of the claim (open sessions keep their own hold until closed)."""
        if self._claim is not None:
            self._claim.release()

    def _hold(self) -> instance_lock.Hold:
        """The store lock, or StoreInUse, which is signalled (Blijf 9.1): a second instance
        on the same store may be someone else at the same PC."""
        try:
            return instance_lock.hold(self.paths.lock)
        except StoreInUse:
            self.guard.signal(attempts.INSTANCE)
            raise

    @contextmanager
    def _holding(self) -> Iterator[instance_lock.Hold]:
        """A hold for the session made inside; released again if making it fails. A folder
        or disk that stands in the way raises what it is (storage/environment.py)."""
        hold = self._hold()
        try:
            with environment.explained(self.paths.folder, (*self.paths.store_files(),
                                                          self.paths.attempts)):
                files.make_private(self.paths.store_files())
                yield hold
        except BaseException:
            hold.release()
            raise

    def _store_there(self) -> None:
        """Before a login or recovery: the folder and a store in it, or why not. The folder
        is not made here (a missing one may be a USB stick or share not connected)."""
        environment.check_folder(self.paths.folder)
        if not self.store_exists():
            raise StoreFolderUnusable(StoreFolderUnusable.NO_STORE, str(self.paths.folder))

    @contextmanager
    def _opening(self, data_key: bytearray, create: bool = False) -> Iterator[Database]:
        """The store opened (or made) for a login, recovery or set-up. Should anything fail
        before the session exists, the store is closed and the key zeroed at once; a damaged
        page read on the way (e.g. the users table) becomes StoreDamaged with its message."""
        from blijf_desktop.storage import database

        db = None
        try:
            db = database.Database(self.paths.db, data_key, create=create)
            yield db
        except BaseException as error:
            if db is not None:
                db.close()
            for i in range(len(data_key)):
                data_key[i] = 0
            if not isinstance(error, StoreError) and means_damaged_store(error):
                raise StoreDamaged(type(error).__name__) from error
            raise

    def _journal_damage(self, conn) -> list[JournalDamage]:
        """Saved work lost from a damaged WAL, found when the store was opened now or at an
        earlier open that never became a session (storage/wal_check.py). Each event is written
        to the audit trail once, in the login's transaction; the notice stays until confirmed."""
        from blijf_desktop.storage import audit, wal_check

        events = wal_check.recorded(wal_check.marker_path(self.paths.db))
        for event in events:
            if not event.audited:
                audit.append(conn, AuditAction.JOURNAL_DAMAGED.value, None, detail={
                    "lost_transactions": event.lost_commits, "copy": event.copy_name})
        return events

    def _journal_damage_audited(self, events: list[JournalDamage]) -> list[JournalDamage]:
        """After the login's transaction committed: the marker notes that the rows exist."""
        from blijf_desktop.storage import wal_check

        if all(event.audited for event in events):
            return events
        return wal_check.mark_audited(wal_check.marker_path(self.paths.db), events)

    def store_exists(self) -> bool:
        return self.paths.exists()

    def keyring_available(self) -> bool:
        return self.device.available()

    def passphrase_only(self) -> bool:
        return self.vault.passphrase_only()

    def wait_seconds(self, thorough: bool = True) -> float:
        """The back-off still to wait. `thorough=False` reads only the counter file, not its
        copy in the OS keyring: for the login window before it is first shown (loading the
        keyring costs a quarter of a second); the login itself always checks both."""
        return self.guard.wait_seconds(thorough)

    def create_store(self, username: str, display_name: str, passphrase: str,
                     passphrase_only: bool = False) -> tuple[Session, str]:
        """Make a new store with its first user (functioneel beheerder). Returns the session
        and the recovery key, which is shown once and never stored in readable form."""
        if self.store_exists():
            raise StoreExists()
        username = check_username(username)
        display_name = check_display_name(display_name)
        check_passphrase(passphrase, username, display_name)
        if not passphrase_only and not self.device.available():
            raise KeyringUnavailable()
        self.paths.make_folder()
        with self._holding() as hold:
            if self.store_exists():  # made by another instance in the meantime
                raise StoreExists()
            try:
                return self._create(hold, username, display_name, passphrase, passphrase_only)
            except BaseException:
                self._remove_unfinished_store()
                raise

    def _remove_unfinished_store(self) -> None:
        """Creating failed (e.g. a full disk): remove what was made, or the next start would
        take a store.keys without store.db for a store with a missing file."""
        for path in self.paths.store_files():
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                log.warning("could not remove an unfinished store file: %s", type(error).__name__)

    def _create(self, hold: instance_lock.Hold, username: str, display_name: str,
                passphrase: str, passphrase_only: bool) -> tuple[Session, str]:
        from blijf_desktop.services.session import HeldSession
        from blijf_desktop.storage import audit, users, wal_check

        wal_check.told(wal_check.marker_path(self.paths.db))  # left from an earlier store
        data_key = bytearray(os.urandom(32))
        recovery_key = self.vault.create(bytes(data_key), username, passphrase, passphrase_only)
        with self._opening(data_key, create=True) as db:
            with db.transaction() as conn:
                user_id = users.insert(conn, username, display_name, Role.BEHEERDER, None,
                                       must_change=False)
                audit.append(conn, AuditAction.STORE_CREATED.value, user_id,
                             detail={"schema": db.schema_version})
                if passphrase_only:
                    audit.append(conn, AuditAction.PASSPHRASE_ONLY_MODE.value, user_id)
                audit.append(conn, AuditAction.LOGIN.value, user_id)
            user = users.by_id(db.conn, user_id)
        session = HeldSession(hold, self.paths, self.vault, db, data_key, user, self.guard)
        return session, recovery_key

    def login(self, username: str, passphrase: str) -> Session:
        self._store_there()
        with self._holding() as hold:
            return self._login(hold, username, passphrase)

    def _login(self, hold: instance_lock.Hold, username: str, passphrase: str) -> Session:
        from blijf_desktop.services import account_requests
        from blijf_desktop.services.session import HeldSession
        from blijf_desktop.storage import audit, users

        self.guard.check()
        try:
            data_key = self.vault.open_with_passphrase(username, passphrase)
        except WrongCredentials:
            self.guard.failed(self.vault.slot_of(username))
            raise
        except DeviceNotBound:
            self.guard.signal(attempts.DEVICE)  # e.g. a copied store on another PC
            raise
        with self._opening(data_key) as db:
            user = users.by_username(db.conn, username)
            if user is None or not user.active:
                # A slot without an active account: refuse exactly like a wrong passphrase.
                self.guard.failed(self.vault.slot_of(username))
                raise WrongCredentials()
            account_requests.refuse_pending_login(db, user)  # issue 22: until confirmed
            # An older key file is sealed now, and her slot gets its key pair (format 3).
            self.vault.upgrade(bytes(data_key), username, passphrase)
            with db.transaction() as conn:
                seen = self.guard.succeeded(conn, user.id)
                damage = self._journal_damage(conn)
                audit.append(conn, AuditAction.LOGIN.value, user.id)
            return HeldSession(hold, self.paths, self.vault, db, data_key, user, self.guard, seen,
                               journal_damage=self._journal_damage_audited(damage),
                               passphrase_just_typed=True)

    def recover(self, recovery_key: str, username: str, new_passphrase: str,
                passphrase_only: bool = False) -> Session:
        """Open the store with the recovery key (a lost passphrase, or a new PC) and give
        `username` a new passphrase bound to this PC. `passphrase_only`: the explicit choice
        on screen where no keyring works; it is audited, and the slots written from then on
        are not bound to a PC. Without it, a PC without a working keyring is refused
        (KeyringUnavailable), whatever the key file says."""
        check_passphrase(new_passphrase, username)
        self._store_there()
        if not passphrase_only and not self.device.available():
            raise KeyringUnavailable()
        with self._holding() as hold:
            return self._recover(hold, recovery_key, username, new_passphrase, passphrase_only)

    def _recover(self, hold: instance_lock.Hold, recovery_key: str, username: str,
                 new_passphrase: str, passphrase_only: bool) -> Session:
        from blijf_desktop.services import account_requests
        from blijf_desktop.services.session import HeldSession
        from blijf_desktop.storage import audit, users

        try:
            data_key = self.vault.open_with_recovery(recovery_key)
        except WrongRecoveryKey:
            self.guard.signal(attempts.RECOVERY)
            raise
        with self._opening(data_key) as db:
            user = users.by_username(db.conn, username)
            if user is None or not user.active:
                raise InvalidInput("username", "unknown")
            account_requests.refuse_pending_login(db, user)  # issue 22: until confirmed
            from blijf_desktop.services.settings import current_min_length

            check_passphrase(new_passphrase, username, min_length=current_min_length(db.conn))
            self.vault.recover_user(user.username, new_passphrase, bytes(data_key),
                                    passphrase_only)
            self.vault.upgrade_recovery(recovery_key, bytes(data_key))
            with db.transaction() as conn:
                # Blijf 6.1, 9.1: whoever holds the recovery sheet (often the beheerder) may
                # not open an account with case access with a passphrase she chose: like a
                # beheerder's reset, it waits for a teamleider (services/account_requests.py).
                asked = account_requests.ask(
                    conn, user.id, user.id, user.role, duties.RESET,
                    can_log_in=lambda i: self.vault.opens_here(users.by_id(conn, i).username))
                waits = asked["confirmation"] == "pending"
                users.set_must_change(conn, user.id, waits)
                audit.append(conn, AuditAction.RECOVERY_USED.value, user.id, "user", str(user.id),
                             detail={"passphrase_only": passphrase_only, **asked})
                if passphrase_only:
                    audit.append(conn, AuditAction.PASSPHRASE_ONLY_MODE.value, user.id, "user",
                                 str(user.id), detail={"via": "recovery"})
                self.guard.succeeded(conn, user.id)  # the recovery key was right
                if not waits:
                    damage = self._journal_damage(conn)
                    audit.append(conn, AuditAction.LOGIN.value, user.id)
            if waits:
                raise AccountPending()  # the new passphrase works once a teamleider confirms
            user = users.by_id(db.conn, user.id)
            return HeldSession(hold, self.paths, self.vault, db, data_key, user, self.guard,
                               journal_damage=self._journal_damage_audited(damage))
