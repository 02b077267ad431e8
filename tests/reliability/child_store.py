"""Stores that child processes open too. The tests' in-memory keyring does not cross processes,
so these stores are passphrase-only (a real production mode, chosen explicitly at set-up).
Children import only this module's light part: no pytest, no Qt, no keyring."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from blijf_desktop.storage.paths import StorePaths

ROOT = Path(__file__).resolve().parents[2]
ADMIN, ADMIN_PASS = "beheer", "Paars-Olifant-Wandelt-42"
WORKER, WORKER_PASS = "hulp", "Gele-Tulp-Bloeit-2026"
LEAD, LEAD_PASS = "leiding", "Blauwe-Reiger-Vist-2026"  # a teamleider: runs AWARE-trajecten


def make_store(folder: Path, with_lead: bool = False) -> tuple[StorePaths, str]:
    """A passphrase-only store with a beheerder and a hulpverlener (and with `with_lead` a
    teamleider), all ready to work; every hold on it released again. Returns the paths and
    the recovery key."""
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.auth import AuthService
    from tests.account_helpers import ready_accounts
    from tests.conftest import FAST_POLICY

    paths = StorePaths(folder)
    auth = AuthService(paths, policy=FAST_POLICY)
    admin, recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS,
                                        passphrase_only=True)
    AccountService(admin).accept_confidentiality()
    users = [(WORKER, "Synthetische Hulpverlener", Role.HULPVERLENER, WORKER_PASS)]
    if with_lead:
        users.append((LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, LEAD_PASS))
    ready_accounts(auth, admin, users)  # a teamleider confirms the others (issue 22)
    admin.close()
    return paths, recovery


def open_auth(folder: Path):
    """AuthService for a child. Passphrase-only stores never ask the keyring for anything."""
    from blijf_desktop.services.auth import AuthService

    auth = AuthService(StorePaths(folder))
    if not auth.passphrase_only():
        sys.exit("child stores must be passphrase-only: the test keyring is in memory")
    return auth


def start_child(module: str, *args: str, **popen) -> subprocess.Popen:
    """`python -m tests.reliability.<module> ...` from the repository root."""
    return subprocess.Popen([sys.executable, "-m", f"tests.reliability.{module}", *args],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, **popen)


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in the store folder (store, WAL, SHM, keys, lock, counters)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def figure(name: str, **values) -> None:
    """One line the lead collects: `FIGURE <name>: {json}`."""
    print(f"FIGURE {name}: {json.dumps(values, sort_keys=True)}", flush=True)
