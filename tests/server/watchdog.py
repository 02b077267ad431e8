"""Stops the test cluster when the test run that started it is gone without stopping it
(killed, or ended by a timeout's SIGTERM, which skips pytest's teardown): a server left
running on a shared machine would hold the port and a folder in /tmp.

Run as: python watchdog.py <pytest pid> <pg_ctl> <data folder> <base folder> [account]"""

import os
import shutil
import subprocess
import sys
import time


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(pid: str, pg_ctl: str, data: str, base: str, account: str = "") -> None:
    while _alive(int(pid)) and os.path.exists(base):
        time.sleep(0.5)
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        extra = {"user": account, "group": account, "extra_groups": []} if account else {}
        subprocess.run([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd="/", **extra)
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
