"""Settings in force, read where the UI needs them before or beside a service call."""

import logging

from blijf_desktop.domain.passphrase import MIN_LENGTH
from blijf_desktop.services.errors import ServiceError, StoreError
from blijf_desktop.services.session import Session
from blijf_desktop.services.settings import SettingsService

log = logging.getLogger(__name__)


def store_min_length(session: Session) -> int:
    """The store's passphrase minimum for a field's hint. The service checks it again on
    saving, so if it cannot be read now (locked), the hint says the built-in minimum."""
    try:
        return SettingsService(session).passphrase_min_length()
    except (ServiceError, StoreError) as error:
        log.info("passphrase minimum not read: %s", type(error).__name__)
        return MIN_LENGTH


def idle_lock_minutes(session: Session, asked: float | None) -> float:
    """The idle lock the window uses: the store's setting; a --idle-minutes on the command
    line may only make it shorter (Blijf 9.1: no switching security off from a shortcut)."""
    minutes = SettingsService(session).idle_lock_minutes()
    return minutes if asked is None else min(float(asked), minutes)
