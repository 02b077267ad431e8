"""New stores in tests start as a copy of one migrated store, rekeyed to their own data key.

Running the 30-odd migrations costs ~0.24 s of CPU per store (0015 and 0032 rebuild tables),
and the default suite makes about a thousand stores: four minutes of a CI run. A copy of a
store migrated once per session, given its own key with SQLCipher's rekey, costs ~0.03 s.
The copy is a real SQLCipher file with the same schema and rows as a freshly migrated one
(tests/storage/test_store_template.py compares the two), and the store opens it through the
same code as always: only the migrations, already applied, are skipped.

Not used when a test swaps the migrations (upgrade tests), nor outside the test process."""

import os
import shutil
from pathlib import Path

from blijf_desktop.storage import database, files

_REAL_MIGRATIONS = database.migrations
_REAL_OPEN = database.Database._open


class StoreTemplate:
    def __init__(self, folder: Path):
        self.path = folder / "template.db"
        self.key = os.urandom(32)
        made = database.Database(self.path, self.key, create=True)
        made.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        made.close()

    def applies(self) -> bool:
        return database.migrations is _REAL_MIGRATIONS and self.path.exists()

    def copy_to(self, path: Path, data_key: bytes) -> None:
        """`path` becomes the template under `data_key`; nothing left there if that fails."""
        files.create_private(path)
        try:
            shutil.copyfile(self.path, path)
            conn = database.connect_keyed(path, self.key)
            try:
                with database.key_literal(data_key) as literal:
                    conn.reset_key(literal)
            finally:
                conn.close()
        except BaseException:
            path.unlink(missing_ok=True)
            raise


def install(template: StoreTemplate, monkeypatch) -> None:
    def open_from_template(self, data_key, create):
        if create and not self.path.exists() and template.applies():
            try:
                template.copy_to(self.path, data_key)
            except OSError:
                pass  # e.g. a test's read-only folder: the real path tells what stands in the way
        return _REAL_OPEN(self, data_key, create)

    monkeypatch.setattr(database.Database, "_open", open_from_template)
