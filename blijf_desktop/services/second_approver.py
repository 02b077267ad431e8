"""A second user confirms with her passphrase, typed at that moment (four eyes: a lower risk
level, a consent). Shared by the risk and consent services; plain functions that take the
session, so nothing here is a service with its own permissions: the caller's method holds them.

Her passphrase must open her key slot (the key is zeroed at once; on a server: log in as her,
see `_proven`); a wrong passphrase, a name
that does not exist or a disabled account give one answer, ApprovalFailed, counted by the
login back-off and by its own back-off from the append-only audit trail (the author's own
unlock clears the first, never the second: Blijf 9.1, break-in attempts slowed). Audit rows
never hold the typed user name."""

from datetime import datetime, timedelta
from typing import Callable

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.backoff import delay_after
from blijf_desktop.services.errors import ApprovalFailed, InvalidInput
from blijf_desktop.storage import account_requests, audit, users
from blijf_desktop.storage.errors import TooManyAttempts, WrongCredentials
from blijf_desktop.storage.keyvault import normalise_username
from blijf_desktop.storage.users import User

APPROVAL_WINDOW = timedelta(hours=24)

# Called with (the approver's user id or None when she is not known, the reason code) to write
# the caller's APPROVAL_FAILED row about its own record.
OnFailure = Callable[[int | None, str], None]


def confirm(session, username: str, passphrase: str, now: datetime, excluded_username: str,
            excluded_id: int, on_failure: OnFailure,
            excluded_code: str = "approver_is_author") -> User:
    """The second user, once her passphrase opened her key slot. `excluded_username` may not
    be her (the author of what is confirmed): InvalidInput('approver', excluded_code)."""
    if not isinstance(username, str) or not username.strip():
        raise InvalidInput("approver", "second_approver_required")
    name = username.strip()
    if normalise_username(name) == normalise_username(excluded_username):
        on_failure(excluded_id, excluded_code)
        raise InvalidInput("approver", excluded_code)
    session.guard.check()  # TooManyAttempts while the login back-off runs
    check_backoff(session, now)
    if not _proven(session, name, passphrase):
        session.guard.failed(session.vault.slot_of(name))
        on_failure(None, "wrong_credentials")
        raise ApprovalFailed()
    user = users.by_username(session.db.conn, name)
    if user is None or not user.active:  # a slot without an active account
        session.guard.failed(session.vault.slot_of(name))
        on_failure(None, "wrong_credentials")
        raise ApprovalFailed()
    if (user.must_change_passphrase or not user.confidentiality_accepted_at
            or account_requests.open_for(session.db.conn, user.id) is not None):
        # A pending account (issue 22) has no case access yet: it confirms nothing either.
        # A one-time passphrase is known to the beheerder who set it: it confirms nothing.
        on_failure(user.id, "approver_not_ready")
        raise ApprovalFailed()
    return user


def _proven(session, name: str, passphrase: str) -> bool:
    """Her passphrase opens her key slot (the key zeroed at once); on a server, where her slot
    is at her own desk, the server takes it for her login (SCRAM; connected and closed)."""
    if session.server_mode:
        return session.login_works(name, passphrase)
    try:
        key = session.vault.open_with_passphrase(name, passphrase)
    except WrongCredentials:
        return False
    for i in range(len(key)):
        key[i] = 0
    return True


def check_backoff(session, now: datetime) -> None:
    """Wrong passphrases typed for a second user in this session user's name, counted from the
    audit trail over APPROVAL_WINDOW."""
    failed = audit.times_of(session.db.conn, AuditAction.APPROVAL_FAILED.value, session.user.id,
                            (now - APPROVAL_WINDOW).isoformat(), reason="wrong_credentials")
    if not failed:
        return
    since_last = (now - datetime.fromisoformat(failed[-1])).total_seconds()
    wait = delay_after(len(failed)) - since_last
    if wait > 0:
        raise TooManyAttempts(wait)


def record_failure(session, record_type: str, record_id: int, why: str, detail: dict,
                   approver_id: int | None) -> None:
    """One APPROVAL_FAILED row: the record, the reason code, the approver's id when known."""
    detail = dict(detail)
    if approver_id is not None:
        detail["approver"] = approver_id
    session.audit(AuditAction.APPROVAL_FAILED, record_type, str(record_id), reason=why,
                  detail=detail)
