"""`blijf-desktop server init`: the roles, the schema and its numbered migrations on a server
(issue 23; docs/server-mode.md). Run once by the cluster's administrator, and again after an
upgrade; each run applies what is new, all in one transaction (PostgreSQL's DDL is
transactional: a failed run leaves the database as it was).

The app's role is not the owner: blijf_owner owns schema and tables and never logs in, so a
desk's role cannot alter, disable or drop what a migration defined."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from blijf_desktop.storage.pg.errors import ServerSchemaTooNew

SCHEMA = "blijf"
OWNER = "blijf_owner"
APP = "blijf_app"
AUDIT_READER = "blijf_audit_reader"
ROLES = (OWNER, APP, AUDIT_READER)


def migrations() -> list[tuple[int, str]]:
    """The PostgreSQL forms, numbered as the local store's migrations they mirror."""
    folder = resources.files("blijf_desktop.storage.pg") / "migrations"
    return sorted((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8"))
                  for entry in folder.iterdir() if entry.name.endswith(".sql"))


def latest_version() -> int:
    return migrations()[-1][0]


@dataclass(frozen=True)
class InitResult:
    version_before: int
    version_after: int
    roles_created: tuple[str, ...]


def init(conn) -> InitResult:
    """Set up the database `conn` is connected to. `conn`: psycopg, autocommit, as a role that
    may create roles and set role to blijf_owner (the cluster's administrator)."""
    from psycopg import sql

    with conn.transaction():
        created = tuple(role for role in ROLES if _create_role(conn, role))
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                                 ).fetchone()[0]
        if not superuser:
            conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(OWNER)))
        database = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database))
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
            database, sql.Identifier(APP), sql.Identifier(AUDIT_READER)))
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(
            sql.Identifier(SCHEMA), sql.Identifier(OWNER)))
        conn.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(SCHEMA)))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(
            sql.Identifier(SCHEMA), sql.Identifier(APP), sql.Identifier(AUDIT_READER)))
        # Search (migration 0017's form); a trusted extension, made here by the administrator.
        conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA {}").format(
            sql.Identifier(SCHEMA)))
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER)))
        conn.execute(sql.SQL("SET LOCAL search_path = {}").format(sql.Identifier(SCHEMA)))
        before = _applied(conn)
        for number, text in migrations():
            if number > before:
                conn.execute(text)
                conn.execute("INSERT INTO schema_migrations (number) VALUES (%s)", (number,))
        after = _applied(conn)
    return InitResult(before, after, created)


def _create_role(conn, role: str) -> bool:
    from psycopg import sql

    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        return False
    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    return True


def _applied(conn) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
    conn.execute(f"GRANT SELECT ON schema_migrations TO {APP}, {AUDIT_READER}")
    number = conn.execute("SELECT coalesce(max(number), 0) FROM schema_migrations").fetchone()[0]
    if number > latest_version():
        raise ServerSchemaTooNew()
    return number
