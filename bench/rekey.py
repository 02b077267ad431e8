"""Re-key benchmark (issue 22): how long a new data key takes on the 10,000-client store, the
figure behind the progress dialog and SECURITY.md.

    python bench/rekey.py [--clients N] [--runs R] [--users U] [--seed S]

Reuses a finished store of bench/search.py or bench/backup.py (bench/backup.py's
find_or_build), copied into a scratch folder with a key file of U user slots and a recovery
slot (cheap Argon2id: the re-key derives nothing from a passphrase). Per run: the whole
storage/rekey.rekey (store.keys.next with U+1 slots sealed, checkpoint, sqlite3_rekey of every
page, checkpoint, rename), then opening with the new key. The median of R runs; the last line
is JSON: rekey_s, store_mb, slots, open_after_s."""

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import backup  # noqa: E402 (bench/)
from backup import find_or_build, with_audit_head  # noqa: E402

from blijf_desktop.storage import kdf, rekey, rekey_files  # noqa: E402
from blijf_desktop.storage.database import Database  # noqa: E402
from blijf_desktop.storage.device import DeviceSecrets  # noqa: E402
from blijf_desktop.storage.keyvault import Vault  # noqa: E402

SCRATCH = Path("/tmp/blijf-bench-rekey-run")
CHEAP = kdf.KdfPolicy(fixed=kdf.ArgonParams(memory_kib=1024, iterations=1, lanes=1))


class _Memory:
    """An in-memory keyring backend (the bench needs a device secret, not the OS keyring)."""

    def __init__(self):
        self.entries = {}

    def get_password(self, service, name):
        return self.entries.get((service, name))

    def set_password(self, service, name, value):
        self.entries[(service, name)] = value


def one_run(source: Path, key: bytes, users: int) -> tuple[float, float, int]:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    shutil.copyfile(source, SCRATCH / "store.db")
    vault = Vault(SCRATCH / "store.keys", DeviceSecrets(_Memory()), CHEAP)
    vault.device.available = lambda: True
    vault.create(key, "beheer", "Bench-Wachtwoord-1", passphrase_only=False)
    for number in range(users - 1):
        vault.set_user_passphrase(f"gebruiker-{number}", "Bench-Wachtwoord-1", key)
    db = Database(SCRATCH / "store.db", key)
    try:
        start = time.perf_counter()
        done = rekey.rekey(db, vault, key)
        took = time.perf_counter() - start
    finally:
        db.close()
    start = time.perf_counter()
    assert rekey_files.store_opens(SCRATCH / "store.db", done.data_key)
    opened = time.perf_counter() - start
    assert not rekey_files.store_opens(SCRATCH / "store.db", key)
    return took, opened, done.slots


def _only_stores_this_schema_opens() -> None:
    """bench/search.py's cache may hold stores of a newer schema (another branch's run):
    reuse only one with this app's schema in its folder name, else build one."""
    from blijf_desktop.storage.database import latest_version

    if not list(backup.SEARCH_CACHE.glob(f"*-v{latest_version()}-*/complete")):
        backup.SEARCH_CACHE = Path("/nonexistent-blijf-bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    _only_stores_this_schema_opens()
    source, key = find_or_build(args.clients, args.seed)
    with_audit_head(source, key)
    size_mb = source.stat().st_size / 1e6
    runs = [one_run(source, key, args.users) for _ in range(args.runs)]
    for took, opened, slots in runs:
        print(f"rekey {took:.3f} s  ({size_mb:.0f} MB, {slots} slots), open after {opened:.3f} s")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print(json.dumps({"clients": args.clients, "store_mb": round(size_mb, 1),
                      "slots": runs[0][2],
                      "rekey_s": round(statistics.median(r[0] for r in runs), 3),
                      "open_after_s": round(statistics.median(r[1] for r in runs), 4),
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
