"""The server login role of each user (issue 23; docs/server-mode.md section 4).

A user name may hold any printable letter; a role name is an identifier of at most 63 bytes
that appears in the server's logs. So the role is named after a digest of the user name: the
same name gives the same role at every desk, nothing of the name shows in a log line, and no
quoting question can arise. `user_roles` on the server maps the role back to `users.id`."""

from __future__ import annotations

import hashlib
import unicodedata

from blijf_desktop.domain.roles import Role

PREFIX = "blijf_u_"


def role_name(username: str) -> str:
    folded = unicodedata.normalize("NFC", username.strip()).casefold()
    return PREFIX + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:24]


def scram_secret(conn, passphrase: str) -> str:
    """The SCRAM-SHA-256 verifier of a passphrase, computed here by libpq: the server keeps
    only this and the passphrase never appears in a statement it could log."""
    raw = getattr(conn, "raw", conn)
    return raw.pgconn.encrypt_password(passphrase.encode("utf-8"), b"",
                                       b"scram-sha-256").decode("ascii")


def create_login(conn, username: str, user_id: int, passphrase: str,
                 app_role: Role | None) -> str:
    """Make the login role of account `user_id` (blijf.create_login, migration 0027): named
    role_name(username), with the passphrase as its SCRAM password, a member of `app_role`'s
    database role, or of none while the account waits for a teamleider's confirmation (then
    it cannot connect). Called by the functioneel beheerder's session (MANAGE_USERS) in the
    transaction that writes the account. Returns the role's name."""
    role = role_name(username)
    conn.execute("SELECT blijf.create_login(?, ?, ?, ?)",
                 (role, user_id, scram_secret(conn, passphrase),
                  None if app_role is None else Role(app_role).value))
    return role


def confirm_login(conn, user_id: int) -> None:
    """A teamleider's confirmation (CONFIRM_ACCOUNTS): the account's login gets the database
    role of its app role (blijf.confirm_login). Never her own."""
    conn.execute("SELECT blijf.confirm_login(?)", (user_id,))


def set_login(conn, user_id: int, app_role: Role | None, active: bool,
              passphrase: str | None = None) -> None:
    """Make account `user_id`'s login say what its users row now says (blijf.set_login,
    migration 0034), in the transaction that changed the row: a member of `app_role`'s
    database role, or of none while a teamleider's confirmation is pending; `active` False:
    it can no longer connect and its open sessions are ended; `passphrase`: a reset's
    one-time passphrase, sent as its SCRAM verifier. MANAGE_USERS, never her own login."""
    conn.execute("SELECT blijf.set_login(?, ?, ?, ?)",
                 (user_id, None if app_role is None else Role(app_role).value, active,
                  None if passphrase is None else scram_secret(conn, passphrase)))


def set_own_passphrase(conn, passphrase: str) -> None:
    """Her own new passphrase as her login's password (blijf.set_own_passphrase): the SCRAM
    verifier only, computed here."""
    conn.execute("SELECT blijf.set_own_passphrase(?)", (scram_secret(conn, passphrase),))


def my_user_id(conn) -> int | None:
    """The account the server maps this login to (blijf.my_user_id(): through user_roles, only
    an active account): never an id the desk sends. None: no active account behind the role."""
    return conn.execute("SELECT blijf.my_user_id()").fetchone()[0]
