"""The demo's accounts (issue 22, separation of duties): the demo teamleider is the store's
first, added by the beheerder alone (she is told so at her first login); she confirms her
colleague; one new hulpverlener still waits for a teamleider, so Beheer shows a pending
account and the teamleider hears after login that it waits for her. A colleague who left is
disabled, which gave the store a new data key (issue 22): Beheer lists her as not active, and
the audit trail holds `data_key_replaced` with reason `user_left`."""

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.accounts import AccountService

WAITING_USER = "nieuw"
LEFT_USER = "vertrokken"


def fill(auth, admin_session, lead: str, colleague: str, passphrase: str) -> None:
    """`lead` and `colleague`: teamleiders, ready to work with `passphrase`."""
    admin = AccountService(admin_session)
    one_time = passphrase + "-eenmalig"
    admin.add_user(lead, "Demo Teamleider", Role.TEAMLEIDER, one_time)  # alone: the first
    _first_login(auth, lead, one_time, passphrase)
    admin.add_user(colleague, "Demo Collega", Role.TEAMLEIDER, one_time)  # waits for `lead`
    _confirm(auth, lead, passphrase, colleague)
    _first_login(auth, colleague, one_time, passphrase)
    admin.add_user(WAITING_USER, "Demo Nieuwe Hulpverlener", Role.HULPVERLENER, one_time)
    left = admin.add_user(LEFT_USER, "Demo Vertrokken Hulpverlener", Role.HULPVERLENER, one_time)
    admin.disable_user(left.id)  # a new data key: her key file copy opens nothing


def _first_login(auth, username: str, one_time: str, passphrase: str) -> None:
    session = auth.login(username, one_time)
    try:
        own = AccountService(session)
        own.accept_confidentiality()
        own.change_own_passphrase(one_time, passphrase)
    finally:
        session.close()


def _confirm(auth, lead: str, passphrase: str, username: str) -> None:
    session = auth.login(lead, passphrase)
    try:
        service = AccountRequestService(session)
        for waiting in service.waiting():
            if waiting.username == username:
                service.confirm(waiting.request_id, passphrase)
    finally:
        session.close()
