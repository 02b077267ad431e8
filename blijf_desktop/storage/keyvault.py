"""The key vault (`store.keys`): the store's data key, wrapped once per user and once for the
recovery key, like LUKS key slots. The file holds no user names (slot ids are hashes) and is
replaced atomically, so a crash leaves the old or the new file, never half of one. Its format
and seals: storage/keyfile.py."""

import os
import secrets
from dataclasses import replace
from pathlib import Path

from blijf_desktop.storage import kdf
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import (
    DeviceNotBound,
    KeyFileDamaged,
    KeyFileMissing,
    KeyringUnavailable,
    WrongCredentials,
    WrongRecoveryKey,
)
from blijf_desktop.storage.files import write_atomically
from blijf_desktop.storage.keyfile import (  # noqa: F401  (the names others import from here)
    FORMAT,
    RECOVERY_SLOT_ID,
    VERSION,
    KeyFile,
    Slot,
    check,
    format_recovery_key,
    normalise_username,
    parse_recovery_key,
    seal,
    user_slot_id,
)

_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
_USER_INFO = b"blijf-desktop user slot v1"
_RECOVERY_INFO = b"blijf-desktop recovery slot v1"


class Vault:
    """Reads and changes one key file. Holds no key itself."""

    def __init__(self, path: Path, device: DeviceSecrets, policy: kdf.KdfPolicy):
        self.path = path
        self.device = device
        self.policy = policy

    # -- reading -----------------------------------------------------------------------
    def load(self) -> KeyFile:
        """The file as it is, seals not checked: for what only reads (ids, parameters)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError as error:
            raise KeyFileMissing() from error
        return KeyFile.from_bytes(raw)

    def load_checked(self, data_key: bytes) -> KeyFile:
        """The file with every seal checked against the open store's key (KeyFileDamaged
        otherwise): what a change or a backup starts from."""
        keys = self.load()
        check(keys, data_key, allow_version_1=False)
        return keys

    def save(self, keys: KeyFile, data_key: bytes) -> None:
        """Seal and write `keys` (made here, or read with `load_checked`)."""
        write_atomically(self.path, seal(keys, data_key).to_bytes())

    def _device_secret(self, store_id: str, create: bool) -> bytes:
        secret = self.device.get(store_id)
        if secret is None:
            if not create:
                raise DeviceNotBound()
            secret = self.device.create(store_id)
        return secret

    @staticmethod
    def _unwrap_user(store_id: str, slot: Slot, stretched: bytes, device: bytes) -> bytes | None:
        kek = kdf.hkdf(stretched + device, slot.salt, _USER_INFO)
        return kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(store_id))

    # -- opening -----------------------------------------------------------------------
    def open_with_passphrase(self, username: str, passphrase: str) -> bytearray:
        keys = self.load()
        slot = keys.slot(user_slot_id(keys.store_id, username))
        if slot is None or slot.kind != "user":
            # Spend the work of the costliest slot: the answer must not tell who exists,
            # whichever slot a name would have had.
            if not keys.passphrase_only:
                self._device_secret(keys.store_id, create=False)
            decoy = keys.costliest()
            kdf.argon2id(passphrase, os.urandom(16), decoy.argon if decoy else self.policy.floor)
            raise WrongCredentials()
        device = self._device_secret(keys.store_id, create=False) if slot.device_bound else b""
        stretched = kdf.argon2id(passphrase, slot.salt, slot.argon)
        data_key = self._unwrap_user(keys.store_id, slot, stretched, device)
        if data_key is None:
            if self._opens_bound_otherwise(keys.store_id, slot, stretched):
                raise KeyFileDamaged()
            raise WrongCredentials()
        check(keys, data_key, allow_version_1=True)
        return bytearray(data_key)

    def _opens_bound_otherwise(self, store_id: str, slot: Slot, stretched: bytes) -> bool:
        """Whether the slot opens with its device binding switched (an edited file), tried
        with the work already done: the passphrase was right, the file lies."""
        if slot.device_bound:
            device = b""
        else:
            try:
                device = self.device.get(store_id)
            except KeyringUnavailable:
                return False
            if device is None:
                return False
        other = replace(slot, device_bound=not slot.device_bound)
        return self._unwrap_user(store_id, other, stretched, device) is not None

    def open_with_recovery(self, recovery_key: str) -> bytearray:
        raw = parse_recovery_key(recovery_key)
        keys = self.load()
        slot = keys.slot(RECOVERY_SLOT_ID)
        if slot is None:
            raise WrongRecoveryKey()
        kek = kdf.hkdf(raw, slot.salt, _RECOVERY_INFO)
        data_key = kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(keys.store_id))
        if data_key is None:
            raise WrongRecoveryKey()
        check(keys, data_key, allow_version_1=True)
        return bytearray(data_key)

    # -- changing ----------------------------------------------------------------------
    def create(self, data_key: bytes, username: str, passphrase: str, passphrase_only: bool) -> str:
        """Write a new key file with one user slot and a recovery slot; return the recovery key."""
        keys = KeyFile(store_id=secrets.token_hex(16), passphrase_only=passphrase_only)
        self._put_user_slot(keys, username, passphrase, data_key, rebind=True)
        recovery = self._put_recovery_slot(keys, data_key)
        self.save(keys, data_key)
        return recovery

    def upgrade(self, data_key: bytes) -> bool:
        """After a successful login: seal a version 1 file (opened and checked just now).
        True when it was upgraded."""
        keys = self.load()
        check(keys, data_key, allow_version_1=True)
        if keys.version >= VERSION:
            return False
        self.save(keys, data_key)
        return True

    def set_user_passphrase(self, username: str, passphrase: str, data_key: bytes,
                            rebind: bool = False) -> None:
        """Add or replace a user's slot. `rebind` makes a new device secret if this PC lacks one."""
        keys = self.load_checked(data_key)
        self._put_user_slot(keys, username, passphrase, data_key, rebind)
        self.save(keys, data_key)

    def recover_user(self, username: str, passphrase: str, data_key: bytes,
                     passphrase_only: bool) -> None:
        """After the recovery key opened the store: the user's new slot, bound to this PC
        (a new device secret where it has none) unless passphrase-only was chosen, which
        then holds for the slots written from now on. The mode is what was chosen, never
        what the file said, so an edited version 1 file cannot talk it down."""
        keys = self.load()
        check(keys, data_key, allow_version_1=True)
        keys.passphrase_only = passphrase_only
        self._put_user_slot(keys, username, passphrase, data_key, rebind=True)
        self.save(keys, data_key)

    def remove_user(self, username: str) -> None:
        """Drop a slot; the others keep their seals (no key needed, none made)."""
        keys = self.load()
        slot_id = user_slot_id(keys.store_id, username)
        keys.slots = [s for s in keys.slots if s.id != slot_id]
        write_atomically(self.path, keys.to_bytes())

    def replace_recovery(self, data_key: bytes) -> str:
        keys = self.load_checked(data_key)
        recovery = self._put_recovery_slot(keys, data_key)
        self.save(keys, data_key)
        return recovery

    def store_id(self) -> str:
        return self.load().store_id

    def slot_of(self, username: str) -> str | None:
        """The id of `username`'s key slot, None when there is none: what a failed login
        records instead of the typed name (services/login_guard.py)."""
        try:
            keys = self.load()
        except Exception:  # the login already failed; this only sharpens the signal
            return None
        slot_id = user_slot_id(keys.store_id, username)
        return slot_id if keys.slot(slot_id) is not None else None

    def passphrase_only(self) -> bool:
        return self.load().passphrase_only

    def argon_params(self, username: str) -> kdf.ArgonParams | None:
        keys = self.load()
        slot = keys.slot(user_slot_id(keys.store_id, username))
        return slot.argon if slot else None

    def _put_user_slot(self, keys: KeyFile, username: str, passphrase: str, data_key: bytes,
                       rebind: bool) -> None:
        bound = not keys.passphrase_only
        device = self._device_secret(keys.store_id, create=rebind) if bound else b""
        params = self.policy.choose()
        salt = os.urandom(16)
        draft = Slot(user_slot_id(keys.store_id, username), "user", bound, salt, b"", b"", params)
        stretched = kdf.argon2id(passphrase, salt, params)
        kek = kdf.hkdf(stretched + device, salt, _USER_INFO)
        nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(keys.store_id))
        keys.put(replace(draft, nonce=nonce, wrapped=wrapped))

    def _put_recovery_slot(self, keys: KeyFile, data_key: bytes) -> str:
        raw = os.urandom(_RECOVERY_BYTES)
        salt = os.urandom(16)
        draft = Slot(RECOVERY_SLOT_ID, "recovery", False, salt, b"", b"")
        kek = kdf.hkdf(raw, salt, _RECOVERY_INFO)
        nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(keys.store_id))
        keys.put(replace(draft, nonce=nonce, wrapped=wrapped))
        return format_recovery_key(raw)
