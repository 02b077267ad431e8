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
    # AWARE (issue 17). DOMAIN.md, "Who uses it": the teamleider prepares AWARE requests, asks
    # the police for information and decides; the caseworker who knows the client records a
    # risk screening and must be able to see that her client has (or is getting) an alarm.
    VIEW_AWARE = "view_aware"  # see a traject, its screenings and its advice
    RECORD_SCREENING = "record_screening"  # fill in a risicotaxatie
    AWARE_REQUEST = "aware_request"  # start and run a traject: request, advice, connect, end
    RECORD_POLICE_INFO = "record_police_info"  # record what a police unit gave (Blijf 6.1, 6.2)
    AWARE_DECIDE = "aware_decide"  # record the decision and an extension
    VIEW_EXCHANGES = "view_exchanges"  # the register of what went in and out (Blijf 6.2, 6.3)
    # Sharing through the chain (issue 18). The caseworker who sees signs of trafficking writes
    # the signal; only staff designated for exchanges give data out (Blijf 6.1; Mensenhandel
    # 15.3, 21.10) and prepare or verify a consent on behalf of Blijf as supplying partner.
    RECORD_SIGNAL = "record_signal"  # write a signaal mensenhandel (Mensenhandel 15.2, annex)
    VIEW_SHARING = "view_sharing"  # see consents, signals and follow-up tasks of a case
    DISCLOSE = "disclose"  # prepare and record an outgoing exchange
    MANAGE_CONSENT = "manage_consent"  # prepare, withdraw a consent; close follow-up tasks
    VERIFY_CONSENT = "verify_consent"  # the second teamleider who verifies a consent
    # Jaarcijfers (issue 21): counts for the yearly evaluation (Blijf 12; Mensenhandel 19),
    # for who prepares it: the teamleider and the functioneel beheerder. Counts only, with
    # small cells suppressed, so the beheerder sees no case through them.
    VIEW_FIGURES = "view_figures"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.HULPVERLENER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS,
         Permission.VIEW_AWARE, Permission.RECORD_SCREENING, Permission.RECORD_SIGNAL,
         Permission.VIEW_SHARING}
    ),
    # Only staff designated for exchanges with the police (Blijf 6.1): the teamleider.
    Role.TEAMLEIDER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS,
         Permission.VIEW_AWARE, Permission.RECORD_SCREENING, Permission.AWARE_REQUEST,
         Permission.RECORD_POLICE_INFO, Permission.AWARE_DECIDE, Permission.VIEW_EXCHANGES,
         Permission.RECORD_SIGNAL, Permission.VIEW_SHARING, Permission.DISCLOSE,
         Permission.MANAGE_CONSENT, Permission.VERIFY_CONSENT, Permission.VIEW_FIGURES}
    ),
    Role.BEHEERDER: frozenset(
        {
            Permission.OWN_ACCOUNT,
            Permission.MANAGE_USERS,
            Permission.VERIFY_AUDIT,
            Permission.VIEW_AUDIT,
            Permission.VIEW_FIGURES,
        }
    ),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
