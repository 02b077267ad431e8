"""The incident form and the notification form: editors (ui/unsaved.py) built from fields
(ui/aware/step_form.py), so leaving asks, a draft is kept while typing, everything works with
the keyboard and every field has its name. Above the incident form the 72-hour clock runs
(AVG art. 33(1)), in words and colour, from the moment typed and the risk chosen."""

from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from blijf_desktop.domain import incidents as rules
from blijf_desktop.domain.incidents import (
    DATA_KIND_LABELS, KIND_LABELS, PHASE_LABELS, RECIPIENT_LABELS, RISK_LABELS, Notification,
    Phase, Recipient, Risk,
)
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.incidents import IncidentInput, IncidentService, IncidentView
from blijf_desktop.ui.aware.step_form import CHOSEN, COMBO, LINE, TEXT, Field, StepForm
from blijf_desktop.ui.incidents.labels import (
    clock_colours, clock_text, incident_problem, moment_text, parse_ids, parse_moment,
)

CLOCK_TICK_MS = 30_000


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _ids_text(ids) -> str:
    return ", ".join(str(i) for i in ids)


def incident_fields(view: IncidentView | None, prefill: IncidentInput | None) -> list[Field]:
    row = view.incident if view else None
    source = row or prefill
    get = (lambda name, default="": getattr(source, name, default) if source else default)
    return [
        Field("kind", _("&Soort incident"), COMBO,
              tuple((k.value, _(label)) for k, label in KIND_LABELS.items()),
              initial=str(getattr(get("kind"), "value", get("kind")) or "")),
        Field("found_at", _("&Ontdekt op"), LINE, initial=moment_text(get("found_at", None)),
              note=_("Datum en tijd waarop Blijf Groep ervan hoorde (dd-mm-jjjj uu:mm). De 72 "
                     "uur voor de melding aan de AP lopen vanaf dit moment.")),
        Field("what_happened", _("&Wat is er gebeurd"), TEXT, initial=get("what_happened"),
              note=_("Zonder namen: noem personen alleen met hun registratienummer.")),
        Field("data_kinds", _("&Gegevens"), CHOSEN,
              tuple((k.value, _(label)) for k, label in DATA_KIND_LABELS.items()),
              checked=frozenset(str(getattr(k, "value", k)) for k in get("data_kinds", ()))),
        Field("person_ids", _("&Betrokkenen (registratienummers)"), LINE,
              initial=_ids_text(get("person_ids", ())), optional=True),
        Field("user_ids", _("Acco&unts (nummers)"), LINE,
              initial=_ids_text(get("user_ids", ())), optional=True),
        Field("risk", _("&Risico"), COMBO,
              tuple((r.value, _(label)) for r, label in RISK_LABELS.items()),
              initial=str(getattr(get("risk", None), "value", get("risk", None)) or ""),
              note=_("Geen risico: geen melding aan de AP (AVG art. 33 lid 1). Hoog risico: "
                     "ook de betrokkenen informeren (art. 34).")),
        Field("risk_reason", _("&Toelichting risico"), TEXT, initial=get("risk_reason"),
              optional=True),
        Field("measures", _("&Maatregelen"), TEXT, initial=get("measures"), optional=True),
        Field("people_exception", _("Betrokkenen &niet geïnformeerd, omdat"), TEXT,
              initial=get("people_exception"), optional=True,
              note=_("Alleen bij hoog risico, als een uitzondering van art. 34 lid 3 geldt.")),
    ]


class IncidentEditor(QWidget):
    """Register (incident_id None) or change an incident. `saved(id)`, `cancelled()`."""

    saved = Signal(int)
    cancelled = Signal()

    def __init__(self, service: IncidentService, view: IncidentView | None = None,
                 prefill: IncidentInput | None = None, now: Callable[[], datetime] = _now,
                 parent=None):
        super().__init__(parent)
        self.service, self.view, self.now = service, view, now
        self.incident_id = view.id if view else None
        self.notifications = [Notification(Recipient(n.recipient), n.at,
                                           Phase(n.phase) if n.phase else None, n.late_reason)
                              for n in (view.notifications if view else ())]
        title = (_("Incident {n} wijzigen").format(n=self.incident_id) if view
                 else _("Nieuw incident vastleggen"))
        self.form = StepForm(
            title, _("Leg elk (mogelijk) datalek vast (AVG art. 33 lid 5) en informeer de "
                     "convenantpartners terstond (convenant art. 9.3)."),
            incident_fields(view, prefill), self._submit,
            _("Dit incident is nog niet vastgelegd. Wat wilt u doen?"),
            _("&Vastleggen"), keep_draft=lambda s: service.save_draft(self.incident_id, s),
            drop_draft=lambda: service.discard_draft(self.incident_id),
            problem_text=incident_problem)
        self.form.saved.connect(self.saved)
        self.form.cancelled.connect(self.cancelled)
        self.clock_label = QLabel()
        self.clock_label.setAccessibleName(_("Termijn melding AP"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.form, 1)
        for name in ("found_at", "risk"):
            widget = self.form.widgets[name]
            signal = getattr(widget, "textChanged", None) or widget.currentIndexChanged
            signal.connect(self.update_clock)
        self.timer = QTimer(self)
        self.timer.setInterval(CLOCK_TICK_MS)
        self.timer.timeout.connect(self.update_clock)
        self.timer.start()
        self.update_clock()
        draft = service.load_draft(self.incident_id)
        if draft:
            self.form.resume_draft(draft, _("Een concept van eerder is teruggezet."))
            self.update_clock()

    def update_clock(self, *_args) -> None:
        found = parse_moment(self.form.widgets["found_at"].text())
        if found is None:
            self.clock_label.setText(_("Melding AP: vul het moment van ontdekken in."))
            background, ink = clock_colours(None)
        else:
            risk_code = self.form.widgets["risk"].currentData()
            clock = rules.ap_clock(found, Risk(risk_code) if risk_code else None,
                                   self.notifications, self.now())
            self.clock_label.setText(_("Melding AP (72 uur): {clock}").format(
                clock=clock_text(clock)))
            background, ink = clock_colours(clock, bool(self.view and self.view.closed))
        self.clock_label.setStyleSheet(
            f"QLabel {{ background:{background}; color:{ink}; font-weight:bold;"
            f" border-radius:6px; padding:8px 12px; }}")

    def _submit(self, data: dict) -> int:
        raw = data["found_at"].strip()
        found = parse_moment(raw) if raw else None
        if raw and found is None:
            raise InvalidInput("found_at", "format")
        ids = {}
        for name in ("person_ids", "user_ids"):
            ids[name] = parse_ids(data[name])
            if ids[name] is None:
                raise InvalidInput(name, "format")
        incident = IncidentInput(
            data["kind"] or "", found, data["what_happened"], data["data_kinds"],
            ids["person_ids"], ids["user_ids"], data["risk"], data["risk_reason"],
            data["measures"], data["people_exception"])
        if self.incident_id is None:
            return self.service.register(incident)
        self.service.change(self.incident_id, incident)
        return self.incident_id

    # -- an editor -------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form.has_unsaved_changes()

    def may_leave(self) -> bool:
        return self.form.may_leave()

    def keep_drafts(self) -> None:
        self.form.save_draft_now()

    def workspace_state(self) -> dict:
        return {"incident_id": self.incident_id, **self.form.workspace_state()}


def notification_form(service: IncidentService, incident_id: int,
                      now: Callable[[], datetime] = _now) -> StepForm:
    """A notification made: to whom, when, the phase for the AP (art. 33(4)), the reason when
    later than 72 hours (33(1))."""

    def submit(data: dict) -> int:
        raw = data["at"].strip()
        at = parse_moment(raw) if raw else None
        if raw and at is None:
            raise InvalidInput("at", "format")
        return service.notify(incident_id, data["recipient"] or "", at, data["phase"],
                              data["reference"], data["late_reason"])

    fields = [
        Field("recipient", _("&Gemeld aan"), COMBO,
              tuple((r.value, _(label)) for r, label in RECIPIENT_LABELS.items())),
        Field("at", _("&Op"), LINE, initial=moment_text(now()),
              note=_("Datum en tijd van de melding (dd-mm-jjjj uu:mm).")),
        Field("phase", _("&Fase (alleen AP)"), COMBO,
              tuple((p.value, _(label)) for p, label in PHASE_LABELS.items()), optional=True),
        Field("reference", _("&Kenmerk"), LINE, optional=True,
              note=_("Bijvoorbeeld het meldnummer van de AP.")),
        Field("late_reason", _("&Reden vertraging"), TEXT, optional=True,
              note=_("Verplicht als de eerste melding aan de AP later is dan 72 uur na het "
                     "ontdekken (AVG art. 33 lid 1).")),
    ]
    return StepForm(_("Melding vastleggen bij incident {n}").format(n=incident_id),
                    _("Convenantpartners: terstond (art. 9.3). AP: binnen 72 uur, eventueel in "
                      "fasen (AVG art. 33). Betrokkenen: bij hoog risico (art. 34)."),
                    fields, submit, _("Deze melding is nog niet vastgelegd. Wat wilt u doen?"),
                    _("&Vastleggen"), problem_text=incident_problem)
