"""How long destroyed data can still sit in a backup (Blijf 8.2: destruction includes all
copies and backups). Backups older than the rotation window are deleted, so data destroyed
on a day has left the last backup that holds it `keep_days` days later. Shared by the
destruction statement and the backup rotation."""

from datetime import date, timedelta

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
