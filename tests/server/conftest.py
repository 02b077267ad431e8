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
    and one desk's login role, a member of blijf_app only."""

    cluster: Cluster
    name: str
    admin: object
    desk_user: str
    desk_password: str
    trail_rows: int = 0

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


@contextmanager
def _server(cluster):
    from psycopg import sql

    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect

    name = f"blijf_t{secrets.token_hex(4)}"
    desk_user, desk_password = f"desk_{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    with connect(cluster.conninfo(), cluster.ca_file) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
        try:
            admin = connect(cluster.conninfo(name), cluster.ca_file)
            try:
                schema.init(admin)
                admin.execute("SET search_path = blijf")
                admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(desk_user), sql.Literal(desk_password),
                    sql.Identifier(schema.APP)))
                yield ServerSetup(cluster, name, admin, desk_user, desk_password)
            finally:
                admin.close()
        finally:
            maintenance.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            maintenance.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(desk_user)))


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
            write_rows(db, ROWS)
        finally:
            db.close()
        setup.trail_rows = len(ROWS)
        yield setup
