"""Separation of duties for accounts (issue 22), as data a privacy officer can read against
the covenant. Blijf 6.1: only staff designated and authorised, as far as their task needs it,
see personal data; 9.1: security is switched off only through a controlled procedure. The
functioneel beheerder keeps the accounts but may not read cases; were she able to give an
account case access on her own, she could make one, log in with the passphrase she chose and
read any case. So every step that gives an account case access, or lets the beheerder know a
passphrase that opens one, waits for a teamleider's confirmation with her passphrase.

Four eyes (decided after the adversarial review of issues 20/21): a second pair of eyes is
only a second person if one person cannot hold both accounts. The beheerder proposes and
approves destructions and asks for weakening settings; an account she made or gave a
one-time passphrase (and so may have logged in with first) is no second pair of eyes for her.
So (1) every account with a four-eyes power, the beheerder's role included, waits for a
teamleider who is not its creator (CONFIRMED_ROLES), and (2) the approver of a destruction
may not be an account whose one-time passphrase the proposer gave (created it or last reset
it: `is_second_pair`). (2) is not applied to weakening settings: the one beheerder of a store
made every teamleider's account, so it would make every weakening impossible there, and a
control that cannot be passed invites switching it off (Blijf 9.1 asks for a controlled
procedure); (1) already stops a beheerder-made account confirming without a teamleider."""

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
# Powers that make an account one of a four-eyes pair: destruction (Blijf 8.1-8.2), a
# weakening setting and an account's confirmation (Blijf 9.1), a consent (Mensenhandel 12.17).
FOUR_EYES_PERMISSIONS = frozenset({
    Permission.PROPOSE_DESTRUCTION, Permission.APPROVE_DESTRUCTION, Permission.MANAGE_SETTINGS,
    Permission.CONFIRM_ACCOUNTS, Permission.VERIFY_CONSENT})
FOUR_EYES_ROLES = frozenset(role for role, permissions in ROLE_PERMISSIONS.items()
                            if permissions & FOUR_EYES_PERMISSIONS)
# Accounts that wait for a teamleider's confirmation: case access, or a four-eyes power.
CONFIRMED_ROLES = CASE_ACCESS_ROLES | FOUR_EYES_ROLES


def gives_case_access(role: Role) -> bool:
    return Role(role) in CASE_ACCESS_ROLES


def needs_confirmation(role: Role) -> bool:
    return Role(role) in CONFIRMED_ROLES


def is_second_pair(proposer_id: int, approver_id: int, approver_giver_id: int | None) -> bool:
    """Whether the approver is a second person for the proposer's destruction: not the
    proposer, and not an account whose one-time passphrase the proposer gave (the account
    she made, or last reset: she knew the passphrase that opened it first)."""
    return approver_id != proposer_id and approver_giver_id != proposer_id


def takes_effect_alone(role: Role, kind: str, other_teamleiders: int) -> bool:
    """Whether the beheerder's step takes effect without a teamleider: only a teamleider's
    or a beheerder's account, only while no other active teamleider exists to confirm it (a
    new store's first teamleider or second beheerder, or a one-time passphrase for the only
    teamleider). Every such step is audited
    and shown to that teamleider at her next login. A hulpverlener always waits for one."""
    return (Role(role) in (Role.TEAMLEIDER, Role.BEHEERDER) and kind in (NEW, ROLE, RESET)
            and other_teamleiders == 0)
