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
