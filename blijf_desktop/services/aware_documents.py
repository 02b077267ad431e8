"""The AWARE documents (issue 17): the veiligheidsadvies and the informatieverzoek politie,
built in memory from what the traject, the case, the screenings and the police receipts hold,
so nobody types anything twice. Nothing reaches disk unless the user saves; every preview,
print and save writes an audit row (ids and codes only), and the exact PDF that went to the
police is kept in the exchange register with its SHA-256.

Who may: the teamleider only (Permission.AWARE_REQUEST). The documents carry police data
(danger flags, receipts) and go to the police: that is the work of staff designated for
exchanges with the police (Blijf 6.1). A hulpverlener sees the traject, not these papers.

Where police data may go: the advice prints only what came from the unit the request went
to, and is recorded as given to that unit alone (exchanges.may_return_to_source). Police data
goes back to its source and never to anyone else (Blijf 5.2, 5.8); the Blijf data in the
document is checked against allowed_out for the AWARE aanvraag like every other exchange."""

import hashlib
from datetime import date
from pathlib import Path

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.aware import State
from blijf_desktop.domain.exchanges import (
    OUT_BASIS, Direction, Initiative, Purpose, allowed_out, may_return_to_source,
)
from blijf_desktop.domain.people import ADDRESS_FIELDS, BIRTH_FIELDS, NAME_FIELDS, Category
from blijf_desktop.domain.police import (
    UNITS, Channel, DangerFlag, PoliceInfoKind, police_info_kinds,
)
from blijf_desktop.domain.risk import AnswerValue
from blijf_desktop.domain.roles import Permission
from blijf_desktop.i18n import _
from blijf_desktop.reports.aware_inputs import (
    PersonLine, PoliceInfoLine, PoliceRequestInput, SafetyAdviceInput, ScreeningLine,
)
from blijf_desktop.reports.police_request import build_police_request
from blijf_desktop.reports.safety_advice import build_safety_advice
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.restriction import refuse_restricted
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.services.settings import police_contact
from blijf_desktop.storage import audit, exchanges, files, persons, screenings, trajects
from blijf_desktop.storage.exchanges import NewExchange, NewItem
from blijf_desktop.storage.trajects import STEP, StoredStep, StoredTraject

ADVICE = "veiligheidsadvies"
REQUEST = "informatieverzoek"
KINDS = (ADVICE, REQUEST)
SUMMARIES = {ADVICE: "Veiligheidsadvies (AWARE)", REQUEST: "Informatieverzoek politie (AWARE)"}
_STEP_OF = {ADVICE: State.ADVIES_OPGESTELD, REQUEST: State.INFORMATIE_GEVRAAGD}
_NEEDS = {ADVICE: "veiligheidsadvies", REQUEST: "informatieverzoek"}
_RECORD = "aware_document"


def case_reference(case_id: int) -> str:
    """The reference on every page: the app's own, never a BSN."""
    return f"BG-{case_id:05d}"


def _day(created_at: str) -> date:
    return date.fromisoformat(created_at[:10])


def _address(data) -> str:
    street = " ".join(p for p in (data.street, data.house_number) if p)
    place = " ".join(p for p in (data.postcode, data.residence) if p)
    return ", ".join(p for p in (street, place) if p)


class AwareDocumentService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- building (a preview) ------------------------------------------------------------
    @requires(Permission.AWARE_REQUEST)
    def advice_pdf(self, traject_id: int, show_secret_address: bool = False) -> bytes:
        """The veiligheidsadvies. `show_secret_address` is the user's confirmed tick: it
        writes the same audited reveal as "Toon adres" for every secret address printed."""
        ensure_access(self.session, "traject", traject_id)
        conn = self.session.db.conn
        traject, step, unit = self._document_step(conn, traject_id, ADVICE)
        people = self._people(conn, traject)
        refs = {str(r.id) for r in people}
        flags: dict[str, dict[DangerFlag, AnswerValue]] = {}
        info = []
        for record, item in self._police_items(conn, traject, unit):
            if item.kind == PoliceInfoKind.GEVARENCLASSIFICATIE.value and item.flags:
                flags[str(item.person_id)] = {DangerFlag(f): AnswerValue(v)
                                              for f, v in item.flags.items()}
            if item.content and str(item.person_id) in refs:
                info.append(PoliceInfoLine(str(item.person_id), PoliceInfoKind(item.kind),
                                           record.counterparty, record.exchanged_on,
                                           Channel(record.channel), item.content))
        done = screenings.for_case(conn, traject.case_id)
        if not done:
            raise InvalidInput("needs", "risicotaxatie")
        latest = done[-1]
        data = step.data
        pdf = self._build(build_safety_advice, SafetyAdviceInput(
            case_ref=case_reference(traject.case_id), date=self.today(), author=step.user_name,
            teamleider=self.session.user.display_name,
            people=self._lines(people, show_secret_address), level=latest.chosen or latest.proposed,
            level_reason=latest.override_reason, advice_text=data["advice"],
            agreements=data.get("agreements", ""),
            flags={ref: f for ref, f in flags.items() if ref in refs},
            measures=tuple(code for code, chosen in data["measures"].items() if chosen),
            screenings=tuple(ScreeningLine(_day(s.created_at), s.author_name, s.version,
                                           s.answers, s.proposed, s.chosen or s.proposed)
                             for s in done),
            police_info=tuple(info), show_secret_address=show_secret_address))
        self._reveal(people, show_secret_address, traject_id, ADVICE)
        self._audit(AuditAction.VIEW, traject, ADVICE, "preview", show_secret_address)
        return pdf

    @requires(Permission.AWARE_REQUEST)
    def request_pdf(self, traject_id: int, show_secret_address: bool = False) -> bytes:
        """The informatieverzoek as the request step holds it: the unit and its basis, the
        people with what art. 4.2 allows to ask about each, the necessity, the answer-by date."""
        ensure_access(self.session, "traject", traject_id)
        conn = self.session.db.conn
        traject, step, unit = self._document_step(conn, traject_id, REQUEST)
        people = self._people(conn, traject)
        data = step.data
        necessity = data["necessity"]
        if data.get("asked"):
            necessity += "\n\n" + _("Wat wij vragen: {asked}").format(asked=data["asked"])
        pdf = self._build(build_police_request, PoliceRequestInput(
            case_ref=case_reference(traject.case_id), date=_day(step.created_at), unit=unit,
            basis=UNITS[unit].basis, requester=step.user_name,
            contact=police_contact(conn, unit),
            people=self._lines(people, show_secret_address),
            asked={str(r.id): police_info_kinds(r.data.category) for r in people},
            necessity=necessity, answer_by=date.fromisoformat(data["answer_by"]),
            reason=traject.reason, reason_text=traject.reason_text,
            show_secret_address=show_secret_address))
        self._reveal(people, show_secret_address, traject_id, REQUEST)
        self._audit(AuditAction.VIEW, traject, REQUEST, "preview", show_secret_address)
        return pdf

    # -- what happens to it --------------------------------------------------------------
    @requires(Permission.AWARE_REQUEST)
    def record_print(self, traject_id: int, kind: str, pages: int,
                     show_secret_address: bool = False) -> None:
        """The preview went to a printer (from memory, through Qt)."""
        ensure_access(self.session, "traject", traject_id)
        traject, _step, _unit = self._document_step(self.session.db.conn, traject_id, kind)
        self._audit(AuditAction.PRINT, traject, kind, "print", show_secret_address,
                    pages=int(pages))

    @requires(Permission.AWARE_REQUEST)
    def save_pdf(self, traject_id: int, kind: str, pdf: bytes, path: Path | str,
                 show_secret_address: bool = False) -> None:
        """Write the previewed PDF where the user chose: readable by this OS user only, whole
        or not at all (storage/files.py). The audit row names the traject, never the path."""
        ensure_access(self.session, "traject", traject_id)
        traject, _step, _unit = self._document_step(self.session.db.conn, traject_id, kind)
        data = self._pdf(pdf)
        files.save_document(Path(path), data)
        self._audit(AuditAction.EXPORT, traject, kind, "save", show_secret_address,
                    sha256=hashlib.sha256(data).hexdigest())

    @requires(Permission.AWARE_REQUEST)
    def record_sent(self, traject_id: int, kind: str, pdf_bytes: bytes,
                    channel: Channel | str = Channel.SCHRIFTELIJK,
                    show_secret_address: bool = False) -> int:
        """The exact document that went to the traject's police unit, into the register with
        its SHA-256: the Blijf data it holds (checked against allowed_out for the AWARE
        aanvraag) and, in an advice, the police data that returns to the unit it came from."""
        ensure_access(self.session, "traject", traject_id)
        try:
            channel = Channel(channel)
        except ValueError:
            raise InvalidInput("channel", "required") from None
        data = self._pdf(pdf_bytes)
        user = self.session.user
        with self.session.db.transaction() as conn:
            traject, _step, unit = self._document_step(conn, traject_id, kind)
            items = []
            for record in self._people(conn, traject):
                allowed = allowed_out(unit, Purpose.AWARE_AANVRAAG, record.data.category)
                shown = [f for f in NAME_FIELDS + BIRTH_FIELDS if getattr(record.data, f)]
                if show_secret_address or not record.data.address_secret:
                    shown += [f for f in ADDRESS_FIELDS if getattr(record.data, f)]
                for name in shown:
                    if name not in allowed:
                        raise InvalidInput("kinds", "not_allowed_for_purpose")  # Blijf 5.6
                    items.append(NewItem(record.id, name))
            if kind == ADVICE:
                returned = {(i.person_id, i.kind) for r, i in
                            self._police_items(conn, traject, unit)
                            if i.person_id in traject.person_ids
                            and may_return_to_source(i.kind, r.counterparty, unit)}
                items += [NewItem(pid, k) for pid, k in sorted(returned)]
            # Never part of a new exchange (AVG art. 18; Mensenhandel 27.2).
            refuse_restricted(conn, {i.person_id for i in items} | set(traject.person_ids))
            new = NewExchange(traject.case_id, Direction.UIT.value, unit,
                              Purpose.AWARE_AANVRAAG.value, OUT_BASIS,
                              Initiative.ONGEVRAAGD.value, channel.value, self.today(),
                              summary=SUMMARIES[kind], document=data,
                              document_sha256=hashlib.sha256(data).hexdigest())
            exchange_id = exchanges.insert(conn, new, items, user.id)
            audit.append(conn, AuditAction.DISCLOSE.value, user.id, "exchange",
                         str(exchange_id), detail={
                             "case": traject.case_id, "traject": traject.id, "document": kind,
                             "direction": new.direction, "counterparty": unit,
                             "purpose": new.purpose, "channel": channel.value,
                             "persons": sorted({i.person_id for i in items}),
                             "kinds": sorted({i.kind for i in items}),
                             "sha256": new.document_sha256})
        return exchange_id

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _document_step(conn, traject_id: int, kind: str) -> tuple[StoredTraject, StoredStep, str]:
        if kind not in KINDS:
            raise InvalidInput("document", "unknown")
        traject = trajects.get(conn, traject_id)
        if traject is None:
            raise InvalidInput("traject", "unknown")
        wanted = _STEP_OF[kind].value
        step = next((s for s in reversed(traject.steps)
                     if s.kind == STEP and s.state == wanted), None)
        request = next((s for s in reversed(traject.steps)
                        if s.kind == STEP and s.state == State.INFORMATIE_GEVRAAGD.value), None)
        if step is None or request is None or request.data.get("unit") not in UNITS:
            raise InvalidInput("needs", _NEEDS[kind])
        return traject, step, request.data["unit"]

    @staticmethod
    def _people(conn, traject: StoredTraject):
        order = {Category.CLIENT: 0, Category.CHILD: 1, Category.DERDE: 2, Category.PLEGER: 3}
        found = [r for r in persons.case_persons(conn, traject.case_id)
                 if r.id in traject.person_ids]
        return sorted(found, key=lambda r: (order[r.data.category], r.id))

    @staticmethod
    def _lines(people, show_secret: bool) -> tuple[PersonLine, ...]:
        """Each person as the document names her. A secret address is handed over only when
        the user confirmed it is needed: otherwise it never even reaches the report."""
        return tuple(PersonLine(
            str(r.id), r.data.full_name(), r.data.category, r.data.relation,
            r.data.birth_date,
            _address(r.data) if show_secret or not r.data.address_secret else "",
            r.data.address_secret) for r in people)

    @staticmethod
    def _police_items(conn, traject: StoredTraject, unit: str):
        """The police receipts of the case from the traject's unit, oldest first."""
        rows = exchanges.listing(conn, list(traject.person_ids), counterparty=unit,
                                 direction=Direction.IN.value)
        return [(r, item) for r in reversed(rows) if r.police_info and r.case_id == traject.case_id
                for item in r.items if item.person_id in traject.person_ids]

    @staticmethod
    def _build(builder, data) -> bytes:
        try:
            return builder(data)
        except ValueError:
            raise InvalidInput("document", "invalid") from None

    @staticmethod
    def _pdf(data: bytes) -> bytes:
        if not isinstance(data, (bytes, bytearray)) or not bytes(data).startswith(b"%PDF-"):
            raise InvalidInput("document", "invalid")
        return bytes(data)

    def _reveal(self, people, show_secret: bool, traject_id: int, kind: str) -> None:
        """The same audited reveal as "Toon adres" (IntakeService.reveal_address)."""
        if not show_secret:
            return
        for record in people:
            if record.data.address_secret:
                self.session.audit(AuditAction.VIEW, "person", str(record.id),
                                   reason="toon_adres",
                                   detail={"fields": list(ADDRESS_FIELDS), "document": kind,
                                           "traject": traject_id})

    def _audit(self, action: AuditAction, traject: StoredTraject, kind: str, use: str,
               secret: bool, **extra) -> None:
        self.session.audit(action, _RECORD, str(traject.id), detail={
            "case": traject.case_id, "document": kind, "use": use,
            "secret_address": bool(secret), **extra})
