"""Risicotaxatie (issue 17): record a screening of a case, show its history, keep an unfinished
one as an encrypted draft.

The rules are domain/risk.py's (answers, the proposed level, choosing another); this layer
re-checks them (the UI is not trusted), verifies the second teamleider's passphrase through the
key vault, owns the transaction and writes the audit trail. Audit rows name ids only: never an
answer, a note, a reason or a typed user name.

Viewing needs VIEW_AWARE, not VIEW_PERSONS: the roles table defines VIEW_AWARE as "see a
traject, its screenings and its advice", and a screening is the first step of an AWARE
traject; both roles that see cases hold it today, but a future role that sees people without
AWARE work (a receptionist, say) then does not see risk assessments."""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Mapping

from blijf_desktop.domain import risk
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.risk import Answer, Change, Level, ScreeningRecord
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description
from blijf_desktop.services import second_approver
from blijf_desktop.services.closed_case import ensure_may_change
from blijf_desktop.services import drafts
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.second_approver import APPROVAL_WINDOW  # noqa: F401 (tests)
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, persons, screenings
from blijf_desktop.storage.screenings import StoredScreening


@dataclass(frozen=True)
class Approval:
    """A second user's confirmation of a lower level: her user name, her passphrase (checked
    against her key slot, never stored) and her own reason."""

    username: str
    passphrase: str = field(repr=False)
    reason: str


@dataclass(frozen=True)
class ScreeningEntry:
    """One screening as the history shows it, with what changed since the one before."""

    screening: StoredScreening
    changes: list[Change]

    @property
    def level(self) -> Level:
        return self.screening.chosen or self.screening.proposed


def _record(stored: StoredScreening) -> ScreeningRecord:
    return ScreeningRecord(stored.version, stored.answers, stored.chosen)


def _clean_answers(version: int, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    if not isinstance(answers, Mapping):
        raise InvalidInput("answers", "invalid_answer")
    problems = risk.answer_problems(version, answers)
    if problems:
        code, problem = next(iter(problems.items()))
        raise InvalidInput(code, problem)
    return {code: Answer(answer.value, description(answer.note, risk.MAX_NOTE).value)
            for code, answer in answers.items()}


class RiskService:
    def __init__(self, session: Session,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.session = session
        self.clock = clock

    # -- recording -------------------------------------------------------------------
    @requires(Permission.RECORD_SCREENING)
    def record(self, case_id: int, version: int, answers: Mapping[str, Answer],
               chosen_level: Level | None = None, reason: str = "",
               approver: Approval | None = None) -> int:
        """Store a screening as a new row; return its id. Another level than proposed needs a
        reason; a lower one also a second teamleider (not the author) who confirms with her
        passphrase. A level lower than the one in force from the case's previous screening is
        a lower one too (domain/risk.py `screening_needs`): a new screening never silently
        undoes an earlier raise. Refusals raise InvalidInput (field, code) or ApprovalFailed."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        answers = _clean_answers(version, answers)
        proposed = risk.propose_level(version, answers)
        if chosen_level is not None and not isinstance(chosen_level, Level):
            raise InvalidInput("chosen_level", "invalid")
        chosen = chosen_level if chosen_level not in (None, proposed) else None
        author = self.session.user
        written = description(reason)
        in_force = self._in_force(self.session.db.conn, case_id)
        approver_user, approver_reason = None, ""
        refusal = risk.screening_refusal(proposed, chosen, in_force, reason, author.id)
        if refusal in ("reason_required", "control_characters", "too_long"):
            raise InvalidInput("reason", refusal)
        if refusal is not None:  # a second user is needed: check her, then the rest
            approver_user, approver_reason = self._approve(case_id, approver)
            refusal = risk.screening_refusal(proposed, chosen, in_force, reason, author.id,
                                             approver_user.id, approver_user.role)
            if refusal is not None:
                self._approval_failed(case_id, approver_user.id, refusal)
                raise InvalidInput("approver", refusal)
        needs = risk.screening_needs(proposed, chosen, in_force)
        with self.session.db.transaction() as conn:
            if not persons.case_persons(conn, case_id):
                raise InvalidInput("case", "unknown")
            # Another screening may have been stored while she typed the passphrase: the rule
            # is checked again against the level in force now, inside the transaction.
            now_in_force = self._in_force(conn, case_id)
            if now_in_force is not in_force:
                again = risk.screening_refusal(
                    proposed, chosen, now_in_force, reason, author.id,
                    approver_user.id if approver_user else None,
                    approver_user.role if approver_user else None)
                if again is not None:
                    raise InvalidInput("reason" if again == "reason_required" else "approver",
                                       again)
                needs = risk.screening_needs(proposed, chosen, now_in_force)
            keep_reason = needs.reason_required
            screening_id = screenings.insert(
                conn, case_id, version, answers, proposed, chosen,
                written.value if keep_reason else "",
                approver_user.id if approver_user else None,
                approver_reason, author.id)
            detail = {"case": case_id}
            if approver_user is not None:
                detail["approver"] = approver_user.id
            audit.append(conn, AuditAction.CHANGE.value, author.id, "screening",
                         str(screening_id), detail=detail)
            drafts.discard_on_commit(self.session, conn, screenings.draft_kind(case_id))
        return screening_id

    @staticmethod
    def _in_force(conn, case_id: int) -> Level | None:
        previous = screenings.latest(conn, case_id)
        return risk.level_in_force(_record(previous) if previous else None)

    def _approve(self, case_id: int, approver: Approval | None):
        """The second user and her own reason (services/second_approver.py checks her)."""
        if approver is None or not isinstance(approver, Approval):
            raise InvalidInput("approver", "second_approver_required")
        reason = description(approver.reason)
        if reason.error or not reason.value:
            raise InvalidInput("approver_reason", reason.error or "reason_required")
        author = self.session.user
        user = second_approver.confirm(
            self.session, approver.username, approver.passphrase, self.clock(),
            author.username, author.id,
            lambda approver_id, why: self._approval_failed(case_id, approver_id, why))
        return user, reason.value

    def _approval_failed(self, case_id: int, approver_id: int | None, why: str) -> None:
        second_approver.record_failure(self.session, "case", case_id, why, {"case": case_id},
                                       approver_id)

    # -- reading ---------------------------------------------------------------------
    @requires(Permission.VIEW_AWARE)
    def history(self, case_id: int) -> list[ScreeningEntry]:
        """Every screening of the case, newest first, each with what changed since the one
        before it (the first: everything, as 'not asked before')."""
        ensure_access(self.session, "case", case_id)
        found = screenings.for_case(self.session.db.conn, case_id)
        self.session.audit(AuditAction.VIEW, "case_screenings", str(case_id),
                           detail={"screenings": [s.id for s in found]})
        entries, previous = [], None
        for stored in found:
            current = _record(stored)
            entries.append(ScreeningEntry(stored, risk.changes(previous, current)))
            previous = current
        return entries[::-1]

    @requires(Permission.VIEW_AWARE)
    def latest(self, case_id: int) -> StoredScreening | None:
        ensure_access(self.session, "case", case_id)
        stored = screenings.latest(self.session.db.conn, case_id)
        self.session.audit(AuditAction.VIEW, "screening", str(stored.id) if stored else None,
                           detail={"case": case_id})
        return stored

    # -- drafts ----------------------------------------------------------------------
    @requires(Permission.RECORD_SCREENING)
    def save_draft(self, case_id: int, payload: dict) -> None:
        ensure_access(self.session, "case", case_id)
        drafts.keep(self.session, screenings.draft_kind(case_id), payload)

    @requires(Permission.RECORD_SCREENING)
    def load_draft(self, case_id: int) -> dict | None:
        ensure_access(self.session, "case", case_id)
        return drafts.load(self.session, screenings.draft_kind(case_id))

    @requires(Permission.RECORD_SCREENING)
    def discard_draft(self, case_id: int) -> None:
        ensure_access(self.session, "case", case_id)
        drafts.discard(self.session, screenings.draft_kind(case_id))
