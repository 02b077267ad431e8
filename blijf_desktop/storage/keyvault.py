"""The key vault (`store.keys`): the store's data key, wrapped once per user and once for the
recovery key, like LUKS key slots. The file holds no user names (slot ids are hashes) and is
replaced atomically, so a crash leaves the old or the new file, never half of one."""

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from blijf_desktop.storage import kdf
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import (
    DeviceNotBound,
    KeyFileDamaged,
    KeyFileMissing,
    KeyFileUnsupported,
    WrongCredentials,
    WrongRecoveryKey,
)
from blijf_desktop.storage.files import write_atomically

FORMAT = "blijf-desktop-keys"
VERSION = 1
RECOVERY_SLOT_ID = "recovery"
_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
_SIZES = {"salt": 16, "nonce": 12, "wrapped": 48}  # wrapped = 32-byte key + 16-byte GCM tag
# Bounds for the Argon2id parameters read from the file: an edited slot must give a clear
# "damaged" answer, not a derivation that eats all memory or runs for hours. The production
# floor is 64 MiB and tuning stops at 64 iterations, so real slots sit well inside.
_ARGON_BOUNDS = {"memory_kib": (8, 1 << 20), "iterations": (1, 256), "lanes": (1, 64)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def user_slot_id(store_id: str, username: str) -> str:
    material = f"{store_id}\0user\0{normalise_username(username)}".encode("utf-8")
    return hashlib.sha256(material).hexdigest()[:32]


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    if len(cleaned) != 32:
        raise WrongRecoveryKey()
    try:
        return base64.b32decode(cleaned)
    except ValueError as error:
        raise WrongRecoveryKey() from error


@dataclass(frozen=True)
class Slot:
    id: str
    kind: str  # "user" | "recovery"
    device_bound: bool
    salt: bytes
    nonce: bytes
    wrapped: bytes
    argon: kdf.ArgonParams | None = None  # None for the recovery slot

    def associated_data(self, store_id: str) -> bytes:
        params = kdf.params_dict(self.argon) if self.argon else None
        header = {"store": store_id, "slot": self.id, "kind": self.kind,
                  "device_bound": self.device_bound, "argon": params}
        return json.dumps(header, sort_keys=True).encode("utf-8")

    def to_json(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "device_bound": self.device_bound,
            "salt": _b64(self.salt), "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped),
            "argon": kdf.params_dict(self.argon) if self.argon else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Slot":
        """A slot as written by `to_json`; anything else raises KeyFileDamaged."""
        kind = data["kind"]
        if kind not in ("user", "recovery") or not isinstance(data["id"], str):
            raise KeyFileDamaged()
        if not isinstance(data["device_bound"], bool):
            raise KeyFileDamaged()
        blobs = {name: _unb64(data[name]) for name in _SIZES}
        if any(len(blobs[name]) != size for name, size in _SIZES.items()):
            raise KeyFileDamaged()
        argon = _argon_from_json(data["argon"]) if kind == "user" else None
        if kind == "recovery" and data["argon"] is not None:
            raise KeyFileDamaged()
        return cls(id=data["id"], kind=kind, device_bound=data["device_bound"], argon=argon,
                   **blobs)


def _argon_from_json(argon) -> kdf.ArgonParams:
    if not isinstance(argon, dict) or set(argon) != set(_ARGON_BOUNDS):
        raise KeyFileDamaged()
    for name, (low, high) in _ARGON_BOUNDS.items():
        value = argon[name]
        if type(value) is not int or not low <= value <= high:  # bool is not a count
            raise KeyFileDamaged()
    if argon["memory_kib"] < 8 * argon["lanes"]:  # Argon2's own minimum
        raise KeyFileDamaged()
    return kdf.ArgonParams(**argon)


@dataclass
class KeyFile:
    store_id: str
    passphrase_only: bool
    slots: list[Slot] = field(default_factory=list)

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def put(self, slot: Slot) -> None:
        self.slots = [s for s in self.slots if s.id != slot.id] + [slot]

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "version": VERSION, "store_id": self.store_id,
                "passphrase_only": self.passphrase_only,
                "slots": [s.to_json() for s in self.slots]}
        return json.dumps(body, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "KeyFile":
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise KeyFileDamaged() from error
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise KeyFileDamaged()
        version = body.get("version")
        if type(version) is not int or version < 1:
            raise KeyFileDamaged()
        if version > VERSION:
            raise KeyFileUnsupported()
        try:
            store_id, passphrase_only = body["store_id"], body["passphrase_only"]
            if not isinstance(store_id, str) or not isinstance(passphrase_only, bool):
                raise KeyFileDamaged()
            if not isinstance(body["slots"], list):
                raise KeyFileDamaged()
            slots = [Slot.from_json(s) for s in body["slots"]]
            return cls(store_id, passphrase_only, slots)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise KeyFileDamaged() from error


class Vault:
    """Reads and changes one key file. Holds no key itself."""

    def __init__(self, path: Path, device: DeviceSecrets, policy: kdf.KdfPolicy):
        self.path = path
        self.device = device
        self.policy = policy

    # -- reading -----------------------------------------------------------------------
    def load(self) -> KeyFile:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError as error:
            raise KeyFileMissing() from error
        return KeyFile.from_bytes(raw)

    def save(self, keys: KeyFile) -> None:
        write_atomically(self.path, keys.to_bytes())

    def _device_secret(self, keys: KeyFile, create: bool) -> bytes:
        if keys.passphrase_only:
            return b""
        secret = self.device.get(keys.store_id)
        if secret is None:
            if not create:
                raise DeviceNotBound()
            secret = self.device.create(keys.store_id)
        return secret

    def _user_kek(self, passphrase: str, salt: bytes, params: kdf.ArgonParams, device: bytes) -> bytes:
        stretched = kdf.argon2id(passphrase, salt, params)
        return kdf.hkdf(stretched + device, salt, b"blijf-desktop user slot v1")

    # -- opening -----------------------------------------------------------------------
    def open_with_passphrase(self, username: str, passphrase: str) -> bytearray:
        keys = self.load()
        device = self._device_secret(keys, create=False)
        slot = keys.slot(user_slot_id(keys.store_id, username))
        if slot is None or slot.kind != "user":
            # Spend the same work as a real attempt: the answer must not tell who exists.
            decoy = next((s for s in keys.slots if s.argon), None)
            params = decoy.argon if decoy else self.policy.floor
            self._user_kek(passphrase, os.urandom(16), params, device)
            raise WrongCredentials()
        kek = self._user_kek(passphrase, slot.salt, slot.argon, device if slot.device_bound else b"")
        data_key = kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(keys.store_id))
        if data_key is None:
            raise WrongCredentials()
        return bytearray(data_key)

    def open_with_recovery(self, recovery_key: str) -> bytearray:
        raw = parse_recovery_key(recovery_key)
        keys = self.load()
        slot = keys.slot(RECOVERY_SLOT_ID)
        if slot is None:
            raise WrongRecoveryKey()
        kek = kdf.hkdf(raw, slot.salt, b"blijf-desktop recovery slot v1")
        data_key = kdf.unwrap(kek, slot.nonce, slot.wrapped, slot.associated_data(keys.store_id))
        if data_key is None:
            raise WrongRecoveryKey()
        return bytearray(data_key)

    # -- changing ----------------------------------------------------------------------
    def create(self, data_key: bytes, username: str, passphrase: str, passphrase_only: bool) -> str:
        """Write a new key file with one user slot and a recovery slot; return the recovery key."""
        keys = KeyFile(store_id=secrets.token_hex(16), passphrase_only=passphrase_only)
        self._put_user_slot(keys, username, passphrase, data_key, rebind=True)
        recovery = self._put_recovery_slot(keys, data_key)
        self.save(keys)
        return recovery

    def set_user_passphrase(self, username: str, passphrase: str, data_key: bytes,
                            rebind: bool = False) -> None:
        """Add or replace a user's slot. `rebind` makes a new device secret if this PC lacks one."""
        keys = self.load()
        self._put_user_slot(keys, username, passphrase, data_key, rebind)
        self.save(keys)

    def remove_user(self, username: str) -> None:
        keys = self.load()
        slot_id = user_slot_id(keys.store_id, username)
        keys.slots = [s for s in keys.slots if s.id != slot_id]
        self.save(keys)

    def replace_recovery(self, data_key: bytes) -> str:
        keys = self.load()
        recovery = self._put_recovery_slot(keys, data_key)
        self.save(keys)
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
        device = self._device_secret(keys, create=rebind)
        params = self.policy.choose()
        salt = os.urandom(16)
        draft = Slot(user_slot_id(keys.store_id, username), "user", not keys.passphrase_only,
                     salt, b"", b"", params)
        kek = self._user_kek(passphrase, salt, params, device)
        nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(keys.store_id))
        keys.put(replace(draft, nonce=nonce, wrapped=wrapped))

    def _put_recovery_slot(self, keys: KeyFile, data_key: bytes) -> str:
        raw = os.urandom(_RECOVERY_BYTES)
        salt = os.urandom(16)
        draft = Slot(RECOVERY_SLOT_ID, "recovery", False, salt, b"", b"")
        kek = kdf.hkdf(raw, salt, b"blijf-desktop recovery slot v1")
        nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(keys.store_id))
        keys.put(replace(draft, nonce=nonce, wrapped=wrapped))
        return format_recovery_key(raw)
