"""The key vault (`store.keys`): the store's data key, wrapped once per user and once for the
recovery key, like LUKS key slots. The file holds no user names (slot ids are hashes) and is
replaced atomically, so a crash leaves the old or the new file, never half of one. Its format
and seals: storage/keyfile.py. A re-key writes `store.keys.next` beside it first
(storage/rekey.py); opening finishes or undoes a re-key that was cut off (`_settle`)."""

import os
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Callable

from blijf_desktop.storage import kdf, rekey_files, sealing
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
    pin,
    pin_ok,
    previous_keys,
    seal,
    user_slot_id,
    wrap_previous,
)

_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
_USER_INFO = b"blijf-desktop user slot v1"
_RECOVERY_INFO = b"blijf-desktop recovery slot v1"


def _wipe(buffer: bytearray | None) -> None:
    if buffer is not None:
        buffer[:] = bytes(len(buffer))


def _open_pair(store_id: str, slot: Slot, inner: bytes | None) -> bytes | None:
    """The data key from what the slot's own key unwrapped: the data key itself in a legacy
    slot, else the private key that opens the sealed data key. A private key that fits but
    a sealed key that does not open is an edited file."""
    if inner is None or slot.legacy:
        return inner
    private = bytearray(inner)
    try:
        data_key = sealing.open_sealed(private, slot.sealed, slot.seal_info(store_id))
    finally:
        _wipe(private)
    if data_key is None:
        raise KeyFileDamaged()
    return data_key


def open_recovery_slot(slot: Slot, store_id: str, raw: bytes) -> bytes | None:
    """The data key from a recovery slot (the key file's, or a backup's copy of it)."""
    kek = kdf.hkdf(raw, slot.salt, _RECOVERY_INFO)
    inner = kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(store_id))
    return _open_pair(store_id, slot, inner)


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

    @property
    def next_path(self) -> Path:
        return rekey_files.next_path(self.path)

    @property
    def db_path(self) -> Path:
        return self.path.with_name("store.db")

    def save(self, keys: KeyFile, data_key: bytes) -> None:
        """Seal and write `keys` (made here, or read with `load_checked`)."""
        self._write(self.path, seal(keys, data_key))

    def _write(self, path: Path, keys: KeyFile) -> None:
        keys.pin = self._pin_for(keys)
        write_atomically(path, keys.to_bytes())

    def _device_or_none(self, store_id: str) -> bytes | None:
        try:
            return self.device.get(store_id)
        except KeyringUnavailable:
            return None

    def _pin_for(self, keys: KeyFile) -> bytes | None:
        """The pin for a file about to be written. A store bound to the PC is not written
        without it while the keyring fails for a moment (KeyringUnavailable): the next login,
        with the keyring back, would take the file for an edited one."""
        if keys.version < 3:
            return None
        secret = self._device_or_none(keys.store_id) if keys.passphrase_only \
            else self.device.get(keys.store_id)
        return pin(keys, secret) if secret else None

    def _check_pin(self, keys: KeyFile) -> None:
        """Before any Argon2id work: where this PC's keyring holds the store's device secret,
        a version 3 file must carry the pin made with it (KeyFileDamaged otherwise), so a
        slot's edited parameters are told as damaged, not as a wrong passphrase."""
        secret = self._device_or_none(keys.store_id) if keys.version >= 3 else None
        if secret and not pin_ok(keys, secret):
            raise KeyFileDamaged()

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
        inner = kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(store_id))
        return _open_pair(store_id, slot, inner)

    # -- opening -----------------------------------------------------------------------
    def open_with_passphrase(self, username: str, passphrase: str) -> bytearray:
        if self.next_path.exists():
            return self._settle(lambda keys: self._open_user(keys, username, passphrase),
                                WrongCredentials)
        return bytearray(self._open_user(self.load(), username, passphrase))

    def _settle(self, opener: Callable[[KeyFile], bytes], refused: type[Exception]) -> bytearray:
        """A re-key was cut off: `store.keys.next` is there. Whichever file's key opens the
        store wins: the new one is put in place (the re-key had committed), or the new file
        is removed (it had not). `opener` opens a key file with the typed credential."""
        new_key = None
        try:
            new_key = opener(KeyFile.from_bytes(self.next_path.read_bytes()))
        except (refused, KeyFileDamaged, DeviceNotBound, FileNotFoundError):
            pass  # not a slot of hers there (removed), or a next file cut short: see below
        if new_key is not None and rekey_files.store_opens(self.db_path, new_key):
            rekey_files.promote(self.next_path, self.path)
            return bytearray(new_key)
        old_key = opener(self.load())
        if rekey_files.store_opens(self.db_path, old_key):
            rekey_files.discard(self.next_path)
            return bytearray(old_key)
        if new_key is None:
            raise refused()  # the re-key committed and her slot is gone
        return bytearray(old_key)  # neither opens: the store itself says what is wrong

    def _open_user(self, keys: KeyFile, username: str, passphrase: str) -> bytes:
        self._check_pin(keys)
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
        return data_key

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
        if self.next_path.exists():
            return self._settle(lambda keys: self._open_recovery(keys, raw), WrongRecoveryKey)
        return bytearray(self._open_recovery(self.load(), raw))

    @staticmethod
    def _open_recovery(keys: KeyFile, raw: bytes) -> bytes:
        slot = keys.slot(RECOVERY_SLOT_ID)
        if slot is None:
            raise WrongRecoveryKey()
        data_key = open_recovery_slot(slot, keys.store_id, raw)
        if data_key is None:
            raise WrongRecoveryKey()
        check(keys, data_key, allow_version_1=True)
        return data_key

    # -- changing ----------------------------------------------------------------------
    def create(self, data_key: bytes, username: str, passphrase: str, passphrase_only: bool) -> str:
        """Write a new key file with one user slot and a recovery slot; return the recovery key."""
        keys = KeyFile(store_id=secrets.token_hex(16), passphrase_only=passphrase_only)
        self._put_user_slot(keys, username, passphrase, data_key, rebind=True)
        recovery = self._put_recovery_slot(keys, data_key)
        self.save(keys, data_key)
        return recovery

    def upgrade(self, data_key: bytes, username: str | None = None,
                passphrase: str | None = None) -> bool:
        """After a successful login: seal an older file as version 3 (opened and checked
        just now), and give the user's legacy slot its key pair (same binding and Argon2id
        cost, a new salt), so a later re-key can seal a new data key to it. True when
        something was written."""
        keys = self.load()
        check(keys, data_key, allow_version_1=True)
        changed = keys.version < VERSION
        slot = keys.slot(user_slot_id(keys.store_id, username)) if username else None
        if slot is not None and slot.legacy and passphrase is not None:
            try:
                self._put_user_slot(keys, username, passphrase, data_key, rebind=False,
                                    params=slot.argon, bound=slot.device_bound)
                changed = True
            except (DeviceNotBound, KeyringUnavailable):
                pass  # stays legacy; a re-key will name her account
        if changed:
            self.save(keys, data_key)
        return changed

    def upgrade_recovery(self, recovery_key: str, data_key: bytes) -> bool:
        """After the recovery key opened the store: a legacy recovery slot gets its key pair
        (the same recovery key keeps working)."""
        keys = self.load()
        check(keys, data_key, allow_version_1=True)
        slot = keys.slot(RECOVERY_SLOT_ID)
        if slot is None or not slot.legacy:
            return False
        self._put_recovery_slot(keys, data_key, parse_recovery_key(recovery_key))
        self.save(keys, data_key)
        return True

    # -- a new data key (storage/rekey.py drives the phases) -------------------------------
    def legacy_slots(self, data_key: bytes) -> tuple[list[str], bool]:
        """(ids of user slots without a key pair, whether the recovery slot lacks one): what a
        re-key cannot carry over, since only a passphrase or the recovery key opens them."""
        keys = self.load_checked(data_key)
        users = [s.id for s in keys.slots if s.kind == "user" and s.legacy]
        recovery = keys.slot(RECOVERY_SLOT_ID)
        return users, recovery is None or recovery.legacy

    def write_next(self, data_key: bytes, new_key: bytes) -> str | None:
        """Phase 1 of a re-key: `store.keys.next`, sealed under `new_key`: every slot with a
        key pair gets `new_key` sealed to it, legacy user slots are left out, the earlier
        data keys (this one first) are kept wrapped under `new_key`. A legacy or missing
        recovery slot is replaced by a new one, whose key is returned (to be printed)."""
        keys = self.load_checked(data_key)
        store_id = keys.store_id
        slots = [replace(s, sealed=sealing.seal(s.public, new_key, s.seal_info(store_id)),
                         mac=None)
                 for s in keys.slots if not s.legacy]
        old_keys = [bytes(data_key), *previous_keys(keys, data_key)]
        new = KeyFile(store_id, keys.passphrase_only, slots,
                      previous=wrap_previous(store_id, old_keys, new_key))
        recovery = None
        if new.slot(RECOVERY_SLOT_ID) is None:
            recovery = self._put_recovery_slot(new, new_key)
        self._write(self.next_path, seal(new, new_key))
        return recovery

    def earlier_keys(self, data_key: bytes) -> list[bytes]:
        """The data keys of before each re-key (newest first): what older backups need."""
        return previous_keys(self.load_checked(data_key), data_key)

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
        self._write(self.path, keys)

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

    def opens_here(self, username: str) -> bool:
        """Whether `username`'s slot exists and, if bound to a PC, finds this PC's device
        secret (on a new PC, recovered from the sheet, none does)."""
        keys = self.load()
        slot = keys.slot(user_slot_id(keys.store_id, username))
        if slot is None:
            return False
        return not slot.device_bound or bool(self._device_or_none(keys.store_id))

    def passphrase_only(self) -> bool:
        return self.load().passphrase_only

    def argon_params(self, username: str) -> kdf.ArgonParams | None:
        keys = self.load()
        slot = keys.slot(user_slot_id(keys.store_id, username))
        return slot.argon if slot else None

    def _put_user_slot(self, keys: KeyFile, username: str, passphrase: str, data_key: bytes,
                       rebind: bool, params: kdf.ArgonParams | None = None,
                       bound: bool | None = None) -> None:
        bound = not keys.passphrase_only if bound is None else bound
        device = self._device_secret(keys.store_id, create=rebind) if bound else b""
        params = params or self.policy.choose()
        salt = os.urandom(16)
        draft = Slot(user_slot_id(keys.store_id, username), "user", bound, salt, b"", b"", params)
        stretched = kdf.argon2id(passphrase, salt, params)
        keys.put(_with_key_pair(keys.store_id, draft, kdf.hkdf(stretched + device, salt,
                                                               _USER_INFO), data_key))

    def _put_recovery_slot(self, keys: KeyFile, data_key: bytes, raw: bytes | None = None) -> str:
        raw = raw or os.urandom(_RECOVERY_BYTES)
        salt = os.urandom(16)
        draft = Slot(RECOVERY_SLOT_ID, "recovery", False, salt, b"", b"")
        keys.put(_with_key_pair(keys.store_id, draft, kdf.hkdf(raw, salt, _RECOVERY_INFO),
                                data_key))
        return format_recovery_key(raw)


def _with_key_pair(store_id: str, draft: Slot, kek: bytes, data_key: bytes) -> Slot:
    """`draft` with a new key pair: the private key wrapped under `kek`, the data key sealed
    to the public key. Both bound to the slot's header (which names the public key)."""
    private, public = sealing.new_key_pair()
    draft = replace(draft, public=public)
    try:
        nonce, wrapped = kdf.wrap(kek, private, draft.associated_data(store_id))
    finally:
        _wipe(private)
    sealed = sealing.seal(public, data_key, draft.seal_info(store_id))
    return replace(draft, nonce=nonce, wrapped=wrapped, sealed=sealed)
