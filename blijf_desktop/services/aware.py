"""AWARE-trajecten (issue 17): start a traject from a case, take it step by step through the
state machine of domain/aware.py (never a second copy of its rules), record reviews of a
running connection, and the AWARE-overzicht with what is due or overdue.

Each step is checked three times over: may the traject go there now (aware.next_step, a
refusal says what must happen first), may this user take that step (the permission the domain
table names), and is its data complete (services/aware_steps.py). Rows are never changed; audit
rows name ids and codes only. `today` is injected (like IntakeService) so that overdue reviews
can be tested.

What she types in a step's form before recording it is kept as a draft (per user, traject and
action, encrypted in the store like every draft): save_step_draft while she types, step_draft
when the form opens again. A draft is only handed out while the traject still allows its action;
recording the step removes it."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain import aware
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.aware import CONNECTED, State
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.validation import description
from blijf_desktop.services import aware_steps
from blijf_desktop.services.closed_case import ensure_may_change, ensure_traject_open
from blijf_desktop.services.aware_steps import Facts
from blijf_desktop.services import drafts
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.restriction import refuse_restricted
from blijf_desktop.services.case_gate import ensure_access, readable
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, persons, screenings, trajects
from blijf_desktop.storage.trajects import REVIEW, STEP, StepDraft, StoredTraject

REVIEW_ACTION = REVIEW  # a kind of step, not a state: a review keeps the traject where it is


@dataclass(frozen=True)
class TrajectView:
    traject: StoredTraject
    state: State
    facts: Facts
    next_review: date | None
    review_overdue: bool
    answer_overdue: bool
    end_passed: bool
    actions: tuple[str, ...]  # what this user may do now: target states and REVIEW_ACTION
    person_names: dict[int, str]  # empty for a role that may not see persons

    @property
    def id(self) -> int:
        return self.traject.id

    @property
    def awaiting_police(self) -> bool:
        return self.state is State.INFORMATIE_GEVRAAGD

    @property
    def overdue(self) -> bool:
        return self.review_overdue or self.answer_overdue or self.end_passed


@dataclass(frozen=True)
class OverviewRow:
    traject_id: int
    case_id: int
    client_name: str | None  # None for a role that may not see persons
    state: State
    unit: str | None
    next_review: date | None
    end_date: date | None
    awaiting_police: bool
    answer_by: date | None
    review_overdue: bool
    answer_overdue: bool
    end_passed: bool

    @property
    def overdue(self) -> bool:
        return self.review_overdue or self.answer_overdue or self.end_passed


def _state(code: str) -> State:
    try:
        return State(code)
    except ValueError:
        raise InvalidInput("state", "unknown") from None


def _action_permissions(action: str) -> frozenset[Permission]:
    """What recording an action (a target state or REVIEW_ACTION) needs; InvalidInput for an
    action no form has."""
    if action == REVIEW_ACTION:
        return frozenset({Permission.AWARE_REQUEST})
    permissions = aware.permissions_to(_state(action))
    if not permissions:
        raise InvalidInput("state", "unknown")
    return permissions


def _review_refusal(state: State) -> str | None:
    if state in CONNECTED:
        return None
    return "beeindigd" if state is State.BEEINDIGD else aware.FIRST[State.AANGESLOTEN]


def _refusal(traject: StoredTraject, action: str) -> str | None:
    """Why the traject does not allow the action now (a code of aware.REFUSALS), or None."""
    state = State(traject.state)
    if action == REVIEW_ACTION:
        return _review_refusal(state)
    refusal = aware.next_step(state, State(action))
    return refusal.code if refusal else None


class AwareService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- changes ---------------------------------------------------------------------------
    @requires(aware.START_PERMISSION)
    def start(self, case_id: int, reason: str, text: str, person_ids: list[int]) -> int:
        """A new traject in concept, with the direct betrokkenen picked from the case and the
        latest screening of the case attached."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        written = description(text or "")
        if written.error:
            raise InvalidInput("reason_text", written.error)
        problem = aware.choice_problem(aware.REASONS, reason, written.value)
        if problem:
            raise InvalidInput("reason" if problem == "unknown_choice" else "reason_text",
                               "required" if problem == "unknown_choice" else problem)
        if not person_ids:
            raise InvalidInput("persons", "required")
        user = self.session.user
        with self.session.db.transaction() as conn:
            people = {r.id for r in persons.case_persons(conn, case_id)}
            if not people:
                raise InvalidInput("case", "unknown")
            if not set(person_ids) <= people:
                raise InvalidInput("persons", "not_in_case")
            refuse_restricted(conn, person_ids, "persons")  # AVG art. 18; Mensenhandel 27.2
            latest = screenings.latest(conn, case_id)
            traject_id = trajects.insert(conn, case_id, reason, written.value,
                                         latest.id if latest else None, list(person_ids),
                                         user.id)
            step_id = trajects.add_step(conn, traject_id, STEP, State.CONCEPT.value, {},
                                        user.id)
            audit.append(conn, AuditAction.CHANGE.value, user.id, "aware_traject",
                         str(traject_id), detail={"case": case_id, "state": "concept",
                                                  "step": step_id,
                                                  "persons": sorted(set(person_ids))})
        return traject_id

    @requires(Permission.AWARE_REQUEST)
    def step(self, traject_id: int, target: State | str, data: dict | None = None) -> int:
        """Take the traject to `target`. Refusals: InvalidInput("state", code of
        aware.REFUSALS), PermissionDenied for a step this role may not take,
        InvalidInput("needs", code of aware.NEEDS) or (field, problem) for its data."""
        ensure_access(self.session, "traject", traject_id)
        target = _state(target)
        if target is not State.BEEINDIGD:  # ending a connection stays possible (an alarm)
            ensure_traject_open(self.session.db.conn, traject_id)  # closed: read-only
        data = data or {}
        user = self.session.user
        with self.session.db.transaction() as conn:
            traject = self._existing(conn, traject_id)
            refusal = aware.next_step(State(traject.state), target)
            if refusal is not None:
                raise InvalidInput("state", refusal.code)
            self.session.require(aware.step_for(State(traject.state), target).permission)
            facts = aware_steps.facts(traject)
            clean = aware_steps.CHECKS[target](data, self.today(), facts,
                                               self._context(conn, traject, target))
            step_id = trajects.add_step(conn, traject_id, STEP, target.value, clean, user.id)
            drafts.discard_on_commit(self.session, conn, trajects.draft_kind(traject_id, target.value))
            audit.append(conn, AuditAction.CHANGE.value, user.id, "aware_traject",
                         str(traject_id), detail={"case": traject.case_id,
                                                  "state": target.value, "step": step_id})
        return step_id

    @requires(Permission.AWARE_REQUEST)
    def review(self, traject_id: int, data: dict) -> int:
        """A review (evaluatie) of a running connection: contact with the client, incidents
        since, still needed. Not before the connection, not in the future."""
        ensure_may_change(self.session, "traject", traject_id)  # closed: read-only
        user = self.session.user
        with self.session.db.transaction() as conn:
            traject = self._existing(conn, traject_id)
            state = State(traject.state)
            refusal = _review_refusal(state)
            if refusal is not None:
                raise InvalidInput("state", refusal)
            clean = aware_steps.review(data, self.today(), aware_steps.facts(traject), {})
            step_id = trajects.add_step(conn, traject_id, REVIEW, state.value, clean, user.id)
            drafts.discard_on_commit(self.session, conn,
                                     trajects.draft_kind(traject_id, REVIEW_ACTION))
            audit.append(conn, AuditAction.CHANGE.value, user.id, "aware_traject",
                         str(traject_id), detail={"case": traject.case_id,
                                                  "review": step_id})
        return step_id

    def _context(self, conn, traject: StoredTraject, target: State) -> dict:
        if target is State.INFORMATIE_ONTVANGEN:
            asked = next(s for s in reversed(traject.steps)
                         if s.state == State.INFORMATIE_GEVRAAGD.value)
            return {"receipts": trajects.police_receipts(conn, traject.case_id,
                                                         asked.created_at[:10])}
        if target is State.ADVIES_OPGESTELD:
            latest = screenings.latest(conn, traject.case_id)
            people = persons.case_persons(conn, traject.case_id)
            return {"screening_id": latest.id if latest else None,
                    "with_children": any(p.data.category is Category.CHILD for p in people)}
        return {}

    # -- drafts of a step ------------------------------------------------------------------
    # Each needs AWARE_REQUEST (as step() and review()) and then what the action itself needs.
    def _require_action(self, action: str) -> None:
        for permission in sorted(_action_permissions(action)):
            self.session.require(permission)

    @requires(Permission.AWARE_REQUEST)
    def save_step_draft(self, traject_id: int, action: str, payload: dict) -> None:
        """Keep what she typed in an action's form (plain JSON-able data the UI makes and
        reads). InvalidInput("state", code) when the traject no longer allows the action."""
        ensure_access(self.session, "traject", traject_id)
        self._require_action(action)
        drafts.check_draft(payload)
        refusal = _refusal(self._existing(self.session.db.conn, traject_id), action)
        if refusal is not None:
            raise InvalidInput("state", refusal)
        drafts.keep(self.session, trajects.draft_kind(traject_id, action), payload)

    @requires(Permission.AWARE_REQUEST)
    def step_draft(self, traject_id: int, action: str) -> StepDraft | None:
        """Her kept draft of the action's form; None when there is none, or when the traject
        no longer allows the action (that draft is removed)."""
        ensure_access(self.session, "traject", traject_id)
        self._require_action(action)
        traject = self._existing(self.session.db.conn, traject_id)
        draft = trajects.step_drafts(self.session.draft_db.conn, self.session.user.id,
                                     traject_id).get(action)
        if draft is not None and _refusal(traject, action) is not None:
            drafts.discard(self.session, trajects.draft_kind(traject_id, action))
            return None
        return draft

    @requires(Permission.AWARE_REQUEST)
    def discard_step_draft(self, traject_id: int, action: str) -> None:
        ensure_access(self.session, "traject", traject_id)
        self._require_action(action)
        drafts.discard(self.session, trajects.draft_kind(traject_id, action))

    @requires(Permission.VIEW_AWARE)
    def step_drafts(self, traject_id: int) -> dict[str, StepDraft]:
        """Her drafts of the traject's steps that she may record now, by action. A draft for
        an action that the traject's state (or her role) no longer allows is removed."""
        ensure_access(self.session, "traject", traject_id)
        traject = self._existing(self.session.db.conn, traject_id)
        allowed = self._actions(traject)
        found = trajects.step_drafts(self.session.draft_db.conn, self.session.user.id, traject_id)
        for action in sorted(set(found) - set(allowed)):
            drafts.discard(self.session, trajects.draft_kind(traject_id, action))
        return {action: draft for action, draft in found.items() if action in allowed}

    # -- reading ---------------------------------------------------------------------------
    @requires(Permission.VIEW_AWARE)
    def traject(self, traject_id: int) -> TrajectView:
        ensure_access(self.session, "traject", traject_id)
        conn = self.session.db.conn
        view = self._view(conn, self._existing(conn, traject_id))
        self.session.audit(AuditAction.VIEW, "aware_traject", str(traject_id))
        return view

    @requires(Permission.VIEW_AWARE)
    def for_case(self, case_id: int) -> list[TrajectView]:
        ensure_access(self.session, "case", case_id)
        conn = self.session.db.conn
        views = [self._view(conn, t) for t in trajects.for_case(conn, case_id)]
        self.session.audit(AuditAction.VIEW, "case_aware", str(case_id),
                           detail={"trajects": [v.id for v in views]})
        return views

    @requires(Permission.VIEW_AWARE)
    def overview(self, state: State | str | None = None, unit: str | None = None,
                 overdue_only: bool = False) -> list[OverviewRow]:
        """Every traject, what needs attention first: overdue, then awaited answers, then by
        next review or end date."""
        wanted = _state(state) if state else None
        conn = self.session.db.conn
        names = may(self.session.user.role, Permission.VIEW_PERSONS)
        rows = []
        # The trajects of cases this user may read (issue 22; Blijf 6.1).
        for traject in readable(self.session, trajects.every(conn)):
            view = self._view(conn, traject, with_names=False)
            if wanted is not None and view.state is not wanted:
                continue
            if unit and view.facts.unit != unit:
                continue
            if overdue_only and not view.overdue:
                continue
            rows.append(OverviewRow(
                traject.id, traject.case_id, self._client_name(conn, traject) if names else None,
                view.state, view.facts.unit, view.next_review,
                view.facts.end_date if view.state in CONNECTED else None,
                view.awaiting_police, view.facts.answer_by if view.awaiting_police else None,
                view.review_overdue, view.answer_overdue, view.end_passed))
        rows.sort(key=lambda r: (not r.overdue, not r.awaiting_police,
                                 r.next_review or r.end_date or date.max, -r.traject_id))
        used = [n for n, v in (("state", wanted), ("unit", unit), ("overdue", overdue_only)) if v]
        self.session.audit(AuditAction.VIEW, "aware_overview",
                           detail={"rows": len(rows), "filters": used})
        return rows

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _existing(conn, traject_id: int) -> StoredTraject:
        traject = trajects.get(conn, traject_id)
        if traject is None:
            raise InvalidInput("traject", "unknown")
        return traject

    @staticmethod
    def _client_name(conn, traject: StoredTraject) -> str:
        people = persons.case_persons(conn, traject.case_id)
        client = next((p for p in people if p.data.category is Category.CLIENT), None)
        return client.data.full_name() if client else ""

    def _view(self, conn, traject: StoredTraject, with_names: bool = True) -> TrajectView:
        today = self.today()
        state = State(traject.state)
        facts = aware_steps.facts(traject)
        running = state in CONNECTED and facts.connected_on is not None
        next_review = (aware.review_due(facts.connected_on, facts.last_review, today)
                       if running else None)
        review_overdue = running and aware.is_overdue(facts.connected_on, facts.last_review,
                                                      today)
        answer_overdue = (state is State.INFORMATIE_GEVRAAGD and facts.answer_by is not None
                          and facts.answer_by < today)
        end_passed = running and facts.end_date is not None and facts.end_date < today
        role = self.session.user.role
        actions = self._actions(traject, facts)
        names = {}
        if with_names and may(role, Permission.VIEW_PERSONS):
            names = {p.id: p.data.full_name() for p in persons.case_persons(conn, traject.case_id)
                     if p.id in traject.person_ids}
        return TrajectView(traject, state, facts, next_review, review_overdue, answer_overdue,
                           end_passed, actions, names)

    def _actions(self, traject: StoredTraject, facts: Facts | None = None) -> tuple[str, ...]:
        """What this user may do with the traject now: target states and REVIEW_ACTION."""
        state = State(traject.state)
        facts = facts or aware_steps.facts(traject)
        role = self.session.user.role
        actions = [t.value for t in sorted(aware.allowed_targets(state), key=list(State).index)
                   if may(role, aware.step_for(state, t).permission)]
        running = state in CONNECTED and facts.connected_on is not None
        if running and may(role, Permission.AWARE_REQUEST):
            actions.insert(0, REVIEW_ACTION)
        return tuple(actions)
