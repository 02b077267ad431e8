"""Inzage (Blijf 11.1 a, 11.2; Mensenhandel 25; art. 15 AVG): the access report of one person,
with parts withheld for a recorded reason (Blijf 11.3, art. 41 UAVG, Mensenhandel 25.4), a
preview, and the answer printed or saved, which lands in the exchange register as an exchange
with the person herself (counterparty "betrokkene").

The service is the guarantee, whatever a screen sends: a part that is LOCKED for the person's
category (domain/access_report.py: for a pleger everything about the client and the children)
is withheld whatever is asked; what is printed or saved is computed again and must be what was
previewed (its SHA-256). HANDLE_REQUESTS (teamleider). Every preview, print and save is
audited with ids and codes only; the reasons stay in the register entry."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping

from blijf_desktop.domain import access_report as ar
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.exchanges import DATA_SUBJECT, Direction, Initiative
from blijf_desktop.domain.information_duty import MAX_REASON
from blijf_desktop.domain.police import Channel
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description
from blijf_desktop.reports.access_report import build_access_report
from blijf_desktop.services.access_content import content
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, exchanges, files, persons
from blijf_desktop.storage.exchanges import NewExchange, NewItem
from blijf_desktop.storage.persons import PersonRecord


@dataclass(frozen=True)
class PartChoice:
    """One part as the dialog offers it."""

    part: str
    withheld_by_default: bool
    locked: bool  # withheld, and can never be shown to this person
    default_reason: str  # marked with N_; "" when shown by default


@dataclass(frozen=True)
class Choices:
    """What the user decided: parts withheld with a reason each, and whether the report says
    that something was withheld (default yes; not saying it needs its own reason)."""

    withheld: Mapping[str, str] = field(default_factory=dict)
    say_withheld: bool = True
    silence_reason: str = ""


@dataclass(frozen=True)
class AccessPreview:
    person_id: int
    parts: tuple[str, ...]  # in the report
    withheld: tuple[tuple[str, str], ...]  # (part, reason), locked ones included
    pdf: bytes
    sha256: str
    data: object  # the report's input (reports/access_report.AccessReportInput)


def _reason(raw: str, name: str) -> str:
    checked = description(raw or "", MAX_REASON)
    if checked.error:
        raise InvalidInput(name, checked.error)
    if not checked.value:
        raise InvalidInput(name, "required")
    return checked.value


class AccessReportService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    @requires(Permission.HANDLE_REQUESTS)
    def parts(self, person_id: int) -> list[PartChoice]:
        ensure_access(self.session, "person", person_id)
        record = self._person(person_id)
        category = record.data.category
        found = []
        for part in ar.parts_for(category, record.data.address_secret):
            default = ar.default_for(category, part)
            found.append(PartChoice(part, default is not None, ar.locked(category, part),
                                    default.reason if default else ""))
        return found

    @requires(Permission.HANDLE_REQUESTS)
    def preview(self, person_id: int, choices: Choices | None = None) -> AccessPreview:
        """The report as it would leave, built in memory. Audited as a preview. Without
        `choices`: the defaults for the person's category (parts_for / DEFAULTS)."""
        ensure_access(self.session, "person", person_id)
        choices = self._defaults(person_id) if choices is None else choices
        found = self._compute(person_id, choices)
        self._audit(AuditAction.VIEW, found, "preview", choices)
        return found

    @requires(Permission.HANDLE_REQUESTS)
    def record_printed(self, person_id: int, choices: Choices | None, expected_sha256: str,
                       pages: int) -> int:
        """The previewed report went to a printer: into the register as the answer."""
        ensure_access(self.session, "person", person_id)
        choices = self._defaults(person_id) if choices is None else choices
        found = self._checked(person_id, choices, expected_sha256)
        exchange_id = self._record(found, choices)
        self._audit(AuditAction.PRINT, found, "print", choices, pages=int(pages),
                    exchange=exchange_id)
        return exchange_id

    @requires(Permission.HANDLE_REQUESTS)
    def save(self, person_id: int, choices: Choices | None, expected_sha256: str,
             path: Path | str) -> int:
        """Write the previewed report where the user chose (readable by this OS user only,
        whole or not at all), then record it as the answer. The path is never audited."""
        ensure_access(self.session, "person", person_id)
        choices = self._defaults(person_id) if choices is None else choices
        found = self._checked(person_id, choices, expected_sha256)
        files.save_document(Path(path), found.pdf)
        exchange_id = self._record(found, choices)
        self._audit(AuditAction.EXPORT, found, "save", choices, exchange=exchange_id)
        return exchange_id

    # -- helpers ---------------------------------------------------------------------
    def _defaults(self, person_id: int) -> Choices:
        record = self._person(person_id)
        category = record.data.category
        return Choices({part: ar.default_for(category, part).reason
                        for part in ar.parts_for(category, record.data.address_secret)
                        if ar.default_for(category, part)})

    def _person(self, person_id: int) -> PersonRecord:
        record = persons.get_person(self.session.db.conn, person_id)
        if record is None:
            raise InvalidInput("person", "unknown")
        return record

    def _withheld(self, record: PersonRecord, choices: Choices) -> dict[str, str]:
        """The parts withheld, each with its reason: the user's, and every locked part with
        its own fixed reason whatever the user sent."""
        if not isinstance(choices, Choices):
            raise InvalidInput("choices", "required")
        category = record.data.category
        possible = ar.parts_for(category, record.data.address_secret)
        withheld = {}
        for part, reason in dict(choices.withheld).items():
            if part not in possible:
                raise InvalidInput("part", "unknown")
            withheld[part] = _reason(reason, "reason")
        for part in possible:
            if ar.locked(category, part):
                withheld[part] = ar.default_for(category, part).reason
        if withheld and not choices.say_withheld:
            _reason(choices.silence_reason, "silence_reason")
        return {part: withheld[part] for part in possible if part in withheld}

    def _compute(self, person_id: int, choices: Choices) -> AccessPreview:
        record = self._person(person_id)
        withheld = self._withheld(record, choices)
        parts = tuple(p for p in ar.parts_for(record.data.category, record.data.address_secret)
                      if p not in withheld)
        named = tuple(withheld.items())
        data = content(self.session.db.conn, record, parts, self.today())
        data = type(data)(**{**data.__dict__, "withheld": named,
                             "say_withheld": bool(choices.say_withheld)})
        pdf = build_access_report(data)
        return AccessPreview(person_id, parts, named, pdf, hashlib.sha256(pdf).hexdigest(), data)

    def _checked(self, person_id: int, choices: Choices, expected_sha256: str) -> AccessPreview:
        found = self._compute(person_id, choices)
        if found.sha256 != expected_sha256:
            raise InvalidInput("preview", "changed_since_preview")
        return found

    def _record(self, found: AccessPreview, choices: Choices) -> int:
        """The answer in the register: an exchange out, to the person herself, with the exact
        document and which parts it held; what was withheld and why in its summary."""
        record = self._person(found.person_id)
        lines = [f"Niet opgenomen: {ar.PART_LABELS[p]} — {reason}" for p, reason in found.withheld]
        if found.withheld:
            lines.append("In het antwoord vermeld dat er iets niet is opgenomen: " +
                         ("ja" if choices.say_withheld else
                          f"nee — {choices.silence_reason.strip()}"))
        new = NewExchange(record.case_id, Direction.UIT.value, DATA_SUBJECT, ar.ACCESS_PURPOSE,
                          ar.BASIS, Initiative.GEVRAAGD.value, Channel.SCHRIFTELIJK.value,
                          self.today(), summary="\n".join(lines) or "Volledig overzicht",
                          document=found.pdf, document_sha256=found.sha256)
        items = [NewItem(found.person_id, ar.PART_KINDS[p]) for p in found.parts]
        with self.session.db.transaction() as conn:
            exchange_id = exchanges.insert(conn, new, items, self.session.user.id)
            audit.append(conn, AuditAction.DISCLOSE.value, self.session.user.id, "exchange",
                         str(exchange_id), detail={
                             "case": record.case_id, "direction": Direction.UIT.value,
                             "counterparty": DATA_SUBJECT, "purpose": ar.ACCESS_PURPOSE,
                             "persons": [found.person_id], "kinds": [i.kind for i in items],
                             "document_sha256": found.sha256})
        return exchange_id

    def _audit(self, action: AuditAction, found: AccessPreview, use: str, choices: Choices,
               **extra) -> None:
        self.session.audit(action, ar.ACCESS_RECORD, str(found.person_id), reason=use, detail={
            "parts": list(found.parts), "withheld": [p for p, _r in found.withheld],
            "say_withheld": bool(choices.say_withheld), "sha256": found.sha256, **extra})
