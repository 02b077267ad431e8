"""Cliënten: find anyone in a second (search as you type), open a case, start an intake."""

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.search import MIN_CHARS
from blijf_desktop.i18n import _
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import MessageLabel, heading
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.search_model import SearchResultsModel
from blijf_desktop.ui.widgets.highlight import HighlightDelegate

SEARCH_DELAY_MS = 150


class ClientsPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.intake = IntakeService(session, today=today)
        self.today = today
        self.stack = QStackedWidget()
        self.stack.addWidget(self._list_page())
        self.case_widget = None
        self.form = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_intake)
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.run_search()

    # -- the list --------------------------------------------------------------------
    def _list_page(self) -> QWidget:
        page = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("Zoek op naam, geboortedatum, plaats of telefoonnummer (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Zoeken"))
        self.search.setMinimumHeight(34)
        self.search.returnPressed.connect(self.open_current)
        new = QPushButton(_("Nieuwe intake (Ctrl+N)"))
        new.clicked.connect(self.new_intake)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(new)
        self.model = SearchResultsModel(self._fetch)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(HighlightDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 80, 120, 160)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.message = MessageLabel()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("Cliënten")))
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        return page

    def _fetch(self, text: str, offset: int, limit: int):
        return self.intake.find(text, offset, limit)

    def run_search(self) -> None:
        text = self.search.text()
        stripped = text.strip()
        try:
            self.model.set_query(text if len(stripped) >= MIN_CHARS or not stripped else "")
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.clear_message()
        rows = self.model.rowCount()
        if stripped and len(stripped) < MIN_CHARS:
            self.status.setText(_("Typ minstens {n} tekens om te zoeken.").format(n=MIN_CHARS))
        elif not stripped:
            self.status.setText(_("Nieuwste cliënten. Typ om te zoeken in cliënten, kinderen, "
                                  "derden en plegers."))
        elif rows == 0:
            self.status.setText(_("Niets gevonden. Probeer een deel van de naam, een geboortedatum "
                                  "(12-3-1985) of een telefoonnummer."))
        else:
            self.status.setText(_("Gevonden: {n}{more}. Enter opent de casus.").format(
                n=rows, more="+" if self.model.canFetchMore() else ""))
        if rows:
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus()
        self.search.selectAll()

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        hit = self.model.hit(row)
        self.open_case(hit.case_id, hit.person_id)

    # -- a case ----------------------------------------------------------------------
    def open_case(self, case_id: int, person_id: int | None = None) -> None:
        from blijf_desktop.ui.intake.case_view import CaseWidget

        try:
            widget = CaseWidget(self.intake, case_id, focus_person=person_id, today=self.today)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        widget.back.connect(self.show_list)
        self._replace("case_widget", widget)

    def _replace(self, attribute: str, widget: QWidget | None) -> None:
        old = getattr(self, attribute)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        setattr(self, attribute, widget)
        if widget is not None:
            self.stack.addWidget(widget)
            self.stack.setCurrentWidget(widget)

    def show_list(self) -> None:
        self._replace("case_widget", None)
        self.stack.setCurrentIndex(0)
        self.run_search()

    # -- a new intake ----------------------------------------------------------------
    def new_intake(self) -> None:
        from blijf_desktop.ui.intake.intake_form import IntakeForm

        if self.form is not None:
            self.stack.setCurrentWidget(self.form)
            return
        form = IntakeForm(self.intake, today=self.today)
        form.saved.connect(self._intake_saved)
        form.cancelled.connect(self._intake_closed)
        self._replace("form", form)

    def _intake_saved(self, case_id: int) -> None:
        self._intake_closed()
        self.open_case(case_id)

    def _intake_closed(self) -> None:
        self._replace("form", None)
        if self.stack.currentIndex() != 0 and self.case_widget is None:
            self.show_list()
        elif self.case_widget is None:
            self.stack.setCurrentIndex(0)

    # -- lock --------------------------------------------------------------------------
    def before_lock(self) -> None:
        """Keep the unfinished intake as a draft, then forget every personal row on screen."""
        if self.form is not None:
            self.form.save_draft_now()
        self._replace("form", None)
        self._replace("case_widget", None)
        self.stack.setCurrentIndex(0)
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.timer.stop()

    def after_unlock(self) -> None:
        self.run_search()
