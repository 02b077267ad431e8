"""Jaarcijfers (issue 21): the figures of a period, for all units or one, each as a table with
its chart beside it; saved as PDF (the same charts) or CSV through the service, which audits
each view and export. Counts only, small cells suppressed (domain/suppression.py).

Keyboard only: Alt+letter reaches the period, the unit and the buttons (never a menu's
letter); Tab walks through every table, each named after its figure (the charts are pictures
and take no focus: the table beside each is its readable form). A period that cannot be
shown is told in Dutch beside its field and nothing typed is lost."""

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import figures as f
from blijf_desktop.domain.validation import parse_date
from blijf_desktop.i18n import _
from blijf_desktop.reports.figure_labels import period_text, unit_text
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.figures import FiguresService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, busy_cursor, explanation, heading, line_edit, page_layout, primary_button,
    secondary_button,
)
from blijf_desktop.ui.figures.labels import date_text, figures_problem
from blijf_desktop.ui.figures.section import FigureSection
from blijf_desktop.ui.messages import error_message

FIELDS = ("date_from", "date_to", "unit")


class FiguresPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.service = FiguresService(session, today=today)
        self.shown = None  # the FigureSet on screen
        self.shown_unit: str | None = None
        self.sections: list[FigureSection] = []
        layout = page_layout(self)
        layout.addWidget(heading(_("Jaarcijfers")))
        layout.addWidget(explanation(_(
            "Aantallen voor de jaarlijkse evaluatie met de politie en de ketenpartners "
            "(convenant Blijf Groep – politie, art. 12; convenant Mensenhandel, art. 19). "
            "Alleen aantallen, nooit een persoon.") + " " + _(f.SUPPRESSION_NOTE) + " "
            + _(f.ROUNDING_NOTE) + " (" + f.ROUNDING_SOURCE + ")"))

        start, end = f.default_period(today())
        self.date_from, self.date_to = line_edit(10), line_edit(10)
        self.date_from.setText(date_text(start))
        self.date_to.setText(date_text(end))
        self.unit = QComboBox()
        self.unit.addItem(unit_text(None), None)
        for code in f.UNIT_COLUMNS:
            self.unit.addItem(unit_text(code), code)
        self.errors = {name: MessageLabel() for name in FIELDS}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, (name, text, field) in enumerate((
                ("date_from", _("&Van:"), self.date_from),
                ("date_to", _("&Tot en met:"), self.date_to),
                ("unit", _("&Eenheid:"), self.unit))):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
            grid.addWidget(self.errors[name], 2, column, Qt.AlignmentFlag.AlignTop)
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(_("dd-mm-jjjj"))
            edit.returnPressed.connect(self.show_figures)
        self.show_button = primary_button(_("Cijfers t&onen"))
        self.show_button.clicked.connect(self.show_figures)
        self.pdf_button = secondary_button(_("&PDF opslaan…"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button = secondary_button(_("C&SV opslaan…"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        for column, button in enumerate((self.show_button, self.pdf_button, self.csv_button)):
            grid.addWidget(button, 1, 3 + column)
        grid.setColumnStretch(6, 1)
        layout.addLayout(grid)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setAccessibleName(_("Cijfers"))
        layout.addWidget(self.scroll, 1)
        self._first = True

    def showEvent(self, event) -> None:  # noqa: N802
        """Counted when first shown, after the area has switched: choosing Jaarcijfers in the
        navigation answers at once, the figures follow a moment later."""
        super().showEvent(event)
        if self._first:
            self._first = False
            QTimer.singleShot(0, self._show_first)

    def _show_first(self) -> None:
        if self.shown is None:
            self.show_figures()

    # -- the period ----------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_message()
        self.message.clear_message()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, InvalidInput) and error.field in self.errors:
            self.errors[error.field].show_error(figures_problem(error.field, error.problem))
            field = {"date_from": self.date_from, "date_to": self.date_to,
                     "unit": self.unit}[error.field]
            field.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.message.show_error(error_message(error))

    def period(self) -> tuple[date | None, date | None, str | None]:
        """What is typed; InvalidInput for a date that is not a date."""
        found = []
        for name, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            text = edit.text().strip()
            day = parse_date(text) if text else None
            if text and day is None:
                raise InvalidInput(name, "date_format")
            found.append(day)
        return found[0], found[1], self.unit.currentData()

    # -- showing -------------------------------------------------------------------------
    def show_figures(self) -> bool:
        self._clear_errors()
        try:
            date_from, date_to, unit = self.period()
            with busy_cursor():
                found = self.service.figures(date_from, date_to, unit)
        except Exception as error:
            self._refused(error)
            return False
        self.shown, self.shown_unit = found, unit
        self.summary.setText(_("{period} — {unit}").format(period=period_text(found),
                                                           unit=unit_text(unit)))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 12, 0)
        self.sections = [FigureSection(table, unit) for table in found.tables]
        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(holder)
        return True

    def section(self, code: str) -> FigureSection:
        return next(s for s in self.sections if s.table_data.figure.code == code)

    # -- saving --------------------------------------------------------------------------
    def save(self, form: str) -> None:
        """The period and unit as typed now, saved where the user chooses."""
        self._clear_errors()
        try:
            date_from, date_to, unit = self.period()
        except InvalidInput as error:
            self._refused(error)
            return
        suffix = {"pdf": "pdf", "csv": "csv"}[form]
        name = "jaarcijfers-%s-%s.%s" % (date_from or "", date_to or "", suffix)
        title = _("PDF opslaan") if form == "pdf" else _("CSV opslaan")
        kinds = _("PDF-bestand (*.pdf)") if form == "pdf" else _("CSV-bestand (*.csv)")
        path, _filter = QFileDialog.getSaveFileName(self, title, name, kinds)
        if not path:
            return
        write = self.service.save_pdf if form == "pdf" else self.service.save_csv
        try:
            with busy_cursor():
                write(path, date_from, date_to, unit)
        except Exception as error:
            self._refused(error)
            return
        self.message.show_message(_("Opgeslagen: {path}").format(path=path), "success")

    # -- where she was -------------------------------------------------------------------
    def workspace_state(self) -> dict:
        return {"date_from": self.date_from.text(), "date_to": self.date_to.text(),
                "unit": self.unit.currentData()}

    def restore_workspace(self, state: dict) -> None:
        """The period and unit typed before the lock; shown when the page is."""
        for name, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            if isinstance(state.get(name), str):
                edit.setText(state[name][:10])
        index = self.unit.findData(state["unit"]) if state.get("unit") else 0
        if index >= 0:
            self.unit.setCurrentIndex(index)
        if self.isVisible():
            self.show_figures()
