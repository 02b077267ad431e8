"""Errors the environment causes (wrong key, damaged file, newer store): each carries a
machine-readable code the UI turns into a Dutch message with a way forward. Messages never
contain personal data."""


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


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def means_damaged_store(error: BaseException) -> bool:
    """StoreDamaged, or a database error that says the file is damaged or not this store
    (SQLITE_CORRUPT / SQLITE_NOTADB): e.g. a page whose HMAC fails, found when it is read."""
    if isinstance(error, StoreDamaged):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


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
