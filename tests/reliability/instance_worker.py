"""A second app instance in its own process, for the two-instances test.

    python -m tests.reliability.instance_worker hold STORE_FOLDER   # log in, keep the store open
    python -m tests.reliability.instance_worker try STORE_FOLDER    # try to log in, tell the result

`hold` prints "holding <pid>" once logged in, then keeps the session open until its standard
input closes (a normal quit) or it is killed. `try` prints one JSON line."""

import json
import os
import sys
from pathlib import Path

from tests.reliability.child_store import ADMIN, ADMIN_PASS, open_auth


def hold(folder: Path) -> None:
    session = open_auth(folder).login(ADMIN, ADMIN_PASS)
    print(f"holding {os.getpid()}", flush=True)
    sys.stdin.read()
    session.close()


def attempt(folder: Path) -> None:
    from blijf_desktop import i18n
    from blijf_desktop.storage.errors import StoreInUse
    from blijf_desktop.ui.messages import error_message

    try:
        session = open_auth(folder).login(ADMIN, ADMIN_PASS)
    except StoreInUse as error:
        messages = {}
        for language in ("nl", "en"):
            i18n.set_language(language)
            messages[language] = error_message(error)
        print(json.dumps({"opened": False, "error": type(error).__name__,
                          "holder_pid": error.holder_pid, "messages": messages}), flush=True)
        return
    session.close()
    print(json.dumps({"opened": True}), flush=True)


if __name__ == "__main__":
    {"hold": hold, "try": attempt}[sys.argv[1]](Path(sys.argv[2]))
