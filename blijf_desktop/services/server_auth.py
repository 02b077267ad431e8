"""Logging in on a server (issue 23; docs/server-mode.md sections 4 and 7). The login window
and the app's flow use it as they use AuthService: `claim`, `wait_seconds`, `login`.

She types her user name and passphrase. The app connects over verified TLS as her own login
role (storage/pg/logins.role_name) with her passphrase as its password: PostgreSQL checks it
(SCRAM), the desk never holds a shared password. Then the same passphrase opens her draft
store at this desk (services/desk_drafts.py). Failed logins count for this desk's back-off as
at a single desk, and are written to the server's audit trail at the next success."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.auth import check_username
from blijf_desktop.services.login_guard import LoginGuard
from blijf_desktop.storage import instance_lock
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import StoreInUse
from blijf_desktop.storage.paths import StorePaths

if TYPE_CHECKING:
    from blijf_desktop.services.server_session import ServerSession
    from blijf_desktop.storage.kdf import KdfPolicy
    from blijf_desktop.storage.pg.database import ServerDatabase


@dataclass(frozen=True)
class ServerAddress:
    """Where the server is: a libpq address without user or password (each user logs in as
    herself), and the organisation's CA file its certificate must chain to."""

    url: str
    ca_file: Path

    @property
    def host(self) -> str:
        """The server's name, to show at the login (a machine's name, nobody's data)."""
        try:
            return urlsplit(self.url).hostname or ""
        except ValueError:
            return ""


class ServerAuthService:
    server_mode = True

    def __init__(self, address: ServerAddress, desk: StorePaths,
                 device: DeviceSecrets | None = None, policy: KdfPolicy | None = None,
                 clock: Callable[[], float] = time.time):
        """`desk`: this desk's store folder; it holds her draft store (and the back-off)."""
        self.address = address
        self.paths = desk
        self.device = device or DeviceSecrets()
        self.guard = LoginGuard(desk, clock, self.device)
        self._policy = policy
        self._claim: instance_lock.Hold | None = None

    # -- what the login window asks ------------------------------------------------------
    def claim(self) -> instance_lock.Hold:
        """One app instance per desk folder, as at a single desk."""
        if self._claim is None or self._claim.released:
            self.paths.make_folder()
            self._claim = self._hold(self.paths)
            weakref.finalize(self, self._claim.release)
        return self._claim

    def release(self) -> None:
        if self._claim is not None:
            self._claim.release()

    def _hold(self, paths: StorePaths) -> instance_lock.Hold:
        try:
            return instance_lock.hold(paths.lock)
        except StoreInUse:
            from blijf_desktop.storage import attempts

            self.guard.signal(attempts.INSTANCE)
            raise

    def store_exists(self) -> bool:
        return True  # the server was set up by `server init`; a desk makes no store

    def keyring_available(self) -> bool:
        return self.device.available()

    def wait_seconds(self, thorough: bool = True) -> float:
        return self.guard.wait_seconds(thorough)

    # -- logging in ------------------------------------------------------------------------
    def connect(self, username: str, passphrase: str) -> ServerDatabase:
        """The server as her login role, or a ServerError saying why not."""
        from blijf_desktop.storage.pg.database import ServerDatabase
        from blijf_desktop.storage.pg.logins import role_name

        return ServerDatabase(self.address.url, self.address.ca_file,
                              user=role_name(username), password=passphrase)

    def login(self, username: str, passphrase: str) -> ServerSession:
        from blijf_desktop.storage.pg.errors import ServerLoginRefused

        username = check_username(username)
        self.paths.make_folder()  # its back-off and her draft store live here
        self.guard.check()
        try:
            server = self.connect(username, passphrase)
        except ServerLoginRefused:
            self.guard.failed(None)  # the name itself is never kept
            raise
        try:
            return self._session(server, username, passphrase)
        except BaseException:
            server.close()
            raise

    def _session(self, server: ServerDatabase, username: str, passphrase: str) -> ServerSession:
        from blijf_desktop.services import desk_drafts
        from blijf_desktop.services.server_session import ServerSession
        from blijf_desktop.storage import audit, kdf, users
        from blijf_desktop.storage.pg import logins
        from blijf_desktop.storage.pg.errors import ServerLoginRefused

        # Her row as the server maps her login to it (blijf.my_user_id(), docs section 4):
        # an inactive account, or a role without one, maps to none.
        user_id = logins.my_user_id(server.conn)
        user = None if user_id is None else users.by_id(server.conn, user_id)
        if user is None or not user.active:
            self.guard.failed(None)  # a role without an active account: as a wrong passphrase
            raise ServerLoginRefused()
        paths = desk_drafts.paths_for(self.paths, username)
        paths.make_folder()
        hold = self._hold(paths)
        try:
            key = desk_drafts.open_key(paths, self.device, self._policy or kdf.PRODUCTION_POLICY,
                                       username, passphrase)
        except BaseException:
            hold.release()
            raise
        try:
            with server.transaction() as conn:
                seen = self.guard.succeeded(conn, user.id)
                audit.append(conn, AuditAction.LOGIN.value, user.id)
        except BaseException:
            _wipe(key.data_key)
            hold.release()
            raise
        return ServerSession(hold, paths, key.vault, server, key.data_key, user,
                             LoginGuard(paths, self.guard.clock, self.device),
                             lambda typed: self.connect(username, typed), seen,
                             drafts_set_aside=key.set_aside, connect_as=self.connect)


def _wipe(key: bytearray) -> None:
    for i in range(len(key)):
        key[i] = 0
