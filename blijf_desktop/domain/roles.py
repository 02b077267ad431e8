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
    # Rights of the person (issue 20): handle a request for access, rectification, erasure,
    # restriction or objection (Blijf 11; Mensenhandel 24-27), the access report included.
    # The teamleider decides (DOMAIN.md, "Who uses it"). The informatieplicht is recorded with
    # EDIT_PERSONS by whoever knows the case.
    HANDLE_REQUESTS = "handle_requests"
    # Backups (issue 20): a copy of the whole store to a folder of choice, and a restore that
    # replaces it. The functioneel beheerder looks after the installation and cannot read
    # cases (the backup shows her counts only); no data to external media without control
    # (Blijf 9.1), so not every caseworker may put a copy of everything on a stick.
    MANAGE_BACKUPS = "manage_backups"
    # Bewaartermijnen (issue 20). Closing a case starts the retention clock (Blijf 8.1); the
    # caseworker who ends the help closes it, and may reopen it. The chain file's closing and
    # a removal at the source come from the chain: recorded by staff designated for the chain
    # (Mensenhandel 22.2, 22.5). Destruction under four eyes: the teamleider and the
    # functioneel beheerder (privacy officer, DOMAIN.md "Who uses it": retention) propose,
    # review and carry out; never the same person proposing and approving. The overview,
    # the proposals and the statement name case ids, dates and kinds only, never a name,
    # so the beheerder, who may not read case files, can judge a term from its dates.
    CLOSE_CASE = "close_case"
    RECORD_RETENTION_EVENT = "record_retention_event"
    VIEW_RETENTION = "view_retention"
    PROPOSE_DESTRUCTION = "propose_destruction"
    APPROVE_DESTRUCTION = "approve_destruction"
    # Security (issue 21; Blijf 9.1, 9.3, 9.4): the privacy officer keeps the breach register
    # and is the one who sees break-in attempts, with the accounts they were aimed at.
    MANAGE_INCIDENTS = "manage_incidents"  # the breach register (AVG art. 33(5))
    VIEW_BREAK_INS = "view_break_ins"  # failed logins, wrong recovery keys, refusals
    # Jaarcijfers (issue 21): counts for the yearly evaluation (Blijf 12; Mensenhandel 19),
    # for who prepares it: the teamleider and the functioneel beheerder. Counts only, with
    # small cells suppressed, so the beheerder sees no case through them.
    VIEW_FIGURES = "view_figures"
    # Instellingen (issue 21): the functioneel beheerder looks after the installation. A
    # change that weakens security also needs a second user (domain/settings.py, Blijf 9.1).
    MANAGE_SETTINGS = "manage_settings"
    # Separation of duties (issue 22; Blijf 6.1, 9.1): a teamleider confirms, with her
    # passphrase, what a functioneel beheerder asked for an account with case access.
    CONFIRM_ACCOUNTS = "confirm_accounts"
    # Need to know (issue 22; Blijf 6.1; domain/need_to_know.py). The functioneel beheerder
    # keeps the teams (locations) and who belongs to which, as she keeps the accounts; she
    # reads no case through it. Moving a case to another team is the teamleider's act: she
    # knows the case and the receiving team's work (audited). The owning team's teamleider
    # and the beheerder (privacy officer) review every break-the-glass.
    MANAGE_TEAMS = "manage_teams"
    MOVE_CASE = "move_case"
    REVIEW_BREAK_GLASS = "review_break_glass"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.HULPVERLENER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS,
         Permission.VIEW_AWARE, Permission.RECORD_SCREENING, Permission.RECORD_SIGNAL,
         Permission.VIEW_SHARING, Permission.CLOSE_CASE}
    ),
    # Only staff designated for exchanges with the police (Blijf 6.1): the teamleider.
    Role.TEAMLEIDER: frozenset(
        {Permission.OWN_ACCOUNT, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS,
         Permission.VIEW_AWARE, Permission.RECORD_SCREENING, Permission.AWARE_REQUEST,
         Permission.RECORD_POLICE_INFO, Permission.AWARE_DECIDE, Permission.VIEW_EXCHANGES,
         Permission.RECORD_SIGNAL, Permission.VIEW_SHARING, Permission.DISCLOSE,
         Permission.MANAGE_CONSENT, Permission.VERIFY_CONSENT, Permission.CLOSE_CASE,
         Permission.RECORD_RETENTION_EVENT, Permission.VIEW_RETENTION,
         Permission.PROPOSE_DESTRUCTION, Permission.APPROVE_DESTRUCTION,
         Permission.HANDLE_REQUESTS, Permission.VIEW_FIGURES, Permission.CONFIRM_ACCOUNTS,
         Permission.MOVE_CASE, Permission.REVIEW_BREAK_GLASS}
    ),
    Role.BEHEERDER: frozenset(
        {
            Permission.OWN_ACCOUNT,
            Permission.MANAGE_USERS,
            Permission.VERIFY_AUDIT,
            Permission.VIEW_AUDIT,
            Permission.MANAGE_BACKUPS,
            Permission.VIEW_RETENTION,
            Permission.PROPOSE_DESTRUCTION,
            Permission.APPROVE_DESTRUCTION,
            Permission.MANAGE_INCIDENTS,
            Permission.VIEW_BREAK_INS,
            Permission.VIEW_FIGURES,
            Permission.MANAGE_SETTINGS,
            Permission.MANAGE_TEAMS,
            Permission.REVIEW_BREAK_GLASS,
        }
    ),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
