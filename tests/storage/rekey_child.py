"""Run in a subprocess by test_rekey_crash.py: log in, commit a marker row, re-key, and die
by SIGKILL at the phase named on stdin (or after a delay once SQLCipher's rekey started)."""

import json
import os
import signal
import sys
import threading
from pathlib import Path

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.rekey import RekeyService
from blijf_desktop.storage import rekey
from blijf_desktop.storage.device import SERVICE, DeviceSecrets
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY
from tests.keyring_backend import MemoryKeyring


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    order = json.loads(sys.stdin.read())
    backend = MemoryKeyring()
    backend.set_password(SERVICE, order["store_id"], order["secret"])
    auth = AuthService(StorePaths(Path(order["folder"])), DeviceSecrets(backend), FAST_POLICY)
    session = auth.login(ADMIN, ADMIN_PASS)
    session.audit(AuditAction.AUDIT_VERIFIED, record_id=order["marker"])  # committed before
    phase, delay = order["phase"], order.get("delay")

    def hook(name: str) -> None:
        if name == phase and delay is None:
            _die()
        if name == phase:
            threading.Timer(delay, _die).start()

    rekey.phase_hook = hook
    RekeyService(session).new_data_key(confirmed=True)
    session.audit(AuditAction.AUDIT_VERIFIED, record_id=order["marker"] + "-after")
    print("finished", flush=True)
    if delay is not None:
        _die()  # the timer came too late: die here, after the re-key


if __name__ == "__main__":
    main()
