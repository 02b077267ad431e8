"""The key file's format (`store.keys`): the data key wrapped once per user and once for the
recovery key, and the seal that makes the file impossible to talk down.

Version 2 (since issue 22) seals what decides how a slot is opened and how new slots are
written: the file's passphrase-only mode and each slot's kind, device binding and Argon2id
parameters, each with an HMAC-SHA256 under a key derived (HKDF) from the data key. Whoever
opens the store with any key (a passphrase or the recovery key) checks every seal, so an edited
flag or parameter is refused as damaged at the first opening, and nothing is written from an
edited file. The wrapped keys themselves are not sealed (AES-GCM authenticates them): a damaged
one is a slot that no longer opens, and the recovery key still repairs it.

Version 1 files (no seals) are read and sealed at the next successful login; every user slot
of a genuine version 1 file is bound to the PC exactly when the file is not passphrase-only,
so a file that says otherwise was edited."""

import base64
import hashlib
import json
from dataclasses import dataclass, field, replace

from blijf_desktop.storage import kdf
from blijf_desktop.storage.errors import KeyFileDamaged, KeyFileUnsupported, WrongRecoveryKey

FORMAT = "blijf-desktop-keys"
VERSION = 2
RECOVERY_SLOT_ID = "recovery"
_SIZES = {"salt": 16, "nonce": 12, "wrapped": 48}  # wrapped = 32-byte key + 16-byte GCM tag
_MAC_BYTES = 32
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
    mac: bytes | None = None  # the seal over `associated_data` (version 2)

    def associated_data(self, store_id: str) -> bytes:
        params = kdf.params_dict(self.argon) if self.argon else None
        header = {"store": store_id, "slot": self.id, "kind": self.kind,
                  "device_bound": self.device_bound, "argon": params}
        return json.dumps(header, sort_keys=True).encode("utf-8")

    @property
    def cost(self) -> int:
        """Argon2id's work for this slot (memory times passes); 0 for the recovery slot."""
        return self.argon.memory_kib * self.argon.iterations if self.argon else 0

    def to_json(self) -> dict:
        body = {
            "id": self.id, "kind": self.kind, "device_bound": self.device_bound,
            "salt": _b64(self.salt), "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped),
            "argon": kdf.params_dict(self.argon) if self.argon else None,
        }
        if self.mac is not None:
            body["mac"] = _b64(self.mac)
        return body

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
        if kind == "recovery" and (data["argon"] is not None or data["device_bound"]):
            raise KeyFileDamaged()
        mac = _unb64(data["mac"]) if data.get("mac") is not None else None
        if mac is not None and len(mac) != _MAC_BYTES:
            raise KeyFileDamaged()
        return cls(id=data["id"], kind=kind, device_bound=data["device_bound"], argon=argon,
                   mac=mac, **blobs)


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
    passphrase_only: bool  # new user slots are not bound to the PC
    slots: list[Slot] = field(default_factory=list)
    version: int = VERSION
    mac: bytes | None = None  # the seal over the mode (version 2)

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def put(self, slot: Slot) -> None:
        self.slots = [s for s in self.slots if s.id != slot.id] + [slot]

    def costliest(self) -> Slot | None:
        """The user slot whose Argon2id costs most: what a login for an unknown name spends."""
        return max((s for s in self.slots if s.argon), key=lambda s: s.cost, default=None)

    def mode_material(self) -> bytes:
        return json.dumps({"format": FORMAT, "store": self.store_id,
                           "passphrase_only": self.passphrase_only}, sort_keys=True).encode()

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "version": self.version, "store_id": self.store_id,
                "passphrase_only": self.passphrase_only,
                "slots": [s.to_json() for s in self.slots]}
        if self.mac is not None:
            body["mac"] = _b64(self.mac)
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
            mac = _unb64(body["mac"]) if body.get("mac") is not None else None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise KeyFileDamaged() from error
        keys = cls(store_id, passphrase_only, slots, version, mac)
        _check_shape(keys)
        return keys


def _check_shape(keys: KeyFile) -> None:
    """What can be checked without a key: a version 2 file has every seal; in a version 1
    file every user slot is bound exactly when the file is not passphrase-only."""
    if keys.version >= 2:
        if keys.mac is None or len(keys.mac) != _MAC_BYTES or any(s.mac is None for s in keys.slots):
            raise KeyFileDamaged()
        return
    if keys.mac is not None or any(s.mac is not None for s in keys.slots):
        raise KeyFileDamaged()
    if any(s.device_bound == keys.passphrase_only for s in keys.slots if s.kind == "user"):
        raise KeyFileDamaged()


def _seal_key(data_key: bytes, store_id: str) -> bytes:
    return kdf.hkdf(bytes(data_key), store_id.encode("utf-8"), b"blijf-desktop key file v2")


def seal(keys: KeyFile, data_key: bytes) -> KeyFile:
    """`keys` as version 2 with every seal made under `data_key`. Only for a file that was
    checked with `check` (or made here): sealing an edited file would make it look genuine."""
    key = _seal_key(data_key, keys.store_id)
    slots = [replace(s, mac=kdf.mac(key, s.associated_data(keys.store_id))) for s in keys.slots]
    sealed = KeyFile(keys.store_id, keys.passphrase_only, slots, VERSION)
    sealed.mac = kdf.mac(key, sealed.mode_material())
    return sealed


def check(keys: KeyFile, data_key: bytes, allow_version_1: bool) -> None:
    """KeyFileDamaged unless every seal fits `data_key`. A version 1 file passes only where
    `allow_version_1` (a login or recovery, which then seals it); during a session the file
    is version 2, so a version 1 file then was put there."""
    if keys.version < 2:
        if not allow_version_1:
            raise KeyFileDamaged()
        return
    key = _seal_key(data_key, keys.store_id)
    sealed = kdf.mac_ok(key, keys.mode_material(), keys.mac) and all(
        kdf.mac_ok(key, s.associated_data(keys.store_id), s.mac) for s in keys.slots)
    if not sealed:
        raise KeyFileDamaged()
