"""Unlock benchmark: what a user waits for at login on this PC, and what SQLCipher's key costs.

    python bench/unlock.py

1. Tunes Argon2id exactly as setup does (PRODUCTION_POLICY.choose()).
2. Creates a real store in a temporary folder (in-memory keyring backend, production policy) and
   times full logins: Argon2id + HKDF + unwrap + SQLCipher open + login bookkeeping.
3. Times opening the store with the raw data key only (Database(path, key) + a query + close),
   and, as a baseline in the same run, the same steps on an unkeyed sqlcipher3 copy of the same
   file (made with sqlcipher_export), so the ratio shows what the key itself costs.
4. Times a failed login for a user name no account has, against failed logins of two accounts
   whose slots were tuned to different Argon2id costs (the second at twice the iterations):
   a name's existence must not show in the time (issue 22). The runs take turns;
   `unknown_user_ratio` is unknown / the costliest slot's account, the median of the per-round
   ratios (each round's runs see the same load on a shared machine; the ratio of the two
   medians is printed too; target 0.9 to 1.1); `unknown_vs_cheaper_ratio` shows what an account with a cheaper slot
   still gives away. The back-off is kept out of the way by a clock an hour on per login.

The last line printed is one JSON object (unlock_s, argon2_memory_kib, argon2_iterations, open_ms,
then extras). Synthetic users only; nothing is left on disk."""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.keyring_backend import MemoryKeyring  # noqa: E402  (the tests' real backend)
import sqlcipher3  # noqa: E402

from blijf_desktop.domain.roles import Role  # noqa: E402
from blijf_desktop.services.accounts import AccountService  # noqa: E402
from blijf_desktop.services.auth import AuthService  # noqa: E402
from blijf_desktop.storage.errors import WrongCredentials  # noqa: E402
from blijf_desktop.storage import kdf  # noqa: E402
from blijf_desktop.storage.database import _PRAGMAS, Database  # noqa: E402
from blijf_desktop.storage.device import DeviceSecrets  # noqa: E402
from blijf_desktop.storage.kdf import PRODUCTION_POLICY, ArgonParams, KdfPolicy  # noqa: E402
from blijf_desktop.storage.paths import StorePaths  # noqa: E402

LOGIN_RUNS = 5
TIMING_RUNS = 11
OPEN_RUNS = 50
USERNAME = "beheer"
DISPLAY_NAME = "Synthetische Beheerder"
PASSPHRASE = "Paars-Olifant-Wandelt-42"
QUERY = "SELECT count(*) FROM users"



def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def ms(seconds: float) -> float:
    return seconds * 1000.0


def open_app(path: Path, key: bytes) -> None:
    """The app's own path: Database() (key, pragmas, schema check) + a query + close."""
    db = Database(path, key)
    db.conn.execute(QUERY).fetchone()
    db.close()


def open_raw(path: Path, key: bytes | None) -> None:
    """Database()'s steps by hand, so keyed and unkeyed differ only in the key."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    if key is not None:
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    conn.execute("PRAGMA user_version").fetchone()
    conn.execute(QUERY).fetchone()
    conn.close()


def export_plain(path: Path, key: bytes, target: Path) -> None:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()


def median_ms(actions: list, runs: int) -> list[float]:
    """Median per action; the actions take turns, so drift on the machine hits them alike."""
    for action in actions:
        action()  # warm the OS file cache; not counted
    times = [[] for _ in actions]
    for _ in range(runs):
        for action, bucket in zip(actions, times):
            bucket.append(timed(action))
    return [ms(statistics.median(bucket)) for bucket in times]


def failed_login_times(paths: StorePaths, keyring, names: list[str], runs: int
                       ) -> list[list[float]]:
    """Seconds per failed login (a wrong passphrase), per name, the names taking turns."""
    hour = [0.0]

    def clock() -> float:  # an hour on per call: no back-off wait, only the work
        hour[0] += 3600.0
        return time.time() + hour[0]

    auth = AuthService(paths, DeviceSecrets(keyring), PRODUCTION_POLICY, clock=clock)
    times = [[] for _ in names]
    for _ in range(runs):
        for name, bucket in zip(names, times):
            start = time.perf_counter()
            try:
                auth.login(name, "Verkeerd-Wachtwoord-123")
            except WrongCredentials:
                pass
            bucket.append(time.perf_counter() - start)
    return times


def unknown_user_timing(tmp: Path, tuned: ArgonParams) -> dict:
    """Two accounts with slots of different costs, and a name without an account."""
    paths = StorePaths(tmp / "timing")
    keyring = MemoryKeyring()
    cheaper = ArgonParams(tuned.memory_kib, tuned.iterations, tuned.lanes)
    costlier = ArgonParams(tuned.memory_kib, 2 * tuned.iterations, tuned.lanes)
    auth = AuthService(paths, DeviceSecrets(keyring), KdfPolicy(fixed=cheaper))
    session, _recovery = auth.create_store(USERNAME, DISPLAY_NAME, PASSPHRASE)
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    auth.vault.policy = KdfPolicy(fixed=costlier)  # as if tuned on a faster moment or PC
    accounts.add_user("hulp", "Synthetische Hulpverlener", Role.HULPVERLENER,
                      "Gele-Tulp-Bloeit-2026")
    session.close()
    names = ["niemand", "hulp", USERNAME]  # unknown, costliest slot, cheaper slot
    times = failed_login_times(paths, keyring, names, TIMING_RUNS)
    unknown, costly, cheap = (statistics.median(t) for t in times)
    # Round by round: the three runs of a round see the same load on a shared machine.
    paired = statistics.median(u / c for u, c in zip(times[0], times[1]))
    paired_cheap = statistics.median(u / c for u, c in zip(times[0], times[2]))
    print(f"Failed login, median of {TIMING_RUNS}: unknown name {unknown:.3f} s; account with "
          f"the costliest slot ({costlier.iterations} iterations) {costly:.3f} s; account with "
          f"a cheaper slot ({cheaper.iterations} iterations) {cheap:.3f} s")
    print(f"Unknown / costliest slot, median of the per-round ratios: {paired:.3f} "
          f"(of the medians: {unknown / costly:.3f}); unknown / cheaper: {paired_cheap:.3f}")
    return {"unknown_user_ratio": round(paired, 3),
            "unknown_user_ratio_of_medians": round(unknown / costly, 3),
            "unknown_vs_cheaper_ratio": round(paired_cheap, 3),
            "failed_login_unknown_s": round(unknown, 3),
            "failed_login_costliest_s": round(costly, 3),
            "failed_login_cheaper_s": round(cheap, 3),
            "timing_iterations": [cheaper.iterations, costlier.iterations]}


def main() -> None:
    print(f"Python {sys.version.split()[0]}, sqlcipher3 {getattr(sqlcipher3, 'version', '?')}, "
          f"SQLCipher/SQLite {sqlcipher3.sqlite_version}, {os.cpu_count()} CPUs")

    # 1. Tuning, as at setup.
    start = time.perf_counter()
    tuned = PRODUCTION_POLICY.choose()
    tuning_s = time.perf_counter() - start
    print(f"Argon2id tuned in {tuning_s:.2f} s: memory {tuned.memory_kib} KiB "
          f"({tuned.memory_kib // 1024} MiB), iterations {tuned.iterations}, "
          f"lanes {tuned.lanes} (target {PRODUCTION_POLICY.target_seconds} s)")

    with tempfile.TemporaryDirectory(prefix="blijf-bench-") as tmp:
        paths = StorePaths(Path(tmp) / "store")
        auth = AuthService(paths, DeviceSecrets(MemoryKeyring()), PRODUCTION_POLICY)

        # 2. Full unlock. create_store tunes again (as setup does); report what the slot got.
        start = time.perf_counter()
        session, _recovery = auth.create_store(USERNAME, DISPLAY_NAME, PASSPHRASE)
        create_s = time.perf_counter() - start
        data_key = bytes(session.data_key)
        session.close()
        params = auth.vault.argon_params(USERNAME)
        print(f"Store created in {create_s:.2f} s; its user slot: memory {params.memory_kib} KiB, "
              f"iterations {params.iterations}, lanes {params.lanes}")
        salt = os.urandom(16)
        argon_runs = [timed(lambda: kdf.argon2id(PASSPHRASE, salt, params)) for _ in range(3)]
        argon_s = statistics.median(argon_runs)
        print(f"Argon2id alone with the slot's parameters: median {argon_s:.3f} s over 3")

        logins = []
        for _ in range(LOGIN_RUNS):
            start = time.perf_counter()
            session = auth.login(USERNAME, PASSPHRASE)
            logins.append(time.perf_counter() - start)
            session.close()
        unlock_s = statistics.median(logins)
        print(f"Full unlock (auth.login) over {LOGIN_RUNS}: median {unlock_s:.3f} s, "
              f"min {min(logins):.3f} s, max {max(logins):.3f} s "
              f"(runs: {', '.join(f'{t:.3f}' for t in logins)})")
        print(f"  of which Argon2id ~{argon_s:.3f} s; HKDF, unwrap, SQLCipher open and login "
              f"bookkeeping ~{max(unlock_s - argon_s, 0.0) * 1000:.0f} ms")

        # 3. Opening with the raw data key, and the unkeyed baseline.
        plain_dir = Path(tmp) / "plain"
        plain_dir.mkdir()
        plain = plain_dir / "store.db"
        export_plain(paths.db, data_key, plain)
        keyed_copy = Path(tmp) / "keyed"
        keyed_copy.mkdir()
        keyed = keyed_copy / "store.db"
        shutil.copy2(paths.db, keyed)
        print(f"Store file {paths.db.stat().st_size} bytes keyed, "
              f"{plain.stat().st_size} bytes unkeyed copy")

        open_ms, keyed_ms, plain_ms = median_ms([
            lambda: open_app(paths.db, data_key),
            lambda: open_raw(keyed, data_key),
            lambda: open_raw(plain, None),
        ], OPEN_RUNS)
        ratio = keyed_ms / plain_ms if plain_ms else float("nan")
        print(f"Open with raw data key, app path (Database + query + close), median of "
              f"{OPEN_RUNS}: {open_ms:.2f} ms")
        print(f"Same steps by hand: keyed {keyed_ms:.2f} ms, unkeyed sqlcipher3 {plain_ms:.2f} ms, "
              f"ratio keyed/unkeyed {ratio:.2f}")

        # 4. A name without an account costs what the costliest slot costs.
        timing = unknown_user_timing(Path(tmp), tuned)

    result = {
        "unlock_s": round(unlock_s, 3),
        "argon2_memory_kib": params.memory_kib,
        "argon2_iterations": params.iterations,
        "open_ms": round(open_ms, 2),
        "argon2_lanes": params.lanes,
        "tuned_iterations": tuned.iterations,
        "argon2_s": round(argon_s, 3),
        "unlock_min_s": round(min(logins), 3),
        "unlock_max_s": round(max(logins), 3),
        "open_keyed_raw_ms": round(keyed_ms, 2),
        "open_unkeyed_ms": round(plain_ms, 2),
        "open_keyed_unkeyed_ratio": round(ratio, 2),
        **timing,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
