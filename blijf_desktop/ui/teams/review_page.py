"""Toegang andere teams: the review list of break-the-glass (issue 22; Blijf 6.1, 9.1).

The owning team's teamleider sees every opening of her team's cases by someone outside it;
the functioneel beheerder sees every team's. Each row is marked Gezien, or Navragen with a
note (what she will ask); nobody marks her own."""

from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QHeaderView, QTableWidgetItem, QWidget

from blijf_desktop.domain.need_to_know import (BREAK_GLASS_LABELS, REVIEW_LABELS,
                                               REVIEW_NOTE_MAX, BreakGlassReason, ReviewVerdict)
from blijf_desktop.i18n import N_, _, format_datetime
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, line_edit,
    scrolling_page_layout, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_table import read_only_table

COLUMNS = (N_("Wanneer"), N_("Wie"), N_("Casus"), N_("Team"), N_("Reden"), N_("Toelichting"),
           N_("Beoordeling"))


def reason_label(code: str) -> str:
    try:
        return _(BREAK_GLASS_LABELS[BreakGlassReason(code)])
    except ValueError:
        return code


def verdict_text(row) -> str:
    if row.verdict is None:
        return _("nog niet beoordeeld")
    text = _(REVIEW_LABELS[ReviewVerdict(row.verdict)]) + " — " + row.reviewed_by
    return text + (f": {row.note}" if row.note else "")


def review_problem(field: str, problem: str) -> str:
    messages = {
        ("note", "required"): _("Schrijf op wat u wilt navragen."),
        ("break", "own"): _("U kunt uw eigen opening niet zelf beoordelen."),
        ("break", "unknown"): _("Kies een regel uit de lijst."),
    }
    return messages.get((field, problem)) or error_message(InvalidInput(field, problem))


class BreakGlassReviewPage(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = BreakGlassService(session)
        self._rows = []
        self.open_only = QCheckBox(_("Alleen nog niet beoordeelde &openingen"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.table = read_only_table([_(c) for c in COLUMNS], _("Openingen van casussen door andere "
                                                      "teams"))
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the text: what is left
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(200)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.note = line_edit(REVIEW_NOTE_MAX)
        self.note.setPlaceholderText(_("Bij navragen: wat u wilt vragen"))
        self.seen_button = secondary_button(_("Ge&zien"))
        self.seen_button.clicked.connect(lambda: self.review(ReviewVerdict.SEEN))
        self.ask_button = secondary_button(_("Na&vragen"))
        self.ask_button.clicked.connect(lambda: self.review(ReviewVerdict.ASK))
        self.message = MessageLabel()

        layout = scrolling_page_layout(self)
        layout.addWidget(heading(_("Toegang andere teams")))
        layout.addWidget(explanation(_(
            "Elke keer dat iemand buiten het team een casus opende, met de reden die zij gaf "
            "(convenant art. 6.1). Markeer elke regel als gezien, of als navragen met wat u "
            "wilt vragen.")))
        layout.addWidget(self.open_only)
        layout.addWidget(self.table, 1)
        form = form_layout()
        add_row(form, _("&Notitie:"), self.note)
        layout.addLayout(form)
        layout.addLayout(button_row(left=(self.seen_button, self.ask_button)))
        layout.addWidget(self.message)
        self.setTabOrder(self.open_only, self.table)
        self.setTabOrder(self.table, self.note)
        self.setTabOrder(self.note, self.seen_button)
        self.setTabOrder(self.seen_button, self.ask_button)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        try:
            self._rows = self.service.review_list(open_only=self.open_only.isChecked())
        except Exception as error:
            self.message.show_error(error_message(error))
            self._rows = []
        self.table.setRowCount(len(self._rows))
        for index, shown in enumerate(self._rows):
            row = shown.row
            cells = (format_datetime(datetime.fromisoformat(row.at).astimezone(), "short"), row.user_name, str(row.case_id),
                     shown.team_name, reason_label(row.reason_code), row.text,
                     verdict_text(row))
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
            if row.id == select_id:
                self.table.selectRow(index)
        self.table.resizeRowsToContents()
        if self._rows and select_id is None:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()].row if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.seen_button.setEnabled(chosen)
        self.ask_button.setEnabled(chosen)

    def review(self, verdict: ReviewVerdict) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self.service.review(row.id, verdict, self.note.text())
        except InvalidInput as refused:  # beside the note; what was typed stays
            self.message.show_error(review_problem(refused.field, refused.problem))
            self.note.setFocus()
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.note.clear()
        self.message.show_message(_("Beoordeling vastgelegd."), "info")
        self.refresh(None if self.open_only.isChecked() else row.id)
