"""The backup settings, read from the settings table (migration 0021 moved them there from
0016's backup_settings). They are changed through services/settings.py, which applies the
rules of domain/settings.py (fewer backups kept, or made less often, waits for a second user)."""

from dataclasses import dataclass

from blijf_desktop.domain import settings as rules
from blijf_desktop.storage import settings


@dataclass(frozen=True)
class BackupSettings:
    folder: str | None
    keep: int
    schedule: str = rules.DAILY


def read(conn) -> BackupSettings:
    def current(code):
        return settings.value(conn, code, rules.RULES[code].default)

    return BackupSettings(current(rules.BACKUP_FOLDER), current(rules.BACKUP_KEEP),
                          current(rules.BACKUP_SCHEDULE))
