"""The backup settings row (migration 0016)."""

from dataclasses import dataclass

from blijf_desktop.storage.audit import now_utc


@dataclass(frozen=True)
class BackupSettings:
    folder: str | None
    keep: int


def read(conn) -> BackupSettings:
    row = conn.execute("SELECT folder, keep FROM backup_settings WHERE id = 1").fetchone()
    return BackupSettings(row[0], row[1])


def set_folder(conn, folder: str, user_id: int) -> None:
    conn.execute("UPDATE backup_settings SET folder = ?, changed_at = ?, changed_by = ?"
                 " WHERE id = 1", (folder, now_utc(), user_id))


def set_keep(conn, keep: int, user_id: int) -> None:
    conn.execute("UPDATE backup_settings SET keep = ?, changed_at = ?, changed_by = ?"
                 " WHERE id = 1", (keep, now_utc(), user_id))
