"""Separation of duties (issue 22; rules in domain/account_duties.py): what a functioneel
beheerder asks for an account with case access takes effect when a teamleider confirms it with
her passphrase. The functions here are called by AccountService (asking), AuthService (the
login of a pending account) and second_approver (a pending account confirms nothing);
AccountRequestService is the teamleider's side and the notice for an account made alone."""

from dataclasses import dataclass
from typing import Callable
from datetime import datetime, timezone

from blijf_desktop.domain import account_duties as duties
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission, Role
from blijf_desktop.services import second_approver
from blijf_desktop.services.errors import AccountPending, InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import account_requests, audit, users
from blijf_desktop.storage.account_requests import AccountRequest  # noqa: F401 (for the UI)


@dataclass(frozen=True)
class PendingAccount:
    """One request as the teamleider sees it: whose account, what for, asked by whom, when."""

    request_id: int
    user_id: int
    username: str
    display_name: str
    role: Role
    kind: str
    requested_by: str  # the beheerder's name
    requested_at: str


@dataclass(frozen=True)
class AloneNotice:
    """Shown once to an account a beheerder gave case access without a teamleider."""

    kind: str
    role: Role
    requested_by: str
    requested_at: str


# -- asking (AccountService, inside its transaction) ---------------------------------------------
def ask(conn, beheerder_id: int, user_id: int, role: Role, kind: str,
        can_log_in: Callable[[int], bool] | None = None) -> dict:
    """Record what the beheerder asks for this account; returns the audit detail for her row.
    No case access nor four-eyes power asked: nothing to confirm. Otherwise pending, or ALONE
    while no other active teamleider can confirm (`can_log_in`, where given: only teamleiders
    who still have a key slot count, as after a re-key that left older slots out)."""
    if not duties.needs_confirmation(role):
        return {"confirmation": "not_needed"}
    open_request = account_requests.open_for(conn, user_id)
    if open_request is not None:  # still waiting: one request, the teamleider decides it whole
        return {"confirmation": "pending", "request": open_request.id}
    others = [i for i in account_requests.active_teamleiders(conn)
              if i != user_id and (can_log_in is None or can_log_in(i))]
    if duties.takes_effect_alone(role, kind, len(others)):
        request_id = account_requests.insert(conn, user_id, kind, role, beheerder_id,
                                             decision=duties.ALONE)
        return {"confirmation": duties.ALONE, "request": request_id}
    request_id = account_requests.insert(conn, user_id, kind, role, beheerder_id)
    return {"confirmation": "pending", "request": request_id}


def withdraw(conn, beheerder_id: int, user_id: int) -> None:
    """The account is disabled before a teamleider decided: its request closes with it."""
    open_request = account_requests.open_for(conn, user_id)
    if open_request is not None:
        account_requests.decide(conn, open_request.id, duties.WITHDRAWN, beheerder_id)
        audit.append(conn, AuditAction.ACCOUNT_REQUEST_WITHDRAWN.value, beheerder_id, "user",
                     str(user_id), detail={"request": open_request.id})


def is_pending(conn, user_id: int) -> bool:
    return account_requests.open_for(conn, user_id) is not None


def refuse_pending_login(db, user) -> None:
    """At login, after her passphrase opened the slot: a pending account goes no further.
    Audited (the beheerder who knows the one-time passphrase trying it shows here)."""
    request = account_requests.open_for(db.conn, user.id)
    if request is None:
        return
    with db.transaction() as conn:
        audit.append(conn, AuditAction.LOGIN_REFUSED.value, user.id, "user", str(user.id),
                     reason="pending", detail={"request": request.id})
    raise AccountPending()


# -- the teamleider ------------------------------------------------------------------------------
class AccountRequestService:
    def __init__(self, session: Session):
        self.session = session

    @requires(Permission.CONFIRM_ACCOUNTS)
    def waiting(self) -> list[PendingAccount]:
        conn = self.session.db.conn
        found = []
        for request in account_requests.pending(conn):
            account, asker = users.by_id(conn, request.user_id), users.by_id(conn,
                                                                             request.requested_by)
            found.append(PendingAccount(request.id, account.id, account.username,
                                        account.display_name, request.role, request.kind,
                                        asker.display_name, request.requested_at))
        return found

    @requires(Permission.CONFIRM_ACCOUNTS)
    def confirm(self, request_id: int, passphrase: str) -> None:
        """Confirm with her own passphrase, typed now (not someone at her unlocked desk)."""
        request = self._approved(request_id, passphrase)
        session = self.session
        with session.db.transaction() as conn:
            account_requests.decide(conn, request.id, duties.CONFIRMED, session.user.id)
            if session.server_mode:  # her login gets her role's database role
                from blijf_desktop.storage.pg import logins

                logins.confirm_login(conn, request.user_id)
            audit.append(conn, AuditAction.ACCOUNT_CONFIRMED.value, session.user.id, "user",
                         str(request.user_id), detail={"request": request.id,
                                                       "role": request.role.value,
                                                       "kind": request.kind})

    @requires(Permission.CONFIRM_ACCOUNTS)
    def refuse(self, request_id: int, passphrase: str) -> None:
        """She does not know this colleague, or the role is wrong: the account is disabled
        and its key slot removed; the beheerder sees who refused and when."""
        request = self._approved(request_id, passphrase)
        session = self.session
        account = users.by_id(session.db.conn, request.user_id)
        session.vault.remove_user(account.username)
        with session.db.transaction() as conn:
            account_requests.decide(conn, request.id, duties.REFUSED, session.user.id)
            users.set_active(conn, account.id, False)
            audit.append(conn, AuditAction.ACCOUNT_REFUSED.value, session.user.id, "user",
                         str(account.id), detail={"request": request.id,
                                                  "role": request.role.value,
                                                  "kind": request.kind})

    def _approved(self, request_id: int, passphrase: str) -> AccountRequest:
        session = self.session
        request = account_requests.by_id(session.db.conn, request_id)
        if request is None or not request.pending:
            raise InvalidInput("account_request", "unknown")
        asker = users.by_id(session.db.conn, request.requested_by)
        if session.user.id in (request.requested_by, request.user_id):
            self._failed(request, session.user.id, "approver_is_author")
            raise InvalidInput("approver", "approver_is_author")
        second_approver.confirm(
            session, session.user.username, passphrase, datetime.now(timezone.utc),
            excluded_username=asker.username, excluded_id=asker.id,
            on_failure=lambda approver, why: self._failed(request, approver, why))
        return request

    def _failed(self, request: AccountRequest, approver: int | None, why: str) -> None:
        second_approver.record_failure(self.session, "account_request", request.id, why,
                                       {"user": request.user_id}, approver)

    # -- the account itself --------------------------------------------------------------------
    @requires(Permission.OWN_ACCOUNT)
    def alone_notice(self) -> AloneNotice | None:
        """Once, at her first login after it: her case access took effect without a
        teamleider's confirmation (there was none). Marked as told, and audited, when read."""
        session = self.session
        conn = session.db.conn
        request = account_requests.untold_alone(conn, session.user.id)
        if request is None:
            return None
        asker = users.by_id(conn, request.requested_by)
        with session.db.transaction() as write:
            account_requests.told(write, request.id)
            audit.append(write, AuditAction.ALONE_TOLD.value, session.user.id, "user",
                         str(session.user.id), detail={"request": request.id})
        return AloneNotice(request.kind, request.role, asker.display_name, request.requested_at)
