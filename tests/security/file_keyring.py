"""A small file-based keyring backend for the security proofs, where no real OS keyring is
available headless. The app's device-secret code runs its real path through keyring's API.

The file holds only what keyring is asked to keep: for Blijf Desktop that is one device secret
(64 hex characters) per store id, never personal data. The proofs scan it like every other file.

Select it in a child process with the environment:
    PYTHON_KEYRING_BACKEND=tests.security.file_keyring.FileKeyring
    BLIJF_TEST_KEYRING_FILE=/path/inside/the/test/folder/keyring.json
"""

import json
import os
from pathlib import Path

import keyring.backend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

FILE_ENV = "BLIJF_TEST_KEYRING_FILE"
BACKEND_ENV = "PYTHON_KEYRING_BACKEND"
BACKEND_NAME = "tests.security.file_keyring.FileKeyring"


class FileKeyring(keyring.backend.KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # keyring instantiates every backend class it knows when it picks one by itself: this
        # one is viable only where the environment names its file (never in the test runner).
        if not os.environ.get(FILE_ENV):
            raise RuntimeError(f"{FILE_ENV} is not set")
        return 0.5

    def __init__(self, path: Path | str | None = None):
        super().__init__()
        self._path = Path(path) if path else None

    @property
    def path(self) -> Path:
        if self._path is not None:
            return self._path
        chosen = os.environ.get(FILE_ENV)
        if not chosen:
            raise RuntimeError(f"{FILE_ENV} is not set")
        return Path(chosen)

    def _entries(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _write(self, entries: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".new")
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(entries, handle, sort_keys=True)
        os.replace(tmp, self.path)

    def get_password(self, service, username):
        return self._entries().get(service, {}).get(username)

    def set_password(self, service, username, password):
        entries = self._entries()
        entries.setdefault(service, {})[username] = password
        self._write(entries)

    def delete_password(self, service, username):
        entries = self._entries()
        if entries.get(service, {}).pop(username, None) is None:
            raise PasswordDeleteError(username)
        self._write(entries)
