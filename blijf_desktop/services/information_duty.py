"""The informatieplicht (Blijf 10.2; Mensenhandel 23): record per person that she was told,
when and how, or the exception relied on with its reason; list everyone still waiting.

Recording is EDIT_PERSONS (hulpverlener and teamleider: the caseworker who knows whether
telling a pleger endangers the client records it); the overview and a person's status are
VIEW_PERSONS. The rules are in domain/information_duty.py; every record and every view of
the overview writes an audit row with ids and codes only (never the reason)."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain import information_duty as duty
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.information_duty import DutyRecord, Outcome
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.case_gate import ensure_access, readable
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, persons
from blijf_desktop.storage import information_duty as store

OVERVIEW_LIMIT = 1000  # the longest waiting first; a count beyond it says there are more
_CATEGORIES = (Category.CHILD, Category.DERDE, Category.PLEGER)


@dataclass(frozen=True)
class DutyStatus:
    """A person's state as the person's record shows it."""

    person_id: int
    category: Category
    applies: bool  # the duty applies to this person at all
    recorded_on: date
    due_on: date
    current: DutyRecord | None  # the newest outcome
    history: tuple[DutyRecord, ...]


@dataclass(frozen=True)
class Waiting:
    """One row of the overview."""

    person_id: int
    case_id: int
    category: Category
    name: str
    recorded_on: date
    days_waiting: int
    overdue: bool  # past the four weeks of Mensenhandel 23.1


def _first(problems: dict[str, str]) -> None:
    if problems:
        field, code = next(iter(problems.items()))
        raise InvalidInput(field, code)


class InformationDutyService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- recording -------------------------------------------------------------------
    @requires(Permission.EDIT_PERSONS)
    def record_informed(self, person_id: int, informed_on: date | None, how: str) -> int:
        """She was told that Blijf Groep holds her data: on which day, how. Not in the future,
        not before she was recorded."""
        ensure_access(self.session, "person", person_id)
        with self.session.db.transaction() as conn:
            recorded_on = self._applies(conn, person_id)
            _first(duty.informed_problems(informed_on, how, recorded_on, self.today()))
            record_id = store.insert(conn, person_id, Outcome.INFORMED, self.session.user.id,
                                     informed_on=informed_on, how=how)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id,
                         "information_duty", str(record_id),
                         detail={"person": person_id, "outcome": Outcome.INFORMED.value,
                                 "how": how})
        return record_id

    @requires(Permission.EDIT_PERSONS)
    def record_exception(self, person_id: int, exception: str, reason: str) -> int:
        """She is not (yet) told: the exception relied on, and why it applies to her."""
        ensure_access(self.session, "person", person_id)
        checked = description(reason or "", duty.MAX_REASON)
        if checked.error:
            raise InvalidInput("reason", checked.error)
        with self.session.db.transaction() as conn:
            self._applies(conn, person_id)
            _first(duty.exception_problems(exception, checked.value or ""))
            record_id = store.insert(conn, person_id, Outcome.EXCEPTION, self.session.user.id,
                                     exception=exception, reason=checked.value)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id,
                         "information_duty", str(record_id),
                         detail={"person": person_id, "outcome": Outcome.EXCEPTION.value,
                                 "exception": exception})
        return record_id

    # -- reading ---------------------------------------------------------------------
    @requires(Permission.VIEW_PERSONS)
    def status(self, person_id: int) -> DutyStatus:
        ensure_access(self.session, "person", person_id)
        conn = self.session.db.conn
        record = persons.get_person(conn, person_id)
        if record is None:
            raise InvalidInput("person", "unknown")
        recorded_on = store.local_day(store.recorded_at(conn, person_id))
        history = tuple(store.history(conn, person_id))
        self.session.audit(AuditAction.VIEW, "information_duty_status", str(person_id))
        return DutyStatus(person_id, record.data.category,
                          duty.needs_information(record.data.category, record.data.birth_date,
                                                 recorded_on),
                          recorded_on, duty.due_on(recorded_on),
                          history[0] if history else None, history)

    @requires(Permission.VIEW_PERSONS)
    def overview(self) -> list[Waiting]:
        """Everyone the duty applies to who is neither informed nor excepted, longest waiting
        first (at most OVERVIEW_LIMIT)."""
        today = self.today()
        rows = store.without_outcome(self.session.db.conn, tuple(int(c) for c in _CATEGORIES),
                                     int(Category.CHILD), duty.CHILD_OWN_RIGHTS_AGE,
                                     OVERVIEW_LIMIT)
        found = []
        for row in readable(self.session, rows):  # own teams' cases (issue 22; Blijf 6.1)
            recorded_on = store.local_day(row.recorded_at)
            category = Category(row.category)
            if not duty.needs_information(category, row.birth_date, recorded_on):
                continue
            found.append(Waiting(row.person_id, row.case_id, category, row.name, recorded_on,
                                 (today - recorded_on).days, duty.overdue(recorded_on, today)))
        self.session.audit(AuditAction.VIEW, "information_duty_overview",
                           detail={"rows": len(found),
                                   "overdue": sum(1 for w in found if w.overdue)})
        return found

    def _applies(self, conn, person_id: int) -> date:
        """The day the person was recorded; refused when the duty does not apply to her."""
        record = persons.get_person(conn, person_id)
        if record is None:
            raise InvalidInput("person", "unknown")
        recorded_on = store.local_day(store.recorded_at(conn, person_id))
        if not duty.needs_information(record.data.category, record.data.birth_date,
                                      recorded_on):
            raise InvalidInput("person", "no_information_duty")
        return recorded_on
