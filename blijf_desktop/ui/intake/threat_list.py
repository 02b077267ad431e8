"""Dreigingsinformatie of a case: dated entries the client gave ("door betrokkene aangedragen
informatie"), who recorded them, and a short form to add one."""

from datetime import date, datetime

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.people import ThreatEntry
from blijf_desktop.domain.validation import past_date, trim
from blijf_desktop.i18n import _, format_date, format_datetime
from blijf_desktop.services.intake import CaseView, IntakeService
from blijf_desktop.ui.dialogs.common import MessageLabel
from blijf_desktop.ui.intake.parts import plain_text
from blijf_desktop.ui.messages import error_message, field_problem

LOCATION = -1


class ThreatList(QWidget):
    def __init__(self, intake: IntakeService, case: CaseView, today=date.today, parent=None):
        super().__init__(parent)
        self.intake = intake
        self.case = case
        self.today = today
        self.entries = QVBoxLayout()
        self.message = MessageLabel()
        self.when = QLineEdit(today().strftime("%d-%m-%Y"))
        self.about = QComboBox()
        for person in case.people:
            if person.data.category.value in (1, 2):  # the client herself or a child
                self.about.addItem(person.data.full_name(), person.id)
        self.about.addItem(_("een locatie"), LOCATION)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("bijvoorbeeld: school van de kinderen"))
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(_("Wat vertelt de cliënt?"))
        self.description.setFixedHeight(90)
        add = QPushButton(_("Dreiging vastleggen"))
        add.clicked.connect(self.add_entry)
        form = QFormLayout()
        form.addRow(_("Datum"), self.when)
        form.addRow(_("Over"), self.about)
        form.addRow(_("Locatie"), self.location)
        form.addRow(_("Beschrijving"), self.description)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        layout = QVBoxLayout(self)
        source = QLabel(_("Door betrokkene aangedragen informatie."))
        source.setStyleSheet("color:#555;")
        layout.addWidget(source)
        layout.addLayout(self.entries)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._fill(case)

    def _fill(self, case: CaseView) -> None:
        while self.entries.count():
            old = self.entries.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        names = {p.id: p.data.full_name() for p in case.people}
        if not case.threats:
            self.entries.addWidget(QLabel(_("Nog geen dreigingsinformatie vastgelegd.")))
        for record in case.threats:
            entry = record.entry
            about = names.get(entry.about_person_id) or entry.about_location
            recorded = format_datetime(datetime.fromisoformat(record.recorded_at).astimezone(), "short")
            label = QLabel(_("{date} — over {about}\n{text}\nVastgelegd door {who}, {when}").format(
                date=format_date(entry.noted_on, "long"), about=about, text=entry.description,
                who=record.recorded_by, when=recorded))
            label.setWordWrap(True)
            label.setStyleSheet("QLabel { background:#f6f7f9; border:1px solid #dde1e6;"
                                " border-radius:6px; padding:8px; }")
            self.entries.addWidget(label)

    def add_entry(self) -> None:
        when = past_date(self.when.text(), self.today())
        if when.error or when.value is None:
            self.message.show_error(field_problem(when.error or "required"))
            return
        about = self.about.currentData()
        entry = ThreatEntry(
            noted_on=when.value, description=trim(plain_text(self.description)),
            about_person_id=None if about == LOCATION else about,
            about_location=trim(self.location.text()) if about == LOCATION else "",
        )
        try:
            self.intake.add_threat(self.case.case_id, entry)
            self.case = self.intake.case(self.case.case_id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.clear_message()
        self.description.clear()
        self.location.clear()
        self._fill(self.case)
