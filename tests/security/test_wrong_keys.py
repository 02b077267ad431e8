"""Wrong keys (issue 11, item 3): every wrong way in is refused with the intended Dutch
message, nothing crashes, and neither store.db nor store.keys changes (only the counter of
failed logins may). Failed logins back off as `domain/backoff.py` says, also after a restart
of the app and in a new process."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import sqlcipher3

from blijf_desktop.domain import backoff
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.device import SERVICE, DeviceSecrets
from blijf_desktop.storage.errors import (
    DeviceNotBound,
    KeyFileDamaged,
    StoreDamaged,
    TooManyAttempts,
    WrongCredentials,
    WrongRecoveryKey,
    means_damaged_store,
)
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.ui.messages import error_message, unexpected_message
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY
from tests.keyring_backend import MemoryKeyring
from tests.reliability.child_store import ROOT, figure

WRONG_PASS = "Verkeerd-Wachtwoord-123"
NEW_PASS = "Groene-Kikker-Danst-88"
MAY_APPEAR = {"login-attempts.json", "store.lock"}  # the failure counter, the instance lock
STORE_FILES = ("store.db", "store.keys")


@dataclass(frozen=True)
class Stores:
    ours: Path
    theirs: Path  # another installation, with a user of the same name
    keyring: MemoryKeyring  # this PC's keyring: device secrets of both stores
    our_recovery: str
    their_recovery: str


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Stores:
    root = tmp_path_factory.mktemp("wrong-keys")
    keyring = MemoryKeyring()
    made = {}
    for name in ("ours", "theirs"):
        auth = AuthService(StorePaths(root / name), DeviceSecrets(keyring), FAST_POLICY)
        session, recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
        AccountService(session).accept_confidentiality()
        session.close()
        made[name] = recovery
    return Stores(root / "ours", root / "theirs", keyring, made["ours"], made["theirs"])


def _copy(source: Path, target: Path) -> Path:
    target.mkdir()
    for name in STORE_FILES:
        shutil.copy2(source / name, target / name)
    return target


def _auth(folder: Path, keyring) -> AuthService:
    return AuthService(StorePaths(folder), DeviceSecrets(keyring), FAST_POLICY)


def _forget_counts(keyring: MemoryKeyring) -> None:
    """Each way in starts with no failed login counted. The count's copy in the keyring is
    kept per store, and every folder here is a copy of the same store (which is the point of
    that copy: a copied or emptied folder starts no fresh count)."""
    for entry in [e for e in keyring.entries if e[1].endswith("/login-attempts")]:
        del keyring.entries[entry]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# -- the wrong ways in: (our copy, stores) -> must raise --------------------------------------
def wrong_passphrase(folder, stores):
    _auth(folder, stores.keyring).login(ADMIN, WRONG_PASS)


def unknown_user(folder, stores):
    _auth(folder, stores.keyring).login("niemand", ADMIN_PASS)


def wrong_device_secret(folder, stores):
    """This PC's keyring holds another secret under the store's id (e.g. restored wrongly)."""
    other_pc = MemoryKeyring()
    store_id = json.loads((folder / "store.keys").read_text())["store_id"]
    other_pc.set_password(SERVICE, store_id, "11" * 32)
    _auth(folder, other_pc).login(ADMIN, ADMIN_PASS)


def no_device_secret(folder, stores):
    """The folder copied to another PC: right passphrase, no device secret there."""
    _auth(folder, MemoryKeyring()).login(ADMIN, ADMIN_PASS)


def right_passphrase(folder, stores):
    _auth(folder, stores.keyring).login(ADMIN, ADMIN_PASS)


def recovery_key_of_another_store(folder, stores):
    _auth(folder, stores.keyring).recover(stores.their_recovery, ADMIN, NEW_PASS)


def mistyped_recovery_key(folder, stores):
    key = stores.our_recovery
    typo = key[:-1] + ("A" if key[-1] != "A" else "B")
    _auth(folder, stores.keyring).recover(typo, ADMIN, NEW_PASS)


def random_data_key(folder, stores):
    Database(folder / "store.db", bytes(range(32)))


def plain_sqlite3(folder, stores):
    with closing(sqlite3.connect(folder / "store.db")) as conn:
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def sqlcipher3_without_key(folder, stores):
    with closing(sqlcipher3.connect(str(folder / "store.db"))) as conn:
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def sqlcipher3_with_another_key(folder, stores):
    with closing(sqlcipher3.connect(str(folder / "store.db"))) as conn:
        conn.set_key(b"x'" + bytes(32).hex().encode("ascii") + b"'")
        conn.execute("SELECT * FROM sqlite_master").fetchall()


# -- what an attacker plants first (the files are compared after this) -----------------------
def plant_their_slot(folder, stores):
    """Their user slot (same user name and passphrase) in our key file, under our slot id."""
    ours = json.loads((folder / "store.keys").read_text())
    theirs = json.loads((stores.theirs / "store.keys").read_text())
    our_slot = next(s for s in ours["slots"] if s["kind"] == "user")
    their_slot = next(s for s in theirs["slots"] if s["kind"] == "user")
    ours["slots"] = [s for s in ours["slots"] if s is not our_slot]
    ours["slots"].append({**their_slot, "id": our_slot["id"]})
    (folder / "store.keys").write_text(json.dumps(ours))


def plant_their_store(folder, stores):
    """Their store.db beside our key file: our slot opens, its key does not fit the file."""
    shutil.copy2(stores.theirs / "store.db", folder / "store.db")


@dataclass(frozen=True)
class WayIn:
    name: str
    attempt: Callable
    refusal: type  # StoreDamaged: any error that means "damaged or not this store"
    words: str  # part of the Dutch message that must be shown
    plant: Callable | None = None


WRONG_CREDENTIALS = "Gebruikersnaam of wachtwoord onjuist."
NOT_BOUND = "Kies 'Wachtwoord vergeten / nieuwe pc' en gebruik de herstelsleutel."
WRONG_RECOVERY = "Deze herstelsleutel hoort niet bij deze gegevensopslag."
KEY_DAMAGED = "Het sleutelbestand (store.keys) is beschadigd."
DAMAGED = "De gegevensopslag (store.db) is beschadigd of hoort niet bij dit sleutelbestand."

WAYS_IN = [
    WayIn("wrong passphrase", wrong_passphrase, WrongCredentials, WRONG_CREDENTIALS),
    WayIn("unknown user", unknown_user, WrongCredentials, WRONG_CREDENTIALS),
    # Key file format 3 (issue 22): the device pin over the slots' headers is checked with this
    # PC's secret before any passphrase work. Another secret, or a slot planted from another
    # store, fails it: told as a damaged key file (the recovery key writes slot and pin anew),
    # and not counted as a failed login.
    WayIn("wrong device secret", wrong_device_secret, KeyFileDamaged, KEY_DAMAGED),
    WayIn("no device secret (copied)", no_device_secret, DeviceNotBound, NOT_BOUND),
    WayIn("slot from another store", right_passphrase, KeyFileDamaged, KEY_DAMAGED,
          plant_their_slot),
    WayIn("recovery key of another store", recovery_key_of_another_store, WrongRecoveryKey,
          WRONG_RECOVERY),
    WayIn("mistyped recovery key", mistyped_recovery_key, WrongRecoveryKey, WRONG_RECOVERY),
    WayIn("store.db of another store", right_passphrase, StoreDamaged, DAMAGED,
          plant_their_store),
    WayIn("random data key", random_data_key, StoreDamaged, DAMAGED),
    # Other tools on the file. What they meet is what the app would meet, and it reads as
    # the damaged-store message.
    WayIn("plain sqlite3", plain_sqlite3, StoreDamaged, DAMAGED),
    WayIn("sqlcipher3 without key", sqlcipher3_without_key, StoreDamaged, DAMAGED),
    WayIn("sqlcipher3 with another key", sqlcipher3_with_another_key, StoreDamaged, DAMAGED),
]


def _refused_as_intended(error: Exception, refusal: type) -> bool:
    if refusal is StoreDamaged:
        return means_damaged_store(error)
    return type(error) is refusal


def _try(way: WayIn, folder: Path, stores: Stores) -> tuple[str, str | None]:
    """("refused" | "crashed" | "wrong message" | "opened", detail)."""
    try:
        way.attempt(folder, stores)
    except Exception as error:  # noqa: BLE001 - which type it is, is the test
        message = error_message(error)
        if not _refused_as_intended(error, way.refusal):
            return "crashed", type(error).__name__
        if way.words not in message or message == unexpected_message():
            return "wrong message", message
        return "refused", None
    return "opened", None


def test_every_wrong_key_is_refused_with_its_message_and_changes_nothing(stores, tmp_path):
    outcomes, problems, unchanged = {}, [], 0
    for number, way in enumerate(WAYS_IN):
        folder = _copy(stores.ours, tmp_path / str(number))
        _forget_counts(stores.keyring)
        if way.plant:
            way.plant(folder, stores)
        before = _digest(folder)
        outcome, detail = _try(way, folder, stores)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome != "refused":
            problems.append((way.name, outcome, detail))
        after = _digest(folder)
        extra = set(after) - set(before) - MAY_APPEAR
        if all(after[name] == before[name] for name in STORE_FILES) and not extra:
            unchanged += 1
        else:
            problems.append((way.name, "files changed", sorted(extra)))
    figure("wrong_keys", cases=len(WAYS_IN), refused_with_intended_message=outcomes.get("refused", 0),
           files_unchanged=unchanged, crashed=outcomes.get("crashed", 0),
           opened=outcomes.get("opened", 0))
    assert problems == []


# -- back-off ----------------------------------------------------------------------------------
CHILD = """
import sys
from pathlib import Path
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.paths import StorePaths
print(AuthService(StorePaths(Path(sys.argv[1])), clock=lambda: float(sys.argv[2])).wait_seconds())
"""


def _wait_in_a_new_process(folder: Path, now: float) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), repr(now)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return float(done.stdout.strip())


def test_backoff_grows_as_designed_and_survives_a_restart(stores, tmp_path):
    folder = _copy(stores.ours, tmp_path / "backoff")
    _forget_counts(stores.keyring)
    now = [1_000_000.0]

    def restart() -> AuthService:  # a new app on the same folder, same (injected) clock
        return AuthService(StorePaths(folder), DeviceSecrets(stores.keyring), FAST_POLICY,
                           clock=lambda: now[0])

    table = {}
    failures = 0
    while not table or table[failures] < backoff.MAX_DELAY_SECONDS:
        with pytest.raises(WrongCredentials):
            restart().login(ADMIN, WRONG_PASS)
        failures += 1
        wait = restart().wait_seconds()
        table[failures] = wait
        assert wait == backoff.delay_after(failures)
        if wait:
            with pytest.raises(TooManyAttempts) as waiting:  # even the right passphrase waits
                restart().login(ADMIN, ADMIN_PASS)
            seconds = round(wait)
            assert error_message(waiting.value) == (
                f"Te veel mislukte pogingen. Probeer het over {seconds} seconde"
                f"{'n' if seconds != 1 else ''} opnieuw.")
        now[0] += wait
    in_child = _wait_in_a_new_process(folder, now[0] - table[failures])

    delays = list(table.values())
    assert delays[:backoff.FREE_ATTEMPTS - 1] == [0.0] * (backoff.FREE_ATTEMPTS - 1)
    growing = delays[backoff.FREE_ATTEMPTS - 1:]
    assert growing[0] > 0
    assert all(b == min(2 * a, backoff.MAX_DELAY_SECONDS) for a, b in zip(growing, growing[1:]))
    assert in_child == table[failures]

    session = restart().login(ADMIN, ADMIN_PASS)  # the wait is over: the right one opens
    try:
        assert session.failed_attempts_seen == failures
        reported = [r for r in AuditTrailService(session).recent() if r.action == "login_failed"]
        assert len(reported) == 1 and json.loads(reported[0].detail)["count"] == failures
    finally:
        session.close()
    assert restart().wait_seconds() == 0
    figure("wrong_keys_backoff", delay_s_after_failures=table, new_process_wait_s=in_child,
           cap_s=backoff.MAX_DELAY_SECONDS)
