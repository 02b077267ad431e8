"""Accounts for tests that build a store by hand (issue 22): an account with case access
waits for a teamleider's confirmation before it can log in, so a teamleider the tests know
is made ready first and confirms the others, through the real services."""

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.storage import account_requests

CONFIRMER = "bevestiger"
CONFIRMER_PASS = "Groene-Specht-Tikt-2026"
ONE_TIME = "Eenmalig-Wachtwoord-1"


def confirm(auth, lead: str, lead_pass: str, *usernames: str) -> None:
    """`lead` logs in and confirms, with her passphrase, what waits for these accounts."""
    session = auth.login(lead, lead_pass)
    try:
        service = AccountRequestService(session)
        for waiting in service.waiting():
            if waiting.username in usernames:
                service.confirm(waiting.request_id, lead_pass)
    finally:
        session.close()


def first_login(auth, username: str, one_time: str, passphrase: str) -> None:
    session = auth.login(username, one_time)
    try:
        own = AccountService(session)
        own.accept_confidentiality()
        own.change_own_passphrase(one_time, passphrase)
    finally:
        session.close()


def ready_accounts(auth, admin_session, accounts, one_time: str = ONE_TIME) -> None:
    """Each (username, display name, role, own passphrase) added by the beheerder in
    `admin_session` (declaration accepted), confirmed where needed, and logged in once to
    accept the declaration and choose her passphrase. The first teamleider among them goes
    first (the store's first, added alone); without one, CONFIRMER is made to confirm."""
    admin = AccountService(admin_session)
    accounts = list(accounts)
    leads = [a for a in accounts if Role(a[2]) is Role.TEAMLEIDER]
    if not leads and any(Role(a[2]) is not Role.BEHEERDER for a in accounts):
        leads = [(CONFIRMER, "Synthetische Bevestiger", Role.TEAMLEIDER, CONFIRMER_PASS)]
        accounts.insert(0, leads[0])
    lead = leads[0] if leads else None
    ordered = ([lead] if lead else []) + [a for a in accounts if a is not lead]
    for username, name, role, passphrase in ordered:
        added = admin.add_user(username, name, role, one_time)
        if account_requests.open_for(admin_session.db.conn, added.id) is not None:
            confirm(auth, lead[0], lead[3], username)
        first_login(auth, username, one_time, passphrase)
