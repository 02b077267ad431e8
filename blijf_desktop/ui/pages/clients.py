"""Cliënten: find anyone in a second (search as you type), open a case, start an intake.

Ctrl+F and Ctrl+N belong to the main window's menu actions (one owner per shortcut); this page
offers the slots. Leaving an open case or intake with unsaved text asks first; over a lock the
page says where the caseworker was (workspace_state) and is put back there after unlocking."""

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.search import MAX_QUERY, MIN_CHARS
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import OtherTeamsCase
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.search_index import SearchIndexService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import MessageLabel, heading
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.search_model import SearchResultsModel
from blijf_desktop.ui.widgets.highlight import HighlightDelegate
from blijf_desktop.ui.widgets.list_table import list_table, replace_shown

SEARCH_DELAY_MS = 150


class ClientsPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.intake = IntakeService(session, today=today)
        self.index = SearchIndexService(session)
        self.today = today
        self.stack = QStackedWidget()
        self.stack.addWidget(self._list_page())
        self.case_widget = None
        self.form = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
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
        self.search.setMaxLength(MAX_QUERY)  # a long paste is cut, the window stays quick
        self.search.setAccessibleName(_("Zoeken"))
        self.search.setMinimumHeight(34)
        self.search.returnPressed.connect(self.open_current)
        new = QPushButton(_("Nieuwe intake (Ctrl+N)"))
        new.clicked.connect(lambda: self.new_intake())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(new)
        self.model = SearchResultsModel(self._fetch)
        self.table = list_table(self.model, _("Zoekresultaten"), (260, 80, 120, 160))
        self.table.setItemDelegate(HighlightDelegate(self.table))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.status.setWordWrap(True)
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
        if stripped and len(stripped) >= MIN_CHARS:
            self._tell_index_progress()
        if len(text) >= MAX_QUERY:
            self.status.setText(self.status.text() + " " + _(
                "De zoektekst is ingekort tot {n} tekens.").format(n=MAX_QUERY))
        if rows:
            self.table.selectRow(0)

    def _tell_index_progress(self) -> None:
        """While the search index is being brought up to date after an upgrade (the status
        bar shows how far), a search may miss people not reached yet: say so."""
        try:
            left = self.index.progress()
        except Exception:  # the note is a courtesy; the search itself has answered
            return
        if left is not None:
            if self.model.rowCount() == 0:
                self.status.setText(_("Niets gevonden."))
            self.status.setText(self.status.text() + " " + _(
                "De zoekindex wordt bijgewerkt ({percent} %): tot dat klaar is, vindt zoeken "
                "mogelijk nog niet iedereen.").format(percent=left.permille // 10))

    def focus_search(self) -> None:
        if not self._may_leave_case():
            return
        if self.form is not None and self.stack.currentWidget() is self.form:
            self.form.save_draft_now()  # the intake stays open behind the list, as a draft too
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

        if not self._may_leave_case():
            return
        try:
            widget = CaseWidget(self.intake, case_id, focus_person=person_id, today=self.today)
        except OtherTeamsCase as other:  # "bekend bij": only with a reason (issue 22)
            if self._break_glass(other):
                self.open_case(case_id, person_id)
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        widget.back.connect(self.show_list)
        self._replace("case_widget", widget)
        widget.tabs.tabBar().setFocus()  # Ctrl+Tab and the arrows go through the tabs at once

    def _break_glass(self, other: OtherTeamsCase) -> bool:
        from blijf_desktop.ui.teams.break_glass_dialog import BreakGlassDialog

        dialog = BreakGlassDialog(self.intake.session, other.case_id, other.team_name, self)
        return dialog.exec() == BreakGlassDialog.DialogCode.Accepted

    def _replace(self, attribute: str, widget: QWidget | None) -> None:
        replace_shown(self, self.stack, attribute, widget)

    def _may_close(self, editor) -> bool:
        """`editor` (the case or the intake) may close: nothing unsaved in it, or the user was
        asked, with it on screen (also when it was hidden behind the other), and answered."""
        if editor is None or not editor.has_unsaved_changes():
            return True
        self.stack.setCurrentWidget(editor)
        return editor.may_leave()

    def _may_leave_case(self) -> bool:
        return self._may_close(self.case_widget)

    def show_list(self) -> None:
        if not self._may_leave_case():
            return
        self._replace("case_widget", None)
        self.stack.setCurrentIndex(0)
        self.run_search()

    # -- a new intake ----------------------------------------------------------------
    def new_intake(self, resume: bool = False) -> None:
        """Open the intake form (the one already open, if any). `resume`: take up the kept
        draft at once instead of offering it (back where she was after a lock)."""
        from blijf_desktop.ui.intake.intake_form import IntakeForm

        if self.form is None:
            form = IntakeForm(self.intake, today=self.today, resume=resume)
            form.saved.connect(self._intake_saved)
            form.cancelled.connect(self._intake_closed)
            self._replace("form", form)
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def _intake_saved(self, case_id: int) -> None:
        self._intake_closed()
        self.open_case(case_id)

    def _intake_closed(self) -> None:
        self._replace("form", None)
        if self.stack.currentIndex() != 0 and self.case_widget is None:
            self.show_list()
        elif self.case_widget is None:
            self.stack.setCurrentIndex(0)

    # -- leaving, lock, quit ------------------------------------------------------------
    def _editors(self) -> list:
        """The open case and intake, the one on screen first."""
        editors = [e for e in (self.case_widget, self.form) if e is not None]
        return sorted(editors, key=lambda e: e is not self.stack.currentWidget())

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self._editors())

    def may_leave(self) -> bool:
        """Ask about every open editor with changes, the one on screen first."""
        return all(self._may_close(editor) for editor in self._editors())

    def keep_drafts(self) -> None:
        """Before the store closes: what is typed in the intake (and in an open case) is kept,
        up to the last key."""
        if self.form is not None:
            self.form.save_draft_now()
        if self.case_widget is not None:
            self.case_widget.keep_drafts()

    def workspace_state(self) -> dict:
        current = self.stack.currentWidget()
        view = "list"
        if self.form is not None and current is self.form:
            view = "intake"
        elif self.case_widget is not None and current is self.case_widget:
            view = "case"
        return {
            "view": view, "search": self.search.text(), "intake": self.form is not None,
            "case": self.case_widget.workspace_state() if self.case_widget else None,
        }

    def restore_workspace(self, state: dict) -> None:
        put_back = state.get("search")
        if isinstance(put_back, str) and put_back:
            self.search.setText(put_back)
            self.run_search()
        case = state.get("case")
        if isinstance(case, dict) and isinstance(case.get("case_id"), int):
            person = case.get("person_id")
            self.open_case(case["case_id"], person if isinstance(person, int) else None)
            if self.case_widget is not None:
                self.case_widget.restore_workspace(case)
        if state.get("intake") is True:
            self.new_intake(resume=True)
        shown = {"list": self.stack.widget(0), "case": self.case_widget, "intake": self.form}
        if shown.get(state.get("view")) is not None:
            self.stack.setCurrentWidget(shown[state["view"]])

    def before_lock(self) -> None:
        """Keep the unfinished intake as a draft, then forget every personal row on screen."""
        self.keep_drafts()
        self._replace("form", None)
        self._replace("case_widget", None)
        self.stack.setCurrentIndex(0)
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.timer.stop()
