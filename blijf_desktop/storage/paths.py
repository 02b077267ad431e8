"""Where one installation's files live. Everything sits in one folder."""

from dataclasses import dataclass
from pathlib import Path

from blijf_desktop.storage import environment


@dataclass(frozen=True)
class StorePaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "store.db"

    @property
    def keys(self) -> Path:
        return self.folder / "store.keys"

    @property
    def attempts(self) -> Path:
        return self.folder / "login-attempts.json"

    @property
    def lock(self) -> Path:
        """Held by the one app instance that uses the store (storage/instance_lock.py)."""
        return self.folder / "store.lock"

    def store_files(self) -> list[Path]:
        """The files that hold the store or its keys (the journal files included)."""
        return [self.db, self.db.with_name(self.db.name + "-wal"),
                self.db.with_name(self.db.name + "-shm"), self.keys]

    def exists(self) -> bool:
        return self.keys.exists() or self.db.exists()

    def make_folder(self) -> None:
        """Create the store folder readable by this OS user only (other accounts on a shared PC
        do not even see the file names). An existing folder is left as it is. A folder that
        cannot be made is a StoreFolderUnusable (or DiskFull) that says why."""
        environment.make_folder(self.folder)
