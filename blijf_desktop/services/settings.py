"""Instellingen (issue 21): the functioneel beheerder changes the installation's settings; a
change that weakens security waits for a second user (Blijf 9.1, domain/settings.py).

A change is checked against its rule and, for the backup folder and the logo, against the
disk and the image itself. Then: the same value changes nothing; a weaker value becomes a
request that waits (the value in force stays the stronger one); anything else is in force at
once. A direct change replaces a request waiting for the same setting. The second user —
functioneel beheerder or teamleider, not the one who asked — confirms at the same desk with
her user name and passphrase (services/second_approver.py, with its back-off); a failed
confirmation is an APPROVAL_FAILED row about the request.

Everything else reads the values in force through here: the idle lock, the passphrase
minimum, the default language, the letterhead on printed documents, a police unit's
contact lines and the backup schedule."""

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Callable

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission, Role
from blijf_desktop.reports import letterhead
from blijf_desktop.services import second_approver
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, backup_make, users
from blijf_desktop.storage import settings as stored
from blijf_desktop.storage.backup_errors import BackupFolderProblem

# Who may confirm a weakening change (issue 21): the roles that answer for security.
CONFIRMERS = frozenset({Role.BEHEERDER, Role.TEAMLEIDER})


class Outcome(str, Enum):
    APPLIED = "applied"  # in force now
    PENDING = "pending"  # weakens security: waits for a second user
    UNCHANGED = "unchanged"  # the value in force already (a waiting request is withdrawn)


@dataclass(frozen=True)
class Pending:
    request_id: int
    value: object
    requested_at: str
    requested_by: int
    requested_by_name: str


@dataclass(frozen=True)
class SettingView:
    code: str
    value: object  # in force
    default: object
    changed_at: str | None
    changed_by_name: str | None
    confirmed_by_name: str | None
    pending: Pending | None


def current(conn, code: str):
    """The value in force: the stored one, else the rule's default."""
    return stored.value(conn, code, rules.RULES[code].default)


def current_min_length(conn) -> int:
    return current(conn, rules.PASSPHRASE_MIN)


def police_contact(conn, unit: str) -> str:
    """A unit's contact lines for a printed request: contact, phone, e-mail; empty when
    beheer has not filled them in (reports/police_request.py prints nothing then)."""
    from blijf_desktop.domain.validation import display_phone

    contact, phone, email = (current(conn, rules.police_code(unit, part))
                             for part in rules.POLICE_PARTS)
    lines = [contact] if contact else []
    if phone:
        lines.append(display_phone(phone))
    if email:
        lines.append(email)
    return "\n".join(lines)


def _name(conn, user_id: int | None) -> str | None:
    user = users.by_id(conn, user_id) if user_id is not None else None
    return user.display_name if user else None


class SettingsService:
    def __init__(self, session: Session,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.session = session
        self.clock = clock

    # -- reading, for everyone who needs a value in force ---------------------------------
    @requires(None)
    def idle_lock_minutes(self) -> int:
        return current(self.session.db.conn, rules.IDLE_LOCK)

    @requires(Permission.OWN_ACCOUNT)
    def passphrase_min_length(self) -> int:
        """Also before the account is ready: a first own passphrase is checked against it."""
        return current(self.session.db.conn, rules.PASSPHRASE_MIN)

    @requires(None, before_ready=True)
    def default_language(self) -> str:
        return current(self.session.db.conn, rules.LANGUAGE)

    @requires(None, before_ready=True)
    def apply_letterhead(self) -> letterhead.Letterhead:
        """Put the organisation's name and logo on the documents printed from now on."""
        conn = self.session.db.conn
        head = letterhead.Letterhead(current(conn, rules.ORGANISATION),
                                     current(conn, rules.LOGO))
        letterhead.use(head)
        return head

    # -- the beheerder's view ------------------------------------------------------------
    @requires(Permission.MANAGE_SETTINGS)
    def overview(self) -> dict[str, SettingView]:
        """Every setting: in force, its default, who changed it last, and what waits."""
        conn = self.session.db.conn
        kept, waiting = stored.stored(conn), stored.pending(conn)
        views = {}
        for code, rule in rules.RULES.items():
            row, request = kept.get(code), waiting.get(code)
            views[code] = SettingView(
                code, row.value if row else rule.default, rule.default,
                row.changed_at if row else None, _name(conn, row and row.changed_by),
                _name(conn, row and row.confirmed_by),
                Pending(request.id, request.value, request.requested_at, request.requested_by,
                        _name(conn, request.requested_by) or "") if request else None)
        return views

    # -- changing ------------------------------------------------------------------------
    @requires(Permission.MANAGE_SETTINGS)
    def change(self, code: str, value) -> Outcome:
        """InvalidInput(code, problem) when the value is not allowed; nothing is kept then."""
        return change_setting(self.session, code, value)

    @requires(Permission.MANAGE_SETTINGS)
    def withdraw(self, request_id: int) -> None:
        """Withdraw a waiting change: the value in force stays."""
        with self.session.db.transaction() as conn:
            request = _waiting(conn, request_id)
            stored.decide(conn, request_id, "withdrawn", self.session.user.id)
            _audit(conn, self.session, AuditAction.SETTING_CHANGE_WITHDRAWN, request.code,
                   {"request": request_id, "asked": rules.audit_value(request.code,
                                                                      request.value)})

    @requires(Permission.MANAGE_SETTINGS)
    def confirm(self, request_id: int, approver_username: str, passphrase: str) -> None:
        """The second user puts a waiting change in force. Refusals, each audited:
        InvalidInput('approver', 'approver_is_asker' | 'approver_role' |
        'second_approver_required'), ApprovalFailed, TooManyAttempts (the back-off),
        InvalidInput('request', 'not_pending') when it was decided meanwhile."""
        conn = self.session.db.conn
        request = _waiting(conn, request_id)
        asker = users.by_id(conn, request.requested_by)

        def failed(approver_id, why):
            second_approver.record_failure(self.session, "setting", request_id, why,
                                           {"setting": request.code}, approver_id)

        approver = second_approver.confirm(
            self.session, approver_username, passphrase, self.clock(), asker.username,
            asker.id, failed, excluded_code="approver_is_asker")
        if approver.role not in CONFIRMERS:
            failed(approver.id, "approver_role")
            raise InvalidInput("approver", "approver_role")
        with self.session.db.transaction() as tx:
            if not stored.decide(tx, request_id, "confirmed", approver.id):
                raise InvalidInput("request", "not_pending")
            old = current(tx, request.code)
            stored.put(tx, request.code, request.value, request.requested_by, approver.id)
            _audit(tx, self.session, AuditAction.SETTING_CHANGE_CONFIRMED, request.code, {
                "request": request_id, "approver": approver.id, "asked_by": asker.id,
                "old": rules.audit_value(request.code, old),
                "new": rules.audit_value(request.code, request.value)})


def _waiting(conn, request_id) -> stored.SettingRequest:
    request = stored.request(conn, request_id) if type(request_id) is int else None
    if request is None or request.state != "pending":
        raise InvalidInput("request", "not_pending")
    return request


def _audit(conn, session: Session, action: AuditAction, code: str, detail: dict) -> None:
    audit.append(conn, action.value, session.user.id, "setting", code,
                 detail={"setting": code, **detail})


def checked_value(session: Session, code: str, value):
    """The value as it will be kept, or InvalidInput(code, problem)."""
    checked = rules.check(code, value)
    if checked.error:
        raise InvalidInput(code, checked.error)
    new = checked.value
    if code == rules.LOGO and new is not None:
        problem = letterhead.logo_problem(new)
        if problem:
            raise InvalidInput(code, problem)
    if code == rules.BACKUP_FOLDER:
        path = Path(new) if new else None
        if path is None or not path.is_absolute():
            raise InvalidInput(code, "required")
        try:
            backup_make.check_folder(path, session.paths.folder)
        except BackupFolderProblem as problem:
            raise InvalidInput(code, problem.reason) from None
        new = str(path)
    return new


def change_setting(session: Session, code: str, value) -> Outcome:
    """The rules of the module text, for SettingsService.change and the backup section
    (BackupService.choose_folder, set_keep), which hold their own permission."""
    new = checked_value(session, code, value)
    user_id = session.user.id
    with session.db.transaction() as conn:
        old = current(conn, code)
        waiting = stored.pending(conn).get(code)
        if waiting is not None:
            stored.decide(conn, waiting.id, "replaced", user_id)
        detail = {"old": rules.audit_value(code, old), "new": rules.audit_value(code, new)}
        if waiting is not None:
            detail["replaces"] = waiting.id
        if new == old:
            if waiting is not None:
                _audit(conn, session, AuditAction.SETTING_CHANGE_WITHDRAWN, code,
                       {"request": waiting.id})
            return Outcome.UNCHANGED
        if rules.weakens(code, old, new):
            detail["request"] = stored.add_request(conn, code, new, old, user_id)
            _audit(conn, session, AuditAction.SETTING_CHANGE_REQUESTED, code, detail)
            return Outcome.PENDING
        stored.put(conn, code, new, user_id)
        _audit(conn, session, AuditAction.SETTING_CHANGED, code, detail)
    if code in (rules.ORGANISATION, rules.LOGO):
        letterhead.use(letterhead.Letterhead(current(session.db.conn, rules.ORGANISATION),
                                             current(session.db.conn, rules.LOGO)))
    return Outcome.APPLIED
