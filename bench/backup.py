"""Backup benchmark: make and restore an encrypted backup of the 100,000-client store, against
a plain file copy of the same store in the same run.

    python bench/backup.py [--clients N] [--runs R] [--seed S]

Reuses a finished store of bench/search.py from /tmp/blijf-bench-search/ (any schema; the
newest), or builds one the same way (bench/corpus.py) in /tmp/blijf-bench-backup/. Works on a
copy in a scratch folder, never on the cached store. Per run, in this order: the plain copy
(shutil.copyfile + fsync: what "copy the folder to a stick" costs), the backup
(storage/backup_make.make: snapshot, pages streamed with SHA-256, header sealed, fsync) and
the restore (storage/backup_restore.copy_and_check: copy beside the store, SHA-256, every
page's HMAC, quick_check, the audit chain, the sealed counts; then the swap). The median of
R runs; the last line is JSON: backup_s, restore_s, copy_s, ratio_backup, then extras."""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blijf_desktop.storage import audit, backup_file, backup_make, backup_restore  # noqa: E402
from blijf_desktop.storage.database import Database  # noqa: E402
from blijf_desktop.storage.keyvault import KeyFile  # noqa: E402

SEARCH_CACHE = Path("/tmp/blijf-bench-search")
OWN_CACHE = Path("/tmp/blijf-bench-backup")
SCRATCH = Path("/tmp/blijf-bench-backup-run")


def find_or_build(clients: int, seed: int) -> tuple[Path, bytes]:
    found = sorted(SEARCH_CACHE.glob(f"n{clients}-s{seed}-v*/complete"),
                   key=lambda p: p.stat().st_mtime)
    found += sorted(OWN_CACHE.glob(f"n{clients}-s{seed}/complete"))
    if found:
        folder = found[-1].parent
        print(f"reusing the store in {folder}")
        return folder / "keyed.db", bytes.fromhex((folder / "key").read_text())
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from corpus import fill_child, generate  # noqa: E402 (bench/)

    folder = OWN_CACHE / f"n{clients}-s{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    key = os.urandom(32)
    (folder / "key").write_text(key.hex())  # synthetic bench store only
    Database(folder / "keyed.db", key, create=True).close()
    people = generate(clients, seed)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(fill_child, str(folder / "keyed.db"), key.hex(), clients, people).result()
    (folder / "complete").write_text("ok")
    return folder / "keyed.db", key


def with_audit_head(db: Path, key: bytes) -> None:
    """The bulk-loaded store has no audit trail; the backup checks one: start it."""
    store = Database(db, key)
    try:
        if not store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]:
            with store.transaction() as conn:
                audit.append(conn, "store_created", None)
    finally:
        store.close()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def one_run(store: Path, key: bytes, keys: KeyFile) -> dict:
    out = SCRATCH / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    shutil.copyfile(store, out / "copy.db")
    fsync_file(out / "copy.db")
    copy_s = time.perf_counter() - start

    start = time.perf_counter()
    made = backup_make.make(store, bytearray(key), keys, out, "bench",
                            datetime.now(timezone.utc), lambda d, t: None, lambda: False)
    backup_s = time.perf_counter() - start

    target_folder = SCRATCH / "restored"
    shutil.rmtree(target_folder, ignore_errors=True)
    target_folder.mkdir()
    db = target_folder / "store.db"
    start = time.perf_counter()
    contents = backup_file.unseal(made.header, key)
    backup_restore.copy_and_check(made.path, made.header, bytearray(key), contents,
                                  backup_restore.restoring_path(db), lambda d, t: None,
                                  lambda: False)
    backup_restore.swap_in(db, backup_restore.restoring_path(db), "bench")
    restore_s = time.perf_counter() - start
    return {"copy_s": copy_s, "backup_s": backup_s, "restore_s": restore_s,
            "backup_bytes": made.header.file_bytes, "cases": contents.cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    cached, key = find_or_build(args.clients, args.seed)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    store = SCRATCH / "store.db"
    shutil.copyfile(cached, store)
    with_audit_head(store, key)
    keys = KeyFile(store_id="bench", passphrase_only=True)
    size = store.stat().st_size
    print(f"store: {size / 2**20:.1f} MiB, {args.runs} runs (median), machine shared:"
          " figures vary between runs")
    runs = []
    for number in range(args.runs):
        runs.append(one_run(store, key, keys))
        print(f"run {number + 1}: " + ", ".join(
            f"{k} {v:.2f}" for k, v in runs[-1].items() if k.endswith("_s")), flush=True)
    median = {name: round(statistics.median(r[name] for r in runs), 2)
              for name in ("backup_s", "restore_s", "copy_s")}
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print(json.dumps({**median, "ratio_backup": round(median["backup_s"] / median["copy_s"], 2),
                      "store_mib": round(size / 2**20, 1), "cases": runs[0]["cases"],
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
