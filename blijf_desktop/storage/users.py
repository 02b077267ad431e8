"""User accounts in the store. Passphrases are not here: they live only as key slots."""

from dataclasses import dataclass

from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import teams
from blijf_desktop.storage.dialects import on_server
from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage.keyvault import normalise_username

_COLUMNS = ("id, username, display_name, role, active, must_change_passphrase,"
            " confidentiality_accepted_at, created_at")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_passphrase: bool
    confidentiality_accepted_at: str | None
    created_at: str


def _user(row) -> User:
    return User(row[0], row[1], row[2], Role(row[3]), bool(row[4]), bool(row[5]), row[6], row[7])


def by_username(conn, username: str) -> User | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?",
                       (normalise_username(username),)).fetchone()
    return _user(row) if row else None


def by_id(conn, user_id: int) -> User | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def all_users(conn) -> list[User]:
    return [_user(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username")]


def insert(conn, username: str, display_name: str, role: Role, created_by: int | None,
           must_change: bool) -> int:
    cursor = conn.execute(
        "INSERT INTO users (username, display_name, role, must_change_passphrase, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (normalise_username(username), display_name.strip(), role.value, int(must_change),
         now_utc(), created_by),
    )
    teams.join_only_team(conn, cursor.lastrowid)
    return cursor.lastrowid


def insert_copy(conn, user: User) -> None:
    """Her own row, with her id on the server, in a desk's local draft store (server mode,
    services/desk_drafts.py): the drafts there are hers by that id."""
    conn.execute(
        "INSERT INTO users (id, username, display_name, role, must_change_passphrase,"
        " created_at) VALUES (?, ?, ?, ?, 0, ?)",
        (user.id, user.username, user.display_name, user.role.value, now_utc()))


def set_active(conn, user_id: int, active: bool) -> None:
    conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))


def set_role(conn, user_id: int, role: Role) -> None:
    conn.execute("UPDATE users SET role = ? WHERE id = ?", (Role(role).value, user_id))


def set_must_change(conn, user_id: int, must_change: bool) -> None:
    conn.execute("UPDATE users SET must_change_passphrase = ? WHERE id = ?",
                 (int(must_change), user_id))


def accept_confidentiality(conn, user_id: int, version: str) -> None:
    conn.execute(
        "UPDATE users SET confidentiality_accepted_at = ?, confidentiality_version = ? WHERE id = ?",
        (now_utc(), version, user_id),
    )


def count_active_beheerders(conn) -> int:
    """Active beheerders who can log in: one still waiting for a teamleider's confirmation
    (migration 0031) does not count, she may yet be refused."""
    return conn.execute(
        "SELECT count(*) FROM users WHERE active = 1 AND role = ? AND id NOT IN"
        " (SELECT user_id FROM account_requests WHERE decision IS NULL)", (Role.BEHEERDER.value,)
    ).fetchone()[0]


_GIVEN = ("user_added", "passphrase_reset", "recovery_used")  # AuditAction values


# On a server her role does not read the trail: the definer function of migration 0033
# answers for her own account only.
_GIVER = ("SELECT user_id FROM audit_log WHERE record_type = 'user' AND record_id = ?"
          " AND action IN (?, ?, ?) ORDER BY seq DESC LIMIT 1")
_GIVER_SERVER = "SELECT blijf.trail_passphrase_giver(?)"


def passphrase_giver(conn, user_id: int) -> int | None:
    """Who set the passphrase that first opened this account's current slot: the beheerder
    who made it or last reset it (she knew the one-time passphrase), or the account itself
    after a recovery with the recovery key; None when the trail holds neither (the store's
    first account). Read from the append-only audit trail, which names ids only. On a server
    only for the session's own account."""
    if on_server(conn):
        row = conn.execute(_GIVER_SERVER, (user_id,)).fetchone()
    else:
        row = conn.execute(_GIVER, (str(user_id), *_GIVEN)).fetchone()
    return row[0] if row else None
