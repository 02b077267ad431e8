"""The key file's format (`store.keys`): the data key wrapped once per user and once for the
recovery key, and the seal that makes the file impossible to talk down.

Version 2 (since issue 22) seals what decides how a slot is opened and how new slots are
written: the file's passphrase-only mode and each slot's kind, device binding and Argon2id
parameters, each with an HMAC-SHA256 under a key derived (HKDF) from the data key. Whoever
opens the store with any key (a passphrase or the recovery key) checks every seal, so an edited
flag or parameter is refused as damaged at the first opening, and nothing is written from an
edited file. The wrapped keys themselves are not sealed (AES-GCM authenticates them): a damaged
one is a slot that no longer opens, and the recovery key still repairs it.

Version 3 (issue 22, a new data key when someone leaves): a slot no longer wraps the data key
itself. It holds an X25519 key pair: the private key wrapped (AES-256-GCM) under the key from
the passphrase (or the recovery key), the public key in the clear, and the data key sealed to
that public key with HPKE (storage/sealing.py). So the app can seal a new data key to every
slot without anyone's passphrase (storage/rekey.py). The file also keeps the data keys of
before each re-key, wrapped under the current one (`previous`), so that backups made before
can still be restored by today's users; and, where this PC's keyring holds the store's device
secret, a `pin`: an HMAC over every slot's header under a key from that secret, checked
before any Argon2id work, so a slot whose parameters were edited is told as damaged at its
own user's login too, not taken for a wrong passphrase.

A slot without a key pair (`legacy`, as written by versions 1 and 2) still opens; it is
rewritten with a key pair at its user's next login. Version 1 files (no seals) are read and
sealed at the next successful login; every user slot of a genuine version 1 file is bound to
the PC exactly when the file is not passphrase-only, so a file that says otherwise was edited."""

import base64
import hashlib
import json
from dataclasses import dataclass, field, replace

from blijf_desktop.storage import kdf, sealing
from blijf_desktop.storage.errors import KeyFileDamaged, KeyFileUnsupported, WrongRecoveryKey

FORMAT = "blijf-desktop-keys"
VERSION = 3
RECOVERY_SLOT_ID = "recovery"
_SIZES = {"salt": 16, "nonce": 12, "wrapped": 48}  # wrapped = 32-byte key + 16-byte GCM tag
_MAC_BYTES = 32
_KEY_PAIR_SIZES = {"public": sealing.PUBLIC_BYTES, "sealed": sealing.SEALED_BYTES}
_PREVIOUS_SIZES = {"nonce": 12, "wrapped": 48}
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
    public: bytes | None = None  # version 3: the slot's X25519 public key
    sealed: bytes | None = None  # version 3: the data key sealed to `public` (HPKE)

    @property
    def legacy(self) -> bool:
        """Written before version 3: `wrapped` is the data key itself, not a private key."""
        return self.public is None

    def associated_data(self, store_id: str) -> bytes:
        params = kdf.params_dict(self.argon) if self.argon else None
        header = {"store": store_id, "slot": self.id, "kind": self.kind,
                  "device_bound": self.device_bound, "argon": params}
        if self.public is not None:
            header["public"] = _b64(self.public)
        return json.dumps(header, sort_keys=True).encode("utf-8")

    def seal_info(self, store_id: str) -> bytes:
        """HPKE's info for this slot's sealed data key: binds it to the slot's header."""
        return b"blijf-desktop data key v3\0" + self.associated_data(store_id)

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
        if self.public is not None:
            body.update(public=_b64(self.public), sealed=_b64(self.sealed))
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
        pair = {}
        if data.get("public") is not None or data.get("sealed") is not None:
            pair = {name: _unb64(data[name]) for name in _KEY_PAIR_SIZES}
            if any(len(pair[name]) != size for name, size in _KEY_PAIR_SIZES.items()):
                raise KeyFileDamaged()
        return cls(id=data["id"], kind=kind, device_bound=data["device_bound"], argon=argon,
                   mac=mac, **blobs, **pair)


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
    previous: list[dict] = field(default_factory=list)  # version 3: earlier data keys, wrapped
    pin: bytes | None = None  # version 3: HMAC of every header under the device secret

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def put(self, slot: Slot) -> None:
        self.slots = [s for s in self.slots if s.id != slot.id] + [slot]

    def costliest(self) -> Slot | None:
        """The user slot whose Argon2id costs most: what a login for an unknown name spends."""
        return max((s for s in self.slots if s.argon), key=lambda s: s.cost, default=None)

    def mode_material(self) -> bytes:
        material = {"format": FORMAT, "store": self.store_id,
                    "passphrase_only": self.passphrase_only}
        if self.version >= 3:  # a version 3 seal does not fit the file called version 2
            material.update(version=self.version, previous=self._previous_json())
        return json.dumps(material, sort_keys=True).encode()

    def pin_material(self) -> bytes:
        """What the device pin covers: the mode and every slot's header (no key material)."""
        headers = sorted(s.associated_data(self.store_id).decode("utf-8") for s in self.slots)
        return json.dumps({"mode": self.mode_material().decode("utf-8"), "slots": headers},
                          sort_keys=True).encode("utf-8")

    def _previous_json(self) -> list[dict]:
        return [{name: _b64(entry[name]) for name in _PREVIOUS_SIZES} for entry in self.previous]

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "version": self.version, "store_id": self.store_id,
                "passphrase_only": self.passphrase_only,
                "slots": [s.to_json() for s in self.slots]}
        if self.mac is not None:
            body["mac"] = _b64(self.mac)
        if self.version >= 3:
            body["previous"] = self._previous_json()
        if self.pin is not None:
            body["pin"] = _b64(self.pin)
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
            pin = _unb64(body["pin"]) if body.get("pin") is not None else None
            previous = [_previous_from_json(entry) for entry in body.get("previous", [])]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise KeyFileDamaged() from error
        keys = cls(store_id, passphrase_only, slots, version, mac, previous, pin)
        _check_shape(keys)
        return keys


def _previous_from_json(entry: dict) -> dict:
    blobs = {name: _unb64(entry[name]) for name in _PREVIOUS_SIZES}
    if any(len(blobs[name]) != size for name, size in _PREVIOUS_SIZES.items()):
        raise KeyFileDamaged()
    return blobs


def _check_shape(keys: KeyFile) -> None:
    """What can be checked without a key: a version 2 file has every seal; only version 3
    has key pairs, earlier keys and a pin; in a version 1 file every user slot is bound
    exactly when the file is not passphrase-only."""
    if keys.version < 3 and (keys.previous or keys.pin is not None
                             or any(not s.legacy for s in keys.slots)):
        raise KeyFileDamaged()
    if keys.pin is not None and len(keys.pin) != _MAC_BYTES:
        raise KeyFileDamaged()
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
    sealed = KeyFile(keys.store_id, keys.passphrase_only, slots, VERSION,
                     previous=list(keys.previous))
    sealed.mac = kdf.mac(key, sealed.mode_material())
    return sealed


def pin(keys: KeyFile, device_secret: bytes) -> bytes:
    key = kdf.hkdf(bytes(device_secret), keys.store_id.encode("utf-8"), b"blijf-desktop pin v3")
    return kdf.mac(key, keys.pin_material())


def pin_ok(keys: KeyFile, device_secret: bytes) -> bool:
    key = kdf.hkdf(bytes(device_secret), keys.store_id.encode("utf-8"), b"blijf-desktop pin v3")
    return kdf.mac_ok(key, keys.pin_material(), keys.pin)


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


def _previous_wrap_key(data_key: bytes, store_id: str) -> bytes:
    return kdf.hkdf(bytes(data_key), store_id.encode("utf-8"), b"blijf-desktop previous keys v3")


def _previous_ad(store_id: str) -> bytes:
    return b"blijf-desktop previous data key\0" + store_id.encode("utf-8")


def previous_keys(keys: KeyFile, data_key: bytes) -> list[bytes]:
    """The data keys of before each re-key (newest first), unwrapped with the current one;
    KeyFileDamaged when one does not unwrap (the file's seal covers the list as well)."""
    wrap_key = _previous_wrap_key(data_key, keys.store_id)
    found = []
    for entry in keys.previous:
        key = kdf.unwrap(wrap_key, entry["nonce"], entry["wrapped"], _previous_ad(keys.store_id))
        if key is None:
            raise KeyFileDamaged()
        found.append(key)
    return found


def wrap_previous(store_id: str, old_keys: list[bytes], new_key: bytes) -> list[dict]:
    """`old_keys` (newest first) wrapped under `new_key`, for the file after a re-key."""
    wrap_key = _previous_wrap_key(new_key, store_id)
    entries = []
    for old in old_keys:
        nonce, wrapped = kdf.wrap(wrap_key, old, _previous_ad(store_id))
        entries.append({"nonce": nonce, "wrapped": wrapped})
    return entries
