"""Errors the environment causes (wrong key, damaged file, newer store): each carries a
machine-readable code the UI turns into a Dutch message with a way forward. Messages never
contain personal data.

Damage (StoreDamaged) is only ever what SQLite's checks say; a folder that cannot be written or
a full disk is an EnvironmentProblem, with its own message and a different way forward."""

import errno


class StoreError(Exception):
    code = "store_error"


class WrongCredentials(StoreError):
    """Passphrase, user name or device secret do not open a slot. Never says which."""

    code = "wrong_credentials"


class WrongRecoveryKey(StoreError):
    code = "wrong_recovery_key"


class DeviceNotBound(StoreError):
    """This PC has no device secret for the store (e.g. the store was copied here)."""

    code = "device_not_bound"


class KeyringUnavailable(StoreError):
    code = "keyring_unavailable"


class KeyFileDamaged(StoreError):
    code = "key_file_damaged"


class KeyFileMissing(StoreError):
    code = "key_file_missing"


class StoreDamaged(StoreError):
    code = "store_damaged"


class StoreFileMissing(StoreError):
    """store.keys is there, store.db is not: nothing says the file that is there is damaged."""

    code = "store_file_missing"

    def __init__(self, folder: str | None = None):
        super().__init__(self.code)
        self.folder = folder


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code of a sqlcipher3 error (extended codes carry it in
    their low byte), or None."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def means_damaged_store(error: BaseException) -> bool:
    """StoreDamaged, or a database error that says the file is damaged or not this store
    (SQLITE_CORRUPT / SQLITE_NOTADB): e.g. a page whose HMAC fails, found when it is read."""
    if isinstance(error, StoreDamaged):
        return True
    return _sqlite_code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


# -- the environment: the folder or the disk, not the store, stands in the way --------------------
class EnvironmentProblem(StoreError):
    """The store cannot be used here as things are, though nothing says it is damaged.
    `folder` is the store folder where it is known (shown to say which one is meant)."""

    code = "environment"

    def __init__(self, folder: str | None = None):
        super().__init__(self.code)
        self.folder = folder


class StoreReadOnly(EnvironmentProblem):
    """Nothing can be written: a read-only folder, disk or share (`file` None), or the file
    `file` (e.g. "store.db") itself. The app writes at every login, so it cannot work."""

    code = "store_read_only"

    def __init__(self, folder: str | None = None, file: str | None = None):
        super().__init__(folder)
        self.file = file


class DiskFull(EnvironmentProblem):
    code = "disk_full"


class DiskError(EnvironmentProblem):
    """Reading or writing failed for a reason the system did not name as full or read-only
    (SQLITE_IOERR, EIO): e.g. a USB stick or a network folder that went away."""

    code = "disk_error"


class StoreFolderUnusable(EnvironmentProblem):
    """The store folder itself is the problem; `reason` says how."""

    code = "store_folder_unusable"
    NOT_A_FOLDER = "not_a_folder"  # a file where the folder should be
    MISSING = "missing"  # not there (and not to be made here: logging in, audit verify)
    CANNOT_CREATE = "cannot_create"  # not there, and this user may not make it
    NO_ACCESS = "no_access"  # there, but this user may not read it
    NO_STORE = "no_store"  # there, but without store.db and store.keys
    ENTRY_IS_FOLDER = "entry_is_folder"  # a folder where one of the store's files should be

    def __init__(self, reason: str, folder: str | None = None):
        super().__init__(folder)
        self.reason = reason


_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14


def environment_problem(error: BaseException, folder: str | None = None) -> StoreError | None:
    """What the error's own code says about the environment, without looking at any file:
    a SQLite result code, or an OSError that can only mean a full or read-only disk.
    None when the code says nothing of the kind (damage included)."""
    if isinstance(error, EnvironmentProblem):
        return error
    code = _sqlite_code(error)
    if code == _SQLITE_FULL:
        return DiskFull(folder)
    if code == _SQLITE_READONLY:
        return StoreReadOnly(folder)
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return DiskError(folder)
    number = getattr(error, "errno", None) if isinstance(error, OSError) else None
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(folder)
    if number == errno.EROFS:
        return StoreReadOnly(folder)
    if number == errno.EIO:
        return DiskError(folder)
    return None


class DocumentNotSaved(StoreError):
    """A document the user saves where she chose (a PDF, the recovery sheet) could not be
    written there. About that place, never about the store: the store is not touched."""

    code = "document_not_saved"
    NO_ACCESS = "no_access"  # read-only disk or folder, or no permission to write there
    FULL = "full"
    MISSING = "missing"  # the folder is not there (a stick taken out, a folder removed)
    IS_FOLDER = "is_folder"  # a folder has the name chosen for the file
    OTHER = "other"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @classmethod
    def from_os_error(cls, error: OSError) -> "DocumentNotSaved":
        number = error.errno
        if number in (errno.EACCES, errno.EPERM, errno.EROFS):
            return cls(cls.NO_ACCESS)
        if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
            return cls(cls.FULL)
        if number in (errno.ENOENT, errno.ENOTDIR):
            return cls(cls.MISSING)
        if number == errno.EISDIR:
            return cls(cls.IS_FOLDER)
        return cls(cls.OTHER)


class StoreTooNew(StoreError):
    code = "store_too_new"

    def __init__(self, found: int, supported: int):
        super().__init__(f"schema {found} > supported {supported}")
        self.found = found
        self.supported = supported


class StoreExists(StoreError):
    code = "store_exists"


class StoreLocked(StoreError):
    """The store is locked (after idle or Ctrl+L); unlock first."""

    code = "store_locked"


class TooManyAttempts(StoreError):
    code = "too_many_attempts"

    def __init__(self, wait_seconds: float):
        super().__init__(f"wait {wait_seconds:.0f} s")
        self.wait_seconds = wait_seconds


class KeyFileUnsupported(StoreError):
    """The key file was written by a newer version of the app."""

    code = "key_file_unsupported"


class StoreInUse(StoreError):
    """Another app instance on this PC has the store open. Carries only its process id."""

    code = "store_in_use"

    def __init__(self, holder_pid: int | None = None):
        super().__init__(f"held by process {holder_pid}" if holder_pid else "held")
        self.holder_pid = holder_pid
