"""Roles and what each may do, as data (convenant Blijf 6.1: only authorised staff, as far as
their task needs). Services enforce this table; the UI only mirrors it."""

from enum import Enum


class Role(str, Enum):
    HULPVERLENER = "hulpverlener"
    TEAMLEIDER = "teamleider"
    BEHEERDER = "functioneel_beheerder"


class Permission(str, Enum):
    MANAGE_USERS = "manage_users"
    VERIFY_AUDIT = "verify_audit"
    VIEW_AUDIT = "view_audit"
    OWN_ACCOUNT = "own_account"
    VIEW_PERSONS = "view_persons"
    EDIT_PERSONS = "edit_persons"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.HULPVERLENER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS}
    ),
    Role.TEAMLEIDER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS}
    ),
    Role.BEHEERDER: frozenset(
        {
            Permission.OWN_ACCOUNT,
            Permission.MANAGE_USERS,
            Permission.VERIFY_AUDIT,
            Permission.VIEW_AUDIT,
        }
    ),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
