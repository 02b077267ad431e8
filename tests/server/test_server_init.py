"""`server init`: the roles, the schema, the audit trail append-only by grants and triggers.
The desk's role is not the owner; what it may not do, PostgreSQL itself refuses."""

import psycopg
import pytest
from psycopg import errors

from blijf_desktop.storage.pg import schema
from blijf_desktop.storage.pg.connect import connect


def test_init_applies_every_migration_once(pg_cluster, empty_database):
    with connect(pg_cluster.conninfo(empty_database), pg_cluster.ca_file) as admin:
        first = schema.init(admin)
        again = schema.init(admin)
    assert (first.version_before, first.version_after) == (0, schema.latest_version())
    assert (again.version_before, again.version_after) == (schema.latest_version(),) * 2
    assert again.roles_created == ()


def test_a_new_servers_trail_begins_with_its_creation_and_verifies(pg_cluster, empty_database):
    """storage/audit.verify wants row 1 to be store_created (rows cut from the start show):
    the first `init` writes it, a later one nothing."""
    from blijf_desktop.storage import audit
    from blijf_desktop.storage.pg.database import PgConnection

    with connect(pg_cluster.conninfo(empty_database), pg_cluster.ca_file) as admin:
        schema.init(admin)
        schema.init(admin)
        admin.execute("SET search_path = blijf")
        assert admin.execute("SELECT seq, action, user_id FROM audit_log").fetchall() == [
            (1, "store_created", None)]
        assert audit.verify(PgConnection(admin)).ok


def test_the_owner_of_everything_is_a_role_nobody_logs_in_as(server):
    owners = server.admin.execute(
        "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
        " WHERE relnamespace = 'blijf'::regnamespace").fetchall()
    assert owners == [(schema.OWNER,)]
    can_login, = server.admin.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s",
                                      (schema.OWNER,)).fetchone()
    assert not can_login
    member, = server.admin.execute("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                   (server.desk_user, schema.OWNER)).fetchone()
    assert not member


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET reason = 'weg'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "SELECT detail FROM audit_log",  # a desk does not read the trail
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_log_no_change ON audit_log",
    "ALTER TABLE audit_log OWNER TO CURRENT_USER",
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RETURN OLD; END $$",
    "SET session_replication_role = replica",
    "SET ROLE blijf_owner",
    "DELETE FROM meta WHERE key = 'audit_head'",
    "DELETE FROM persons",
])
def test_the_desk_role_is_refused_by_postgresql(trail_server, statement):
    with trail_server.desk_raw() as desk:
        with pytest.raises(errors.InsufficientPrivilege):
            desk.execute(statement)


def test_the_desk_learns_only_the_next_number(trail_server):
    with trail_server.desk_raw() as desk:
        assert desk.execute("SELECT max(seq) FROM audit_log").fetchone()[0] == trail_server.trail_rows


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET reason = 'weg' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 3",
    "TRUNCATE audit_log",
])
def test_even_the_owner_cannot_change_the_trail(trail_server, statement):
    admin = trail_server.admin
    with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
        with admin.transaction():
            admin.execute(f"SET LOCAL ROLE {schema.OWNER}")
            admin.execute(statement)
    with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
        with admin.transaction():  # the superuser's switch for replication does not pass either
            admin.execute("SET LOCAL session_replication_role = replica")
            admin.execute(statement)


@pytest.mark.parametrize("change", [
    "INSERT INTO audit_log (seq, at, action, prev_hash, hash)"
    " VALUES ({next} + 1, 'x', 'login', '{prev}', 'x')",  # a gap
    "INSERT INTO audit_log (seq, at, action, prev_hash, hash)"
    " VALUES ({next}, 'x', 'login', repeat('0', 64), 'x')",  # a fork from the start
    "UPDATE meta SET value = '1:' || repeat('a', 64) WHERE key = 'audit_head'",  # head set back
])
def test_a_desk_cannot_break_the_chain(trail_server, change):
    head = trail_server.admin.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    prev = head.split(":")[1]
    with trail_server.desk_raw() as desk:
        with pytest.raises(errors.CheckViolation):
            desk.execute(change.format(next=trail_server.trail_rows + 1, prev=prev))


def test_the_desk_role_connects_only_over_verified_tls(server):
    with pytest.raises(psycopg.OperationalError, match="no pg_hba.conf entry"):
        psycopg.connect(host="127.0.0.1", port=server.cluster.port, dbname=server.name,
                        user=server.desk_user, password=server.desk_password,
                        sslmode="disable", connect_timeout=5)
