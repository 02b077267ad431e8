"""The back-off after failed logins. The counts live beside the store (storage/attempts.py),
because the store is locked when a login fails, with a copy of the count in the OS keyring
(storage/attempt_mirror.py): the larger holds, so deleting the file resets nothing, and a
disagreement is a break-in signal. The wait never exceeds the cap, whatever the clock did.

Kept light on purpose: the login window asks for the remaining wait before it is first shown,
so this module imports nothing that opens the store (see bench/startup.py), and that first
question reads the file only (`thorough=False`)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Callable

from blijf_desktop.domain import backoff
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import attempts
from blijf_desktop.storage.attempt_mirror import Count, Mirror
from blijf_desktop.storage.errors import TooManyAttempts
from blijf_desktop.storage.paths import StorePaths

if TYPE_CHECKING:
    from blijf_desktop.storage.device import DeviceSecrets

log = logging.getLogger(__name__)
# The audit action for each kind of signal written at the next login (Blijf 9.1).
_SIGNAL_ACTIONS = {attempts.RECOVERY: AuditAction.RECOVERY_FAILED,
                   attempts.DEVICE: AuditAction.DEVICE_REFUSED,
                   attempts.INSTANCE: AuditAction.INSTANCE_REFUSED,
                   attempts.COUNTER: AuditAction.LOGIN_COUNTER_MISMATCH}


def _latest(*times: float | None) -> float | None:
    return max((t for t in times if t is not None), default=None)


def _earliest(*times: float | None) -> float | None:
    return min((t for t in times if t is not None), default=None)


class LoginGuard:
    """Exponential back-off over failed attempts, persisted beside the store and in the OS
    keyring (when `device` is given and a keyring works)."""

    def __init__(self, paths: StorePaths, clock: Callable[[], float] = time.time,
                 device: DeviceSecrets | None = None):
        self.paths = paths
        self.clock = clock
        self.mirror = Mirror(device, paths.keys) if device is not None else None

    def _counts(self, thorough: bool = True) -> tuple[attempts.Attempts, Count | None]:
        state = attempts.load(self.paths.attempts)
        copy = self.mirror.read() if thorough and self.mirror is not None else None
        return state, copy

    def wait_seconds(self, thorough: bool = True) -> float:
        state, copy = self._counts(thorough)
        failures = max(state.failures, copy.failures if copy else 0)
        if not failures:
            return 0.0
        now = self.clock()
        last = _latest(state.last_failure, copy.last if copy else None)
        if last is None or last > now:
            # Recorded while the clock ran ahead, or the clock was set back since (or a count
            # without a time): the wait counts from now, and that is kept.
            self._restamp(now, state, copy)
            last = now
        return backoff.remaining(failures, last, now)

    def _restamp(self, now: float, state: attempts.Attempts, copy: Count | None) -> None:
        try:
            attempts.restamp(self.paths.attempts, now)
        except OSError as error:
            log.warning("failure times not corrected: %s", type(error).__name__)
        if copy is not None and copy.failures and self.mirror is not None:
            self.mirror.write(Count(copy.failures, _earliest(copy.first, now),
                                    min(copy.last or now, now)))

    def check(self) -> None:
        wait = self.wait_seconds()
        if wait > 0:
            raise TooManyAttempts(wait)

    def failed(self, slot: str | None = None) -> None:
        """A wrong passphrase. `slot`: the key slot id of the account it was typed for, None
        when no account has that user name (the name itself is never kept)."""
        now = self.clock()
        state, copy = self._counts()
        if copy is not None and copy.failures != state.failures:
            self.signal(attempts.COUNTER)
        after = attempts.record_failure(self.paths.attempts, now, slot,
                                        copy.failures if copy else 0, copy.first if copy else None)
        if self.mirror is not None:
            self.mirror.write(Count(after.failures, after.first_failure, now))

    def signal(self, kind: str) -> None:
        """A break-in signal without back-off (attempts.RECOVERY, DEVICE, INSTANCE). Never
        raises: a folder that cannot be written must not change what the user is told."""
        try:
            attempts.record_event(self.paths.attempts, kind, self.clock())
        except OSError as error:
            log.warning("break-in signal not kept: %s", type(error).__name__)

    def succeeded(self, conn, user_id: int) -> int:
        """Clear the counter (and its copy) and write the failures and other signals since the
        last success into the audit trail (counts, times, account ids). Returns the failed
        logins: the larger count, so a deleted file hides none."""
        from blijf_desktop.storage import audit  # with the store open, so already imported

        state, copy = self._counts()
        failures = max(state.failures, copy.failures if copy else 0)
        events = list(state.events)
        if copy is not None and copy.failures != state.failures:
            events.append(attempts.Event(attempts.COUNTER, self.clock()))
        logins = [e for e in events if e.kind == attempts.LOGIN]
        if failures or logins:
            owners = self._slot_owners(conn)
            per_user: dict[str, int] = {}
            for event in logins:
                owner = owners.get(event.slot) if event.slot else None
                if owner is not None:
                    per_user[str(owner)] = per_user.get(str(owner), 0) + 1
            audit.append(conn, AuditAction.LOGIN_FAILED.value, None, detail={
                "count": failures,
                "first": _earliest(state.first_failure, copy.first if copy else None),
                "last": _latest(state.last_failure, copy.last if copy else None),
                "users": per_user, "unknown_names": len(logins) - sum(per_user.values()),
            })
        for kind, action in _SIGNAL_ACTIONS.items():
            times = [e.at for e in events if e.kind == kind]
            extra = (state.dropped or {}).get(kind, 0)
            if times or extra:
                audit.append(conn, action.value, None, detail={
                    "count": len(times) + extra, "first": min(times, default=None),
                    "last": max(times, default=None)})
        attempts.clear(self.paths.attempts)
        if self.mirror is not None:
            self.mirror.clear()
        return failures

    def _slot_owners(self, conn) -> dict[str, int]:
        """Key slot id -> user id, for every account (disabled ones too)."""
        from blijf_desktop.storage import keyvault, users

        try:
            store_id = keyvault.KeyFile.from_bytes(self.paths.keys.read_bytes()).store_id
        except Exception as error:  # a key file that cannot be read names no one
            log.warning("slot owners unknown: %s", type(error).__name__)
            return {}
        return {keyvault.user_slot_id(store_id, u.username): u.id for u in users.all_users(conn)}
