"""The informatieplicht of one person, as a small section in her record and below the overview:
what was recorded (informed when and how, or the exception and its reason), the four-week term
(Mensenhandel 23.1), and a form to record it. A refusal is shown next to its field in Dutch and
nothing typed is lost."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain import information_duty as duty
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.validation import date_text, parse_date
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.information_duty import InformationDutyService
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.rights.informed_labels import (
    OVERDUE_COLOUR, exception_label, how_label, outcome_text, problem_text,
)

FIELD_ERROR_STYLE = f"QLabel {{ color:{OVERDUE_COLOUR}; }}"


class InformedSection(QGroupBox):
    recorded = Signal(int)  # person id

    def __init__(self, service: InformationDutyService, person_id: int, parent=None):
        super().__init__(_("Informatieplicht"), parent)
        self.service = service
        self.person_id = person_id
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.message = common.MessageLabel()
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        self.form = QWidget()
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        self._build_form()
        self.refresh()

    # -- the form --------------------------------------------------------------------
    def _build_form(self) -> None:
        form = common.form_layout()
        self.form.setLayout(form)
        self.informed = QRadioButton(_("&Geïnformeerd"))
        self.excepted = QRadioButton(_("&Uitzondering: niet informeren"))
        self.choice = QButtonGroup(self)
        for button in (self.informed, self.excepted):
            self.choice.addButton(button)
            button.toggled.connect(self._choice_changed)
        form.addRow(self.informed)
        self.informed_on = common.line_edit(10)
        self.informed_on.setPlaceholderText(_("dd-mm-jjjj"))
        common.add_row(form, _("&Datum"), self._with_error("informed_on", self.informed_on))
        self.how = QComboBox()
        self.how.addItem("", "")
        for code in duty.How:
            self.how.addItem(how_label(code.value), code.value)
        common.add_row(form, _("Ho&e"), self._with_error("how", self.how))
        form.addRow(self.excepted)
        self.exception = QComboBox()
        # The grounds are long (with their articles): the list opens wide, the box stays narrow.
        self.exception.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.exception.setMinimumContentsLength(30)
        self.exception.addItem("", "")
        common.add_row(form, _("Uitzo&nderingsgrond"), self._with_error("exception",
                                                                        self.exception))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        common.add_row(form, _("&Reden"), self._with_error("reason", self.reason))
        self.save_button = common.primary_button(_("&Vastleggen"))
        self.save_button.clicked.connect(self.save)
        form.addRow(common.button_row(self.save_button))
        self.informed.setChecked(True)

    def _with_error(self, name: str, field: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(FIELD_ERROR_STYLE)
        label.hide()
        column.addWidget(label)
        box.setFocusProxy(field)
        self.errors[name] = label
        return box

    def _choice_changed(self) -> None:
        informed = self.informed.isChecked()
        for field in (self.informed_on, self.how):
            field.setEnabled(informed)
        for field in (self.exception, self.reason):
            field.setEnabled(not informed)

    # -- state -----------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            status = self.service.status(self.person_id)
        except Exception as error:
            self.message.show_error(problem_text(error)[1])
            self.form.hide()
            return
        self.category = status.category
        if not status.applies:
            self.status_label.setText(_(
                "De informatieplicht geldt niet: de gegevens komen van de persoon zelf of, bij "
                "een kind onder de 16, van de ouder die hulp zoekt (art. 14, vijfde lid, onder a "
                "AVG)."))
            self.form.hide()
            return
        text = outcome_text(status.current)
        self.status_label.setStyleSheet("")
        if status.current is None:
            text += " " + _("Vastgelegd op {day}; informeren uiterlijk {due} (Mensenhandel "
                            "23.1).").format(day=date_text(status.recorded_on),
                                             due=date_text(status.due_on))
            if duty.overdue(status.recorded_on, self.service.today()):
                text = _("Termijn verstreken.") + " " + text
                self.status_label.setStyleSheet(f"QLabel {{ color:{OVERDUE_COLOUR}; "
                                                "font-weight:600; }")
        self.status_label.setText(text)
        self.exception.clear()
        self.exception.addItem("", "")
        for ground in duty.exceptions_for(status.category):
            self.exception.addItem(exception_label(ground.code), ground.code)
        self.form.setVisible(may(self.service.session.user.role, Permission.EDIT_PERSONS))

    def has_unsaved_changes(self) -> bool:
        return bool(self.informed_on.text().strip() or self.reason.toPlainText().strip()
                    or self.how.currentIndex() > 0 or self.exception.currentIndex() > 0)

    def show_problem(self, field: str | None, text: str) -> None:
        for label in self.errors.values():
            label.hide()
        if field in self.errors:
            self.errors[field].setText(text)
            self.errors[field].show()
            target = {"informed_on": self.informed_on, "how": self.how,
                      "exception": self.exception, "reason": self.reason}[field]
            target.setFocus()
        else:
            self.message.show_error(text)

    def save(self) -> bool:
        self.message.clear_message()
        try:
            if self.informed.isChecked():
                raw = self.informed_on.text().strip()
                day = parse_date(raw) if raw else None
                if raw and day is None:
                    raise InvalidInput("informed_on", "date_format")
                self.service.record_informed(self.person_id, day, self.how.currentData() or "")
            else:
                self.service.record_exception(self.person_id, self.exception.currentData() or "",
                                              self.reason.toPlainText())
        except Exception as error:  # shown next to the field; the typed text stays
            self.show_problem(*problem_text(error))
            return False
        for label in self.errors.values():
            label.hide()
        self.informed_on.clear()
        self.how.setCurrentIndex(0)
        self.reason.clear()
        self.refresh()
        self.message.show_message(_("Vastgelegd."), "success")
        self.recorded.emit(self.person_id)
        return True

