"""Failed logins, kept beside the store (it is locked when they happen) so the back-off
survives a restart. Holds counts and times only: no user names, nothing personal."""

import json
from dataclasses import dataclass
from pathlib import Path

from blijf_desktop.storage.files import write_atomically


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    first_failure: float | None = None
    last_failure: float | None = None


def load(path: Path) -> Attempts:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return Attempts(int(body["failures"]), body.get("first_failure"), body.get("last_failure"))
    except FileNotFoundError:
        return Attempts()
    except (ValueError, KeyError, TypeError):
        # A damaged counter must not become a free pass: count it as a run of failures.
        stamp = path.stat().st_mtime
        return Attempts(failures=4, first_failure=stamp, last_failure=stamp)


def record_failure(path: Path, now: float) -> Attempts:
    before = load(path)
    after = Attempts(before.failures + 1, before.first_failure or now, now)
    write_atomically(path, json.dumps(after.__dict__).encode("utf-8"))
    return after


def clear(path: Path) -> None:
    path.unlink(missing_ok=True)
