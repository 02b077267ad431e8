"""One real PostgreSQL cluster for the whole run (tests/server/cluster.py): loopback, TLS on,
hostssl only. Without PostgreSQL or psycopg the server tests skip on a developer's machine and
fail under CI (CI=true): a green CI that skipped them proves nothing."""

import os
import secrets

import pytest

from tests.server.cluster import DEFAULT_PORT, Cluster, find_bindir


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
    cluster = Cluster(bindir, port=int(os.environ.get("BLIJF_TEST_PG_PORT", DEFAULT_PORT)))
    try:
        cluster.start()
    except Exception:
        log = cluster.log_file.read_text(errors="replace") if cluster.log_file.exists() else ""
        cluster.stop()
        pytest.fail(f"the test PostgreSQL did not start:\n{log[-2000:]}")
    yield cluster
    cluster.stop()


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
    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
