"""A copy of the failed-login count in the OS keyring, beside `login-attempts.json`, so that
deleting or rolling back that file does not reset the back-off (Blijf 9.1: break-in attempts
slowed and signalled). Kept per store (its id from `store.keys`, which holds no secret), next
to the store's device secret. Holds a count and two times, nothing typed.

Where no keyring works (the passphrase-only mode) there is no copy and the file alone counts.
Never raises: a keyring that fails must not change what the user is told at login."""

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from blijf_desktop.storage.device import SERVICE, DeviceSecrets

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Count:
    failures: int
    first: float | None
    last: float | None


def _moment(value) -> float | None:
    return float(value) if type(value) in (int, float) and math.isfinite(value) else None


class Mirror:
    def __init__(self, device: DeviceSecrets, keys_path: Path):
        self.device = device
        self.keys_path = keys_path

    def _entry(self) -> str | None:
        """The keyring entry's name, None without a readable key file or a safe keyring."""
        try:
            store_id = json.loads(self.keys_path.read_text(encoding="utf-8"))["store_id"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(store_id, str) or not self.device.available():
            return None
        return f"{store_id}/login-attempts"

    def read(self) -> Count | None:
        """The copy; a zero count when there is none; None when there can be none."""
        name = self._entry()
        if name is None:
            return None
        try:
            raw = self.device.backend.get_password(SERVICE, name)
        except Exception as error:  # noqa: BLE001 - any keyring trouble: the file alone counts
            log.warning("failure count not read from the keyring: %s", type(error).__name__)
            return None
        if not raw:
            return Count(0, None, None)
        try:
            body = json.loads(raw)
            failures = body["failures"]
            if type(failures) is not int or failures < 0:
                raise ValueError
            return Count(failures, _moment(body.get("first")), _moment(body.get("last")))
        except (ValueError, KeyError, TypeError):
            # An edited copy must not become a free pass (as for the file: a run of failures).
            return Count(4, None, None)

    def write(self, count: Count) -> None:
        name = self._entry()
        if name is None:
            return
        body = json.dumps({"failures": count.failures, "first": count.first, "last": count.last})
        try:
            self.device.backend.set_password(SERVICE, name, body)
        except Exception as error:  # noqa: BLE001
            log.warning("failure count not kept in the keyring: %s", type(error).__name__)

    def clear(self) -> None:
        name = self._entry()
        if name is None:
            return
        try:
            if self.device.backend.get_password(SERVICE, name) is not None:
                self.device.backend.delete_password(SERVICE, name)
        except Exception as error:  # noqa: BLE001
            log.warning("failure count not cleared in the keyring: %s", type(error).__name__)
