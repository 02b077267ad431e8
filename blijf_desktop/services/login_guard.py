"""The back-off after failed logins. The counts live beside the store (storage/attempts.py),
because the store is locked when a login fails.

Kept light on purpose: the login window asks for the remaining wait before it is first shown,
so this module imports nothing that opens the store (see bench/startup.py)."""

import logging
import time
from typing import Callable

from blijf_desktop.domain import backoff
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import attempts
from blijf_desktop.storage.errors import TooManyAttempts
from blijf_desktop.storage.paths import StorePaths

log = logging.getLogger(__name__)
# The audit action for each kind of signal written at the next login (Blijf 9.1).
_SIGNAL_ACTIONS = {attempts.RECOVERY: AuditAction.RECOVERY_FAILED,
                   attempts.DEVICE: AuditAction.DEVICE_REFUSED,
                   attempts.INSTANCE: AuditAction.INSTANCE_REFUSED}


class LoginGuard:
    """Exponential back-off over failed attempts, persisted beside the store."""

    def __init__(self, paths: StorePaths, clock: Callable[[], float] = time.time):
        self.paths = paths
        self.clock = clock

    def wait_seconds(self) -> float:
        state = attempts.load(self.paths.attempts)
        if not state.last_failure:
            return 0.0
        remaining = backoff.delay_after(state.failures) - (self.clock() - state.last_failure)
        return max(0.0, remaining)

    def check(self) -> None:
        wait = self.wait_seconds()
        if wait > 0:
            raise TooManyAttempts(wait)

    def failed(self, slot: str | None = None) -> None:
        """A wrong passphrase. `slot`: the key slot id of the account it was typed for, None
        when no account has that user name (the name itself is never kept)."""
        attempts.record_failure(self.paths.attempts, self.clock(), slot)

    def signal(self, kind: str) -> None:
        """A break-in signal without back-off (attempts.RECOVERY, DEVICE, INSTANCE). Never
        raises: a folder that cannot be written must not change what the user is told."""
        try:
            attempts.record_event(self.paths.attempts, kind, self.clock())
        except OSError as error:
            log.warning("break-in signal not kept: %s", type(error).__name__)

    def succeeded(self, conn, user_id: int) -> int:
        """Clear the counter and write the failures and other signals since the last success
        into the audit trail (counts, times, account ids). Returns the failed logins."""
        from blijf_desktop.storage import audit  # with the store open, so already imported

        state = attempts.load(self.paths.attempts)
        logins = [e for e in state.events if e.kind == attempts.LOGIN]
        if state.failures or logins:
            owners = self._slot_owners(conn)
            per_user: dict[str, int] = {}
            for event in logins:
                owner = owners.get(event.slot) if event.slot else None
                if owner is not None:
                    per_user[str(owner)] = per_user.get(str(owner), 0) + 1
            audit.append(conn, AuditAction.LOGIN_FAILED.value, None, detail={
                "count": state.failures, "first": state.first_failure, "last": state.last_failure,
                "users": per_user, "unknown_names": len(logins) - sum(per_user.values()),
            })
        for kind, action in _SIGNAL_ACTIONS.items():
            times = [e.at for e in state.events if e.kind == kind]
            extra = (state.dropped or {}).get(kind, 0)
            if times or extra:
                audit.append(conn, action.value, None, detail={
                    "count": len(times) + extra, "first": min(times, default=None),
                    "last": max(times, default=None)})
        attempts.clear(self.paths.attempts)
        return state.failures

    def _slot_owners(self, conn) -> dict[str, int]:
        """Key slot id -> user id, for every account (disabled ones too)."""
        from blijf_desktop.storage import keyvault, users

        try:
            store_id = keyvault.KeyFile.from_bytes(self.paths.keys.read_bytes()).store_id
        except Exception as error:  # a key file that cannot be read names no one
            log.warning("slot owners unknown: %s", type(error).__name__)
            return {}
        return {keyvault.user_slot_id(store_id, u.username): u.id for u in users.all_users(conn)}
