"""The backup file: a 4 KiB header, then the store's encrypted pages exactly as SQLCipher
wrote them (under the store's data key; nothing is decrypted on the way out).

    MAGIC (16 bytes) | header length (4 bytes, big-endian) | header JSON | zeros to 4096
    store pages (db_bytes)

The header in plain text says only what a preview needs before any key is given: when, by
which app version, which schema, how large, and the SHA-256 of the pages. It carries a copy of
the recovery slot (the data key wrapped under the recovery key, as in store.keys), so the
recovery sheet opens the backup on a new PC; it carries no user slot, so a passphrase alone
opens nothing. A `sealed` part (AES-256-GCM under a key derived from the data key) holds the
counts for the preview and authenticates every plain field as associated data: a header
edited by anyone without the data key fails, and so does a page swapped for another
(the SHA-256 covers them all)."""

import base64
import hashlib
import json
import os
import struct
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from blijf_desktop.storage import kdf, keyvault
from blijf_desktop.storage.backup_errors import (
    BackupCancelled, BackupCutOff, BackupDamaged, BackupTooNew, NotABackup, WrongBackupKey,
)
from blijf_desktop.storage.errors import KeyFileDamaged, WrongRecoveryKey

MAGIC = b"BLIJF-DESKTOP-BK"
FORMAT_VERSION = 1
HEADER_SIZE = 4096
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")
_FIELDS = {"format_version": int, "created_at": str, "app_version": str, "schema": int,
           "store_id": str, "passphrase_only": bool, "db_bytes": int, "sha256": str,
           "key_check": str, "recovery": (dict, type(None)), "sealed": dict}

Progress = Callable[[int, int], None]  # (done, total); total 0: busy, no measure


@dataclass(frozen=True)
class Contents:
    """What the sealed part says (shown in the preview, checked after the restore copy)."""

    cases: int
    persons: int
    audit_rows: int
    audit_head: str


@dataclass(frozen=True)
class Header:
    format_version: int
    created_at: str  # ISO, UTC
    app_version: str
    schema: int
    store_id: str
    passphrase_only: bool
    db_bytes: int
    sha256: str
    key_check: str
    recovery: dict | None
    sealed: dict

    def authenticated(self) -> bytes:
        fields = asdict(self)
        fields.pop("sealed")
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @property
    def file_bytes(self) -> int:
        return HEADER_SIZE + self.db_bytes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def key_check(data_key: bytes, store_id: str) -> str:
    """A fingerprint of the data key: tells "made with another key" from "damaged" without
    trying to decrypt. One-way (HKDF), so it gives nothing away about the key."""
    info = b"blijf-desktop backup key check v1\0" + store_id.encode("utf-8")
    return kdf.hkdf(bytes(data_key), b"", info)[:16].hex()


def _seal_key(data_key: bytes, salt: bytes) -> bytes:
    return kdf.hkdf(bytes(data_key), salt, b"blijf-desktop backup header v1")


def seal(draft: Header, data_key: bytes, contents: Contents) -> Header:
    """`draft` with its sealed part made (draft.sealed is ignored)."""
    salt = os.urandom(16)
    body = json.dumps(asdict(contents), sort_keys=True).encode("utf-8")
    nonce, box = kdf.wrap(_seal_key(data_key, salt), body, draft.authenticated())
    return Header(**{**asdict(draft), "sealed": {"salt": _b64(salt), "nonce": _b64(nonce),
                                                  "box": _b64(box)}})


def unseal(header: Header, data_key: bytes) -> Contents:
    """The counts, once the key is known to be this backup's; WrongBackupKey(other_store)
    when the backup was made with another data key, BackupDamaged when the header was
    changed after it was written."""
    if key_check(data_key, header.store_id) != header.key_check:
        raise WrongBackupKey(other_store=True)
    try:
        sealed = header.sealed
        salt, nonce, box = (base64.b64decode(sealed[n], validate=True)
                            for n in ("salt", "nonce", "box"))
    except (KeyError, TypeError, ValueError) as error:
        raise BackupDamaged() from error
    if len(nonce) != 12:
        raise BackupDamaged()
    body = kdf.unwrap(_seal_key(data_key, salt), nonce, box, header.authenticated())
    if body is None:
        raise BackupDamaged()
    try:
        values = json.loads(body)
        return Contents(**{name: kind(values[name]) for name, kind in
                           (("cases", int), ("persons", int), ("audit_rows", int),
                            ("audit_head", str))})
    except (KeyError, TypeError, ValueError) as error:
        raise BackupDamaged() from error


def recovery_data_key(header: Header, recovery_key: str) -> bytearray:
    """The data key from the backup's copy of the recovery slot (the sheet of that time)."""
    raw = keyvault.parse_recovery_key(recovery_key)
    if header.recovery is None:
        raise WrongRecoveryKey()
    try:
        slot = keyvault.Slot.from_json(header.recovery)
    except Exception as error:  # any malformed slot: the header is damaged
        raise BackupDamaged() from error
    if slot.kind != "recovery":
        raise BackupDamaged()
    try:
        data_key = keyvault.open_recovery_slot(slot, header.store_id, raw)
    except KeyFileDamaged as error:  # the key fits, the sealed data key does not
        raise BackupDamaged() from error
    if data_key is None:
        raise WrongRecoveryKey()
    return bytearray(data_key)


# -- reading --------------------------------------------------------------------------------
def read_header(path: Path) -> Header:
    """The header of the file at `path`, or why it is not a whole backup this app can read.
    Reads only the first 4 KiB and the file's size."""
    with open(path, "rb") as handle:
        start = handle.read(HEADER_SIZE)
        size = os.fstat(handle.fileno()).st_size
    if not start.startswith(MAGIC):
        raise NotABackup()
    if len(start) < HEADER_SIZE:
        raise BackupCutOff()
    (length,) = _LENGTH.unpack_from(start, len(MAGIC))
    begin = len(MAGIC) + _LENGTH.size
    if length > HEADER_SIZE - begin:
        raise BackupDamaged()
    header = _parse(start[begin:begin + length])
    if size < header.file_bytes:
        raise BackupCutOff()
    if size > header.file_bytes:
        raise BackupDamaged()
    return header


def _parse(raw: bytes) -> Header:
    try:
        values = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupDamaged() from error
    if not isinstance(values, dict) or type(values.get("format_version")) is not int:
        raise BackupDamaged()
    if values["format_version"] > FORMAT_VERSION:
        raise BackupTooNew()
    if set(values) != set(_FIELDS):
        raise BackupDamaged()
    for name, kind in _FIELDS.items():
        value = values[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise BackupDamaged()
    if values["db_bytes"] <= 0 or values["db_bytes"] % 4096 or values["schema"] < 1:
        raise BackupDamaged()
    return Header(**values)


def copy_pages(source: Path, header: Header, target: Path, progress: Progress,
               cancelled: Callable[[], bool]) -> None:
    """Write the backup's pages to `target` (a new, private file) and check their SHA-256
    against the header; BackupDamaged (and no target left) when they differ."""
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as reader, _new_private(target) as writer:
            reader.seek(HEADER_SIZE)
            done = 0
            while done < header.db_bytes:
                if cancelled():
                    raise BackupCancelled()
                chunk = reader.read(min(CHUNK, header.db_bytes - done))
                if not chunk:
                    raise BackupCutOff()  # shortened since the header was read
                digest.update(chunk)
                writer.write(chunk)
                done += len(chunk)
                progress(done, header.db_bytes)
            writer.flush()
            os.fsync(writer.fileno())
        if digest.hexdigest() != header.sha256:
            raise BackupDamaged()
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _new_private(path: Path):
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                        0o600), "wb")


# -- writing --------------------------------------------------------------------------------
def header_block(header: Header) -> bytes:
    body = json.dumps(asdict(header), sort_keys=True).encode("utf-8")
    block = MAGIC + _LENGTH.pack(len(body)) + body
    if len(block) > HEADER_SIZE:
        raise ValueError("backup header too large")
    return block + bytes(HEADER_SIZE - len(block))


def write(target: Path, read_page_bytes: Callable[[int, int], bytes], db_bytes: int,
          finish: Callable[[str], Header], progress: Progress,
          cancelled: Callable[[], bool]) -> Header:
    """Write a backup to `target`: first as `<target>.partial` (zeros where the header goes,
    then the pages read with `read_page_bytes(offset, size)`), then the header `finish(sha256)`
    gives, fsync, and the rename. A failure or cancel removes the partial file; an existing
    backup is never touched (the name is new)."""
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    try:
        with _new_private(partial) as writer:
            writer.write(bytes(HEADER_SIZE))
            done = 0
            while done < db_bytes:
                if cancelled():
                    raise BackupCancelled()
                chunk = read_page_bytes(done, min(CHUNK, db_bytes - done))
                if not chunk:
                    raise OSError("store file shorter than its page count")
                digest.update(chunk)
                writer.write(chunk)
                done += len(chunk)
                progress(done, db_bytes)
            header = finish(digest.hexdigest())
            writer.seek(0)
            writer.write(header_block(header))
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(partial, target)
    except BaseException:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return header
