"""The breach register (issue 21): every (possible) data breach or security incident, what
happened, what leaked and about whom (person ids only), the risk estimate, the measures, the
notifications to the partners (Blijf 9.3), the AP (AVG art. 33, in phases 33(4)) and the
people (art. 34), and the closure. The rules are data in domain/incidents.py; this service is
their guarantee. Every change lands in the incident's own history (who, what, when) and in the
audit trail (ids and codes only); a closed incident is never changed again."""

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from blijf_desktop.domain import incidents as rules
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.incidents import (
    Clock, DataKind, Kind, Notification, Phase, Recipient, Risk,
)
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description, text
from blijf_desktop.services import drafts
from blijf_desktop.services.errors import InvalidInput, StoreError, enum_value
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, files
from blijf_desktop.storage import incidents as store
from blijf_desktop.storage.incidents import HistoryRow, IncidentRow, NotificationRow

MAX_IDS = 10_000  # people or accounts named in one incident
DRAFT_KIND = "incident"


@dataclass(frozen=True)
class IncidentInput:
    """What the form gives, for a registration or a change. Moments are timezone-aware (a
    naive one is read as local time)."""

    kind: Kind | str
    found_at: datetime | None
    what_happened: str
    data_kinds: Iterable[DataKind | str] = ()
    person_ids: Iterable[int] = ()
    user_ids: Iterable[int] = ()
    risk: Risk | str | None = None
    risk_reason: str = ""
    measures: str = ""
    people_exception: str = ""


@dataclass(frozen=True)
class IncidentView:
    incident: IncidentRow
    notifications: tuple[NotificationRow, ...]
    clock: Clock
    open_decisions: dict[str, str]  # what closing still needs (field -> problem code)

    @property
    def id(self) -> int:
        return self.incident.id

    @property
    def closed(self) -> bool:
        return self.incident.closed_at is not None

    @property
    def partners_told(self) -> bool:
        return any(n.recipient == Recipient.PARTNERS.value for n in self.notifications)


def _utc_now() -> datetime:
    return datetime.fromtimestamp(time.time(), timezone.utc)


def _aware(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.astimezone()


def _free_text(raw, name: str, required: bool = False) -> str:
    checked = description(raw or "") if isinstance(raw, str) or raw is None else None
    if checked is None:
        raise InvalidInput(name, "invalid")
    if checked.error:
        raise InvalidInput(name, checked.error)
    if required and not checked.value:
        raise InvalidInput(name, "required")
    return checked.value or ""


def _ids(values, name: str) -> list[int]:
    found = []
    for value in values or ():
        if type(value) is not int or value <= 0:
            raise InvalidInput(name, "unknown")
        found.append(value)
    if len(found) > MAX_IDS:
        raise InvalidInput(name, "too_many")
    return sorted(set(found))


def _domain_notifications(rows: Iterable[NotificationRow]) -> list[Notification]:
    return [Notification(Recipient(n.recipient), n.at, Phase(n.phase) if n.phase else None,
                         n.late_reason) for n in rows]


class IncidentService:
    def __init__(self, session: Session, now: Callable[[], datetime] = _utc_now):
        self.session = session
        self.now = now

    # -- recording -------------------------------------------------------------------
    @requires(Permission.MANAGE_INCIDENTS)
    def register(self, data: IncidentInput) -> int:
        with self.session.db.transaction() as conn:
            values = self._checked(conn, data)
            incident_id = store.insert(conn, values, self.session.user.id)
            drafts.discard_on_commit(self.session, conn, DRAFT_KIND)
            self._audit(conn, incident_id, "registered", values)
        return incident_id

    @requires(Permission.MANAGE_INCIDENTS)
    def change(self, incident_id: int, data: IncidentInput) -> list[str]:
        """Record what differs from the incident as it is; returns the changed field names."""
        with self.session.db.transaction() as conn:
            old = self._open(conn, incident_id)
            values = self._checked(conn, data)
            current = {name: getattr(old, name) for name in store.FIELDS}
            changed = [n for n in store.FIELDS if _comparable(values[n]) != _comparable(current[n])]
            if "found_at" in changed:
                self._check_new_finding(conn, incident_id, values["found_at"])
            if changed:
                store.update(conn, incident_id, values, changed, self.session.user.id)
                self._audit(conn, incident_id, "changed", {n: values[n] for n in changed})
            drafts.discard_on_commit(self.session, conn, _draft_kind(incident_id))
        return changed

    @requires(Permission.MANAGE_INCIDENTS)
    def notify(self, incident_id: int, recipient: Recipient | str, at: datetime | None,
               phase: Phase | str | None = None, reference: str = "",
               late_reason: str = "") -> int:
        """A notification made: to the partners (Blijf 9.3), the AP (AVG art. 33, in phases
        33(4); after 72 hours only with the reason) or the people (art. 34)."""
        recipient = enum_value(Recipient, recipient, "recipient")
        phase = enum_value(Phase, phase, "phase") if phase not in (None, "") else None
        reference = _short(reference, "reference")
        late_reason = _free_text(late_reason, "late_reason")
        new = Notification(recipient, _aware(at), phase, late_reason)
        with self.session.db.transaction() as conn:
            incident = self._open(conn, incident_id)
            earlier = _domain_notifications(store.notifications(conn, [incident_id])[incident_id])
            problems = rules.notification_problems(incident.found_at, new, earlier, self.now())
            for name in ("at", "phase", "late_reason"):
                if name in problems:
                    raise InvalidInput(name, problems[name])
            notification_id = store.add_notification(
                conn, incident_id, recipient.value, phase.value if phase else None, new.at,
                reference, late_reason, self.session.user.id)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "incident",
                         str(incident_id), detail={
                             "notified": recipient.value, "phase": phase.value if phase else None,
                             "late": rules.is_late(incident.found_at, new.at),
                             "notification": notification_id})
        return notification_id

    @requires(Permission.MANAGE_INCIDENTS)
    def close(self, incident_id: int) -> None:
        """Refused with the first open decision (InvalidInput) until each is recorded."""
        with self.session.db.transaction() as conn:
            incident = self._open(conn, incident_id)
            problems = self._closure_problems(conn, incident)
            if problems:
                name = next(iter(problems))
                raise InvalidInput(name, problems[name])
            store.close(conn, incident_id, self.session.user.id)
            audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "incident",
                         str(incident_id), detail={"closed": True})

    # -- reading ---------------------------------------------------------------------
    @requires(Permission.MANAGE_INCIDENTS)
    def incidents(self) -> list[IncidentView]:
        """The register: open incidents first, each with its 72-hour clock."""
        conn = self.session.db.conn
        rows = store.listing(conn)
        notes = store.notifications(conn, [r.id for r in rows])
        self.session.audit(AuditAction.VIEW, "incident_register", detail={"rows": len(rows)})
        return [self._view(r, notes[r.id]) for r in rows]

    @requires(Permission.MANAGE_INCIDENTS)
    def incident(self, incident_id: int) -> IncidentView:
        conn = self.session.db.conn
        row = self._existing(conn, incident_id)
        self.session.audit(AuditAction.VIEW, "incident", str(incident_id))
        return self._view(row, store.notifications(conn, [incident_id])[incident_id])

    @requires(Permission.MANAGE_INCIDENTS)
    def history(self, incident_id: int) -> list[HistoryRow]:
        conn = self.session.db.conn
        self._existing(conn, incident_id)
        self.session.audit(AuditAction.VIEW, "incident_history", str(incident_id))
        return store.history(conn, incident_id)

    @requires(Permission.MANAGE_INCIDENTS)
    def report_pdf(self, incident_id: int) -> bytes:
        """The report for the covenant partners (Blijf 9.3): ids and counts, no names."""
        data = self._report(incident_id)
        self.session.audit(AuditAction.VIEW, "incident_report", str(incident_id))
        return data

    @requires(Permission.MANAGE_INCIDENTS)
    def save_report(self, incident_id: int, path: Path | str) -> None:
        """Written where the user chose (owner-only, whole or not at all); audited as an
        export without the path. A file that cannot be written: InvalidInput("file",
        "not_saved")."""
        data = self._report(incident_id)
        try:
            files.save_document(Path(path), data)
        except (OSError, StoreError):
            raise InvalidInput("file", "not_saved") from None
        self.session.audit(AuditAction.EXPORT, "incident_report", str(incident_id))

    # -- drafts of the form ------------------------------------------------------------
    @requires(Permission.MANAGE_INCIDENTS)
    def save_draft(self, incident_id: int | None, payload: dict) -> None:
        drafts.keep(self.session, _draft_kind(incident_id), payload)

    @requires(Permission.MANAGE_INCIDENTS)
    def load_draft(self, incident_id: int | None) -> dict | None:
        return drafts.load(self.session, _draft_kind(incident_id))

    @requires(Permission.MANAGE_INCIDENTS)
    def discard_draft(self, incident_id: int | None) -> None:
        drafts.discard(self.session, _draft_kind(incident_id))

    # -- helpers ---------------------------------------------------------------------
    def _checked(self, conn, data: IncidentInput) -> dict:
        if not isinstance(data, IncidentInput):
            raise InvalidInput("incident", "invalid")
        kind = enum_value(Kind, data.kind, "kind")
        found_at = _aware(data.found_at)
        problem = rules.found_problem(found_at, self.now())
        if problem:
            raise InvalidInput("found_at", problem)
        what = _free_text(data.what_happened, "what_happened", required=True)
        kinds = sorted({enum_value(DataKind, k, "data_kinds").value for k in data.data_kinds or ()})
        person_ids = _ids(data.person_ids, "person_ids")
        if len(store.existing_persons(conn, person_ids)) != len(person_ids):
            raise InvalidInput("person_ids", "unknown")
        user_ids = _ids(data.user_ids, "user_ids")
        if len(store.existing_users(conn, user_ids)) != len(user_ids):
            raise InvalidInput("user_ids", "unknown")
        risk = enum_value(Risk, data.risk, "risk").value if data.risk not in (None, "") else None
        return {"kind": kind.value,
                "found_at": found_at.astimezone(timezone.utc).replace(microsecond=0),
                "what_happened": what, "data_kinds": kinds, "person_ids": person_ids,
                "user_ids": user_ids, "risk": risk,
                "risk_reason": _free_text(data.risk_reason, "risk_reason"),
                "measures": _free_text(data.measures, "measures"),
                "people_exception": _free_text(data.people_exception, "people_exception")}

    def _check_new_finding(self, conn, incident_id: int, found_at: datetime) -> None:
        """A corrected moment of finding must still come before every notification, and must
        not make the first AP notification late without its reason (AVG art. 33(1))."""
        made = _domain_notifications(store.notifications(conn, [incident_id])[incident_id])
        if any(n.at < found_at for n in made):
            raise InvalidInput("found_at", "after_notification")
        first = rules.first_ap(made)
        if first is not None and rules.is_late(found_at, first.at) and not first.late_reason:
            raise InvalidInput("found_at", "makes_late")

    @staticmethod
    def _existing(conn, incident_id: int) -> IncidentRow:
        row = store.get(conn, incident_id) if type(incident_id) is int else None
        if row is None:
            raise InvalidInput("incident", "unknown")
        return row

    def _open(self, conn, incident_id: int) -> IncidentRow:
        row = self._existing(conn, incident_id)
        if row.closed_at is not None:
            raise InvalidInput("incident", "closed")
        return row

    @staticmethod
    def _closure_problems(conn, row: IncidentRow) -> dict[str, str]:
        made = _domain_notifications(store.notifications(conn, [row.id])[row.id])
        return rules.closure_problems(Risk(row.risk) if row.risk else None, row.measures,
                                      frozenset(row.data_kinds), row.people_exception, made)

    def _view(self, row: IncidentRow, notes: list[NotificationRow]) -> IncidentView:
        made = _domain_notifications(notes)
        risk = Risk(row.risk) if row.risk else None
        clock = rules.ap_clock(row.found_at, risk, made, self.now())
        open_decisions = {} if row.closed_at else rules.closure_problems(
            risk, row.measures, frozenset(row.data_kinds), row.people_exception, made)
        return IncidentView(row, tuple(notes), clock, open_decisions)

    def _report(self, incident_id: int) -> bytes:
        from blijf_desktop.services.incident_report_input import report_input
        from blijf_desktop.reports.incident_report import build_incident_report

        conn = self.session.db.conn
        view = self._view(self._existing(conn, incident_id),
                          store.notifications(conn, [incident_id])[incident_id])
        return build_incident_report(report_input(conn, view, self.now()))

    def _audit(self, conn, incident_id: int, what: str, values: dict) -> None:
        """Ids and codes only: never what happened, the reasons or the measures."""
        detail = {"what": what, "fields": sorted(values)}
        for name in ("kind", "risk", "data_kinds", "person_ids", "user_ids"):
            if name in values:
                detail[name] = values[name]
        audit.append(conn, AuditAction.CHANGE.value, self.session.user.id, "incident",
                     str(incident_id), detail=detail)


def _comparable(value):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _short(raw, name: str) -> str:
    checked = text(raw or "", 200) if isinstance(raw, str) or raw is None else None
    if checked is None or checked.error:
        raise InvalidInput(name, checked.error if checked else "invalid")
    return checked.value or ""


def _draft_kind(incident_id: int | None) -> str:
    return DRAFT_KIND if incident_id is None else f"{DRAFT_KIND}:{int(incident_id)}"
