"""`blijf-desktop server init`: the roles, the schema and its numbered migrations on a server
(issue 23; docs/server-mode.md). Run once by the cluster's administrator, and again after an
upgrade; each run applies what is new, all in one transaction (PostgreSQL's DDL is
transactional: a failed run leaves the database as it was).

The app's role is not the owner: blijf_owner owns schema and tables and never logs in, so a
desk's role cannot alter, disable or drop what a migration defined."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from blijf_desktop.storage.pg import grants
from blijf_desktop.storage.pg.errors import ServerSchemaTooNew

SCHEMA = "blijf"
OWNER = "blijf_owner"
APP = "blijf_app"
AUDIT_READER = "blijf_audit_reader"
GATE = "blijf_gate"  # owns the definer functions that read across the policies (0027, 0028)
LOGIN_MAKER = "blijf_login_maker"  # the one role with CREATEROLE: owns create_login (0027)
# One role per app role (domain/roles.py), members of blijf_app: grants.APP_ROLES.
ROLES = (OWNER, APP, AUDIT_READER, GATE, LOGIN_MAKER, *grants.APP_ROLES.values())


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


# Written out, not composed: the names are the constants above (tests/security/
# test_sql_formatting.py); the database's own name is taken inside PostgreSQL.
_SET_UP = """
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['blijf_owner', 'blijf_app', 'blijf_audit_reader',
            'blijf_gate', 'blijf_login_maker', 'blijf_hulpverlener', 'blijf_teamleider',
            'blijf_beheerder'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        END IF;
    END LOOP;
    -- Each app role is a blijf_app; nobody of them owns anything or passes the policies.
    GRANT blijf_app TO blijf_hulpverlener, blijf_teamleider, blijf_beheerder;
    -- The login maker makes a user's login role and grants it its app role (PostgreSQL 16
    -- wants the admin option for that; 15 takes CREATEROLE alone).
    -- NOINHERIT: it grants the app roles (admin option), it does not use them, and the owner
    -- (a member of it) must not pass as a user of the app: the `TO blijf_app` policies would
    -- then be the owner's too (docs/server-mode.md, section 5).
    ALTER ROLE blijf_login_maker CREATEROLE NOINHERIT;
    GRANT blijf_hulpverlener, blijf_teamleider, blijf_beheerder TO blijf_login_maker
        WITH ADMIN OPTION;
    IF current_setting('server_version_num')::int >= 160000 THEN
        -- 16 keeps inheritance per grant (taken from NOINHERIT only when first granted).
        EXECUTE 'GRANT blijf_hulpverlener, blijf_teamleider, blijf_beheerder'
                ' TO blijf_login_maker WITH INHERIT FALSE';
    END IF;
    -- The owner hands the gate and the login maker their functions in the migrations.
    GRANT blijf_gate, blijf_login_maker TO blijf_owner;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        GRANT blijf_owner TO CURRENT_USER;  -- to run the migrations as the owner
    END IF;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO blijf_app, blijf_audit_reader',
                   current_database());
    -- The row policies' subplans make the planner's costs large, so JIT compiles even a
    -- one-case query (measured: 260 ms of compiling for a 1 ms lookup); the app runs short
    -- queries only.
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS blijf AUTHORIZATION blijf_owner;
REVOKE ALL ON SCHEMA blijf FROM PUBLIC;
GRANT USAGE ON SCHEMA blijf TO blijf_app, blijf_audit_reader;
GRANT USAGE, CREATE ON SCHEMA blijf TO blijf_gate, blijf_login_maker;  -- to own functions
-- Search (migration 0017's form): a trusted extension, made here by the administrator.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA blijf;
SET LOCAL ROLE blijf_owner;
SET LOCAL search_path = blijf;
"""


def init(conn) -> InitResult:
    """Set up the database `conn` is connected to. `conn`: psycopg, autocommit, as a role that
    may create roles and set role to blijf_owner (the cluster's administrator)."""
    with conn.transaction():
        missing = conn.execute("SELECT array_agg(name) FROM unnest(%s::text[]) AS name"
                               " WHERE name NOT IN (SELECT rolname FROM pg_roles)",
                               (list(ROLES),)).fetchone()[0] or []
        conn.execute(_SET_UP)
        before = _applied(conn)
        for number, text in migrations():
            if number > before:
                conn.execute(text)
                conn.execute("INSERT INTO schema_migrations (number) VALUES (%s)", (number,))
        after = _applied(conn)
        grants.apply(conn)
        _begin_trail(conn)
    return InitResult(before, after, tuple(role for role in ROLES if role in missing))


def _begin_trail(conn) -> None:
    """A trail begins with the store's creation (storage/audit.verify checks that row 1 is
    `store_created`, so that rows cut from the start are found): on a server, its first `init`
    writes it, through the one implementation of the chain (storage/audit.append)."""
    from blijf_desktop.domain.audit import AuditAction
    from blijf_desktop.storage import audit
    from blijf_desktop.storage.pg.database import PgConnection

    trail = PgConnection(conn)
    if trail.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0:
        audit.append(trail, AuditAction.STORE_CREATED.value, None)


def _applied(conn) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
    conn.execute("GRANT SELECT ON schema_migrations TO blijf_app, blijf_audit_reader")
    number = conn.execute("SELECT coalesce(max(number), 0) FROM schema_migrations").fetchone()[0]
    if number > latest_version():
        raise ServerSchemaTooNew()
    return number
