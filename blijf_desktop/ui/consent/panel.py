"""The Toestemming panel of a case (issue 18): its consents with state, scope and period; a
form to prepare one (an editor: leaving with typed text asks, a lock keeps it); verification by
a second teamleider; refusal and withdrawal with a reason; the history of the chosen consent;
and the open follow-up tasks, each recipient closed with "Vastleggen dat geïnformeerd".

Reaches the store only through services/. `ConsentPanel(session, case_id, today=...)`; the
main window's case view places it (not wired here)."""

from datetime import date, datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from blijf_desktop.domain.consent import (
    EXPIRY_DAYS, EXPIRY_NOTE, Consent, Scope, State, Weighing, WEIGHING_PARTS, fingerprint,
)
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.ui.consent import labels
from blijf_desktop.ui.consent.dialogs import ReasonDialog, TellDialog, VerifyDialog
from blijf_desktop.ui.consent.form import prepare_form
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, explanation, heading, secondary_button,
)
from blijf_desktop.ui.intake.parts import section_heading
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_table import list_table, replace_shown

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONSENT_WIDTHS = (40, 150, 200, 220, 180)
HISTORY_WIDTHS = (130, 250, 150, 200)
TASK_WIDTHS = (170, 300, 110)


def _moment(stamp: str) -> str:
    return format_datetime(datetime.fromisoformat(stamp).astimezone(), "short")


def _model(headers: list[str], rows: list[tuple[object, list[str]]]) -> QStandardItemModel:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for r, (key, texts) in enumerate(rows):
        for c, text in enumerate(texts):
            item = QStandardItem(text)
            item.setData(key, ID_ROLE)
            model.setItem(r, c, item)
    return model


def _show(table, model: QStandardItemModel, widths: tuple[int, ...]) -> None:
    """A new model resets the columns: give them their widths again."""
    table.setModel(model)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)


class ConsentPanel(QWidget):
    def __init__(self, session, case_id: int, today: Callable[[], date] = date.today,
                 parent=None):
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.today = today
        self.service = ConsentService(session, today=today)
        role = session.user.role
        self.may_manage = may(role, Permission.MANAGE_CONSENT)
        self.may_verify = may(role, Permission.VERIFY_CONSENT)
        self.consents: dict[int, Consent] = {}
        self.names: dict[int, str] = {}
        self.signals = []
        self.form = None
        self.dialog = None  # the one open, for tests and the lock
        self.message = MessageLabel()

        self.table = list_table(QStandardItemModel(), _("Toestemmingen van deze casus"),
                                CONSENT_WIDTHS)
        self.prepare_button = secondary_button(_("&Nieuwe toestemming voorbereiden"))
        self.verify_button = secondary_button(_("&Verifiëren…"))
        self.refuse_button = secondary_button(_("&Weigeren…"))
        self.withdraw_button = secondary_button(_("&Intrekken…"))
        self.details = explanation("")  # all a verifier verifies of the chosen consent
        self.details.setAccessibleName(_("De gekozen toestemming"))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_table = list_table(QStandardItemModel(), _("Geschiedenis van de gekozen "
                                                              "toestemming"),
                                        HISTORY_WIDTHS)
        self.tasks_table = list_table(QStandardItemModel(), _("Ontvangers die nog geïnformeerd "
                                                            "moeten worden"),
                                      TASK_WIDTHS)
        self.tell_button = secondary_button(_("Vastleggen dat &geïnformeerd…"))
        self.prepare_button.clicked.connect(self.open_form)
        self.verify_button.clicked.connect(self.verify_chosen)
        self.refuse_button.clicked.connect(self.refuse_chosen)
        self.withdraw_button.clicked.connect(self.withdraw_chosen)
        self.tell_button.clicked.connect(self.tell_chosen)

        overview = QWidget()
        layout = QVBoxLayout(overview)
        layout.addWidget(heading(_("Toestemming")))
        layout.addWidget(explanation(_(
            "Gegevens uit een signaal gaan alleen naar het RIEC, of worden alleen "
            "strafrechtelijk of bestuursrechtelijk ingezet, met een actieve toestemming van "
            "Blijf Groep als leverende ketenpartner (Mensenhandel 12.17, 21.5). Een tweede "
            "teamleider verifieert; een verzoek dat niemand binnen {days} dagen verifieert, "
            "verloopt.").format(days=EXPIRY_DAYS)))
        layout.addWidget(self.message)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details)
        layout.addLayout(button_row(self.verify_button, self.refuse_button,
                                    self.withdraw_button, left=(self.prepare_button,)))
        layout.addWidget(section_heading(_("Geschiedenis")))
        layout.addWidget(self.history_table, 1)
        layout.addWidget(section_heading(_("Open taken: ontvangers informeren")))
        layout.addWidget(self.tasks_table, 1)
        layout.addLayout(button_row(self.tell_button))
        self.overview = overview
        self.stack = QStackedWidget()
        self.stack.addWidget(overview)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.refresh()

    # -- showing -----------------------------------------------------------------------
    def refresh(self, chosen: int | None = None) -> None:
        try:
            people = IntakeService(self.session).case(self.case_id).people
            self.names = {p.id: " ".join(x for x in (p.data.first_names, p.data.prefix,
                                                     p.data.last_name) if x) for p in people}
            found = self.service.for_case(self.case_id)
            tasks = self.service.open_tasks(self.case_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.consents = {c.id: c for c in found}
        self.people = people
        _show(self.table, _model(
            [_("Nr"), _("Stand"), _("Ontvangers"), _("Doelen"), _("Personen"), _("Periode")],
            [(c.id, [str(c.id), labels.state(c.state),
                     labels.listed(c.scope.recipients, labels.recipient),
                     labels.listed(c.scope.purposes, labels.purpose),
                     labels.listed(c.scope.person_ids, lambda p: self.names.get(p, str(p))),
                     labels.period(c)]) for c in reversed(found)]), CONSENT_WIDTHS)
        self.table.selectionModel().currentRowChanged.connect(self._chosen_changed)
        _show(self.tasks_table, _model(
            [_("Taak"), _("Ontvanger"), _("Verstrekt op")],
            [(item.id, [labels.task_kind(task.kind), labels.recipient(item.recipient),
                        labels.day(item.exchanged_on)])
             for task in tasks for item in task.items if not item.closed]), TASK_WIDTHS)
        if chosen is not None:
            self.choose(chosen)
        elif found:
            self.table.selectRow(0)
        self._chosen_changed()

    def chosen(self) -> Consent | None:
        index = self.table.currentIndex()
        key = index.data(ID_ROLE) if index.isValid() else None
        return self.consents.get(key)

    def choose(self, consent_id: int) -> None:
        model = self.table.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(ID_ROLE) == consent_id:
                self.table.selectRow(row)

    def _chosen_changed(self, *_args) -> None:
        consent = self.chosen()
        state = consent.state if consent else None
        self.prepare_button.setEnabled(self.may_manage)
        self.verify_button.setEnabled(self.may_verify and state is State.ONTWERP)
        self.refuse_button.setEnabled(self.may_manage and state is State.ONTWERP)
        self.withdraw_button.setEnabled(self.may_manage and state is State.ACTIEF)
        self.tell_button.setEnabled(self.may_manage and self.tasks_table.model().rowCount() > 0)
        self.details.setText(labels.consent_details(consent, self.names) if consent else "")
        self.details.setVisible(consent is not None)
        rows = []
        if consent is not None:
            for entry in reversed(self.service.history(consent.id)):
                reason = (_(EXPIRY_NOTE).format(days=EXPIRY_DAYS) if entry.change == "verlopen"
                          else entry.reason)
                rows.append((entry.id, [_moment(entry.changed_at), labels.change(entry.change),
                                        labels.state(entry.state),
                                        entry.changed_by_name or _("Blijf Desktop (termijn)"),
                                        reason]))
        _show(self.history_table, _model(
            [_("Wanneer"), _("Wat"), _("Stand"), _("Door"), _("Reden")], rows), HISTORY_WIDTHS)

    # -- acting ------------------------------------------------------------------------
    def open_form(self) -> None:
        try:  # a signal may have been written since the panel was shown
            self.signals = SignalService(self.session).for_case(self.case_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.form = prepare_form(self.people, self.signals, self.today, self._submit)
        self.form.saved.connect(self._form_saved)
        self.form.cancelled.connect(self.close_form)
        self.stack.addWidget(self.form)
        self.stack.setCurrentWidget(self.form)
        first = self.form.first_field()
        if first is not None:
            first.setFocus()

    def _submit(self, data: dict) -> int:
        scope = Scope(set(data["recipients"]), set(data["purposes"]), set(data["persons"]),
                      set(data["kinds"]), data["valid_from"], data["valid_until"],
                      identifiable=data["identifiable"] is True,  # "— kies —": anonymised
                      signal_ids=set(data["signals"]))
        weighing = Weighing(**{part: data[f"weighing_{part}"] for part in WEIGHING_PARTS})
        return self.service.prepare(self.case_id, scope, data["grantor"] or "",
                                    data["client_position"] or "", data["position_reason"],
                                    weighing, client_informed=bool(data["client_informed"]))

    def _form_saved(self, consent_id: int) -> None:
        self.close_form()
        self.refresh(consent_id)

    def close_form(self) -> None:
        if self.form is not None:
            replace_shown(self, self.stack, "form", None)
        self.stack.setCurrentWidget(self.overview)

    def _run(self, dialog, refresh_always: bool = False) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        if dialog.exec() or refresh_always:
            self.refresh(getattr(self, "_keep", None))

    def verify_chosen(self) -> None:
        """She verifies the consent as this panel shows it: its fingerprint goes along, and a
        consent changed since is refused (then the panel reads it again)."""
        consent = self.chosen()
        if consent is None:
            return
        self._keep = consent.id
        seen = fingerprint(consent)
        self._run(VerifyDialog(
            lambda user, secret: self.service.verify(consent.id, user, secret, seen=seen),
            self, summary=labels.consent_details(consent, self.names)), refresh_always=True)

    def refuse_chosen(self) -> None:
        consent = self.chosen()
        if consent is None:
            return
        self._keep = consent.id
        self._run(ReasonDialog(_("Toestemming weigeren"), _(
            "De toestemming wordt niet geverifieerd. Schrijf op waarom."), _("&Weigeren"),
            lambda reason, _on: self.service.refuse(consent.id, reason), parent=self))

    def withdraw_chosen(self) -> None:
        consent = self.chosen()
        if consent is None:
            return
        self._keep = consent.id
        self._run(ReasonDialog(_("Toestemming intrekken"), _(
            "Na intrekken gaat er onder deze toestemming niets meer weg. Wie al gegevens "
            "ontving, komt in de open taken: informeer elke ontvanger."), _("&Intrekken"),
            lambda reason, on: self.service.withdraw(consent.id, reason, on),
            today=self.today(), parent=self))

    def tell_chosen(self) -> None:
        index = self.tasks_table.currentIndex()
        if not index.isValid():
            index = self.tasks_table.model().index(0, 0)
        item_id = index.data(ID_ROLE)
        if item_id is None:
            return
        who = self.tasks_table.model().index(index.row(), 1).data()
        self._keep = getattr(self.chosen(), "id", None)
        self._run(TellDialog(who, lambda on, how: self.service.close_item(item_id, on, how),
                             self.today(), self))

    # -- an editor ---------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form is not None and self.form.has_unsaved_changes()

    def may_leave(self) -> bool:
        return self.form is None or self.form.may_leave()

    def workspace_state(self) -> dict:
        return {"form": self.form.workspace_state()} if self.form is not None else {}

    def restore_workspace(self, state: dict) -> None:
        if state.get("form"):
            self.open_form()
            self.form.restore_workspace(state["form"])

