"""What the app loads before the login window is shown.

Start-up time is measured in bench/startup.py (never asserted here). What this test guards is
the reason it is short: the modules that open the store (key vault, SQLCipher, OpenSSL via
`cryptography`, the keyring, Babel, phone-number rules, the main window) are imported when the
user logs in, not before the first window. A new top-level import that drags one of them
forward fails here, with the module's name."""

import json
import os
import subprocess
import sys
from pathlib import Path


NOT_BEFORE_LOGIN = (
    "sqlcipher3",
    "cryptography",
    "keyring",
    "babel",
    "phonenumbers",
    "hashlib",
    "blijf_desktop.storage.keyvault",
    "blijf_desktop.storage.database",
    "blijf_desktop.storage.audit",
    "blijf_desktop.services.session",
    "blijf_desktop.services.accounts",
    "blijf_desktop.ui.dialogs.recovery",
    "blijf_desktop.ui.main_window",
)

CHILD = """
import json, sys
from blijf_desktop.app import main
code = main(["--store", sys.argv[1]])
print("MODULES " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def start_until_shown(store: Path, tmp_path: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BLIJF_EXIT_WHEN_SHOWN": "1",
           "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(store)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    modules = json.loads(next(line for line in lines if line.startswith("MODULES "))[8:])
    return "\n".join(lines), set(modules)


def loaded(name: str, modules: set[str]) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_login_window_is_shown_before_the_store_modules_are_imported(created, paths, tmp_path):
    created[0].close()  # the app's start must find the store free (instance lock)
    store = paths.folder

    output, modules = start_until_shown(store, tmp_path)

    assert "shown" in output.splitlines()
    assert "blijf_desktop.ui.dialogs.login" in modules  # the check looks at the right start
    early = [name for name in NOT_BEFORE_LOGIN if loaded(name, modules)]
    assert early == [], f"imported before the login window was shown: {early}"
