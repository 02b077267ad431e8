"""Requests for case access (migration 0022): asked by a functioneel beheerder, confirmed or
refused by a teamleider. Ids and codes only; names come from the users table."""

from dataclasses import dataclass

from blijf_desktop.domain.roles import Role
from blijf_desktop.storage.audit import now_utc

_COLUMNS = ("id, user_id, kind, role, requested_by, requested_at, decision, decided_by,"
            " decided_at, told_at")


@dataclass(frozen=True)
class AccountRequest:
    id: int
    user_id: int
    kind: str  # domain.account_duties: NEW, ROLE, RESET
    role: Role
    requested_by: int
    requested_at: str
    decision: str | None  # None while pending
    decided_by: int | None
    decided_at: str | None
    told_at: str | None

    @property
    def pending(self) -> bool:
        return self.decision is None


def _request(row) -> AccountRequest:
    return AccountRequest(row[0], row[1], row[2], Role(row[3]), *row[4:])


def insert(conn, user_id: int, kind: str, role: Role, requested_by: int,
           decision: str | None = None) -> int:
    """A new request; `decision` ALONE records one that took effect without a teamleider."""
    now = now_utc()
    decided = decision is not None
    return conn.execute(
        "INSERT INTO account_requests (user_id, kind, role, requested_by, requested_at,"
        " decision, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, kind, Role(role).value, requested_by, now, decision,
         requested_by if decided else None, now if decided else None),
    ).lastrowid


def decide(conn, request_id: int, decision: str, decided_by: int) -> None:
    conn.execute("UPDATE account_requests SET decision = ?, decided_by = ?, decided_at = ?"
                 " WHERE id = ? AND decision IS NULL",
                 (decision, decided_by, now_utc(), request_id))


def told(conn, request_id: int) -> None:
    conn.execute("UPDATE account_requests SET told_at = ? WHERE id = ? AND told_at IS NULL",
                 (now_utc(), request_id))


def by_id(conn, request_id: int) -> AccountRequest | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM account_requests WHERE id = ?",
                       (request_id,)).fetchone()
    return _request(row) if row else None


def open_for(conn, user_id: int) -> AccountRequest | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM account_requests"
                       " WHERE user_id = ? AND decision IS NULL", (user_id,)).fetchone()
    return _request(row) if row else None


def pending(conn) -> list[AccountRequest]:
    """Open requests of active accounts, oldest first."""
    return [_request(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM account_requests WHERE decision IS NULL"
        " AND user_id IN (SELECT id FROM users WHERE active = 1) ORDER BY id")]


def latest_per_user(conn) -> dict[int, AccountRequest]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM account_requests WHERE id IN"
        " (SELECT max(id) FROM account_requests GROUP BY user_id)")
    return {r[1]: _request(r) for r in rows}


def untold_alone(conn, user_id: int) -> AccountRequest | None:
    """A request for this account that took effect without a teamleider, not yet shown to her."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM account_requests WHERE user_id = ?"
                       " AND decision = 'alone' AND told_at IS NULL ORDER BY id DESC LIMIT 1",
                       (user_id,)).fetchone()
    return _request(row) if row else None


def active_teamleiders(conn) -> list[int]:
    """Ids of the teamleiders who can confirm: active, and not pending themselves."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM users WHERE active = 1 AND role = ? AND id NOT IN"
        " (SELECT user_id FROM account_requests WHERE decision IS NULL)",
        (Role.TEAMLEIDER.value,))]
