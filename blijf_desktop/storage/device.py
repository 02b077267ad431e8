"""The device secret: 32 random bytes per store in the OS keyring, so a copied store plus a
known passphrase does not open on another PC. Never stored in plaintext: a keyring backend
that writes plaintext files (keyrings.alt) counts as no keyring at all.

`keyring` is imported on first use, not at start-up: it costs ~70 ms (its backends and their
dependencies), and the login window needs none of it until the user logs in."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from blijf_desktop.storage.errors import KeyringUnavailable

if TYPE_CHECKING:
    import keyring.backend

SERVICE = "Blijf Desktop"
_UNSAFE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _keyring_error() -> type[Exception]:
    from keyring.errors import KeyringError

    return KeyringError


def _is_safe(backend: keyring.backend.KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: safe only if every backend it would ask is
        return bool(children) and all(_is_safe(child) for child in children)
    return not type(backend).__module__.startswith(_UNSAFE_MODULES)


class DeviceSecrets:
    """Device secrets in a keyring backend (the OS one unless a backend is given)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None):
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def available(self) -> bool:
        try:
            return _is_safe(self.backend)
        except Exception:  # a broken keyring install is "no keyring", not a crash
            return False

    def backend_name(self) -> str:
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, store_id: str) -> bytes | None:
        if not self.available():
            raise KeyringUnavailable()
        try:
            value = self.backend.get_password(SERVICE, store_id)
        except _keyring_error() as error:
            raise KeyringUnavailable() from error
        return bytes.fromhex(value) if value else None

    def create(self, store_id: str) -> bytes:
        if not self.available():
            raise KeyringUnavailable()
        secret = os.urandom(32)
        try:
            self.backend.set_password(SERVICE, store_id, secret.hex())
        except _keyring_error() as error:
            raise KeyringUnavailable() from error
        return secret

    def get_or_create(self, store_id: str) -> bytes:
        return self.get(store_id) or self.create(store_id)

    def delete(self, store_id: str) -> None:
        try:
            self.backend.delete_password(SERVICE, store_id)
        except _keyring_error():
            pass
