"""One AWARE-traject: where it stands, what is late, every step with who and when, and the
next allowed actions as buttons, each opening its small form (ui/aware/step_form.py) in place.
The buttons are what services/aware.py allows this user now; the service checks again.

What she types in a step's form is kept as an encrypted draft a moment after she stops typing
(through the service): opening the form again puts it back, with a quiet line saying so. A
draft for an action the traject no longer allows is dropped when the traject is shown."""

import logging
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QStackedWidget,
    QVBoxLayout, QWidget,
)

from blijf_desktop.domain import aware
from blijf_desktop.domain.measures import MEASURES
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import UNITS
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.services.aware import REVIEW_ACTION, AwareService, TrajectView
from blijf_desktop.services.aware_documents import ADVICE, REQUEST, AwareDocumentService
from blijf_desktop.ui.aware import labels
from blijf_desktop.ui.aware.document_preview import DocumentPreviewDialog
from blijf_desktop.ui.aware.step_fields import ACTION_LABELS, fields_for
from blijf_desktop.ui.aware.step_form import StepForm
from blijf_desktop.ui.dialogs.common import MessageLabel, boxed, heading, secondary_button
from blijf_desktop.ui.messages import error_message

log = logging.getLogger(__name__)


def _when(created_at: str) -> str:
    moment = datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone()
    return f"{labels.day(moment.date())} {moment:%H:%M}"


def draft_time(saved_at: str) -> str:
    """When a draft was kept (UTC in the store), as she reads it."""
    moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00")).astimezone()
    return format_datetime(moment, "short")


def step_summary(step) -> str:
    """The step's data in a line or two (the full data stays in the store)."""
    d = step.data
    if step.kind == REVIEW_ACTION:
        return _("Evaluatie {day}: contact {contact}, nog nodig {needed}. {incidents}").format(
            day=labels.day(d["reviewed_on"]), contact=_("ja") if d["contact"] else _("nee"),
            needed=_("ja") if d["still_needed"] else _("nee"), incidents=d.get("incidents", ""))
    state = step.state
    if state == "informatie_gevraagd":
        return _("{unit}, antwoord vóór {day}").format(unit=_(UNITS[d["unit"]].label),
                                                      day=labels.day(d["answer_by"]))
    if state == "informatie_ontvangen":
        return _("{n} ontvangst(en) vastgelegd").format(n=len(d.get("exchange_ids", [])))
    if state == "advies_opgesteld":
        chosen = [_(text) for c, text in MEASURES.items() if d["measures"].get(c)]
        return "; ".join(chosen)
    if state in ("toegekend", "afgewezen"):
        who = ", ".join(_(aware.COMMITTEE[c]) for c in d["committee"])
        return _("{day}, met {who}: {reasons}").format(day=labels.day(d["decided_on"]), who=who,
                                                      reasons=d["reasons"])
    if state == "aangesloten":
        return _("{day}, alarm {device}, tot {end}").format(
            day=labels.day(d["connected_on"]), device=d["device"], end=labels.day(d["end_date"]))
    if state == "verlengd":
        return _("tot {end}: {reason}").format(end=labels.day(d["new_end_date"]),
                                               reason=d["reason"])
    if state == "beeindigd":
        return _("{reason} — overdracht aan {to} op {day}").format(
            reason=d["reason"], to=_(aware.HANDOVER_TARGETS[d["handover"]]),
            day=labels.day(d["handover_on"]))
    return ""


class TrajectPanel(QWidget):
    back = Signal()
    changed = Signal()

    def __init__(self, service: AwareService, traject_id: int, intake=None, today=date.today,
                 parent=None):
        super().__init__(parent)
        self.service = service
        self.intake = intake
        self.today = today
        self.traject_id = traject_id
        self.form: StepForm | None = None
        self.form_action: str | None = None
        self.view: TrajectView | None = None
        self.stack = QStackedWidget()
        self.detail = QWidget()
        self.stack.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.message = MessageLabel()
        self.title = heading("")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.late = boxed("", "error")
        self.steps = QListWidget()
        self.steps.setAccessibleName(_("Stappen van dit traject"))
        self.steps.setWordWrap(True)
        self.steps.setSpacing(3)
        self.steps.setStyleSheet("QListWidget::item { padding: 4px 8px;"
                                 " border-bottom: 1px solid #dddddd; }")
        self.actions_row = QHBoxLayout()
        back = QPushButton(_("← Terug"))
        back.clicked.connect(self.back.emit)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        column = QVBoxLayout(self.detail)
        column.addLayout(top)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(self.late)
        column.addWidget(self.message)
        column.addWidget(QLabel(_("Stappen:")))
        column.addWidget(self.steps, 1)
        column.addLayout(self.actions_row)
        self.action_buttons: dict[str, QPushButton] = {}
        self.reload()

    def reload(self) -> None:
        try:
            self.view = view = self.service.traject(self.traject_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        facts = view.facts
        self.title.setText(_("AWARE-traject {id} · casus {case}").format(
            id=view.id, case=view.traject.case_id))
        parts = [_("Stap: {state}").format(state=labels.state(view.state))]
        if facts.unit:
            parts.append(_("Eenheid: {unit}").format(unit=_(UNITS[facts.unit].label)))
        if view.awaiting_police and facts.answer_by:
            parts.append(_("Politie-antwoord verwacht vóór {day}").format(
                day=labels.day(facts.answer_by)))
        if view.next_review:
            parts.append(_("Volgende evaluatie: {day}").format(day=labels.day(view.next_review)))
        if facts.end_date and view.state in aware.CONNECTED:
            parts.append(_("Einddatum: {day}").format(day=labels.day(facts.end_date)))
        if view.person_names:
            parts.append(_("Betrokkenen: {names}").format(
                names=", ".join(view.person_names.values())))
        self.status.setText(" · ".join(parts))
        late = labels.attention(view)
        self.late.setText(_("Let op: {what}").format(what=", ".join(late)) if late else "")
        self.late.setVisible(bool(late))
        self.steps.clear()
        for step in view.traject.steps:
            name = (_("evaluatie") if step.kind == REVIEW_ACTION else labels.state(step.state))
            text = f"{_when(step.created_at)} · {name} · {step.user_name}"
            summary = step_summary(step)
            self.steps.addItem(QListWidgetItem(f"{text}\n{summary}" if summary else text))
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.action_buttons = {}
        for action in view.actions:
            button = secondary_button(_(ACTION_LABELS[action]))
            button.clicked.connect(lambda _checked=False, a=action: self.open_form(a))
            self.actions_row.addWidget(button)
            self.action_buttons[action] = button
        self.actions_row.addStretch(1)
        self.document_buttons: dict[str, QPushButton] = {}
        if may(self.service.session.user.role, Permission.AWARE_REQUEST):
            done = {step.state for step in view.traject.steps if step.kind != REVIEW_ACTION}
            for kind, state, text in (
                    (REQUEST, "informatie_gevraagd", _("Informatieverzoek bekijken")),
                    (ADVICE, "advies_opgesteld", _("Veiligheidsadvies bekijken"))):
                if state in done:
                    button = secondary_button(text)
                    button.clicked.connect(lambda _checked=False, k=kind: self.open_document(k))
                    self.actions_row.addWidget(button)
                    self.document_buttons[kind] = button
        if not view.actions:
            self.actions_row.insertWidget(0, QLabel(_("Geen stap die u nu kunt zetten.")))
        self._mark_drafts()

    def _mark_drafts(self) -> None:
        """Her drafts of this traject, on their buttons; the service drops those whose action
        the traject no longer allows."""
        try:
            drafts = self.service.step_drafts(self.traject_id)
        except Exception as error:  # the steps are shown; a draft waits for the next time
            log.warning("aware drafts not read: %s", type(error).__name__)
            return
        for action, draft in drafts.items():
            button = self.action_buttons.get(action)
            if button is not None:
                text = _("Er staat een concept klaar van {when}.").format(
                    when=draft_time(draft.saved_at))
                button.setToolTip(text)
                button.setAccessibleDescription(text)

    # -- the documents -------------------------------------------------------------------
    def document_dialog(self, kind: str) -> DocumentPreviewDialog:
        documents = AwareDocumentService(self.service.session, today=self.service.today)
        return DocumentPreviewDialog(documents, self.traject_id, kind, parent=self)

    def open_document(self, kind: str) -> None:
        dialog = self.document_dialog(kind)
        dialog.exec()
        dialog.deleteLater()

    # -- a step's form -------------------------------------------------------------------
    def open_form(self, action: str, restore: dict | None = None) -> bool:
        """The action's form, with her draft put back (or `restore`: the state kept over a
        lock), the cursor in its first field."""
        if self.form is not None and not self.form.may_leave():
            return False
        with_children = False
        if self.intake is not None and action == "advies_opgesteld":
            case = self.intake.case(self.view.traject.case_id)
            with_children = any(p.data.category is Category.CHILD for p in case.people)
        title, intro, fields = fields_for(action, self.today, with_children=with_children,
                                          end_date=self.view.facts.end_date)
        if action == REVIEW_ACTION:
            submit = lambda data: self.service.review(self.traject_id, data)  # noqa: E731
        else:
            submit = lambda data: self.service.step(self.traject_id, action, data)  # noqa: E731
        title = _("{step} · traject {id}, casus {case}").format(
            step=title, id=self.traject_id, case=self.view.traject.case_id)
        traject_id = self.traject_id
        form = StepForm(
            title, intro, fields, submit, _("Deze stap is nog niet vastgelegd. Nu vastleggen?"),
            keep_draft=lambda state: self.service.save_step_draft(traject_id, action, state),
            drop_draft=lambda: self.service.discard_step_draft(traject_id, action))
        form.saved.connect(self._step_saved)
        form.cancelled.connect(self.show_detail)
        self._close_form()
        self.form, self.form_action = form, action
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        if restore is not None:
            form.restore_workspace(restore)
        else:
            draft = self._draft(action)
            if draft is not None:
                form.resume_draft(draft.payload, _("Concept van {when} teruggezet.").format(
                    when=draft_time(draft.saved_at)))
        first = form.first_field()
        if first is not None:
            first.setFocus()
        return True

    def _draft(self, action: str):
        try:
            return self.service.step_draft(self.traject_id, action)
        except Exception as error:  # the form opens empty; the draft stays for later
            log.warning("aware draft not read: %s", type(error).__name__)
            return None

    def keep_drafts(self) -> None:
        """Before the store closes: what is typed in the open form, up to the last key."""
        if self.form is not None:
            self.form.save_draft_now()

    def _close_form(self) -> None:
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
        self.form = self.form_action = None

    def _step_saved(self, _new_id: int) -> None:
        self._close_form()
        self.show_detail()
        self.changed.emit()

    def show_detail(self) -> None:
        if self.form is not None and not self.form.has_unsaved_changes():
            self._close_form()
        self.stack.setCurrentWidget(self.detail)
        self.reload()

    # -- the editor rule -----------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form is not None and self.form.has_unsaved_changes()

    def may_leave(self) -> bool:
        if not self.has_unsaved_changes():
            return self.form is None or self.form.may_leave()  # an emptied form: no draft
        self.stack.setCurrentWidget(self.form)
        if self.form.may_leave():
            self._close_form()
            return True
        return False

    def workspace_state(self) -> dict:
        state = {"traject_id": self.traject_id}
        if self.form is not None:
            state["action"] = self.form_action
            state["form"] = self.form.workspace_state()
        return state

    def restore_workspace(self, state: dict) -> None:
        action = state.get("action")
        if isinstance(action, str) and self.view is not None and action in self.view.actions:
            form = state.get("form")
            self.open_form(action, form if isinstance(form, dict) else None)
