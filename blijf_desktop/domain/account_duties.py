"""Separation of duties for accounts (issue 22), as data a privacy officer can read against
the covenant. Blijf 6.1: only staff designated and authorised, as far as their task needs it,
see personal data; 9.1: security is switched off only through a controlled procedure. The
functioneel beheerder keeps the accounts but may not read cases; were she able to give an
account case access on her own, she could make one, log in with the passphrase she chose and
read any case. So every step that gives an account case access, or lets the beheerder know a
passphrase that opens one, waits for a teamleider's confirmation with her passphrase."""

from blijf_desktop.domain.roles import ROLE_PERMISSIONS, Permission, Role

# What is asked.
NEW = "new"  # a new account with a role that reads cases
ROLE = "role"  # an account's role changed to one that reads cases
RESET = "reset"  # a one-time passphrase, set by the beheerder, for an account that reads cases

# How it was decided.
CONFIRMED = "confirmed"  # by a teamleider, with her passphrase
REFUSED = "refused"  # by a teamleider, with her passphrase: the account is disabled
WITHDRAWN = "withdrawn"  # the beheerder disabled the account before anyone decided
ALONE = "alone"  # the store has no other active teamleider who could confirm (see below)

# Roles whose accounts read case files: those who hold VIEW_PERSONS in the roles table.
CASE_ACCESS_ROLES = frozenset(role for role, permissions in ROLE_PERMISSIONS.items()
                              if Permission.VIEW_PERSONS in permissions)


def gives_case_access(role: Role) -> bool:
    return Role(role) in CASE_ACCESS_ROLES


def takes_effect_alone(role: Role, kind: str, other_teamleiders: int) -> bool:
    """Whether the beheerder's step takes effect without a teamleider: only a teamleider's
    account, only while no other active teamleider exists to confirm it (a new store's
    first teamleider, or a one-time passphrase for the only one). Every such step is audited
    and shown to that teamleider at her next login. A hulpverlener always waits for one."""
    return Role(role) is Role.TEAMLEIDER and kind in (NEW, ROLE, RESET) and other_teamleiders == 0
