"""kill -9 of the server during saves loses no committed row (issue 23). A cluster of its own
with fsync on (the shared test cluster runs without it); a writer in another process saves
people one transaction each and prints each id once its commit returned; the server and all its
processes are killed mid-stream, started again (PostgreSQL replays its write-ahead log), and
every printed id must be there."""

import subprocess
import sys
from pathlib import Path

import pytest

from blijf_desktop.storage import persons
from tests.server.cluster import Cluster, find_bindir
from tests.server.conftest import make_login
from tests.server.fixtures import _missing

ROOT = Path(__file__).resolve().parents[2]
BEFORE_THE_KILL = 150


@pytest.fixture
def crash_cluster(psycopg_driver):
    bindir = find_bindir()
    if bindir is None:
        _missing("no PostgreSQL server binaries (apt-get install postgresql)")
    cluster = Cluster(bindir, fsync=True)
    cluster.start()
    yield cluster
    cluster.stop()


def _database(cluster) -> tuple[str, int, int]:
    """`server init` in a database of the crash cluster and a desk's login; the desk's
    conninfo. Nothing is dropped afterwards: the whole cluster goes."""
    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect
    from blijf_desktop.storage.pg.database import ServerDatabase

    with connect(cluster.conninfo(), cluster.ca_file) as maintenance:
        maintenance.execute('CREATE DATABASE "crash"')
    with connect(cluster.conninfo("crash"), cluster.ca_file) as admin:
        schema.init(admin)
        admin.execute("SET search_path = blijf")
        user, role, password = make_login(admin, "schrijver", "hulpverlener")
    desk_info = cluster.conninfo("crash", role, password)
    desk = ServerDatabase(desk_info, cluster.ca_file)
    try:
        with desk.transaction() as conn:
            case = persons.create_case(conn, user, 1)
    finally:
        desk.close()
    return desk_info, user, case


@pytest.mark.slow
def test_a_kill_9_of_the_server_during_saves_loses_no_committed_row(crash_cluster):
    from blijf_desktop.storage.pg.connect import connect

    desk_info, user, case = _database(crash_cluster)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.server.crash_writer", desk_info,
         str(crash_cluster.ca_file), str(user), str(case)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    committed = []
    for line in writer.stdout:
        committed.append(int(line))
        if len(committed) == BEFORE_THE_KILL:
            crash_cluster.kill()
            break
    rest, stopped = writer.communicate(timeout=60)
    committed += [int(line) for line in rest.split()]
    assert "stopped:" in stopped  # the writer lost its server, it did not finish
    assert len(committed) >= BEFORE_THE_KILL

    crash_cluster.restart()
    admin = connect(crash_cluster.conninfo("crash"), crash_cluster.ca_file)
    try:
        stored = {row[0] for row in admin.execute(
            "SELECT id FROM blijf.persons WHERE last_name = 'Crashtest'")}
    finally:
        admin.close()
    assert set(committed) <= stored  # every commit that returned survived
    assert len(stored - set(committed)) <= 1  # at most the one whose answer was lost
