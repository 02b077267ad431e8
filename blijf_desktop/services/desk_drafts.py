"""Her drafts at this desk in server mode (docs/server-mode.md section 7): one encrypted local
store per user per desk, in the desk's store folder under `server-drafts/<her role name>`
(a digest, storage/pg/logins.py: no name on the disk). One key slot, hers, opened by the
passphrase the server has just accepted and bound to this PC like any slot. Made at her first
login at this desk; nobody else's passphrase opens it, and there is nothing in it to recover:
what is saved is on the server."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from blijf_desktop.storage import files, users
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import KeyringUnavailable, WrongCredentials
from blijf_desktop.storage.kdf import KdfPolicy
from blijf_desktop.storage.keyvault import Vault
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.pg.logins import role_name
from blijf_desktop.storage.users import User

log = logging.getLogger(__name__)

FOLDER = "server-drafts"


def paths_for(desk: StorePaths, username: str) -> StorePaths:
    return StorePaths(desk.folder / FOLDER / role_name(username))


@dataclass
class DraftKey:
    vault: Vault
    data_key: bytearray
    set_aside: bool  # an earlier store that her passphrase no longer opens was kept aside


def open_key(paths: StorePaths, device: DeviceSecrets, policy: KdfPolicy, username: str,
             passphrase: str) -> DraftKey:
    """The key of her draft store, from her slot; a new key file when there is none. Her
    passphrase was just accepted by the server; a store it does not open (she changed it at
    another desk) is kept aside under a new name, untouched, and a new one begun: she can
    work, and nothing is destroyed. The store itself is opened at its first use (`open_store`):
    a login that keeps no draft costs no store."""
    vault = Vault(paths.keys, device, policy)
    set_aside = False
    if paths.keys.exists():
        try:
            return DraftKey(vault, vault.open_with_passphrase(username, passphrase), False)
        except WrongCredentials:
            _keep_aside(paths)
            set_aside = True
    elif paths.db.exists():
        _keep_aside(paths)  # a store without its key file opens for nobody
    if not device.available():
        raise KeyringUnavailable()  # bound to this PC, as every slot of a store
    paths.make_folder()
    data_key = bytearray(os.urandom(32))
    # The recovery key is not kept or shown: the drafts are hers alone, and short-lived.
    vault.create(bytes(data_key), username, passphrase, passphrase_only=False)
    files.make_private([paths.keys])
    return DraftKey(vault, data_key, set_aside)


def open_store(paths: StorePaths, data_key: bytearray, user: User) -> Database:
    """Her draft store, made (with her row, by her server id) at its first use."""
    if paths.db.exists():
        return Database(paths.db, data_key)
    db = Database(paths.db, data_key, create=True)
    try:
        files.make_private(paths.store_files())
        with db.transaction() as conn:
            users.insert_copy(conn, user)
    except BaseException:
        db.close()
        raise
    return db


def _keep_aside(paths: StorePaths) -> None:
    aside = paths.folder.with_name(f"{paths.folder.name}.aside-{int(time.time())}")
    paths.folder.rename(aside)
    log.warning("a draft store its owner's passphrase no longer opens was kept aside")
