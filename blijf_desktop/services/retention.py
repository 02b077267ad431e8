"""Bewaartermijnen: what is due, and destruction under four eyes (voorgesteld -> beoordeeld
-> vernietigd, or teruggezet with a reason). The one who proposes never approves: refused
here with a message, and by the store (migration 0015). Everything shown names case ids,
dates, kinds and user ids only. Every step is audited; the free notes never reach the
audit trail, and are wiped when the data goes."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from blijf_desktop.domain import account_duties as duties, retention as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.backups import DEFAULT_KEEP_DAYS
from blijf_desktop.domain.destruction import (
    REASONS,
    SCOPE_REASONS,
    DestructionState,
    Scope,
    TextKind,
    reason_problem,
)
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, destruction, persons, retention, users
from blijf_desktop.storage import destruction_proposals as proposals
from blijf_desktop.storage.destruction_proposals import Proposal


@dataclass(frozen=True)
class DueRow:
    """One kind of data of one case whose term ended or ends soon."""

    case_id: int
    kind: rules.DataKind
    closed_on: date | None
    ends_on: date
    status: str  # "verlopen" or "binnenkort"
    because: str
    article: str
    proposal: Proposal | None  # the open proposal for it, if any


def _scope_for(kind: rules.DataKind) -> Scope:
    return Scope.CASE if kind is rules.DataKind.SAMENWERKING else Scope.SIGNAL


class RetentionService:
    def __init__(self, session: Session, today=date.today, keep_days: int = DEFAULT_KEEP_DAYS):
        self.session = session
        self.today = today
        self.keep_days = keep_days

    # -- what is due ---------------------------------------------------------------------
    @requires(Permission.VIEW_RETENTION)
    def overview(self, soon_days: int = rules.SOON_DAYS) -> list[DueRow]:
        """Every kind of data whose term has ended or ends within `soon_days`, earliest
        first, with the open proposal for it."""
        conn = self.session.db.conn
        today = self.today()
        open_ones = {(p.case_id, p.scope): p for p in proposals.listing(
            conn, (DestructionState.VOORGESTELD, DestructionState.BEOORDEELD))}
        rows = []
        for case_id, dates in retention.cases_with_a_clock(conn):
            for end in rules.retention_ends(dates):
                state = rules.status(end, today, soon_days)
                if state == "lopend":
                    continue
                rows.append(DueRow(case_id, end.kind, dates.closed_on, end.ends_on, state,
                                   end.because, end.article,
                                   open_ones.get((case_id, _scope_for(end.kind)))))
        self.session.audit(AuditAction.VIEW, "retention_overview", None,
                           detail={"rows": len(rows)})
        return sorted(rows, key=lambda r: (r.ends_on, r.case_id, r.kind.value))

    @requires(Permission.VIEW_RETENTION)
    def proposals(self, states: tuple[DestructionState, ...] | None = None) -> list[Proposal]:
        return proposals.listing(self.session.db.conn, states)

    @requires(Permission.VIEW_RETENTION)
    def proposal(self, destruction_id: int) -> Proposal:
        return self._existing(self.session.db.conn, destruction_id)

    # -- four eyes -----------------------------------------------------------------------
    @requires(Permission.PROPOSE_DESTRUCTION)
    def propose(self, case_id: int, kind: rules.DataKind = rules.DataKind.SAMENWERKING,
                reason_code: str | None = None, note: str = "") -> int:
        """Propose to destroy a whole case (after its term) or its signal data (after the
        signal's own term; earlier when no longer needed, Mensenhandel 22.1, with a note)."""
        conn = self.session.db.conn
        scope = _scope_for(rules.DataKind(kind))
        dates = retention.case_dates(conn, case_id) if isinstance(case_id, int) else None
        if dates is None:
            raise InvalidInput("case", "unknown")
        end = rules.case_end(dates) if scope is Scope.CASE else rules.signal_end(dates)
        reason_code = reason_code or {"termijn": "termijn_verstreken",
                                      "ketendossier": "ketendossier_gesloten",
                                      "bron_verwijderd": "bron_verwijderd"}.get(end.because)
        if reason_code not in SCOPE_REASONS[scope]:
            raise InvalidInput("reason_code", "required" if not reason_code else "unknown")
        early = reason_code == "niet_meer_nodig"
        if scope is Scope.CASE and dates.closed_on is None:
            raise InvalidInput("case", "not_closed")
        if scope is Scope.SIGNAL and not dates.has_signal_data:
            raise InvalidInput("case", "no_signal_data")
        if not early and not rules.is_due(end, self.today()):
            raise InvalidInput("case", "not_due")
        return self._insert(scope, case_id, reason_code, note, required=early)

    @requires(Permission.PROPOSE_DESTRUCTION)
    def propose_text_purge(self, case_id: int, text_kind: TextKind, text_ref: str,
                           note: str = "") -> int:
        """Propose to destroy one free text earlier than its case: a threat entry (text_ref:
        its id) or a screening note ("<screening id>:<signal code>", with that signal's note
        in every earlier screening). Same four eyes as a whole case: it cannot be undone."""
        conn = self.session.db.conn
        text_kind = TextKind(text_kind)
        if not retention.text_exists(conn, case_id, text_kind.value, str(text_ref)):
            raise InvalidInput("text", "unknown")
        return self._insert(Scope.TEXT, case_id, "eerder_vernietigen", note, required=True,
                            text_kind=text_kind, text_ref=str(text_ref))

    @requires(Permission.PROPOSE_DESTRUCTION)
    def propose_person_erasure(self, person_id: int, request_id: int | None,
                               reason: str) -> int:
        """An erasure decision on a request of the person (issue 20, verzoeken): one person
        goes from her case, through the same four eyes. `reason` is the decision's note."""
        record = persons.get_person(self.session.db.conn, person_id) \
            if isinstance(person_id, int) else None
        if record is None:
            raise InvalidInput("person", "unknown")
        return self._insert(Scope.PERSON, record.case_id, "besluit_wissing", reason,
                            required=True, person_id=person_id, request_id=request_id)

    def _insert(self, scope: Scope, case_id: int, reason_code: str, note: str, required: bool,
                **where) -> int:
        problem = reason_problem(note, required)
        if problem:
            raise InvalidInput("note", problem)
        with self.session.db.transaction() as conn:
            return insert_proposal(conn, self.session.user.id, scope, case_id, reason_code,
                                   note, **where)

    @requires(Permission.APPROVE_DESTRUCTION)
    def approve(self, destruction_id: int, note: str = "") -> None:
        """The second user agrees: never the one who proposed."""
        problem = reason_problem(note, required=False)
        if problem:
            raise InvalidInput("review_note", problem)
        found = self._reviewable(destruction_id)
        with self.session.db.transaction() as conn:
            proposals.approve(conn, found.id, self.session.user.id, note.strip())
            audit.append(conn, AuditAction.DESTRUCTION_APPROVED.value, self.session.user.id,
                         "destruction", str(found.id), detail={"case": found.case_id})

    @requires(Permission.APPROVE_DESTRUCTION)
    def send_back(self, destruction_id: int, reason: str) -> None:
        """Teruggezet: not destroyed now, with the reason why. A new proposal may follow."""
        problem = reason_problem(reason)
        if problem:
            raise InvalidInput("review_note", problem)
        found = self._reviewable(destruction_id)
        with self.session.db.transaction() as conn:
            proposals.send_back(conn, found.id, self.session.user.id, reason.strip())
            audit.append(conn, AuditAction.DESTRUCTION_SENT_BACK.value, self.session.user.id,
                         "destruction", str(found.id), detail={"case": found.case_id})

    def _reviewable(self, destruction_id: int) -> Proposal:
        found = self._existing(self.session.db.conn, destruction_id)
        if found.state is not DestructionState.VOORGESTELD:
            raise InvalidInput("destruction", "not_proposed")
        if found.proposed_by == self.session.user.id:
            self.session.audit(AuditAction.APPROVAL_FAILED, "destruction", str(found.id),
                               reason="reviewer_is_proposer")
            raise InvalidInput("reviewer", "reviewer_is_proposer")
        giver = users.passphrase_giver(self.session.db.conn, self.session.user.id)
        if not duties.is_second_pair(found.proposed_by, self.session.user.id, giver):
            # an account the proposer made or last reset: maybe she herself (account_duties)
            self.session.audit(AuditAction.APPROVAL_FAILED, "destruction", str(found.id),
                               reason="reviewer_made_by_proposer")
            raise InvalidInput("reviewer", "reviewer_made_by_proposer")
        return found

    # -- carrying out --------------------------------------------------------------------
    @requires(Permission.APPROVE_DESTRUCTION)
    def carry_out(self, destruction_id: int) -> destruction.Outcome:
        """Destroy what an approved proposal names, irreversibly, then compact the store.
        A case reopened since, or no longer due, is refused."""
        user_id = self.session.user.id
        today = self.today()
        db = self.session.db
        with db.transaction() as conn:
            found = self._existing(conn, destruction_id)
            if found.state is not DestructionState.BEOORDEELD:
                raise InvalidInput("destruction", "not_approved")
            self._still_due(conn, found, today)
            outcome = destruction.carry_out(conn, found, user_id, today, self.keep_days)
            audit.append(conn, AuditAction.DESTROYED.value, user_id, "destruction",
                         str(found.id), reason=found.reason_code,
                         detail={"scope": found.scope.value, "case": found.case_id,
                                 "person": found.person_id, "counts": outcome.counts,
                                 "figures_kept": outcome.figures_kept})
        # a server's pages and copies are the server's (compact does nothing there)
        removed = destruction.compact(db.conn, None if self.session.server_mode
                                      else Path(db.path))
        return destruction.Outcome(outcome.counts, outcome.figures_kept, removed)

    def _still_due(self, conn, found: Proposal, today: date) -> None:
        if found.scope not in (Scope.CASE, Scope.SIGNAL):
            if not retention.case_exists(conn, found.case_id):
                raise InvalidInput("case", "unknown")
            return
        dates = retention.case_dates(conn, found.case_id)
        if dates is None:
            raise InvalidInput("case", "unknown")
        if found.scope is Scope.CASE:
            if dates.closed_on is None:
                raise InvalidInput("case", "not_closed")
            if not rules.is_due(rules.case_end(dates), today):
                raise InvalidInput("case", "not_due")

    # -- the statement -------------------------------------------------------------------
    @requires(Permission.VIEW_RETENTION)
    def statement(self, destruction_id: int) -> bytes:
        """The destruction statement (PDF): no personal data. Audited as a print."""
        from blijf_desktop.services.destruction_statement import statement_input
        from blijf_desktop.reports.destruction_statement import build_destruction_statement

        conn = self.session.db.conn
        found = self._existing(conn, destruction_id)
        if found.state is not DestructionState.VERNIETIGD:
            raise InvalidInput("destruction", "not_destroyed")
        pdf = build_destruction_statement(statement_input(conn, found, self.today()))
        self.session.audit(AuditAction.PRINT, "destruction_statement", str(found.id))
        return pdf

    @requires(Permission.VIEW_RETENTION)
    def save_statement(self, destruction_id: int, path: Path | str) -> None:
        """Write the statement where the user chose (private to her, whole or not at all)."""
        from blijf_desktop.storage.files import save_document

        pdf = self.statement(destruction_id)
        save_document(Path(path), pdf)
        self.session.audit(AuditAction.EXPORT, "destruction_statement", str(destruction_id))

    def _existing(self, conn, destruction_id: int) -> Proposal:
        found = proposals.get(conn, destruction_id) if isinstance(destruction_id, int) else None
        if found is None:
            raise InvalidInput("destruction", "unknown")
        return found


__all__ = ["RetentionService", "DueRow", "REASONS"]


def insert_proposal(conn, user_id: int, scope: Scope, case_id: int, reason_code: str, note: str,
                    **where) -> int:
    """A proposal and its audit row, inside the caller's transaction: also an erasure decided
    on a request of the person (services/rights.py), which then goes through the same four
    eyes before anything is destroyed."""
    if proposals.open_for(conn, scope, case_id, where.get("person_id"), where.get("text_ref")):
        raise InvalidInput("case", "already_proposed")
    new_id = proposals.insert(conn, scope, case_id, reason_code, note.strip(), user_id, **where)
    detail = {"scope": scope.value, "case": case_id}
    detail.update({k: v for k, v in where.items() if v is not None and k != "text_kind"})
    audit.append(conn, AuditAction.DESTRUCTION_PROPOSED.value, user_id, "destruction",
                 str(new_id), reason=reason_code, detail=detail)
    return new_id
