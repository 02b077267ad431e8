"""Exponential back-off after failed logins (convenant Blijf 9.1: break-in attempts slowed)."""

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 15 * 60


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` consecutive failures before the next try is accepted."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS))
