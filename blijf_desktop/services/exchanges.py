"""The exchange register (issue 17): what Blijf Groep received from and gave to the police,
one record per exchange (Blijf 6.2, 6.3). The rules are data in domain/ (police.py: what the
police may give per category; exchanges.py: what may go out per purpose). This service is
their guarantee, whatever a screen offers: police data never goes out (Blijf 5.2, 5.8), and
nothing outside `allowed_out` for the purpose either (5.6). Rows are never changed; a
correction is a new exchange naming the one it corrects. Every record, view and document
opening writes an audit row that names ids and codes only."""

import hashlib
from pathlib import Path
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from blijf_desktop.domain import listing
from blijf_desktop.domain import search as search_rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.exchanges import (
    COUNTERPARTIES,
    OUT_BASIS,
    Direction,
    Initiative,
    Purpose,
    allowed_out,
)
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS, BIRTH_FIELDS, CONTACT_FIELDS, NAME_FIELDS, THREAT_INFO, Category,
)
from blijf_desktop.domain.police import (
    POLICE_DERIVED_KINDS,
    UNITS,
    Channel,
    DangerFlag,
    PoliceInfoKind,
    PoliceReceipt,
    receipt_problems,
)
from blijf_desktop.domain.risk import AnswerValue
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description, text
from blijf_desktop.services.closed_case import ensure_may_change
from blijf_desktop.services.errors import InvalidInput, enum_value
from blijf_desktop.services.listing_trace import record_listing
from blijf_desktop.services.restriction import refuse_restricted
from blijf_desktop.services.case_gate import ensure_access, readable
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, exchanges, files, persons
from blijf_desktop.storage.exchanges import ExchangeRecord, NewExchange, NewItem

_KIND_ORDER = {k: i for i, k in enumerate(
    NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS + (THREAT_INFO,))}
SEARCH_LIMIT = 1000  # people a name filter may match
MAX_DOCUMENT = 50 * 1024 * 1024


@dataclass(frozen=True)
class PoliceItem:
    """One piece of police information about one person. `flags` only with the
    gevarenclassificatie of a pleger: a flag not given is recorded as onbekend."""

    person_id: int
    kind: PoliceInfoKind
    content: str = ""
    flags: Mapping[DangerFlag, AnswerValue] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonExchanges:
    """What the case view shows per person: ontvangen van / verstrekt aan."""

    received: list[ExchangeRecord]
    given: list[ExchangeRecord]



def _short_text(raw: str, name: str, required: bool = True) -> str:
    checked = text(raw or "", 400)
    if checked.error:
        raise InvalidInput(name, checked.error)
    if required and not checked.value:
        raise InvalidInput(name, "required")
    return checked.value


def _exchange_date(value: date | None, today: date, name: str) -> date:
    if not isinstance(value, date):
        raise InvalidInput(name, "required")
    if value > today:
        raise InvalidInput(name, "date_future")
    return value


class ExchangeService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- recording -------------------------------------------------------------------
    @requires(Permission.RECORD_POLICE_INFO)
    def record_incoming_police_info(self, case_id: int, unit: str, contact: str,
                                    received_on: date, oral_or_written: Channel | str,
                                    items: list[PoliceItem], *,
                                    purpose: Purpose | str = Purpose.AWARE_AANVRAAG,
                                    asked: Initiative | str = Initiative.GEVRAAGD,
                                    corrects: int | None = None) -> int:
        """One receipt from a police unit: one incoming exchange and its items. Each item is
        checked against Blijf 4.2 for its person's category (police.receipt_problems)."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        if not unit:
            raise InvalidInput("unit", "required")
        if unit not in UNITS:
            raise InvalidInput("unit", "unknown_unit")
        contact = _short_text(contact, "contact")
        received_on = _exchange_date(received_on, self.today(), "received_on")
        channel = enum_value(Channel, oral_or_written, "channel")
        purpose = enum_value(Purpose, purpose, "purpose")
        asked = enum_value(Initiative, asked, "initiative")
        if not items:
            raise InvalidInput("items", "required")
        basis = UNITS[unit].basis
        with self.session.db.transaction() as conn:
            people = self._case_people(conn, case_id)
            checked = [self._police_item(item, people, unit, channel, received_on, contact, basis)
                       for item in items]
            if len({(i.person_id, i.kind) for i in checked}) != len(checked):
                raise InvalidInput("items", "duplicate")
            self._check_correction(conn, corrects, case_id, Direction.IN)
            new = NewExchange(case_id, Direction.IN.value, unit, purpose.value, basis,
                              asked.value, channel.value, received_on, contact=contact,
                              police_info=True, corrects_id=corrects)
            exchange_id = exchanges.insert(conn, new, checked, self.session.user.id)
            self._audit_record(conn, AuditAction.CHANGE, exchange_id, new, checked)
        return exchange_id

    def _police_item(self, item: PoliceItem, people: dict[int, Category], unit: str,
                     channel: Channel, received_on: date, contact: str, basis: str) -> NewItem:
        if not isinstance(item, PoliceItem) or item.person_id not in people:
            raise InvalidInput("person", "unknown")
        kind = enum_value(PoliceInfoKind, item.kind, "kind")
        flags = {enum_value(DangerFlag, f, "flags"): enum_value(AnswerValue, v, "flags")
                 for f, v in dict(item.flags).items()}
        content = description(item.content or "")
        receipt = PoliceReceipt(people[item.person_id], kind, unit, channel, received_on,
                                contact, basis, content.value or "", frozenset(flags))
        problems = receipt_problems(receipt, self.today())
        if kind is PoliceInfoKind.GEVARENCLASSIFICATIE and not flags \
                and "kind" not in problems and not content.value:
            problems["flags"] = "required"
        for name in ("flags", "kind", "content", "unit", "received_on", "officer", "basis"):
            if name in problems:
                raise InvalidInput("contact" if name == "officer" else name, problems[name])
        if kind is PoliceInfoKind.GEVARENCLASSIFICATIE:
            flags = {flag: flags.get(flag, AnswerValue.ONBEKEND) for flag in DangerFlag}
        return NewItem(item.person_id, kind.value, content.value or "",
                       {f.value: v.value for f, v in flags.items()})

    @requires(Permission.AWARE_REQUEST)
    def record_outgoing(self, case_id: int, counterparty: str, purpose: Purpose | str,
                        asked: Initiative | str, oral_or_written: Channel | str,
                        persons_and_kinds: Mapping[int, set[str] | frozenset[str]],
                        document: bytes | None = None, summary: str = "", *,
                        exchanged_on: date | None = None, corrects: int | None = None) -> int:
        """What Blijf Groep gave: only kinds `allowed_out` gives for the counterparty, the
        purpose and each person's category. Police data is refused, whatever is asked."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        if counterparty not in COUNTERPARTIES:
            raise InvalidInput("counterparty", "required" if not counterparty else "unknown")
        purpose = enum_value(Purpose, purpose, "purpose")
        asked = enum_value(Initiative, asked, "initiative")
        channel = enum_value(Channel, oral_or_written, "channel")
        on = _exchange_date(exchanged_on or self.today(), self.today(), "exchanged_on")
        checked_summary = description(summary or "")
        if checked_summary.error:
            raise InvalidInput("summary", checked_summary.error)
        if document is not None and (not isinstance(document, (bytes, bytearray))
                                     or not document or len(document) > MAX_DOCUMENT):
            raise InvalidInput("document", "invalid")
        if not persons_and_kinds:
            raise InvalidInput("persons", "required")
        if any(k in POLICE_DERIVED_KINDS for kinds in dict(persons_and_kinds).values()
               for k in kinds):
            raise InvalidInput("kinds", "police_data")  # Blijf 5.2, 5.8: before anything else
        with self.session.db.transaction() as conn:
            people = self._case_people(conn, case_id)
            items = []
            for person_id, kinds in dict(persons_and_kinds).items():
                if person_id not in people:
                    raise InvalidInput("person", "unknown")
            refuse_restricted(conn, dict(persons_and_kinds))  # AVG art. 18; Mensenhandel 27.2
            for person_id, kinds in dict(persons_and_kinds).items():
                if not kinds:
                    raise InvalidInput("kinds", "required")
                allowed = allowed_out(counterparty, purpose, people[person_id])
                for kind in sorted(kinds, key=lambda k: (_KIND_ORDER.get(k, 99), str(k))):
                    if kind not in allowed:
                        raise InvalidInput("kinds", "not_allowed_for_purpose")  # Blijf 5.6
                    items.append(NewItem(person_id, kind))
            self._check_correction(conn, corrects, case_id, Direction.UIT)
            data = bytes(document) if document is not None else None
            new = NewExchange(case_id, Direction.UIT.value, counterparty, purpose.value,
                              OUT_BASIS, asked.value, channel.value, on,
                              summary=checked_summary.value or "", document=data,
                              document_sha256=hashlib.sha256(data).hexdigest() if data else None,
                              corrects_id=corrects)
            exchange_id = exchanges.insert(conn, new, items, self.session.user.id)
            self._audit_record(conn, AuditAction.DISCLOSE, exchange_id, new, items)
        return exchange_id

    @requires(Permission.AWARE_REQUEST)
    def allowed_out(self, case_id: int, counterparty: str,
                    purpose: Purpose | str) -> dict[int, frozenset[str]]:
        """Per person of the case, what may go to the counterparty for this purpose: what a
        screen offers (record_outgoing checks it again)."""
        ensure_access(self.session, "case", case_id)
        purpose = enum_value(Purpose, purpose, "purpose")
        people = self._case_people(self.session.db.conn, case_id)
        return {pid: allowed_out(counterparty, purpose, cat) for pid, cat in people.items()}

    # -- reading ---------------------------------------------------------------------
    @requires(Permission.VIEW_EXCHANGES)
    def register(self, person: str = "", counterparty: str | None = None,
                 date_from: date | None = None, date_to: date | None = None,
                 direction: Direction | str | None = None,
                 person_id: int | None = None) -> list[ExchangeRecord]:
        """The register, newest first, filtered by a person (search text as in Cliënten, or
        an id), counterparty, period and direction. The search text is not audited."""
        direction = enum_value(Direction, direction, "direction") if direction else None
        conn = self.session.db.conn
        person_ids = None
        if person.strip():
            query = search_rules.build(person)
            if query is None:
                raise InvalidInput("person", "too_short")
            person_ids = [hit.person_id for hit in persons.find(conn, query, SEARCH_LIMIT)]
        if person_id is not None:
            person_ids = [p for p in (person_ids or [person_id]) if p == person_id]
        # Only the exchanges of cases this user may read (issue 22; Blijf 6.1).
        rows = readable(self.session, exchanges.listing(
            conn, person_ids, counterparty or None, date_from, date_to,
            direction.value if direction else None))
        used = [name for name, value in (("person", person_ids is not None),
                                         ("counterparty", counterparty), ("period_from", date_from),
                                         ("period_to", date_to), ("direction", direction)) if value]
        self.session.audit(AuditAction.VIEW, "exchange_register",
                           detail={"rows": len(rows), "filters": used})
        # Each row names its persons: the page leaves the listing trace (issue 22).
        named = dict.fromkeys(item.person_id for row in rows for item in row.items)
        record_listing(self.session, listing.EXCHANGE_REGISTER, list(named))
        return rows

    @requires(Permission.VIEW_EXCHANGES)
    def entry(self, exchange_id: int) -> ExchangeRecord:
        ensure_access(self.session, "exchange", exchange_id)
        record = exchanges.get(self.session.db.conn, exchange_id)
        if record is None:
            raise InvalidInput("exchange", "unknown")
        self.session.audit(AuditAction.VIEW, "exchange", str(exchange_id))
        return record

    @requires(Permission.VIEW_EXCHANGES)
    def document(self, exchange_id: int) -> bytes:
        """The exact document that left, checked against its SHA-256."""
        ensure_access(self.session, "exchange", exchange_id)
        data = self._checked_document(exchange_id)
        self.session.audit(AuditAction.VIEW, "exchange_document", str(exchange_id))
        return data

    @requires(Permission.VIEW_EXCHANGES)
    def save_document(self, exchange_id: int, path: Path | str) -> None:
        """Write the exact document where the user chose: readable by this OS user only,
        whole or not at all (storage/files.py). Audited as an export, without the path."""
        ensure_access(self.session, "exchange", exchange_id)
        files.save_document(Path(path), self._checked_document(exchange_id))
        self.session.audit(AuditAction.EXPORT, "exchange_document", str(exchange_id))

    def _checked_document(self, exchange_id: int) -> bytes:
        """The exact document that left, refused when it no longer matches its SHA-256."""
        found = exchanges.document(self.session.db.conn, exchange_id)
        if found is None:
            raise InvalidInput("document", "unknown")
        data, sha256 = found
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InvalidInput("document", "damaged")
        return data

    @requires(Permission.VIEW_EXCHANGES)
    def for_person(self, person_id: int) -> PersonExchanges:
        ensure_access(self.session, "person", person_id)
        conn = self.session.db.conn
        if persons.get_person(conn, person_id) is None:
            raise InvalidInput("person", "unknown")
        rows = exchanges.listing(conn, [person_id])
        self.session.audit(AuditAction.VIEW, "person_exchanges", str(person_id))
        return PersonExchanges([r for r in rows if r.direction == Direction.IN.value],
                               [r for r in rows if r.direction == Direction.UIT.value])

    # -- helpers ---------------------------------------------------------------------
    @staticmethod
    def _case_people(conn, case_id: int) -> dict[int, Category]:
        people = {r.id: r.data.category for r in persons.case_persons(conn, case_id)}
        if not people:
            raise InvalidInput("case", "unknown")
        return people

    @staticmethod
    def _check_correction(conn, corrects: int | None, case_id: int, direction: Direction):
        if corrects is None:
            return
        old = exchanges.get(conn, corrects)
        if old is None or old.case_id != case_id or old.direction != direction.value:
            raise InvalidInput("corrects", "unknown")

    def _audit_record(self, conn, action: AuditAction, exchange_id: int, new: NewExchange,
                      items: list[NewItem]) -> None:
        """Ids and codes only: which people (ids), which kinds, to or from whom."""
        detail = {"case": new.case_id, "direction": new.direction,
                  "counterparty": new.counterparty, "purpose": new.purpose,
                  "persons": sorted({i.person_id for i in items}),
                  "kinds": sorted({i.kind for i in items}), "police_info": new.police_info}
        if new.corrects_id is not None:
            detail["corrects"] = new.corrects_id
        if new.document_sha256:
            detail["document_sha256"] = new.document_sha256
        audit.append(conn, action.value, self.session.user.id, "exchange", str(exchange_id),
                     detail=detail)
