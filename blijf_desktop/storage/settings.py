"""The settings rows and the requests that wait for a second user (migration 0021). Values
go in and out as JSON; a logo (bytes) as base64. No rules here: domain/settings.py has them."""

import base64
import json
from dataclasses import dataclass

from blijf_desktop.storage.audit import now_utc


@dataclass(frozen=True)
class StoredSetting:
    code: str
    value: object
    changed_at: str
    changed_by: int | None
    confirmed_by: int | None


@dataclass(frozen=True)
class SettingRequest:
    id: int
    code: str
    value: object
    old_value: object
    requested_at: str
    requested_by: int
    state: str
    decided_at: str | None
    decided_by: int | None


def _dump(value) -> str:
    if isinstance(value, bytes):
        return json.dumps({"base64": base64.b64encode(value).decode("ascii")})
    return json.dumps(value)


def _load(text: str):
    value = json.loads(text)
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])
    return value


def stored(conn) -> dict[str, StoredSetting]:
    rows = conn.execute("SELECT code, value, changed_at, changed_by, confirmed_by FROM settings")
    return {row[0]: StoredSetting(row[0], _load(row[1]), *row[2:]) for row in rows}


def value(conn, code: str, default=None):
    row = conn.execute("SELECT value FROM settings WHERE code = ?", (code,)).fetchone()
    return default if row is None else _load(row[0])


def put(conn, code: str, new, user_id: int | None, confirmed_by: int | None = None) -> None:
    conn.execute("INSERT INTO settings (code, value, changed_at, changed_by, confirmed_by)"
                 " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET value = excluded.value,"
                 " changed_at = excluded.changed_at, changed_by = excluded.changed_by,"
                 " confirmed_by = excluded.confirmed_by",
                 (code, _dump(new), now_utc(), user_id, confirmed_by))


_REQUEST_COLUMNS = ("id, code, value, old_value, requested_at, requested_by, state, decided_at,"
                    " decided_by")


def _request(row) -> SettingRequest:
    return SettingRequest(row[0], row[1], _load(row[2]), _load(row[3]), *row[4:])


def request(conn, request_id: int) -> SettingRequest | None:
    row = conn.execute(f"SELECT {_REQUEST_COLUMNS} FROM setting_requests WHERE id = ?",
                       (request_id,)).fetchone()
    return _request(row) if row else None


def pending(conn) -> dict[str, SettingRequest]:
    rows = conn.execute(f"SELECT {_REQUEST_COLUMNS} FROM setting_requests"
                        " WHERE state = 'pending' ORDER BY id")
    return {row[1]: _request(row) for row in map(tuple, rows)}


def add_request(conn, code: str, new, old, user_id: int) -> int:
    cursor = conn.execute("INSERT INTO setting_requests (code, value, old_value, requested_at,"
                          " requested_by) VALUES (?, ?, ?, ?, ?)",
                          (code, _dump(new), _dump(old), now_utc(), user_id))
    return cursor.lastrowid


def decide(conn, request_id: int, state: str, user_id: int | None) -> bool:
    """Close a pending request; False when it was no longer pending."""
    cursor = conn.execute("UPDATE setting_requests SET state = ?, decided_at = ?, decided_by = ?"
                          " WHERE id = ? AND state = 'pending'",
                          (state, now_utc(), user_id, request_id))
    return cursor.rowcount == 1
