"""Device binding against a real Secret Service (issue 11, item 9).

A private D-Bus session bus and Debian's gnome-keyring run with HOME and the XDG folders in
tmp_path, so the test never sees a real user's keyring. The app runs in child processes with
the default keyring backend (no test override): set up, quit; start again and log in; then
the keyring entry is deleted and the passphrase alone must not open the store, with the
intended Dutch message and the store files untouched; the recovery key binds the PC again.

Without gnome-keyring/dbus the test skips locally but fails when CI is set: a green CI that
skipped this proves nothing."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from blijf_desktop.storage import attempts

TOOLS = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")
SECRET_SERVICE = "org.freedesktop.secrets"
BACKEND = "keyring.backends.SecretService.Keyring"
KEYRING_PASSWORD = b"synthetic-login-keyring"  # the throw-away login collection's password
SERVICE = "Blijf Desktop"  # storage/device.py
ADMIN, PASSPHRASE, NEW_PASSPHRASE = "beheer", "Paars-Olifant-Wandelt-42", "Blauwe-Reiger-Vist-77"
REPO = Path(__file__).resolve().parents[2]
_DROPPED_ENV = ("DBUS_", "XDG_", "GNOME_KEYRING", "PYTHON_KEYRING", "KEYRING_", "SSH_AUTH")

# One step of the app per process; prints one JSON line. Cheap fixed Argon2id: the subject is
# the device secret, not the KDF cost.
CHILD = r"""
import json, sys
from pathlib import Path
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import StoreError
from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
from blijf_desktop.storage.paths import StorePaths

step, folder, *args = sys.argv[1:]
device = DeviceSecrets()  # the default backend, as the app uses it
auth = AuthService(StorePaths(Path(folder)), device,
                   KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1)))
out = {"backend": device.backend_name(), "available": device.available()}
try:
    if step == "create":
        session, out["recovery_key"] = auth.create_store(args[0], "Synthetische Beheerder", args[1])
        out["store_id"] = auth.vault.store_id()
        out["passphrase_only"] = auth.passphrase_only()
    elif step == "login":
        session = auth.login(args[0], args[1])
        out["role"] = session.user.role.value
    elif step == "recover":
        session = auth.recover(args[1], args[0], args[2])
    elif step == "forget":
        device.delete(args[0])
        out["secret_left"] = device.get(args[0]) is not None
        session = None
    if session is not None:
        session.close()
    out["opened"] = session is not None
except StoreError as error:
    from blijf_desktop.ui.messages import error_message
    out.update(error=type(error).__name__, message=error_message(error))
print(json.dumps(out))
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the real-keyring test: {reason}")
    pytest.skip(reason)


def _secret_service_ready(address: str) -> bool:
    """Our daemon owns the name, and its default (login) collection exists, unlocked. Asks
    NameHasOwner first: a call to an unowned name would make the bus start another daemon."""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection
    from secretstorage.collection import get_collection_by_alias
    from secretstorage.exceptions import ItemNotFoundException

    with open_dbus_connection(bus=address) as conn:
        if not conn.send_and_get_reply(message_bus.NameHasOwner(SECRET_SERVICE)).body[0]:
            return False
        try:
            return not get_collection_by_alias(conn, "default").is_locked()
        except ItemNotFoundException:
            return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def secret_service(tmp_path):
    """Environment for child processes: a private bus with an unlocked gnome-keyring."""
    if not sys.platform.startswith("linux"):
        _unavailable("Secret Service test needs Linux")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        _unavailable(f"missing {', '.join(missing)} (Debian: gnome-keyring dbus libsecret-tools)")
    try:
        import jeepney  # noqa: F401  (keyring's Secret Service backend needs both)
        import secretstorage  # noqa: F401
    except ImportError as error:
        _unavailable(f"python package missing: {error.name}")

    home = tmp_path / "home"
    runtime = Path(tempfile.mkdtemp(prefix="blijf-xdg-"))  # short: it holds unix sockets
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_ENV)}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(runtime))
    for folder in ("data", "config", "cache"):
        (home / folder).mkdir(parents=True)

    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    daemon = None
    try:
        address = bus.stdout.readline().strip()
        if not address:
            pytest.fail("dbus-daemon did not start")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        daemon.stdin.write(KEYRING_PASSWORD)
        daemon.stdin.close()
        deadline = time.monotonic() + 20
        while not _secret_service_ready(address):
            if daemon.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gnome-keyring-daemon did not offer an unlocked login collection")
            time.sleep(0.1)
        yield env
    finally:
        if daemon is not None:
            _stop(daemon)
        _stop(bus)
        bus.stdout.close()
        shutil.rmtree(runtime, ignore_errors=True)


def run_app(env: dict, step: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, step, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{step}: exit {done.returncode}\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def secret_tool_lookup(env: dict, store_id: str) -> bool:
    """Ask the Secret Service directly (libsecret, not Python) whether the entry exists."""
    done = subprocess.run(["secret-tool", "lookup", "service", SERVICE, "username", store_id],
                          env=env, capture_output=True, text=True, timeout=30)
    return done.returncode == 0 and bool(done.stdout.strip())


def file_hashes(folder: Path) -> dict[str, str]:
    """The store's files (data, keys, login attempts); not the instance lock's bookkeeping."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.name != "store.lock"}


def test_device_binding_with_a_real_secret_service(secret_service, tmp_path):
    env, store = secret_service, tmp_path / "store"

    created = run_app(env, "create", str(store), ADMIN, PASSPHRASE)
    assert created["backend"] == BACKEND and created["available"], created
    assert created["opened"] and created["passphrase_only"] is False
    store_id = created["store_id"]
    assert secret_tool_lookup(env, store_id), "the device secret is not in the Secret Service"
    assert list((Path(env["XDG_DATA_HOME"]) / "keyrings").glob("*.keyring")), \
        "gnome-keyring did not keep its collection in the test's own HOME"

    restarted = run_app(env, "login", str(store), ADMIN, PASSPHRASE)
    assert restarted["backend"] == BACKEND
    assert restarted["opened"] and restarted["role"] == "functioneel_beheerder", restarted

    forgotten = run_app(env, "forget", str(store), store_id)
    assert forgotten["secret_left"] is False
    assert not secret_tool_lookup(env, store_id)

    before = file_hashes(store)
    refused = run_app(env, "login", str(store), ADMIN, PASSPHRASE)
    after = file_hashes(store)
    assert refused["backend"] == BACKEND
    assert refused.get("error") == "DeviceNotBound", refused
    assert "herstelsleutel" in refused["message"]
    # Only the break-in signal beside the store is new (issue 21, Blijf 9.1): one refused
    # device, no back-off; the store and its key file are untouched.
    signal = after.pop("login-attempts.json", None)
    assert after == before, "a refused login changed the store files"
    assert signal is not None and before.get("login-attempts.json") is None
    state = attempts.load(store / "login-attempts.json")
    assert state.failures == 0 and [e.kind for e in state.events] == [attempts.DEVICE]

    # The way forward the message names: the recovery key binds this PC again.
    recovered = run_app(env, "recover", str(store), ADMIN, created["recovery_key"], NEW_PASSPHRASE)
    assert recovered["opened"], recovered
    assert secret_tool_lookup(env, store_id)
    again = run_app(env, "login", str(store), ADMIN, NEW_PASSPHRASE)
    assert again["opened"], again

    figure = {"backend": BACKEND, "processes": 6, "login_after_restart": restarted["opened"],
              "without_entry": refused["error"], "files_unchanged": after == before,
              "files_checked": len(before), "rebound_by_recovery_key": again["opened"]}
    print(f"FIGURE real_keyring: {json.dumps(figure)}")
