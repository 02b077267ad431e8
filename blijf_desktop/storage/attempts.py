"""Failed logins and other break-in signals, kept beside the store (it is locked when they
happen) so the back-off survives a restart and the functioneel beheerder hears of them at the
next login (Blijf 9.1). Holds kinds, counts and times, and for a failed login on an existing
account its key slot id (a hash the key file holds already): never a typed user name or
passphrase, so a typed unknown name is only counted."""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from blijf_desktop.storage.files import write_atomically

# What is signalled, besides a wrong passphrase ("login"). COUNTER: this file and its copy in
# the OS keyring (storage/attempt_mirror.py) disagreed, e.g. the file was deleted.
LOGIN, RECOVERY, DEVICE, INSTANCE, COUNTER = "login", "recovery", "device", "instance", "counter"
KINDS = (LOGIN, RECOVERY, DEVICE, INSTANCE, COUNTER)
MAX_EVENTS = 200  # kept one by one; beyond this only counted (`dropped`)


@dataclass(frozen=True)
class Event:
    kind: str
    at: float
    slot: str | None = None  # a failed login on an existing account's key slot


@dataclass(frozen=True)
class Attempts:
    failures: int = 0  # wrong passphrases: the back-off counts these
    first_failure: float | None = None
    last_failure: float | None = None
    events: tuple[Event, ...] = ()
    dropped: dict[str, int] | None = None  # per kind, events beyond MAX_EVENTS

    def to_json(self) -> bytes:
        body = {"failures": self.failures, "first_failure": self.first_failure,
                "last_failure": self.last_failure, "dropped": self.dropped or {},
                "events": [{"kind": e.kind, "at": e.at, "slot": e.slot} for e in self.events]}
        return json.dumps(body).encode("utf-8")


def _event(raw) -> Event | None:
    """An event as written, or None for anything else (an edited file tells nothing)."""
    if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
        return None
    at, slot = raw.get("at"), raw.get("slot")
    if type(at) not in (int, float) or not math.isfinite(at):
        return None
    if slot is not None and not (isinstance(slot, str) and len(slot) == 32
                                 and all(c in "0123456789abcdef" for c in slot)):
        slot = None
    return Event(raw["kind"], float(at), slot)


def load(path: Path) -> Attempts:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        events = tuple(e for e in map(_event, body.get("events") or []) if e is not None)
        dropped = body.get("dropped") or {}
        dropped = {k: int(v) for k, v in dropped.items() if k in KINDS} \
            if isinstance(dropped, dict) else {}
        return Attempts(int(body["failures"]), body.get("first_failure"),
                        body.get("last_failure"), events, dropped)
    except FileNotFoundError:
        return Attempts()
    except (ValueError, KeyError, TypeError, AttributeError):
        # A damaged counter must not become a free pass: count it as a run of failures.
        stamp = path.stat().st_mtime
        return Attempts(failures=4, first_failure=stamp, last_failure=stamp)


def _with_event(before: Attempts, event: Event) -> tuple[tuple[Event, ...], dict[str, int]]:
    dropped = dict(before.dropped or {})
    if len(before.events) >= MAX_EVENTS:
        dropped[event.kind] = dropped.get(event.kind, 0) + 1
        return before.events, dropped
    return before.events + (event,), dropped


def record_failure(path: Path, now: float, slot: str | None = None, counted: int = 0,
                   first: float | None = None) -> Attempts:
    """A wrong passphrase (or user name): counted for the back-off and signalled. `counted`,
    `first`: what the keyring's copy holds, when it holds more than the file."""
    before = load(path)
    events, dropped = _with_event(before, Event(LOGIN, now, slot))
    firsts = [t for t in (before.first_failure, first) if t is not None]
    after = Attempts(max(before.failures, counted) + 1, min(firsts, default=now), now, events,
                     dropped)
    write_atomically(path, after.to_json())
    return after


def restamp(path: Path, now: float) -> None:
    """The clock went back behind the last failure (or it ran ahead when that was recorded):
    times after `now` become `now`, so the wait counts from here and never from the future."""
    before = load(path)
    if not before.failures:
        return
    write_atomically(path, Attempts(before.failures, min(before.first_failure or now, now),
                                    min(before.last_failure or now, now), before.events,
                                    before.dropped).to_json())


def record_event(path: Path, kind: str, now: float) -> None:
    """A wrong recovery key, a PC not bound, a second instance: signalled, no back-off."""
    before = load(path)
    events, dropped = _with_event(before, Event(kind, now))
    write_atomically(path, Attempts(before.failures, before.first_failure, before.last_failure,
                                    events, dropped).to_json())


def clear(path: Path) -> None:
    path.unlink(missing_ok=True)
