"""The rectification trail of one person: old value, new value, who, when."""

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from blijf_desktop.domain.people import FIELD_LABELS, HistoryRow
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.ui.dialogs.common import explanation


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return _(FIELD_LABELS[name])
    return _("Geheim adres") if name == "address_secret" else name


def _when(stamp: str) -> str:
    return format_datetime(datetime.fromisoformat(stamp).astimezone(), "short")


def empty_history_text() -> str:
    return _("Nog geen wijzigingen. Als gegevens van deze persoon worden gewijzigd, staan de "
             "oude waarden hier.")


class HistoryTable(QTableWidget):
    """The changes of one person. With none, a sentence says so where the rows would be, and
    the column headers are hidden: an empty grid would leave the user wondering whether it is
    still loading or broken."""

    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [_("Wanneer"), _("Veld"), _("Oude waarde"), _("Nieuwe waarde"), _("Door")])
        self.setAccessibleName(_("Historie"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        # In the viewport, laid out over the (then empty) rows; hidden until a person with no
        # changes is shown, so nothing is claimed before the rows are known.
        self.empty_note = explanation(empty_history_text())
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_note.hide()
        over_rows = QVBoxLayout(self.viewport())
        over_rows.setContentsMargins(12, 12, 12, 12)
        over_rows.addWidget(self.empty_note)
        over_rows.addStretch(1)

    def show_rows(self, rows: list[HistoryRow]) -> None:
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (_when(row.changed_at), field_label(row.field), row.old_value or "—",
                     row.new_value or "—", row.changed_by)
            for column, text in enumerate(cells):
                self.setItem(index, column, QTableWidgetItem(text))
        empty = not rows
        self.horizontalHeader().setVisible(not empty)
        self.empty_note.setVisible(empty)
        self.setAccessibleDescription(empty_history_text() if empty else "")
