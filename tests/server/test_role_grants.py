"""The database's grants are domain/roles.py's, derived (storage/pg/grants.py): for every app
role and every table the derivation governs, PostgreSQL grants exactly what the role's
permissions need, so app and database cannot drift apart. The roles are no owners and pass
no policy."""

import pytest

from blijf_desktop.domain.roles import ROLE_PERMISSIONS, Permission, Role
from blijf_desktop.storage.pg import grants, schema
from tests.server.case_story import CASE_TABLES

KINDS = ("SELECT", "INSERT", "UPDATE", "DELETE")
RLS_TABLES = ("cases", "persons", "threats", "person_history", "person_trigrams", "teams",
              "user_teams", "case_teams", "break_glass", "break_glass_texts",
              "break_glass_reviews", "rights_requests", "rights_request_steps", "restrictions",
              "information_duty", "source_removals", "destructions", "anonymised_figures",
              *CASE_TABLES)


def _effective(role: str) -> dict[str, set[str]]:
    """What a member of `role` may do: its own grants and blijf_app's."""
    expected = grants.expected()
    tables: dict[str, set[str]] = {t: set(p) for t, p in expected[grants.APP].items()}
    for table, privileges in expected.get(role, {}).items():
        tables.setdefault(table, set()).update(privileges)
    return tables


@pytest.mark.parametrize("role", [grants.APP, *grants.APP_ROLES.values()])
def test_each_role_has_exactly_the_grants_its_permissions_need(trail_server, role):
    admin, wanted = trail_server.admin, _effective(role)
    for table in grants.governed_tables():
        for kind in KINDS:
            granted, = admin.execute("SELECT has_table_privilege(%s, %s, %s)",
                                     (role, f"blijf.{table}", kind)).fetchone()
            assert granted == (kind in wanted.get(table, ())), (role, table, kind)
    for table in grants.governed_tables():
        columns = [c for (c,) in admin.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'blijf'"
            " AND table_name = %s", (table,))]
        for column in columns:
            for kind in ("SELECT", "INSERT", "UPDATE"):
                granted, = admin.execute("SELECT has_column_privilege(%s, %s, %s, %s)",
                                         (role, f"blijf.{table}", column, kind)).fetchone()
                assert granted == _column_granted(wanted.get(table, ()), kind, column), (
                    role, table, column, kind)


def _column_granted(privileges, kind: str, column: str) -> bool:
    """Whether `privileges` ("SELECT", "UPDATE (a, b)" …) reach this column."""
    for privilege in privileges:
        name, _, columns = privilege.partition("(")
        if name.strip() == kind and (not columns or column in
                                     [c.strip() for c in columns.rstrip(")").split(",")]):
            return True
    return False


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_call_exactly_its_definer_functions(trail_server, role):
    db_role = grants.APP_ROLES[role]
    wanted = {f for p in ROLE_PERMISSIONS[role] for f in grants.PERMISSION_FUNCTIONS.get(p, ())}
    for function in grants.governed_functions():
        granted, = trail_server.admin.execute(
            "SELECT has_function_privilege(%s, %s, 'EXECUTE')",
            (db_role, f"blijf.{function}")).fetchone()
        assert granted == (function in wanted), (role, function)


def test_what_an_auditor_would_check_by_hand(trail_server):
    """The derivation read out for three rules a privacy officer knows from the roles table."""
    admin = trail_server.admin

    def may(role, table, kind="SELECT"):
        return admin.execute("SELECT has_table_privilege(%s, %s, %s)",
                             (role, f"blijf.{table}", kind)).fetchone()[0]

    assert not may("blijf_beheerder", "persons")  # she reads no case (no VIEW_PERSONS)
    assert not may("blijf_hulpverlener", "users", "UPDATE")  # not her role, nor anyone's
    assert not admin.execute("SELECT has_column_privilege('blijf_teamleider', 'blijf.users',"
                             " 'role', 'UPDATE')").fetchone()[0]
    assert not may("blijf_hulpverlener", "audit_log")  # the trail is not hers to read
    assert may("blijf_beheerder", "audit_log")  # VIEW_AUDIT
    assert not may("blijf_hulpverlener", "case_teams", "UPDATE")  # moving is MOVE_CASE's
    assert may("blijf_teamleider", "case_teams", "UPDATE")
    for role in grants.APP_ROLES.values():
        assert not may(role, "cases", "INSERT")  # only through blijf.new_case
        for table in ("persons", "rights_requests", "restrictions", "information_duty",
                      "source_removals", "destructions", "anonymised_figures", "incidents"):
            assert not may(role, table, "DELETE")  # case data goes only through destroy()
    assert not may("blijf_hulpverlener", "destructions")  # the register: retention's
    assert not may("blijf_hulpverlener", "incidents")  # the breach register: the beheerder's
    assert not may("blijf_teamleider", "incidents")
    assert may("blijf_beheerder", "incidents", "UPDATE")  # MANAGE_INCIDENTS
    assert not may("blijf_beheerder", "restrictions")  # she reads no person's data
    assert may("blijf_teamleider", "restrictions", "UPDATE")  # HANDLE_REQUESTS lifts one
    assert not may("blijf_hulpverlener", "settings", "UPDATE")  # read by all, kept by her
    assert may("blijf_hulpverlener", "settings")

    # The records of 0003-0010 (services' @requires): never deleted by anyone; the register
    # and the outgoing exchange are the teamleider's (DISCLOSE, AWARE_REQUEST), a screening
    # and a signal also the hulpverlener's; the beheerder has only the texts an erasure
    # redacts (APPROVE_DESTRUCTION), which the policies still close to her (no case is hers).
    for role in grants.APP_ROLES.values():
        for table in CASE_TABLES:
            assert not may(role, table, "DELETE"), (role, table)
    assert may("blijf_hulpverlener", "screenings", "INSERT")  # RECORD_SCREENING
    assert may("blijf_hulpverlener", "signals", "UPDATE")  # RECORD_SIGNAL (until sent)
    assert not may("blijf_hulpverlener", "exchanges", "INSERT")
    assert not may("blijf_hulpverlener", "exchange_disclosures")  # the register's
    assert not may("blijf_hulpverlener", "trajects", "INSERT")  # AWARE_REQUEST
    assert not may("blijf_hulpverlener", "screenings", "UPDATE")  # no erasure of hers
    assert may("blijf_teamleider", "exchange_disclosures", "INSERT")  # DISCLOSE
    assert may("blijf_teamleider", "traject_steps", "UPDATE")  # an erasure's redaction
    assert not may("blijf_teamleider", "exchange_flags", "UPDATE")  # nothing to redact there
    for table in CASE_TABLES:
        assert may("blijf_beheerder", table) == (table in grants.ERASED_TEXTS), table

    def may_call(role, function):
        return admin.execute("SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                             (role, f"blijf.{function}")).fetchone()[0]

    assert not may_call("blijf_hulpverlener", "destroy(bigint)")
    assert may_call("blijf_teamleider", "destroy(bigint)")  # APPROVE_DESTRUCTION
    assert may_call("blijf_beheerder", "destroy(bigint)")
    assert not may_call(grants.APP, "destroy(bigint)")


def test_the_permissions_on_the_server_are_the_roles_table(trail_server):
    rows = set(trail_server.admin.execute(
        "SELECT app_role, db_role, permission FROM role_permissions").fetchall())
    assert rows == {(role.value, grants.APP_ROLES[role], permission.value)
                    for role, permissions in ROLE_PERMISSIONS.items() for permission in permissions}


def test_every_permission_with_tables_is_held_by_some_role():
    held = set().union(*ROLE_PERMISSIONS.values())
    assert set(grants.PERMISSION_TABLES) | set(grants.PERMISSION_FUNCTIONS) <= held
    assert Permission.VIEW_PERSONS in grants.PERMISSION_TABLES


def test_the_app_roles_are_no_owners_and_pass_no_policy(trail_server):
    admin = trail_server.admin
    for role in (*grants.APP_ROLES.values(), grants.APP, trail_server.desk_user):
        login, bypass, superuser = admin.execute(
            "SELECT rolcanlogin, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = %s",
            (role,)).fetchone()
        assert not bypass and not superuser
        assert login == (role == trail_server.desk_user)
        for above in (schema.OWNER, schema.GATE, schema.LOGIN_MAKER, schema.AUDIT_READER,
                      schema.SESSION_ENDER, "pg_signal_backend"):
            member, = admin.execute("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                    (role, above)).fetchone()
            assert not member, (role, above)
    for role in grants.APP_ROLES.values():
        assert admin.execute("SELECT pg_has_role(%s, %s, 'USAGE')",
                             (role, grants.APP)).fetchone()[0]


def test_row_security_is_forced_on_every_case_and_team_table(trail_server):
    rows = dict(trail_server.admin.execute(
        "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class"
        " WHERE relnamespace = 'blijf'::regnamespace AND relname = ANY(%s)",
        (list(RLS_TABLES),)).fetchall())
    assert rows == {table: True for table in RLS_TABLES}
