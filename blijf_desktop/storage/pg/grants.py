"""What each app role may do to the server's tables, derived from domain/roles.py (issue 23;
docs/server-mode.md section 4): the database enforces the roles table too, not only the app.

Each permission names the tables (and definer functions) it needs; an app role's database role
gets the union over its permissions in ROLE_PERMISSIONS, so app and database cannot drift
apart (tests/server/test_role_grants.py compares what PostgreSQL says with `expected()`).
A table named here is governed by this module alone: `apply` (run by every `server init`)
revokes what its migration gave and grants what is derived here. A table not named here
keeps the grants its migration gives blijf_app; add it when its permissions are clear.
The rows each role then sees are the policies' business (migrations 0027, 0028)."""

from __future__ import annotations

from blijf_desktop.domain.roles import ROLE_PERMISSIONS, Permission, Role

APP = "blijf_app"
APP_ROLES: dict[Role, str] = {
    Role.HULPVERLENER: "blijf_hulpverlener",
    Role.TEAMLEIDER: "blijf_teamleider",
    Role.BEHEERDER: "blijf_beheerder",
}

S, I, U, D = "SELECT", "INSERT", "UPDATE", "DELETE"
SEQ_ONLY = "SELECT (seq)"  # a column grant: learn the trail's next number, read nothing else

# Her own account (policy users_change: her own row only): she accepts the confidentiality
# declaration and changes a one-time passphrase; nothing else of an account is hers to set.
OWN_ACCOUNT_COLUMNS = ("UPDATE (must_change_passphrase, confidentiality_accepted_at,"
                       " confidentiality_version)")

# A request for case access is decided (or withdrawn) once; `told_at` is the account's own
# (OWN_ACCOUNT), so nobody else can mark her notice of a step made alone as shown. The rows
# each may touch: the policies of migration 0034.
DECISION_COLUMNS = "UPDATE (decision, decided_by, decided_at)"

# What every user gets (blijf_app), on the tables governed here.
EVERY_USER: dict[str, tuple[str, ...]] = {
    "users": (S, OWN_ACCOUNT_COLUMNS),  # names of colleagues: the review list, the register
    "teams": (S,),  # team names are no personal data
    "user_teams": (S,),  # her own memberships (policy user_teams_read)
    "audit_log": (I, SEQ_ONLY),  # append; the trail itself is not hers to read
    "settings": (S,),  # the lock time and the letterhead, read before anything else
    "account_requests": (S,),  # her own (policy): an open request keeps the lock screen shut
}

# The tables of 0003-0010 whose texts an erasure redacts (storage/purge_texts.CASE_TEXTS),
# allowed by their guards only while destroy() has the destruction in progress (0015).
ERASED_TEXTS = ("screenings", "screening_answers", "trajects", "traject_steps", "exchanges",
                "exchange_items", "exchange_disclosures", "consents", "consent_history",
                "signals")

PERMISSION_TABLES: dict[Permission, dict[str, tuple[str, ...]]] = {
    # A new case is made by new_case() (below), never by an INSERT of hers.
    Permission.EDIT_PERSONS: {"persons": (I, U), "threats": (I,), "person_history": (I,),
                              "person_trigrams": (I, U), "information_duty": (I,),
                              # a changed value that went out opens a task naming whoever
                              # received it (services/consent.open_correction; Blijf 6.4,
                              # AVG art. 19); RETURNING the task's id needs its SELECT
                              "exchanges": (S,), "exchange_items": (S,),
                              "follow_up_tasks": (S, I), "follow_up_items": (S, I)},
    # Rights of the person (services/rights.py): requests, their steps, restrictions; an
    # erasure decided on a request is proposed for destruction in the same transaction.
    Permission.HANDLE_REQUESTS: {"rights_requests": (S, I), "rights_request_steps": (S, I),
                                 "restrictions": (S, I, U), "destructions": (S, I)},
    # Retention (services/retention.py): the register of destructions names ids and codes;
    # the rows themselves go only through destroy() (PERMISSION_FUNCTIONS). Carrying out an
    # erasure takes the person's name out of the texts that stay (storage/purge_texts.py),
    # which the guards of 0023 allow only while destroy() has the destruction in progress.
    Permission.VIEW_RETENTION: {"destructions": (S,), "source_removals": (S,),
                                "anonymised_figures": (S,)},
    Permission.PROPOSE_DESTRUCTION: {"destructions": (S, I)},
    Permission.APPROVE_DESTRUCTION: {"destructions": (S, U), "anonymised_figures": (S, I),
                                     "rights_requests": (U,), "rights_request_steps": (U,),
                                     "information_duty": (U,), "restrictions": (U,),
                                     # her name out of the texts that stay, the documents
                                     # that left (storage/purge_texts.py, _erase_person)
                                     **{t: (S, U) for t in ERASED_TEXTS}},
    Permission.VIEW_FIGURES: {"destructions": (S,), "anonymised_figures": (S,)},
    Permission.MANAGE_INCIDENTS: {"incidents": (S, I, U), "incident_notifications": (S, I),
                                  "incident_history": (S, I)},
    # A change that weakens security waits for a second user (services/settings.py).
    Permission.MANAGE_SETTINGS: {"settings": (I, U), "setting_requests": (S, I, U)},
    Permission.CLOSE_CASE: {"cases": (U,)},  # closed_on, closed_by (storage/retention.py)
    Permission.RECORD_RETENTION_EVENT: {"cases": (U,), "source_removals": (S, I)},
    # A restriction hides a person from every list and sharing (services/restriction.py);
    # the informatieplicht is shown and recorded by whoever works on the case.
    Permission.VIEW_PERSONS: {"cases": (S,), "persons": (S,), "threats": (S,),
                              "person_history": (S,), "person_trigrams": (S,),
                              "case_teams": (S,), "restrictions": (S,),
                              "information_duty": (S,)},
    Permission.MANAGE_TEAMS: {"teams": (I, U), "user_teams": (I, D), "case_teams": (S,)},
    Permission.MOVE_CASE: {"case_teams": (U,)},
    Permission.REVIEW_BREAK_GLASS: {"break_glass": (S,), "break_glass_texts": (S,),
                                    "break_glass_reviews": (S, I)},
    # The beheerder asks for an account with case access and withdraws it when she disables
    # the account; a teamleider decides (issue 22); each user is told once that she was alone
    # to decide (OWN_ACCOUNT: `told_at` only).
    Permission.MANAGE_USERS: {"users": (I, U), "account_requests": (I, DECISION_COLUMNS)},
    # A teamleider who refuses an account disables it (services/account_requests.refuse).
    Permission.CONFIRM_ACCOUNTS: {"users": ("UPDATE (active)",),
                                  "account_requests": (DECISION_COLUMNS,)},
    Permission.OWN_ACCOUNT: {"account_requests": ("UPDATE (told_at)",)},
    # The records of migrations 0003-0010, by the services' @requires (services/risk.py,
    # aware*.py, exchanges.py, consent.py, signals.py, sharing.py). Reading a consent, a
    # signal or a follow-up task reads the exchanges they name (who received what, when);
    # the register itself is VIEW_EXCHANGES's in the app. Rows only grow, except a consent's
    # state, a follow-up item closed once and a signal until sent (their triggers).
    Permission.VIEW_AWARE: {"screenings": (S,), "screening_answers": (S,), "trajects": (S,),
                            "traject_persons": (S,), "traject_steps": (S,),
                            "exchanges": (S,), "exchange_items": (S,)},  # police receipts
    Permission.RECORD_SCREENING: {"screenings": (S, I), "screening_answers": (S, I)},
    Permission.AWARE_REQUEST: {"trajects": (S, I), "traject_persons": (S, I),
                               "traject_steps": (S, I), "exchanges": (S, I),
                               "exchange_items": (S, I), "exchange_flags": (S, I),
                               "consents": (S,), "exchange_consents": (S,)},  # allowed_out
    Permission.RECORD_POLICE_INFO: {"exchanges": (S, I), "exchange_items": (S, I),
                                    "exchange_flags": (S, I)},
    Permission.AWARE_DECIDE: {"traject_steps": (S, I)},
    Permission.VIEW_EXCHANGES: {"exchanges": (S,), "exchange_items": (S,),
                                "exchange_flags": (S,), "exchange_disclosures": (S,),
                                "exchange_consents": (S,), "signal_sends": (S,)},
    Permission.RECORD_SIGNAL: {"signals": (S, I, U)},
    # expire_due (VIEW_SHARING) marks an unverified ontwerp verlopen, with its history.
    Permission.VIEW_SHARING: {"consents": (S, U), "consent_history": (S, I),
                              "exchange_consents": (S,), "follow_up_tasks": (S,),
                              "follow_up_items": (S,), "signals": (S,), "signal_sends": (S,),
                              "exchanges": (S,), "exchange_items": (S,)},
    Permission.DISCLOSE: {"exchanges": (S, I), "exchange_items": (S, I),
                          "exchange_flags": (S, I), "exchange_disclosures": (S, I),
                          "exchange_consents": (S, I), "signal_sends": (S, I),
                          "signals": (S,), "consents": (S,)},
    Permission.MANAGE_CONSENT: {"consents": (S, I, U), "consent_history": (S, I),
                                "exchange_consents": (S,), "follow_up_tasks": (S, I),
                                "follow_up_items": (S, I, U)},
    Permission.VERIFY_CONSENT: {"consents": (S, U), "consent_history": (S, I)},
    Permission.VIEW_AUDIT: {"audit_log": (S,)},
    Permission.VERIFY_AUDIT: {"audit_log": (S,)},
}

# Definer functions a permission may call (their own checks ask i_may() again).
PERMISSION_FUNCTIONS: dict[Permission, tuple[str, ...]] = {
    Permission.EDIT_PERSONS: ("new_case(bigint, text)",
                              # a new case saved once (migration 0037, docs section 8)
                              "new_case_once(bigint, text, text)", "saved_case(text)"),
    Permission.MOVE_CASE: ("move_case(bigint, bigint)",),
    Permission.VIEW_PERSONS: ("break_glass(bigint, text, text, bigint)",
                              "find_persons(boolean, text[], integer, integer)",
                              "known_elsewhere(boolean, text[], integer)"),
    # A role change, a reset and a disable reach the account's login (set_login, 0034).
    Permission.MANAGE_USERS: ("create_login(text, bigint, text, text)",
                              "set_login(bigint, text, boolean, text)"),
    Permission.CONFIRM_ACCOUNTS: ("confirm_login(bigint)",),
    # Who looked at her record, for a person's access report (services/access_content.py).
    Permission.HANDLE_REQUESTS: ("trail_looks(bigint, bigint, text[], text[], text[])",),
    # Carrying out an approved destruction (services/retention.carry_out).
    Permission.APPROVE_DESTRUCTION: ("destroy(bigint)",
                                     "destruction_figures(bigint, text[], text, text)"),
    # What crosses teams on purpose (migration 0036, docs/server-mode.md section 5): ids,
    # dates, codes and counts only.
    Permission.VIEW_RETENTION: ("retention_clocks()", "case_clock(bigint)"),
    Permission.VIEW_FIGURES: ("figures(text, text, text, text[], text)",),
    Permission.MANAGE_INCIDENTS: ("incident_persons(bigint[])", "incident_terms(text[])"),
}


def governed_tables() -> list[str]:
    names = set(EVERY_USER)
    for tables in PERMISSION_TABLES.values():
        names |= set(tables)
    return sorted(names)


def governed_functions() -> list[str]:
    return sorted({f for functions in PERMISSION_FUNCTIONS.values() for f in functions})


def expected() -> dict[str, dict[str, frozenset[str]]]:
    """database role -> table -> privileges granted to that role itself (blijf_app: what every
    user gets; an app role: what its permissions add)."""
    found: dict[str, dict[str, set[str]]] = {APP: {t: set(p) for t, p in EVERY_USER.items()}}
    for role, permissions in ROLE_PERMISSIONS.items():
        tables: dict[str, set[str]] = {}
        for permission in permissions:
            for table, privileges in PERMISSION_TABLES.get(permission, {}).items():
                tables.setdefault(table, set()).update(privileges)
        found[APP_ROLES[role]] = tables
    return {role: {t: frozenset(p) for t, p in tables.items()} for role, tables in found.items()}


def expected_functions() -> dict[str, frozenset[str]]:
    """app's database role -> the definer functions it may call."""
    return {APP_ROLES[role]: frozenset(f for p in permissions
                                       for f in PERMISSION_FUNCTIONS.get(p, ()))
            for role, permissions in ROLE_PERMISSIONS.items()}


def apply(conn) -> None:
    """Make the server's grants what `expected()` says. `conn`: psycopg, in `server init`'s
    transaction, as the owner of the schema."""
    from psycopg import sql

    grantees = sql.SQL(", ").join(sql.Identifier(r) for r in (APP, *APP_ROLES.values()))
    for table in governed_tables():
        conn.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(
            sql.Identifier(table), grantees))
    for role, tables in expected().items():
        for table, privileges in sorted(tables.items()):
            for privilege in sorted(privileges):
                conn.execute(sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(privilege), sql.Identifier(table), sql.Identifier(role)))
    for function in governed_functions():
        conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {} FROM {}").format(
            sql.SQL(function), grantees))
    for role, functions in expected_functions().items():
        for function in sorted(functions):
            conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                sql.SQL(function), sql.Identifier(role)))
    conn.execute("DELETE FROM role_permissions")
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO role_permissions (app_role, db_role, permission) VALUES (%s, %s, %s)",
            [(role.value, APP_ROLES[role], permission.value)
             for role, permissions in ROLE_PERMISSIONS.items()
             for permission in sorted(permissions, key=lambda p: p.value)])
