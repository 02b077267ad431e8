"""How long destroyed data can still sit in a backup (Blijf 8.2: destruction includes all
copies and backups). Backups older than the rotation window are deleted, so data destroyed
on a day has left the last backup that holds it `keep_days` days later. Shared by the
destruction statement and the backup rotation."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Backups kept, in days of automatic backups (one a day). A setting may change it; the
# statement names the date computed with the value in force when it was written.
DEFAULT_KEEP_DAYS = 14


def holding_backups_gone_by(destroyed_on: date, keep_days: int) -> date:
    """The day by which the last backup that can still hold data destroyed on
    `destroyed_on` has been deleted by the rotation. The backup made that same day may
    have been made before the destruction, so it counts as holding it; it is the oldest one
    left after `keep_days` more backups, and goes on the day after that."""
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    return destroyed_on + timedelta(days=keep_days)


# -- rotation (Blijf 8.1, 8.2: destroyed means destroyed in the backups too, so backups cannot
# be kept for ever; the rotation window bounds how long destroyed data lingers) -------------
KEEP_MIN, KEEP_MAX = 1, 60  # backups kept; more than two months would keep destroyed data long


@dataclass(frozen=True)
class KeptBackup:
    name: str
    created: datetime  # aware, from the backup's own header


def to_delete(backups: list[KeptBackup], keep: int, today: date) -> list[KeptBackup]:
    """The backups the rotation deletes: all but the `keep` newest, and every backup made
    `keep` or more days before `today` (a PC that was off for weeks must not keep old
    backups only because no new ones came). Run after a backup succeeded, so at least that
    one stays; a failed backup deletes nothing."""
    if not KEEP_MIN <= keep <= KEEP_MAX:
        raise ValueError("keep out of range")
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    return [backup for index, backup in enumerate(newest_first)
            if index >= keep or (today - backup.created.astimezone().date()).days >= keep]


def automatic_backup_due(last_made: datetime | None, now: datetime,
                         schedule: str = "daily") -> bool:
    """One automatic backup per calendar day (local time): due when none was made today.
    `schedule` (domain/settings.py): "weekly" when none was made in the last seven days,
    "manual" never."""
    if schedule == "manual":
        return False
    if last_made is None:
        return True
    days = (now.astimezone().date() - last_made.astimezone().date()).days
    return days >= (7 if schedule == "weekly" else 1)


def file_name(created: datetime) -> str:
    """`blijf-backup-20261123-091502.blijfbak`: sorts by time, says nothing about content."""
    return f"blijf-backup-{created.astimezone():%Y%m%d-%H%M%S}{SUFFIX}"


SUFFIX = ".blijfbak"
