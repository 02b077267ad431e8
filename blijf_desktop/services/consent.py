"""Consent as a record (issue 18): prepare, verify by a second teamleider with her passphrase,
refuse, withdraw, expire; the gate before an export; the follow-up tasks that tell recipients
of a withdrawal or a correction (Blijf 6.4, AVG art. 19).

The rules are domain/consent.py's and consent_gate.py's; this layer re-checks them (the UI is
not trusted), owns the transactions and writes the audit trail with ids and codes only: never
a weighing, a reason or a typed user name."""

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable, Mapping

from blijf_desktop.domain import consent as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.consent import (
    ClientPosition, Consent, Grantor, Scope, State, Weighing, fingerprint,
)
from blijf_desktop.domain.consent_gate import Step, covering, missing_steps, needed_grantors
from blijf_desktop.domain.follow_up import TaskKind, told_problems
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.validation import description
from blijf_desktop.services import second_approver
from blijf_desktop.services.closed_case import ensure_may_change
from blijf_desktop.services.errors import InvalidInput, enum_value
from blijf_desktop.services.case_gate import ensure_access, readable
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, consents, follow_up, persons, signals, users
from blijf_desktop.storage.consents import HistoryEntry
from blijf_desktop.storage.keyvault import normalise_username
from blijf_desktop.storage.follow_up import Task


@dataclass(frozen=True)
class Gate:
    """Whether an export may go: the consents it goes under, or per person and kind the first
    step still missing."""

    open: bool
    consent_ids: tuple[int, ...]
    missing: list[Step]


def _first(problems: dict[str, str]) -> None:
    if problems:
        name, problem = next(iter(problems.items()))
        raise InvalidInput(name, problem)


def _categories(conn, case_id: int) -> dict:
    people = {r.id: r.data.category for r in persons.case_persons(conn, case_id)}
    if not people:
        raise InvalidInput("case", "unknown")
    return people


def _case_signals(conn, case_id: int) -> set[int]:
    return {s.id for s in signals.for_case(conn, case_id)}


def gate_in(conn, case_id: int, recipient: str, purpose: str,
            person_kinds: Mapping[int, set[str]], on_date: date, *,
            identifiable: bool = False, signal_id: int | None = None) -> Gate:
    """The gate, read inside the caller's transaction (services/sharing.py checks it again
    where it records the export, then calls storage.consents.link_exchange with the ids).
    `identifiable`: the export is not anonymised, so only a consent that says identifiable
    covers it (Mensenhandel 6.2, 9.5); `signal_id`: the signal it carries, which a consent for
    a signal kind must name (14.6). Both default to the narrowest export (anonymised, no
    signal named)."""
    people = _categories(conn, case_id)
    if not person_kinds or any(not kinds for kinds in person_kinds.values()):
        raise InvalidInput("persons", "required")
    if any(person_id not in people for person_id in person_kinds):
        raise InvalidInput("person", "unknown")
    if signal_id is not None and signal_id not in _case_signals(conn, case_id):
        raise InvalidInput("signal", "unknown")
    identifiable = bool(identifiable)
    found = consents.for_case(conn, case_id)
    steps = missing_steps(found, recipient, purpose, person_kinds, on_date,
                          identifiable=identifiable, signal_id=signal_id)
    if steps:
        return Gate(False, (), steps)
    used = set()
    for person_id, kinds in person_kinds.items():
        for kind in kinds:
            for grantor in needed_grantors(recipient, purpose, kind):
                used.add(covering(found, recipient, purpose, person_id, kind, on_date, grantor,
                                  identifiable=identifiable, signal_id=signal_id).id)
    return Gate(True, tuple(sorted(used)), [])


def open_correction(conn, user_id: int, person_id: int, kinds) -> int | None:
    """Inside the caller's transaction: when data about the person that went out changed, a
    task naming every recipient of the old value (Blijf 6.4, AVG art. 19). None when none of
    `kinds` ever went out."""
    disclosed = follow_up.disclosed_kinds(conn, person_id, set(kinds))
    if not disclosed:
        return None
    record = persons.get_person(conn, person_id)
    receivers = follow_up.receivers_of(conn, person_id, disclosed)
    task_id = follow_up.open_task(conn, TaskKind.CORRECTIE.value, record.case_id, user_id,
                                  receivers, person_id=person_id, kinds=disclosed)
    audit.append(conn, AuditAction.CHANGE.value, user_id, "follow_up_task", str(task_id),
                 detail={"kind": TaskKind.CORRECTIE.value, "case": record.case_id,
                         "person": person_id, "kinds": sorted(disclosed),
                         "recipients": sorted({r for _e, r in receivers})})
    return task_id


class ConsentService:
    def __init__(self, session: Session, today: Callable[[], date] = date.today,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.session = session
        self.today = today
        self.clock = clock

    # -- preparing ---------------------------------------------------------------------
    def _checked(self, conn, case_id: int, scope: Scope, grantor, client_position,
                 position_reason: str, weighing: Weighing, client_informed: bool) -> Consent:
        if not isinstance(scope, Scope):
            raise InvalidInput("scope", "invalid")
        if not isinstance(weighing, Weighing):
            raise InvalidInput("weighing", "invalid")
        people = _categories(conn, case_id)
        case_signals = _case_signals(conn, case_id)
        known = grantor in {g.value for g in Grantor}  # the scope's fields come first on a form
        _first(rules.scope_problems(scope, people, Grantor(grantor) if known else Grantor.BLIJF,
                                    case_signals))
        grantor = enum_value(Grantor, grantor, "grantor")
        _first(rules.scope_problems(scope, people, grantor, case_signals))
        position = enum_value(ClientPosition, client_position, "client_position") \
            if client_position else None
        _first(rules.position_problems(bool(client_informed), position, position_reason))
        _first(rules.weighing_problems(weighing))
        cleaned = Weighing(**{part: description(text).value
                              for part, text in weighing.as_dict().items()})
        return Consent(0, case_id, State.ONTWERP, scope, grantor, bool(client_informed),
                       position, description(position_reason or "").value, cleaned, 0, "")

    @requires(Permission.MANAGE_CONSENT)
    def prepare(self, case_id: int, scope: Scope, grantor: Grantor | str,
                client_position: ClientPosition | str, position_reason: str,
                weighing: Weighing, *, client_informed: bool = True) -> int:
        """A new consent in state ontwerp; it covers nothing until a second teamleider
        verifies it. Refusals: InvalidInput(field, code) for the first problem."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            new = self._checked(conn, case_id, scope, grantor, client_position,
                                position_reason, weighing, client_informed)
            consent_id = consents.insert(conn, new, user_id)
            self._audit(conn, consent_id, new, "voorbereid")
        return consent_id

    @requires(Permission.MANAGE_CONSENT)
    def update(self, consent_id: int, scope: Scope, grantor: Grantor | str,
               client_position: ClientPosition | str, position_reason: str,
               weighing: Weighing, *, client_informed: bool = True) -> list[str]:
        """Change an ontwerp; returns the changed fields (history keeps the old record)."""
        ensure_may_change(self.session, "consent", consent_id)  # closed: read-only
        self._expire(self.session.db.conn)
        with self.session.db.transaction() as conn:
            old = self._in_state(conn, consent_id, State.ONTWERP)
            new = self._checked(conn, old.case_id, scope, grantor, client_position,
                                position_reason, weighing, client_informed)
            changed = consents.update_draft(conn, consent_id, new, self.session.user.id)
            if changed:
                self._audit(conn, consent_id, new, "gewijzigd", fields=changed)
        return changed

    # -- deciding ----------------------------------------------------------------------
    @requires(Permission.VERIFY_CONSENT)
    def verify(self, consent_id: int, approver_username: str, passphrase: str, *,
               seen: str) -> None:
        """Make it active: a second user who may verify consents (the teamleider), who neither
        prepared nor changed it, ready to work, typing her passphrase now. `seen`:
        domain.consent.fingerprint of the consent as she was shown it; when it no longer
        matches, nothing is verified. Refusals: InvalidInput('consent', 'changed_since_shown'),
        InvalidInput('approver', code), ApprovalFailed, TooManyAttempts (the back-off)."""
        ensure_may_change(self.session, "consent", consent_id)  # closed: read-only
        conn = self.session.db.conn
        self._expire(conn)
        current = self._in_state(conn, consent_id, State.ONTWERP)
        preparer = users.by_id(conn, current.prepared_by)

        def failed(approver_id, why):
            second_approver.record_failure(self.session, "consent", consent_id, why,
                                           {"case": current.case_id}, approver_id)

        if not self._as_shown(current, seen):
            failed(None, "changed_since_shown")
            raise InvalidInput("consent", "changed_since_shown")
        editor = self._editor_named(conn, consent_id, approver_username, preparer.id)
        if editor is not None:  # told before her passphrase is tried, like the preparer
            failed(editor, "approver_is_editor")
            raise InvalidInput("approver", "approver_is_editor")
        approver = second_approver.confirm(
            self.session, approver_username, passphrase, self.clock(), preparer.username,
            preparer.id, failed, excluded_code="approver_is_preparer")
        if approver.id in consents.authors(conn, consent_id):
            failed(approver.id, "approver_is_editor")
            raise InvalidInput("approver", "approver_is_editor")
        if not may(approver.role, Permission.VERIFY_CONSENT):
            failed(approver.id, "approver_role")
            raise InvalidInput("approver", "approver_role")
        with self.session.db.transaction() as tx:
            again = self._in_state(tx, consent_id, State.ONTWERP)
            if not self._as_shown(again, seen):  # changed while she typed her passphrase
                raise InvalidInput("consent", "changed_since_shown")
            if approver.id in consents.authors(tx, consent_id):
                raise InvalidInput("approver", "approver_is_editor")
            _first(rules.scope_problems(again.scope, _categories(tx, again.case_id),
                                        again.grantor, _case_signals(tx, again.case_id)))
            # (a person may have left the case meanwhile)
            # The history names her: she verified (the audit row also names who was at the desk).
            consents.set_state(tx, consent_id, State.ACTIEF, "geverifieerd", approver.id,
                               verified_by=approver.id)
            self._audit(tx, consent_id, again, "geverifieerd", approver=approver.id)

    @requires(Permission.MANAGE_CONSENT)
    def refuse(self, consent_id: int, reason: str) -> None:
        """An ontwerp that will not be verified: geweigerd, with the reason in the history."""
        ensure_access(self.session, "consent", consent_id)
        written = self._reason(reason)
        self._expire(self.session.db.conn)
        with self.session.db.transaction() as conn:
            current = self._in_state(conn, consent_id, State.ONTWERP)
            consents.set_state(conn, consent_id, State.GEWEIGERD, "geweigerd",
                               self.session.user.id, written)
            self._audit(conn, consent_id, current, "geweigerd")

    @requires(Permission.MANAGE_CONSENT)
    def withdraw(self, consent_id: int, reason: str, withdrawn_on: date) -> int | None:
        """Withdraw an active consent: every later export under it is refused, and a task
        lists every exchange already made under it, to tell each recipient. Returns the
        task's id (None when nothing went out under it)."""
        ensure_access(self.session, "consent", consent_id)
        written = self._reason(reason)
        if not isinstance(withdrawn_on, date):
            raise InvalidInput("withdrawn_on", "required")
        if withdrawn_on > self.today():
            raise InvalidInput("withdrawn_on", "date_future")
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            current = self._in_state(conn, consent_id, State.ACTIEF)
            consents.set_state(conn, consent_id, State.INGETROKKEN, "ingetrokken", user_id,
                               written, withdrawn_on=withdrawn_on)
            served = consents.exchanges_under(conn, consent_id)
            task_id = None
            if served:
                task_id = follow_up.open_task(conn, TaskKind.INTREKKING.value,
                                              current.case_id, user_id, served,
                                              consent_id=consent_id)
            self._audit(conn, consent_id, current, "ingetrokken", task=task_id,
                        served=sorted({r for _e, r in served}))
        return task_id

    @requires(Permission.VIEW_SHARING)
    def expire_due(self) -> list[int]:
        """Every ontwerp nobody verified within EXPIRY_DAYS becomes verlopen, and its history
        says so. Returns their ids."""
        return self._expire(self.session.db.conn)

    def _expire(self, conn) -> list[int]:
        today = self.today()
        due = [c for c in consents.in_state(conn, State.ONTWERP)
               if rules.effective_state(c, today) is State.VERLOPEN]
        if not due:
            return []
        with self.session.db.transaction() as tx:
            for found in due:
                consents.set_state(tx, found.id, State.VERLOPEN, "verlopen", None,
                                   rules.EXPIRY_NOTE.format(days=rules.EXPIRY_DAYS))
                self._audit(tx, found.id, found, "verlopen", days=rules.EXPIRY_DAYS)
        return [c.id for c in due]

    # -- reading -----------------------------------------------------------------------
    @requires(Permission.VIEW_SHARING)
    def for_case(self, case_id: int) -> list[Consent]:
        """The case's consents, oldest first (overdue requests expired first)."""
        ensure_access(self.session, "case", case_id)
        self._expire(self.session.db.conn)
        found = consents.for_case(self.session.db.conn, case_id)
        self.session.audit(AuditAction.VIEW, "case_consents", str(case_id),
                           detail={"consents": [c.id for c in found]})
        return found

    @requires(Permission.VIEW_SHARING)
    def history(self, consent_id: int) -> list[HistoryEntry]:
        """Every change, oldest first, each with the whole record as it stood after it."""
        ensure_access(self.session, "consent", consent_id)
        conn = self.session.db.conn
        if consents.get(conn, consent_id) is None:
            raise InvalidInput("consent", "unknown")
        self.session.audit(AuditAction.VIEW, "consent_history", str(consent_id))
        return consents.history(conn, consent_id)

    @requires(Permission.VIEW_SHARING)
    def gate(self, case_id: int, recipient: str, purpose: str,
             person_kinds: Mapping[int, set[str]], on_date: date | None = None, *,
             identifiable: bool = False, signal_id: int | None = None) -> Gate:
        """Whether an export to `recipient` for `purpose` of these kinds about these people
        may go on `on_date` (today): open with the consents it goes under, or closed with
        the first missing step per person and kind. Routes that need no consent are open.
        `identifiable` and `signal_id`: see gate_in."""
        ensure_access(self.session, "case", case_id)
        self._expire(self.session.db.conn)
        found = gate_in(self.session.db.conn, case_id, recipient, purpose,
                        dict(person_kinds), on_date or self.today(),
                        identifiable=identifiable, signal_id=signal_id)
        self.session.audit(AuditAction.VIEW, "consent_gate", str(case_id), detail={
            "recipient": recipient, "purpose": purpose, "open": found.open,
            "identifiable": bool(identifiable), "signal": signal_id,
            "consents": list(found.consent_ids),
            "missing": sorted({s.missing.value for s in found.missing})})
        return found

    # -- follow-up tasks ---------------------------------------------------------------
    @requires(Permission.MANAGE_CONSENT)
    def open_correction_task(self, conn, person_id: int, kinds) -> int | None:
        """A task listing every recipient of the old value of `kinds` about the person; in
        the caller's transaction `conn`, or its own when None."""
        if conn is not None:
            return open_correction(conn, self.session.user.id, person_id, kinds)
        with self.session.db.transaction() as own:
            if persons.get_person(own, person_id) is None:
                raise InvalidInput("person", "unknown")
            return open_correction(own, self.session.user.id, person_id, kinds)

    @requires(Permission.VIEW_SHARING)
    def open_tasks(self, case_id: int | None = None) -> list[Task]:
        if case_id is not None:
            ensure_access(self.session, "case", case_id)
        # Without a case: the tasks of cases this user may read (issue 22; Blijf 6.1).
        found = readable(self.session, follow_up.tasks(self.session.db.conn, case_id))
        self.session.audit(AuditAction.VIEW, "follow_up_tasks",
                           None if case_id is None else str(case_id),
                           detail={"tasks": [t.id for t in found]})
        return found

    @requires(Permission.MANAGE_CONSENT)
    def close_item(self, item_id: int, told_on: date, told_how: str) -> None:
        """Record that this recipient was told (when, how); the item is closed once."""
        ensure_access(self.session, "task_item", item_id)
        _first(told_problems(told_on, told_how, self.today()))
        with self.session.db.transaction() as conn:
            item = follow_up.item(conn, item_id)
            if item is None:
                raise InvalidInput("item", "unknown")
            if item.closed:
                raise InvalidInput("item", "closed")
            follow_up.close_item(conn, item_id, told_on, told_how, self.session.user.id)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id,
                         "follow_up_item", str(item_id),
                         detail={"task": item.task_id, "recipient": item.recipient,
                                 "told_how": told_how})

    # -- helpers -----------------------------------------------------------------------
    @staticmethod
    def _in_state(conn, consent_id: int, state: State) -> Consent:
        found = consents.get(conn, consent_id)
        if found is None:
            raise InvalidInput("consent", "unknown")
        if found.state is not state:
            raise InvalidInput("state", found.state.value)
        return found

    @staticmethod
    def _as_shown(consent: Consent, seen) -> bool:
        return isinstance(seen, str) and seen == fingerprint(consent)

    @staticmethod
    def _editor_named(conn, consent_id: int, username, preparer_id: int) -> int | None:
        """The id of whoever changed the consent (not its preparer: confirm() tells her) when
        `username` names her."""
        if not isinstance(username, str) or not username.strip():
            return None
        name = normalise_username(username.strip())
        for editor_id in sorted(consents.authors(conn, consent_id) - {preparer_id}):
            editor = users.by_id(conn, editor_id)
            if editor is not None and normalise_username(editor.username) == name:
                return editor_id
        return None

    @staticmethod
    def _reason(reason: str) -> str:
        written = description(reason or "")
        if written.error or not written.value:
            raise InvalidInput("reason", written.error or "required")
        return written.value

    def _audit(self, conn, consent_id: int, consent: Consent, change: str, **extra) -> None:
        """Ids and codes only: the scope as codes, never a reason or the weighing."""
        scope = consent.scope
        detail = {"case": consent.case_id, "grantor": consent.grantor.value,
                  "recipients": sorted(scope.recipients), "purposes": sorted(scope.purposes),
                  "persons": sorted(scope.person_ids), "kinds": sorted(scope.kinds),
                  "identifiable": bool(scope.identifiable), "signals": sorted(scope.signal_ids),
                  **extra}
        audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "consent",
                     str(consent_id), reason=change, detail=detail)
