"""A session in server mode (issue 23; docs/server-mode.md sections 4 and 7): the work on the
PostgreSQL server as the user's own login role, what she types and has not saved yet in her
encrypted local draft store at this desk. Services see the same `Session`: `db` is the server,
`draft_db` the local store."""

from __future__ import annotations

import logging
import weakref
from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.login_guard import LoginGuard
from blijf_desktop.services.session import Session
from blijf_desktop.storage import audit, instance_lock, users
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.errors import StoreLocked, WrongCredentials
from blijf_desktop.storage.keyvault import Vault
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.pg.database import ServerDatabase
from blijf_desktop.storage.pg.errors import ServerLoginRefused
from blijf_desktop.storage.users import User

log = logging.getLogger(__name__)


class ServerSession(Session):
    """`connect(passphrase)` opens the server as her role again (an unlock); the local draft
    store is `paths` with `vault`, opened with `data_key`."""

    server_mode = True

    def __init__(self, hold: instance_lock.Hold, paths: StorePaths, vault: Vault,
                 server: ServerDatabase, data_key: bytearray, user: User,
                 guard: LoginGuard, connect: Callable[[str], ServerDatabase],
                 failed_attempts_seen: int = 0, drafts_set_aside: bool = False,
                 connect_as: Callable[[str, str], ServerDatabase] | None = None):
        super().__init__(paths, vault, server, data_key, user, guard, failed_attempts_seen,
                         passphrase_just_typed=True)  # the server took it just now
        self._drafts: Database | None = None  # opened at the first draft (desk_drafts)
        self._connect = connect
        self._connect_as = connect_as
        # Her earlier draft store at this desk did not open with the passphrase the server
        # took (changed at another desk): it was kept aside, and this session started a new one.
        self.drafts_set_aside = drafts_set_aside
        self._release_hold = weakref.finalize(self, hold.release)

    @property
    def draft_db(self) -> Database:
        if self.locked:
            raise StoreLocked()
        if self._drafts is None:
            from blijf_desktop.services.desk_drafts import open_store

            self._drafts = open_store(self.paths, self._data_key, self.user)
        return self._drafts

    def refresh_user(self) -> None:
        self.user = users.by_id(self.db.conn, self.user.id)

    # -- what only a local store has -------------------------------------------------------
    def lock_others_after_rekey(self) -> int:
        return 0  # a server is not re-keyed from a desk

    def open_store(self) -> None:
        raise StoreLocked()  # a restore replaces a local store; a server's are the server's

    def prove_passphrase(self, username: str, passphrase: str) -> None:
        """A second user's passphrase is her login's on the server, which checks it (SCRAM
        over verified TLS, its own back-off): this desk's draft store holds no slot of hers.
        The connection is closed at once; an account that maps to no active user (blijf.
        my_user_id) proves nothing. WrongCredentials when refused."""
        from blijf_desktop.storage.pg import logins

        if self._connect_as is None:
            raise WrongCredentials()
        try:
            probe = self._connect_as(username, passphrase)
        except ServerLoginRefused:
            raise WrongCredentials() from None
        try:
            if logins.my_user_id(probe.conn) is None:
                raise WrongCredentials()
        finally:
            probe.close()

    # -- lock, unlock, log out ----------------------------------------------------------------
    def lock(self) -> None:
        if self.locked:
            return
        self._one_time_proven_at = None
        try:
            self.audit(AuditAction.LOCK)
        except Exception as error:  # the server may be gone: the desk locks all the same
            log.warning("the lock was not recorded on the server: %s", type(error).__name__)
        finally:
            self._close_all()

    def unlock(self, passphrase: str) -> None:
        """Her passphrase opens her draft slot and logs in to the server again: a server
        restarted meanwhile, or a network that came back, is taken up here."""
        if not self.locked:
            return
        self.guard.check()
        try:
            data_key = self.vault.open_with_passphrase(self.user.username, passphrase)
        except WrongCredentials:
            self.guard.failed(self.vault.slot_of(self.user.username))
            raise
        try:
            server = self._connect(passphrase)
        except BaseException:
            _wipe(data_key)
            raise
        self._db, self._data_key = server, data_key
        found = users.by_id(self.db.conn, self.user.id)
        if found is None or not found.active:  # disabled while she was away
            self._close_all()
            raise ServerLoginRefused()
        self.user = found
        with self.db.transaction() as conn:
            self.failed_attempts_seen = self.guard.succeeded(conn, self.user.id)
            audit.append(conn, AuditAction.UNLOCK.value, self.user.id)
        self._passphrase_proven()  # a reset's one-time passphrase (blijf.set_login), too

    def close(self) -> None:
        self._one_time_proven_at = None
        self.glass_broken_for.clear()
        try:
            if not self.locked:
                self.audit(AuditAction.LOGOUT)
        except Exception as error:  # gone, or her login ended (disabled): she leaves all the same
            log.warning("the logout was not recorded on the server: %s", type(error).__name__)
        finally:
            self._close_all()
            self._release_hold()

    def _close_all(self) -> None:
        server, self._db = self._db, None
        drafts, self._drafts = self._drafts, None
        try:
            if server is not None:
                server.close()
        finally:
            if drafts is not None:
                drafts.close()
            self._forget_key()


def _wipe(key: bytearray) -> None:
    for i in range(len(key)):
        key[i] = 0
