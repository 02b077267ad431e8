"""The back-off after failed logins. The counts live beside the store (storage/attempts.py),
because the store is locked when a login fails.

Kept light on purpose: the login window asks for the remaining wait before it is first shown,
so this module imports nothing that opens the store (see bench/startup.py)."""

import time
from typing import Callable

from blijf_desktop.domain import backoff
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import attempts
from blijf_desktop.storage.errors import TooManyAttempts
from blijf_desktop.storage.paths import StorePaths


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

    def failed(self) -> None:
        attempts.record_failure(self.paths.attempts, self.clock())

    def succeeded(self, conn, user_id: int) -> int:
        """Clear the counter and write the failures since the last success into the audit trail."""
        from blijf_desktop.storage import audit  # with the store open, so already imported

        state = attempts.load(self.paths.attempts)
        if state.failures:
            audit.append(conn, AuditAction.LOGIN_FAILED.value, None, detail={
                "count": state.failures, "first": state.first_failure, "last": state.last_failure,
            })
        attempts.clear(self.paths.attempts)
        return state.failures
