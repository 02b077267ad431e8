"""Break-in signals for the functioneel beheerder (Blijf 9.1: break-in attempts signalled at
once): failed logins (per account id, and typed names that match no account, only counted),
wrong recovery keys, logins on a PC not bound to the store, second app instances refused, and
a failure counter that disagreed with its copy in the OS keyring (e.g. its file deleted),
and an unusual volume: one user listed or opened more persons in a period than the threshold
(issue 22, Blijf 6.1; services/listing_trace.py), per account id.
Counts, times and account ids; never what was typed. Other roles never see them."""

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, break_ins

KINDS = {AuditAction.LOGIN_FAILED.value: "login",
         AuditAction.RECOVERY_FAILED.value: "recovery",
         AuditAction.DEVICE_REFUSED.value: "device",
         AuditAction.INSTANCE_REFUSED.value: "instance",
         AuditAction.LOGIN_COUNTER_MISMATCH.value: "counter",
         AuditAction.VOLUME_UNUSUAL.value: "volume"}
MAX_DAYS = 366


@dataclass(frozen=True)
class Signal:
    kind: str  # login | recovery | device | instance | counter | volume
    count: int
    first: datetime | None
    last: datetime | None
    users: dict[int, int] = field(default_factory=dict)  # account id -> failed logins (volume:
    # signals)
    unknown_names: int = 0  # failed logins with a user name no account has


@dataclass(frozen=True)
class BreakIns:
    since: datetime | None  # None: since the store was made
    signals: tuple[Signal, ...]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.signals)

    @property
    def user_ids(self) -> list[int]:
        return sorted({u for s in self.signals for u in s.users})

    @property
    def first(self) -> datetime | None:
        return min((s.first for s in self.signals if s.first), default=None)

    @property
    def last(self) -> datetime | None:
        return max((s.last for s in self.signals if s.last), default=None)


def _moment(value) -> datetime | None:
    if type(value) in (int, float):
        return datetime.fromtimestamp(value, timezone.utc)
    return None


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


def summarise(rows: list[break_ins.SignalRow], since: datetime | None) -> BreakIns:
    found: dict[str, dict] = {}
    for row in rows:
        kind = KINDS[row.action]
        into = found.setdefault(kind, {"count": 0, "times": [], "users": {}, "unknown": 0})
        count = row.detail.get("count")
        into["count"] += count if type(count) is int and count > 0 else 1
        written = _utc(row.at)
        into["times"] += [_moment(row.detail.get("first")) or written,
                          _moment(row.detail.get("last")) or written]
        users = row.detail.get("users")
        for user, n in (users.items() if isinstance(users, dict) else ()):
            if str(user).isdigit() and type(n) is int:
                into["users"][int(user)] = into["users"].get(int(user), 0) + n
        unknown = row.detail.get("unknown_names")
        into["unknown"] += unknown if type(unknown) is int else 0
    signals = tuple(Signal(kind, v["count"], min(v["times"]), max(v["times"]), v["users"],
                           v["unknown"])
                    for kind in ("login", "recovery", "device", "instance", "counter", "volume")
                    for v in [found.get(kind)] if v and v["count"])
    return BreakIns(since, signals)


class BreakInService:
    def __init__(self, session: Session, now: Callable[[], datetime] = lambda: datetime.fromtimestamp(
            time.time(), timezone.utc)):
        self.session = session
        self.now = now

    @requires(Permission.VIEW_BREAK_INS)
    def since_last_login(self) -> BreakIns:
        """What happened since her login before this one (what the notice after login says)."""
        conn = self.session.db.conn
        after = break_ins.previous_login_seq(conn, self.session.user.id)
        since = None
        if after:
            since = _utc(audit.time_at(conn, after))
        found = summarise(break_ins.rows_after(conn, list(KINDS), after), since)
        self.session.audit(AuditAction.VIEW, "break_ins",
                           detail={"period": "since_login", "count": found.total})
        return found

    @requires(Permission.VIEW_BREAK_INS)
    def last_days(self, days: int) -> BreakIns:
        if type(days) is not int or not 1 <= days <= MAX_DAYS:
            raise InvalidInput("days", "invalid")
        since = self.now() - timedelta(days=days)
        rows = break_ins.rows_after(self.session.db.conn, list(KINDS),
                                    since=since.isoformat(timespec="microseconds"))
        found = summarise(rows, since)
        self.session.audit(AuditAction.VIEW, "break_ins",
                           detail={"period": f"{days}d", "count": found.total})
        return found
