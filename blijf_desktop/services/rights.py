"""Requests of the people recorded (issue 20): register one, consult the police or the chain
partners (Blijf 11.5), extend the term (AVG art. 12(3)), decide with reasons (Mensenhandel
25.5, 26.4), carry the decision out (26.3) and record the answer. Deadlines and checks are in
domain/rights.py; this service owns the transactions and writes the audit trail (ids and
codes only) for every view and change. Steps are appended, never changed (migration 0013).

Carrying out: a rectification goes through the intake's own update (the history keeps it,
recipients get a correction task); a restriction, or a granted objection, makes the person
read-only and hides her from search, lists and new exchanges at once (services/restriction.py);
an erasure is proposed for destruction at once and carried out after a second user approves
it (services/retention.py). Each decision to correct, erase or restrict opens the task to tell
the recipients (AVG art. 19), when anything about the person ever went out."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from blijf_desktop.domain import listing, rights as rules
from blijf_desktop.domain import search as search_rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.destruction import Scope
from blijf_desktop.domain.follow_up import TaskKind
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.rights import Decision, Partner, ReceivedHow, RequestKind
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.search import SearchHit
from blijf_desktop.domain.validation import description, text
from blijf_desktop.reports.refusal_letter import RefusalLetter, build_refusal_letter
from blijf_desktop.services.errors import InvalidInput, enum_value
from blijf_desktop.services.intake import _check_person, apply_person_update
from blijf_desktop.services.listing_trace import record_listing
from blijf_desktop.services.case_gate import ensure_access, readable, shown_hits
from blijf_desktop.services.session import Session, requires
from blijf_desktop.services.retention import insert_proposal
from blijf_desktop.storage import audit, files, follow_up, persons, rights
from blijf_desktop.storage.rights import Restriction, StoredRequest, StoredStep

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PersonChoice:
    hit: SearchHit
    restricted: bool


@dataclass(frozen=True)
class RequestRow:
    request_id: int
    kind: RequestKind
    person_id: int
    case_id: int
    person_name: str
    category: Category
    received_on: date
    chain: bool
    status: rules.Status
    restricted: bool


@dataclass(frozen=True)
class RequestDetail:
    row: RequestRow
    request: StoredRequest
    steps: tuple[StoredStep, ...]
    coordination_missing: tuple[Partner, ...]
    restriction: Restriction | None


def ref(request_id: int) -> str:
    return f"V-{request_id:05d}"


def facts(request: StoredRequest, steps) -> rules.RequestFacts:
    found = {s.step: s for s in steps}
    decision = found.get("besluit")
    return rules.RequestFacts(
        RequestKind(request.kind), request.chain, request.received_on,
        found["verlenging"].months if "verlenging" in found else 0,
        Decision(decision.decision) if decision else None,
        decision.on_date if decision else None,
        found["uitgevoerd"].on_date if "uitgevoerd" in found else None,
        found["antwoord"].on_date if "antwoord" in found else None)


def _first(problems: dict[str, str]) -> None:
    if problems:
        field, problem = next(iter(problems.items()))
        raise InvalidInput(field, problem)


def _checked_text(raw: str, name: str, long: bool = True) -> str:
    checked = description(raw or "") if long else text(raw or "", 400)
    if checked.error:
        raise InvalidInput(name, checked.error)
    return checked.value or ""


class RequestService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- finding the person ---------------------------------------------------------------------
    @requires(Permission.HANDLE_REQUESTS)
    def find_person(self, text_typed: str) -> list[PersonChoice]:
        """Anyone recorded, restricted people included (marked): a request may be about
        her. The typed text is not audited; who was shown is, by id (services/listing_trace.py)."""
        query = search_rules.build(text_typed)
        if query is None:
            return []
        conn = self.session.db.conn
        hits = shown_hits(self.session, persons.find(conn, query, SEARCH_LIMIT,
                                                    hide_restricted=False))
        restricted = rights.restricted_among(conn, [h.person_id for h in hits])
        record_listing(self.session, listing.RIGHTS_SEARCH, [h.person_id for h in hits])
        return [PersonChoice(h, h.person_id in restricted) for h in hits]

    # -- the steps ------------------------------------------------------------------------------
    @requires(Permission.HANDLE_REQUESTS)
    def register(self, person_id: int, kind: RequestKind | str, received_on: date,
                 received_how: ReceivedHow | str, asked: str = "") -> int:
        """A request with the date it was received. Whether it is about chain data and whom to
        consult are read from the register now, and kept (domain/rights.py)."""
        ensure_access(self.session, "person", person_id)
        kind = enum_value(RequestKind, kind, "kind")
        _first(rules.received_problems(received_on, self.today()))
        how = enum_value(ReceivedHow, received_how, "received_how")
        asked = _checked_text(asked, "asked")
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            record = self._person(conn, person_id)
            chain = rights.has_chain_data(conn, record.case_id)
            involved = {Partner.KETEN.value} if chain else set()
            if rights.police_involved(conn, person_id):
                involved.add(Partner.POLITIE.value)
            request_id = rights.insert_request(conn, person_id, record.case_id, kind.value,
                                               received_on, how.value, chain, involved, asked,
                                               user_id)
            audit.append(conn, AuditAction.CHANGE.value, user_id, "rights_request",
                         str(request_id), detail={"step": "ontvangen", "kind": kind.value,
                                                  "person": person_id, "case": record.case_id,
                                                  "chain": chain, "involved": sorted(involved)})
        return request_id

    @requires(Permission.HANDLE_REQUESTS)
    def coordinate(self, request_id: int, partners, on: date, note: str = "") -> int:
        """Blijf 11.5: with whom (the police, the chain partners) and when it was coordinated."""
        ensure_access(self.session, "request", request_id)
        chosen = {enum_value(Partner, p, "partners") for p in (partners or ())}
        if not chosen:
            raise InvalidInput("partners", "required")
        note = _checked_text(note, "note")
        with self.session.db.transaction() as conn:
            request, steps = self._open_request(conn, request_id)
            _first(rules.step_date_problems("on", on, request.received_on, self.today()))
            return self._step(conn, request_id, "afstemming", on, partners=[p.value for p in chosen],
                              reasons=note)

    @requires(Permission.HANDLE_REQUESTS)
    def extend(self, request_id: int, months: int, reason: str,
               recorded_on: date | None = None) -> int:
        """AVG art. 12(3): at most two months more, recorded with its reason within the first
        month; refused after it, and for chain data."""
        ensure_access(self.session, "request", request_id)
        reason = _checked_text(reason, "reason")
        on = recorded_on or self.today()
        with self.session.db.transaction() as conn:
            request, steps = self._open_request(conn, request_id)
            _first(rules.extension_problems(facts(request, steps), on, months, reason,
                                            self.today()))
            return self._step(conn, request_id, "verlenging", on, months=months, reasons=reason)

    @requires(Permission.HANDLE_REQUESTS)
    def decide(self, request_id: int, decision: Decision | str, reasons: str = "",
               grounds=(), decided_on: date | None = None) -> int:
        """Granted, refused in part or in whole (grounds and reasons required for a refusal).
        Every party whose data is involved must have been consulted first (Blijf 11.5)."""
        ensure_access(self.session, "request", request_id)
        reasons = _checked_text(reasons, "reasons")
        grounds = tuple(dict.fromkeys(grounds or ()))
        _first(rules.decision_problems(decision, reasons, grounds))
        decision = Decision(decision)
        on = decided_on or self.today()
        with self.session.db.transaction() as conn:
            request, steps = self._open_request(conn, request_id)
            _first(rules.step_date_problems("decided_on", on, request.received_on, self.today()))
            if any(s.step == "besluit" for s in steps):
                raise InvalidInput("decision", "already_decided")
            if self._missing(request, steps):
                raise InvalidInput("coordination", "required")
            kind = RequestKind(request.kind)
            links = {}
            if rules.needs_carrying_out(kind, decision):
                links = self._carry_out_at_decision(conn, request, kind, on)
            step_id = self._step(conn, request_id, "besluit", on, decision=decision.value,
                                 grounds=list(grounds), reasons=reasons, links=links)
            if "restriction" in links:  # restricted with the decision: carried out at once
                self._step(conn, request_id, "uitgevoerd", on, links=links)
        return step_id

    @requires(Permission.HANDLE_REQUESTS)
    def carry_out_rectification(self, request_id: int, new: PersonData,
                                address_seen: bool = False) -> list[str]:
        """The granted correction, through the intake's update (the history keeps the old
        values; recipients of them get a correction task). Also for a restricted person."""
        ensure_access(self.session, "request", request_id)
        _check_person(new, self.today())
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            request, steps = self._open_request(conn, request_id, answered_ok=True)
            found = facts(request, steps)
            if found.kind is not RequestKind.RECTIFICATIE \
                    or not rules.needs_carrying_out(found.kind, found.decision):
                raise InvalidInput("decision", "not_granted")
            if found.carried_out_on is not None:
                raise InvalidInput("request", "carried_out")
            before = rights.last_history_id(conn)
            current = self._person(conn, request.person_id)
            changed, task_id = apply_person_update(conn, user_id, request.person_id, current,
                                                   new, address_seen)
            if not changed:
                raise InvalidInput("person", "unchanged")
            links = {"history": rights.history_ids_after(conn, request.person_id, before),
                     "task": task_id, "fields": changed}
            self._step(conn, request_id, "uitgevoerd", self.today(), links=links)
        return changed

    @requires(Permission.HANDLE_REQUESTS)
    def record_answer(self, request_id: int, answered_on: date, how: ReceivedHow | str) -> int:
        """When and how the person was answered; after the decision."""
        ensure_access(self.session, "request", request_id)
        how = enum_value(ReceivedHow, how, "how")
        with self.session.db.transaction() as conn:
            request, steps = self._open_request(conn, request_id)
            _first(rules.step_date_problems("answered_on", answered_on, request.received_on,
                                            self.today()))
            if not any(s.step == "besluit" for s in steps):
                raise InvalidInput("decision", "required")
            return self._step(conn, request_id, "antwoord", answered_on, how=how.value)

    @requires(Permission.HANDLE_REQUESTS)
    def lift_restriction(self, person_id: int, reason: str) -> None:
        """Processing may go on again: recorded with its reason (AVG art. 18(3): tell her first)."""
        ensure_access(self.session, "person", person_id)
        reason = _checked_text(reason, "lift_reason")
        if not reason:
            raise InvalidInput("lift_reason", "required")
        with self.session.db.transaction() as conn:
            self._person(conn, person_id)
            found = rights.active_restriction(conn, person_id)
            if found is None:
                raise InvalidInput("person", "not_restricted")
            rights.lift(conn, found.id, reason, self.session.user.id)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "restriction",
                         str(found.id), detail={"person": person_id, "lifted": True})

    # -- reading --------------------------------------------------------------------------------
    @requires(Permission.HANDLE_REQUESTS)
    def overview(self, open_only: bool = False) -> list[RequestRow]:
        """Every request with its deadline and where it stands; the most urgent first."""
        conn = self.session.db.conn
        found = readable(self.session, rights.all_requests(conn))  # issue 22; Blijf 6.1
        steps = rights.steps_of(conn, [r.id for r in found])
        rows = self._rows(conn, found, steps)
        if open_only:
            rows = [r for r in rows if r.status.urgency is not rules.Urgency.DONE]
        order = {rules.Urgency.PAST: 0, rules.Urgency.NEAR: 1, rules.Urgency.OPEN: 2,
                 rules.Urgency.DONE: 3}
        rows.sort(key=lambda r: (order[r.status.urgency], r.status.deadline or date.max,
                                 r.request_id))
        self.session.audit(AuditAction.VIEW, "rights_requests",
                           detail={"rows": len(rows), "open_only": bool(open_only)})
        return rows

    @requires(Permission.HANDLE_REQUESTS)
    def request(self, request_id: int) -> RequestDetail:
        ensure_access(self.session, "request", request_id)
        conn = self.session.db.conn
        found = rights.get_request(conn, request_id)
        if found is None:
            raise InvalidInput("request", "unknown")
        steps = rights.steps(conn, request_id)
        row = self._rows(conn, [found], {request_id: steps})[0]
        self.session.audit(AuditAction.VIEW, "rights_request", str(request_id))
        return RequestDetail(row, found, tuple(steps), tuple(self._missing(found, steps)),
                             rights.active_restriction(conn, found.person_id))

    @requires(Permission.HANDLE_REQUESTS)
    def refusal_letter(self, request_id: int) -> bytes:
        """The written refusal (in whole or in part) as a PDF, in memory. Audited as a print."""
        ensure_access(self.session, "request", request_id)
        pdf = self._refusal_pdf(request_id)
        self.session.audit(AuditAction.PRINT, "refusal_letter", str(request_id))
        return pdf

    @requires(Permission.HANDLE_REQUESTS)
    def save_refusal_letter(self, request_id: int, path: Path | str) -> None:
        """Written where the user chose, readable by her only; audited without the path."""
        ensure_access(self.session, "request", request_id)
        files.save_document(Path(path), self._refusal_pdf(request_id))
        self.session.audit(AuditAction.EXPORT, "refusal_letter", str(request_id))

    # -- helpers --------------------------------------------------------------------------------
    def _carry_out_at_decision(self, conn, request: StoredRequest, kind: RequestKind,
                               on: date) -> dict:
        person_id = request.person_id
        links: dict = {}
        if kind in (RequestKind.BEPERKING, RequestKind.BEZWAAR):
            active = rights.active_restriction(conn, person_id)
            links["restriction"] = active.id if active else rights.restrict(
                conn, person_id, request.id, kind.value, self.session.user.id)
            links["task"] = self._tell_recipients(conn, request, TaskKind.BEPERKING)
        elif kind is RequestKind.WISSING:
            links["task"] = self._tell_recipients(conn, request, TaskKind.WISSING)
            # Proposed for destruction at once; a second user approves it before anything is
            # erased (Bewaartermijnen). Erasing her takes this request with her.
            links["destruction"] = insert_proposal(
                conn, self.session.user.id, Scope.PERSON, request.case_id, "besluit_wissing",
                f"Verzoek V-{request.id:05d}", person_id=person_id, request_id=request.id)
        return links

    def _tell_recipients(self, conn, request: StoredRequest, kind: TaskKind) -> int | None:
        """AVG art. 19: a task naming every recipient of anything about the person."""
        kinds = rights.disclosed_kinds(conn, request.person_id)
        if not kinds:
            return None
        receivers = follow_up.receivers_of(conn, request.person_id, kinds)
        task_id = follow_up.open_task(conn, kind.value, request.case_id, self.session.user.id,
                                      receivers, person_id=request.person_id, kinds=kinds)
        audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "follow_up_task",
                     str(task_id), detail={"kind": kind.value, "case": request.case_id,
                                           "person": request.person_id, "request": request.id,
                                           "recipients": sorted({r for _e, r in receivers})})
        return task_id

    def _step(self, conn, request_id: int, step: str, on: date, **values) -> int:
        step_id = rights.insert_step(conn, request_id, step, on, self.session.user.id, **values)
        detail = {"step": step, "step_id": step_id}
        for name in ("partners", "months", "decision", "grounds", "how"):
            if values.get(name):
                detail[name] = values[name]
        detail.update({k: v for k, v in (values.get("links") or {}).items()
                       if k in ("restriction", "task", "history")})
        audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "rights_request",
                     str(request_id), detail=detail)
        return step_id

    @staticmethod
    def _missing(request: StoredRequest, steps) -> list[Partner]:
        coordinated = {p for s in steps if s.step == "afstemming" for p in s.partners}
        return rules.coordination_missing(set(request.involved), coordinated)

    @staticmethod
    def _open_request(conn, request_id: int, answered_ok: bool = False):
        request = rights.get_request(conn, request_id)
        if request is None:
            raise InvalidInput("request", "unknown")
        steps = rights.steps(conn, request_id)
        if not answered_ok and any(s.step == "antwoord" for s in steps):
            raise InvalidInput("request", "answered")
        return request, steps

    @staticmethod
    def _person(conn, person_id: int):
        record = persons.get_person(conn, person_id)
        if record is None:
            raise InvalidInput("person", "unknown")
        return record

    def _rows(self, conn, found: list[StoredRequest], steps: dict) -> list[RequestRow]:
        restricted = rights.restricted_among(conn, [r.person_id for r in found])
        rows = []
        for request in found:
            record = persons.get_person(conn, request.person_id)
            rows.append(RequestRow(
                request.id, RequestKind(request.kind), request.person_id, request.case_id,
                record.data.full_name() if record else "", record.data.category if record
                else Category.DERDE, request.received_on, request.chain,
                rules.status(facts(request, steps.get(request.id, [])), self.today()),
                request.person_id in restricted))
        return rows

    def _refusal_pdf(self, request_id: int) -> bytes:
        conn = self.session.db.conn
        request = rights.get_request(conn, request_id)
        if request is None:
            raise InvalidInput("request", "unknown")
        decided = next((s for s in rights.steps(conn, request_id) if s.step == "besluit"), None)
        if decided is None or Decision(decided.decision) not in rules.REFUSALS:
            raise InvalidInput("decision", "not_refused")
        own = self._person(conn, request.person_id).data  # the requester's own data, only
        address = () if own.address_secret else tuple(line for line in (
            " ".join(v for v in (own.street, own.house_number) if v),
            " ".join(v for v in (own.postcode, own.residence) if v)) if line)
        return build_refusal_letter(RefusalLetter(
            ref(request_id), self.today(), own.full_name(), address,
            RequestKind(request.kind), request.received_on, Decision(decided.decision),
            decided.grounds, decided.reasons, self.session.user.display_name))
