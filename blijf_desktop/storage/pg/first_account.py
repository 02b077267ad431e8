"""The first functioneel beheerder of a new server (`server init --first-beheerder`): the one
account the database's administrator makes; every later account is made in the app by a
beheerder (services/accounts.py add_user, blijf.create_login). Locally the store's set-up
makes her (services/auth.py create_store)."""

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import audit, users
from blijf_desktop.storage.pg import logins
from blijf_desktop.storage.pg.database import PgConnection


class AccountsExist(Exception):
    """The server has accounts: the first beheerder is made once."""


def add_first_beheerder(raw, username: str, display_name: str, passphrase: str) -> int:
    """Her users row (in the first team), her login role with `passphrase` as its SCRAM
    verifier, a member of blijf_beheerder, and the trail's row, in one transaction on `raw`
    (the administrator's psycopg connection after `schema.init`). Returns her user id."""
    with raw.transaction():
        raw.execute("SET LOCAL search_path = blijf")
        conn = PgConnection(raw)
        if conn.execute("SELECT count(*) FROM users").fetchone()[0]:
            raise AccountsExist()
        user_id = users.insert(conn, username, display_name, Role.BEHEERDER, None,
                               must_change=False)
        logins.create_login(conn, username, user_id, passphrase, Role.BEHEERDER)
        audit.append(conn, AuditAction.USER_ADDED.value, None, "user", str(user_id),
                     detail={"role": Role.BEHEERDER.value, "first": 1})
    return user_id
