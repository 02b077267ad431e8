"""Intake: record a client and the people around her, find anyone, never lose what was typed.

Validation rules live in domain/; this layer re-checks what the covenant allows (the UI is not
trusted), owns the transactions and writes the audit trail: every view of a person's details,
every change, every reveal of a secret address."""

from dataclasses import dataclass, replace
from datetime import date

from blijf_desktop.domain import listing
from blijf_desktop.domain.edit_conflict import FieldDifference, differences
from blijf_desktop.domain import search as search_rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS,
    THREAT_SUBJECTS,
    Category,
    PersonData,
    ThreatEntry,
)
from blijf_desktop.domain.limits import MAX_PEOPLE_PER_CASE
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.secret_history import SECRET_FIELDS, mask_history
from blijf_desktop.domain.validation import check_person_data, check_threat_entry
from blijf_desktop.services.case_closing import ensure_open
from blijf_desktop.services.case_gate import ensure_access, ensure_case_access, own_teams, shown_hits
from blijf_desktop.services.consent import open_correction
from blijf_desktop.services import drafts, save_once
from blijf_desktop.services.errors import ConcurrentEdit, InvalidInput
from blijf_desktop.services.listing_trace import check_volume, record_listing
from blijf_desktop.services.restriction import refuse_restricted, restricted_among
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, persons, retention, teams
from blijf_desktop.domain.search import SearchHit
from blijf_desktop.domain.people import HistoryRow, ThreatRecord
from blijf_desktop.storage.persons import PersonRecord

DRAFT_KIND = "intake"
PAGE_SIZE = 50
_SECRET_FIELDS = SECRET_FIELDS


@dataclass(frozen=True)
class PersonView:
    """A person as shown: a secret address is masked until revealed (and audited)."""

    id: int
    case_id: int
    data: PersonData
    address_masked: bool
    restricted: bool = False  # "Verwerking beperkt": read-only (AVG art. 18; Mensenhandel 27.2)
    version: int = 1  # what an edit hands back to update_person (optimistic versions)


@dataclass(frozen=True)
class CaseView:
    case_id: int
    people: list[PersonView]
    threats: list[ThreatRecord]
    closed_on: date | None = None  # a closed case is read-only until reopened (issue 20)
    version: int = 1  # bumped by closing, reopening and the chain file's date

    @property
    def client(self) -> PersonView:
        return next(p for p in self.people if p.data.category is Category.CLIENT)


@dataclass(frozen=True)
class StoredComparison:
    """After ConcurrentEdit: the person as stored now (masked as person() shows her) and
    where her form differs from it (a secret address masked)."""

    person: PersonView
    fields: list[FieldDifference]


def _masked(record: PersonRecord, restricted: set[int] | frozenset[int] = frozenset()
            ) -> PersonView:
    if not record.data.address_secret:
        return PersonView(record.id, record.case_id, record.data, False,
                          record.id in restricted, record.version)
    hidden = replace(record.data, **{name: "" for name in _SECRET_FIELDS})
    return PersonView(record.id, record.case_id, hidden, True, record.id in restricted,
                      record.version)


def apply_person_update(conn, user_id: int, person_id: int, current: PersonRecord,
                        new: PersonData, address_seen: bool, version: int | None = None
                        ) -> tuple[list[str], int | None]:
    """Inside the caller's transaction: the change, its history rows, its audit row and the
    task to tell recipients (its id, or None). Shared by update_person and a granted
    rectification request (services/rights.py). With `version` (the one the editor read),
    a save by someone else since is refused: ConcurrentEdit, nothing written."""
    if new.category is not current.data.category:
        raise InvalidInput("category", "fixed")
    if current.data.address_secret and not address_seen:
        new = replace(new, **{f: getattr(new, f) or getattr(current.data, f)
                              for f in _SECRET_FIELDS})
    try:
        changed = persons.update_person(conn, person_id, new, user_id, version)
    except persons.StaleVersion:
        # Not audited: nothing was written or shown (what is stored now is shown, and
        # audited, only when she asks: compare_with_stored).
        raise ConcurrentEdit("person", person_id,
                             current.version if version is None else version) from None
    task_id = None
    if changed:
        audit.append(conn, AuditAction.CHANGE.value, user_id, "person", str(person_id),
                     detail={"fields": changed})
        # Blijf 6.4, AVG art. 19: whoever received the old value is told.
        task_id = open_correction(conn, user_id, person_id, changed)
    return changed, task_id


def _refuse_first(problems: dict[str, str]) -> None:
    if problems:
        field, problem = next(iter(problems.items()))
        raise InvalidInput(field, problem)


def _check_person(person: PersonData, today: date) -> None:
    """What the covenant allows, then every value's own check: a value with a control
    character, NUL or a direction override is refused, never stored or trimmed here."""
    wrong = person.disallowed_fields()
    if wrong:
        raise InvalidInput(wrong[0], "not_allowed")
    _refuse_first(check_person_data(person, today))
    if not (person.first_names or person.last_name):
        raise InvalidInput("last_name", "name_required")


def _check_threat(entry: ThreatEntry, today: date) -> None:
    _refuse_first(check_threat_entry(entry, today))


def _check_threat_subject(category: Category) -> None:
    """Covenant art. 4: threat information is about the client, a child or a location."""
    if category not in THREAT_SUBJECTS:
        raise InvalidInput("about", "threat_subject")


def _existing_case(conn, case_id: int) -> dict[int, Category]:
    """The people in a case (id -> category); a case that does not exist is refused."""
    people = {record.id: record.data.category for record in persons.case_persons(conn, case_id)}
    if not people:
        raise InvalidInput("case", "unknown")
    return people


class IntakeService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- recording -------------------------------------------------------------------
    @requires(Permission.EDIT_PERSONS)
    def save_intake(self, client: PersonData, others: list[PersonData],
                    threats: list[tuple[int | None, ThreatEntry]] = (),
                    team_id: int | None = None) -> int:
        """Store a whole intake in one transaction; return the case id. A threat entry may
        point at the client (None) or at the i-th person in `others` (its index). The case
        belongs to `team_id`, one of the user's teams; None when she has only one."""
        team_id = self._intake_team(team_id)
        if client.category is not Category.CLIENT:
            raise InvalidInput("category", "client_required")
        if 1 + len(others) > MAX_PEOPLE_PER_CASE:
            raise InvalidInput("people", "too_many")
        for person in (client, *others):
            _check_person(person, self.today())
            if person is not client and person.category is Category.CLIENT:
                raise InvalidInput("category", "one_client")
        for index, entry in threats:
            if index is not None and not (isinstance(index, int) and 0 <= index < len(others)):
                raise InvalidInput("person", "unknown")  # a negative index would pick another
            if index is not None:
                _check_threat_subject(others[index].category)
            _check_threat(entry, self.today())
        once = save_once.begin(self.session, DRAFT_KIND, (client, others, threats, team_id))
        if once is not None and once.earlier is not None:  # an earlier send had arrived
            save_once.done(self.session, once, DRAFT_KIND)
            return once.earlier
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            case_id = persons.create_case(conn, user_id, team_id, once and once.token)
            client_id = persons.insert_person(conn, case_id, client, user_id)
            other_ids = [persons.insert_person(conn, case_id, p, user_id) for p in others]
            for index, entry in threats:
                about = client_id if index is None else other_ids[index]
                persons.insert_threat(conn, case_id, replace(entry, about_person_id=about), user_id)
            audit.append(conn, AuditAction.CHANGE.value, user_id, "case", str(case_id),
                         detail={"created": True, "persons": 1 + len(others), "team": team_id})
            drafts.discard_on_commit(self.session, conn, DRAFT_KIND)
            save_once.discard_on_commit(self.session, conn, once)
        return case_id

    def _intake_team(self, team_id: int | None) -> int:
        """The team of a new case: the one chosen, which must be hers (Blijf 6.1)."""
        mine = own_teams(self.session)
        if team_id is None:
            if len(mine) != 1:
                raise InvalidInput("team", "required" if mine else "none")
            return next(iter(mine))
        if team_id not in mine:
            raise InvalidInput("team", "unknown")
        return team_id

    @requires(Permission.EDIT_PERSONS)
    def intake_teams(self) -> list[tuple[int, str]]:
        """The teams a new case may belong to: the user's own (id, name), by name."""
        mine = own_teams(self.session)
        return [(t.id, t.name) for t in teams.all_teams(self.session.db.conn)
                if t.id in mine]

    @requires(Permission.EDIT_PERSONS)
    def add_person(self, case_id: int, person: PersonData) -> int:
        ensure_case_access(self.session, case_id)
        _check_person(person, self.today())
        if person.category is Category.CLIENT:
            raise InvalidInput("category", "one_client")
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            ensure_open(conn, case_id)
            if len(_existing_case(conn, case_id)) >= MAX_PEOPLE_PER_CASE:
                raise InvalidInput("people", "too_many")
            person_id = persons.insert_person(conn, case_id, person, user_id)
            audit.append(conn, AuditAction.CHANGE.value, user_id, "person", str(person_id),
                         detail={"created": True, "case": case_id})
        return person_id

    @requires(Permission.EDIT_PERSONS)
    def update_person(self, person_id: int, new: PersonData, address_seen: bool = False,
                      version: int | None = None) -> list[str]:
        """Change a person; old values go to the rectification trail. A secret address that
        the caller did not reveal (reveal_address) and show is never changed unseen: each
        masked field left empty keeps its stored value, a filled one is what the user typed.
        With address_seen, the fields are taken as given (an emptied street is emptied).
        An editor passes the `version` of the PersonView she began from: when someone else
        saved the person since, ConcurrentEdit is raised and nothing is written."""
        ensure_access(self.session, "person", person_id)
        _check_person(new, self.today())
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            current = self._existing(conn, person_id)
            ensure_open(conn, current.case_id)
            refuse_restricted(conn, [person_id])  # read-only: RequestService rectifies her
            return apply_person_update(conn, user_id, person_id, current, new, address_seen,
                                       version)[0]

    @requires(Permission.EDIT_PERSONS)
    def add_threat(self, case_id: int, entry: ThreatEntry) -> int:
        ensure_case_access(self.session, case_id)
        _check_threat(entry, self.today())
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            people = _existing_case(conn, case_id)
            ensure_open(conn, case_id)
            if entry.about_person_id is not None:
                if entry.about_person_id not in people:
                    raise InvalidInput("person", "unknown")
                _check_threat_subject(people[entry.about_person_id])
                refuse_restricted(conn, [entry.about_person_id])
            threat_id = persons.insert_threat(conn, case_id, entry, user_id)
            audit.append(conn, AuditAction.CHANGE.value, user_id, "threat", str(threat_id),
                         detail={"case": case_id})
        return threat_id

    # -- reading ---------------------------------------------------------------------
    @requires(Permission.VIEW_PERSONS)
    def search(self, text: str, offset: int = 0, limit: int = PAGE_SIZE) -> list[SearchHit]:
        """Search names, birth dates, places and phone numbers. The query text is personal
        data and is not written to the audit trail; the persons on the page are, by id
        (services/listing_trace.py: a narrowing search a moment later adds no row)."""
        query = search_rules.build(text)
        if query is None:
            return []
        hits = shown_hits(self.session, persons.find(self.session.db.conn, query, limit, offset))
        record_listing(self.session, listing.SEARCH, [h.person_id for h in hits], offset)
        return hits

    @requires(Permission.VIEW_PERSONS)
    def recent_clients(self, offset: int = 0, limit: int = PAGE_SIZE) -> list[SearchHit]:
        """Clients of the user's own teams, newest first: the list shown before anything is
        typed; its persons are recorded by id like a search page."""
        hits = persons.recent_clients(self.session.db.conn, limit, offset,
                                      own_teams(self.session))
        record_listing(self.session, listing.CLIENT_LIST, [h.person_id for h in hits], offset)
        return hits

    @requires(Permission.VIEW_PERSONS)
    def find(self, text: str, offset: int = 0, limit: int = PAGE_SIZE) -> list[SearchHit]:
        """What the client list shows: search results, or the newest clients when empty."""
        if not text.strip():
            return self.recent_clients(offset, limit)
        return self.search(text, offset, limit)

    @requires(Permission.VIEW_PERSONS)
    def person(self, person_id: int) -> PersonView:
        ensure_access(self.session, "person", person_id)
        conn = self.session.db.conn
        record = self._existing(conn, person_id)
        self.session.audit(AuditAction.VIEW, "person", str(person_id))
        check_volume(self.session)
        return _masked(record, restricted_among(conn, [person_id]))

    @requires(Permission.VIEW_PERSONS)
    def case(self, case_id: int) -> CaseView:
        ensure_case_access(self.session, case_id)
        conn = self.session.db.conn
        people = persons.case_persons(conn, case_id)
        if not people:
            raise InvalidInput("case", "unknown")
        self.session.audit(AuditAction.VIEW, "case", str(case_id))
        check_volume(self.session)
        restricted = restricted_among(conn, [r.id for r in people])
        closure = retention.closure(conn, case_id)
        return CaseView(case_id, [_masked(r, restricted) for r in people],
                        persons.case_threats(conn, case_id),
                        closure.closed_on if closure else None,
                        persons.case_version(conn, case_id) or 1)

    @requires(Permission.VIEW_PERSONS)
    def compare_with_stored(self, person_id: int, started: PersonData, mine: PersonData
                            ) -> StoredComparison:
        """After ConcurrentEdit: the person as stored now (with the version to save against)
        and, field by field, where her form (`mine`, begun from `started`) differs from it.
        Audited as a view; when a secret address was compared, like a reveal (toon_adres):
        whether two addresses differ tells something of the stored one."""
        ensure_access(self.session, "person", person_id)
        if not (isinstance(started, PersonData) and isinstance(mine, PersonData)):
            raise InvalidInput("person", "invalid")
        conn = self.session.db.conn
        record = self._existing(conn, person_id)
        if record.data.address_secret:
            self.session.audit(AuditAction.VIEW, "person", str(person_id), reason="toon_adres",
                               detail={"fields": list(_SECRET_FIELDS), "conflict": True})
        else:
            self.session.audit(AuditAction.VIEW, "person", str(person_id),
                               detail={"conflict": True})
        check_volume(self.session)
        return StoredComparison(_masked(record, restricted_among(conn, [person_id])),
                                differences(started, mine, record.data))

    @requires(Permission.VIEW_PERSONS)
    def reveal_address(self, person_id: int) -> PersonData:
        """The full address of a person, also when it is secret. Always audited."""
        ensure_access(self.session, "person", person_id)
        record = self._existing(self.session.db.conn, person_id)
        self.session.audit(AuditAction.VIEW, "person", str(person_id), reason="toon_adres",
                           detail={"fields": list(ADDRESS_FIELDS)})
        return record.data

    @requires(Permission.VIEW_PERSONS)
    def history(self, person_id: int) -> list[HistoryRow]:
        """The rectification trail, newest first. Every address value that was stored while
        the address was secret is masked (row.masked), also after the address became public."""
        ensure_access(self.session, "person", person_id)
        conn = self.session.db.conn
        record = self._existing(conn, person_id)
        self.session.audit(AuditAction.VIEW, "person_history", str(person_id))
        return mask_history(persons.history(conn, person_id), record.data.address_secret)

    @requires(Permission.VIEW_PERSONS)
    def reveal_history(self, person_id: int) -> list[HistoryRow]:
        """The trail with secret address values shown: "Toon adres" in the history, audited
        like reveal_address (reason toon_adres)."""
        ensure_access(self.session, "person", person_id)
        conn = self.session.db.conn
        self._existing(conn, person_id)
        self.session.audit(AuditAction.VIEW, "person_history", str(person_id),
                           reason="toon_adres", detail={"fields": list(SECRET_FIELDS)})
        return persons.history(conn, person_id)

    # -- drafts ----------------------------------------------------------------------
    @requires(Permission.EDIT_PERSONS)
    def save_draft(self, payload: dict) -> None:
        drafts.keep(self.session, DRAFT_KIND, payload)

    @requires(Permission.EDIT_PERSONS)
    def load_draft(self) -> dict | None:
        return drafts.load(self.session, DRAFT_KIND)

    @requires(Permission.EDIT_PERSONS)
    def discard_draft(self) -> None:
        drafts.discard(self.session, DRAFT_KIND)
        save_once.discard(self.session, DRAFT_KIND)

    def _existing(self, conn, person_id: int) -> PersonRecord:
        record = persons.get_person(conn, person_id)
        if record is None:
            raise InvalidInput("person", "unknown")
        return record
