"""One real PostgreSQL cluster for the whole run (tests/server/cluster.py): loopback, TLS on,
hostssl only. Without PostgreSQL or psycopg the server tests skip on a developer's machine and
fail under CI (CI=true): a green CI that skipped them proves nothing."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.server.cluster import Cluster


@pytest.fixture
def admin(pg_cluster):
    """The cluster's superuser, over verified TLS, in the maintenance database."""
    from blijf_desktop.storage.pg.connect import connect

    conn = connect(pg_cluster.conninfo(), pg_cluster.ca_file)
    yield conn
    conn.close()


@pytest.fixture
def empty_database(pg_cluster, admin):
    """A new, empty database for one test (its name), dropped after it."""
    name = f"blijf_t{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class ServerSetup:
    """A database after `server init`, its administrator's connection (in the Blijf schema)
    and one desk: a teamleider's account in the first team ("Hoofdlocatie") with her own
    login role (blijf.create_login), so she passes the same grants and policies as a user."""

    cluster: Cluster
    name: str
    admin: object
    desk_user: str
    desk_password: str
    desk_user_id: int = 0
    trail_rows: int = 0

    def login(self, username: str, role: str | None, teams=(1,), password: str | None = None):
        """Another account with its own login role: (user id, role name, password). `role`
        None: an account still waiting for its confirmation (no app role)."""
        return make_login(self.admin, username, role, teams, password)

    def connect_as(self, user: str, password: str):
        """A plain psycopg connection as `user`, in the Blijf schema."""
        from blijf_desktop.storage.pg.connect import connect

        conn = connect(self.cluster.conninfo(self.name, user, password), self.cluster.ca_file)
        conn.execute("SET search_path = blijf")
        return conn

    def desk(self):
        from blijf_desktop.storage.pg.database import ServerDatabase

        return ServerDatabase(self.cluster.conninfo(self.name, self.desk_user, self.desk_password),
                              self.cluster.ca_file)

    def desk_raw(self):
        """The desk's role over a plain psycopg connection: what a user with the app's
        password could do with any PostgreSQL client."""
        from blijf_desktop.storage.pg.connect import connect

        conn = connect(self.cluster.conninfo(self.name, self.desk_user, self.desk_password),
                       self.cluster.ca_file)
        conn.execute("SET search_path = blijf")
        return conn


def make_login(admin, username: str, role: str | None, teams=(1,), password: str | None = None):
    """(user id, login role, password): tests/server/fixtures.make_account, the one way."""
    from tests.server.fixtures import make_account

    user_id, db_role, password = make_account(admin, username, role, teams, password)
    _LOGINS.append(db_role)
    return user_id, db_role, password


_LOGINS: list[str] = []  # login roles are the cluster's, not the database's: dropped after


@contextmanager
def _server(cluster):
    from psycopg import sql

    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect

    name = f"blijf_t{secrets.token_hex(4)}"
    with connect(cluster.conninfo(), cluster.ca_file) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
        mark = len(_LOGINS)
        try:
            admin = connect(cluster.conninfo(name), cluster.ca_file)
            try:
                schema.init(admin)
                admin.execute("SET search_path = blijf")
                desk_id, desk_user, desk_password = make_login(
                    admin, f"desk_{secrets.token_hex(4)}", "teamleider")
                yield ServerSetup(cluster, name, admin, desk_user, desk_password, desk_id)
            finally:
                admin.close()
        finally:
            maintenance.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for role in _LOGINS[mark:]:
                maintenance.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
            del _LOGINS[mark:]


@pytest.fixture
def server(pg_cluster):
    """A fresh database after `server init`, for a test that changes it."""
    with _server(pg_cluster) as setup:
        yield setup


@pytest.fixture(scope="module")
def trail_server(pg_cluster):
    """One database per module after `server init`, with a desk's five audit rows written
    (tests/server/trail.py), for tests that only read it or are refused."""
    from tests.server.trail import ROWS, write_rows

    with _server(pg_cluster) as setup:
        db = setup.desk()
        try:
            write_rows(db, ROWS[1:])  # `server init` wrote the first, store_created
        finally:
            db.close()
        setup.trail_rows = len(ROWS)
        yield setup


@pytest.fixture(scope="module")
def module_server(pg_cluster):
    """A fresh database after `server init` shared by one module's tests, which write to it
    (each with rows of its own)."""
    with _server(pg_cluster) as setup:
        yield setup
