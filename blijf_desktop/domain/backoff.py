"""Exponential back-off after failed logins (convenant Blijf 9.1: break-in attempts slowed)."""

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 15 * 60


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` consecutive failures before the next try is accepted."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS))


def remaining(failures: int, last_failure: float | None, now: float) -> float:
    """Seconds still to wait at `now`. Never more than `delay_after(failures)`, so never past
    the cap, whatever the clock did: a last failure after `now` counts as just now."""
    if last_failure is None:
        return 0.0
    delay = delay_after(failures)
    return max(0.0, delay - max(0.0, now - last_failure))
