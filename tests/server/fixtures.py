"""The PostgreSQL fixtures every test directory can use (imported by tests/conftest.py): one
real cluster per run (tests/server/cluster.py), and the server engine of the service suites.

Without PostgreSQL or psycopg the server tests skip on a developer's machine and fail under CI
(CI=true): a green CI that skipped them proves nothing.

The engine dimension (docs/server-mode.md section 10): a test module that runs on both engines
says `pytestmark = pytest.mark.engines`; tests/conftest.py then runs each of its tests with
`engine` "local" and "server" (the server variant marked `server`, run by CI as its own step).
The fixtures `auth`, `created` and `caseworker` give the same kind of session on either; a test
that cannot run on the server yet is marked `local_only` with its reason."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import pytest

from tests.server.cluster import Cluster, find_bindir, free_port


def _missing(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run the server tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def psycopg_driver():
    try:
        import psycopg
    except ImportError:
        _missing("psycopg is not installed (pip install -e '.[test]')")
    return psycopg


@pytest.fixture(scope="session")
def pg_cluster(psycopg_driver):
    bindir = find_bindir()
    if bindir is None:
        _missing("no PostgreSQL server binaries (apt-get install postgresql)")
    cluster = Cluster(bindir, port=int(os.environ.get("BLIJF_TEST_PG_PORT") or free_port()))
    try:
        cluster.start()
    except Exception:
        log = cluster.log_file.read_text(errors="replace") if cluster.log_file.exists() else ""
        cluster.stop()
        pytest.fail(f"the test PostgreSQL did not start:\n{log[-2000:]}")
    yield cluster
    cluster.stop()


# -- the server engine of the service suites ----------------------------------------------------
@dataclass
class EngineServer:
    """One test's database (a copy of a database after `server init`), its administrator's
    connection in the Blijf schema, and the login roles made for it."""

    cluster: Cluster
    name: str
    admin: object
    logins: set = field(default_factory=set)

    def address(self):
        from blijf_desktop.services.server_auth import ServerAddress

        from tests.server.cluster import ADDRESS, HOST_NAME

        url = f"postgresql://{HOST_NAME}:{self.cluster.port}/{self.name}?hostaddr={ADDRESS}"
        return ServerAddress(url, self.cluster.ca_file)

    def trail(self):
        """The audit trail as its reader sees it (a desk's role may only append)."""
        from blijf_desktop.storage.pg.database import PgConnection

        return PgConnection(self.admin)


@pytest.fixture(scope="session")
def server_template(pg_cluster):
    """One database after `server init` per run; each test gets a copy (CREATE DATABASE …
    TEMPLATE: ~0.1 s, where `server init` takes ~0.5 s)."""
    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect

    name = f"blijf_tpl{secrets.token_hex(4)}"
    with connect(pg_cluster.conninfo(), pg_cluster.ca_file) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
        with connect(pg_cluster.conninfo(name), pg_cluster.ca_file) as admin:
            schema.init(admin)
        yield name
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop_logins(maintenance, _LOGINS_MADE)


_LOGINS_MADE: set[str] = set()
_TRAILS: dict[str, object] = {}  # database name -> its trail as the reader sees it
_SERVERS: dict[str, "EngineServer"] = {}  # database name -> the test's server


def store_errors() -> tuple:
    """What a refused statement raises on a server (psycopg's errors), when psycopg is
    there; tests that expect a refusal on either engine add these to sqlite's."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)



def trail_of(session):
    """A connection that reads `session`'s audit trail: the store itself, or on a server the
    administrator's (a desk's role may only append to the trail)."""
    if not session.server_mode:
        return session.db.conn
    return _TRAILS[session.db.conn.raw.info.dbname]


def server_of(session) -> "EngineServer":
    """The test server `session` is logged in to (to make another account there)."""
    return _SERVERS[session.db.conn.raw.info.dbname]


@pytest.fixture
def engine_server(pg_cluster, server_template):
    from blijf_desktop.storage.pg.connect import connect

    name = f"blijf_e{secrets.token_hex(4)}"
    logins: set = set()
    with connect(pg_cluster.conninfo(), pg_cluster.ca_file) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}" TEMPLATE "{server_template}"')
        # A copy does not take the template's database grants and settings: as `server init`
        # (storage/pg/schema.py) so a login without its app role cannot connect here either.
        maintenance.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        maintenance.execute(f'GRANT CONNECT ON DATABASE "{name}" TO blijf_app, blijf_audit_reader')
        maintenance.execute(f'ALTER DATABASE "{name}" SET jit = off')
        try:
            admin = connect(pg_cluster.conninfo(name), pg_cluster.ca_file)
            try:
                admin.execute("SET search_path = blijf")
                server = EngineServer(pg_cluster, name, admin, logins)
                _TRAILS[name], _SERVERS[name] = server.trail(), server
                yield server
            finally:
                _TRAILS.pop(name, None)
                _SERVERS.pop(name, None)
                try:  # also the logins the app made (a beheerder's new account)
                    logins.update(row[0] for row in admin.execute(
                        "SELECT db_role FROM user_roles"))
                finally:
                    admin.close()
        finally:
            maintenance.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            drop_logins(maintenance, logins)


def make_account(admin, username: str, role, teams=(1,), passphrase: str | None = None,
                 display_name: str | None = None, ready: bool = False) -> tuple[int, str, str]:
    """THE one way tests make an account on a server, as the roles model does it: her users
    row and team memberships (written by the administrator, as the first beheerder would),
    then her login role through blijf.create_login (logins.create_login: SCRAM verifier from
    the desk, a member of her app role's database role; `role` None: waiting for a
    confirmation, cannot connect). `ready`: the declaration accepted. Returns (user id, login
    role, passphrase)."""
    from blijf_desktop.domain import confidentiality
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.storage.pg import logins
    from blijf_desktop.storage.pg.database import PgConnection

    passphrase = passphrase or secrets.token_urlsafe(18)
    app_role = None if role is None else Role(role)
    with admin.transaction():
        user_id = admin.execute(
            "INSERT INTO users (username, display_name, role, must_change_passphrase, created_at)"
            " VALUES (%s, %s, %s, 0, '2026-12-06T12:00:00.000000+00:00') RETURNING id",
            (username, display_name or username.title(),
             (app_role or Role.HULPVERLENER).value)).fetchone()[0]
        for team in teams:
            admin.execute("INSERT INTO user_teams (user_id, team_id) VALUES (%s, %s)",
                          (user_id, team))
        if ready:
            admin.execute("UPDATE users SET confidentiality_accepted_at ="
                          " '2026-12-06T12:00:00.000000+00:00', confidentiality_version = %s"
                          " WHERE id = %s", (confidentiality.VERSION, user_id))
        db_role = logins.create_login(PgConnection(admin), username, user_id, passphrase,
                                      app_role)
    _LOGINS_MADE.add(db_role)
    return user_id, db_role, passphrase


def drop_logins(maintenance, roles) -> None:
    """Login roles are the cluster's, not a database's: dropped after the database."""
    from psycopg import sql

    for role in list(roles):
        maintenance.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        _LOGINS_MADE.discard(role)


def server_login(server: EngineServer, username: str, passphrase: str, role,
                 display_name: str, ready: bool = True, teams=(1,)) -> int:
    """A user who can log in on `server` and work in `teams` (make_account); her login role
    is dropped with the test's database."""
    user_id, db_role, _ = make_account(server.admin, username, role, teams, passphrase,
                                       display_name, ready)
    server.logins.add(db_role)
    return user_id
