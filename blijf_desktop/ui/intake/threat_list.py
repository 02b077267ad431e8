"""Dreigingsinformatie of a case: dated entries the client gave ("door betrokkene aangedragen
informatie"), who recorded them, and a short form to add one. The location field is shown only
when the entry is about a location (a field that is shown is saved). Leaving the form with
text in it asks first (ui/unsaved.py)."""

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
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.intake.parts import plain_text, put_text
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
        self.description.setTabChangesFocus(True)
        self.add_button = add = QPushButton(_("Dreiging vastleggen"))
        add.clicked.connect(self.add_entry)
        self.form = form = QFormLayout()
        form.addRow(_("Datum"), self.when)
        form.addRow(_("Over"), self.about)
        form.addRow(_("Locatie"), self.location)
        form.addRow(_("Beschrijving"), self.description)
        for label, field in ((_("Datum"), self.when), (_("Over"), self.about),
                             (_("Locatie"), self.location), (_("Beschrijving"), self.description)):
            field.setAccessibleName(label)
        self.about.currentIndexChanged.connect(self._about_changed)
        self._about_changed()
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

    def _about_changed(self) -> None:
        self.form.setRowVisible(self.location, self.about.currentData() == LOCATION)

    # -- unsaved text ------------------------------------------------------------------
    def _typed(self) -> dict:
        return {"when": self.when.text(), "about": self.about.currentData(),
                "location": self.location.text() if self.about.currentData() == LOCATION else "",
                "description": plain_text(self.description)}

    def has_unsaved_changes(self) -> bool:
        typed = self._typed()
        return bool(trim(typed["description"]) or trim(typed["location"]))

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("De dreiging die u typte is nog niet vastgelegd."),
                             save=self.add_entry, discard=self._clear_form)

    def workspace_state(self) -> dict:
        return self._typed() if self.has_unsaved_changes() else {}

    def restore_workspace(self, state: dict) -> None:
        if not state:
            return
        put_text(self.when, str(state.get("when", "")))
        self.about.setCurrentIndex(max(self.about.findData(state.get("about")), 0))
        put_text(self.location, str(state.get("location", "")))
        put_text(self.description, str(state.get("description", "")))

    def _clear_form(self) -> None:
        self.description.clear()
        self.location.clear()

    def add_entry(self) -> bool:
        """True when the entry was recorded; otherwise the form keeps it and says why."""
        when = past_date(self.when.text(), self.today())
        if when.error or when.value is None:
            self.message.show_error(field_problem(when.error or "required"))
            return False
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
            return False
        self.message.clear_message()
        self._clear_form()
        self._fill(self.case)
        return True
