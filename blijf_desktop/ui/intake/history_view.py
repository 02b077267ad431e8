"""The rectification trail of one person: old value, new value, who, when."""

from datetime import datetime

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from blijf_desktop.domain.people import FIELD_LABELS, HistoryRow
from blijf_desktop.i18n import _, format_datetime



def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return _(FIELD_LABELS[name])
    return _("Geheim adres") if name == "address_secret" else name


def _when(stamp: str) -> str:
    return format_datetime(datetime.fromisoformat(stamp).astimezone(), "short")


class HistoryTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [_("Wanneer"), _("Veld"), _("Oude waarde"), _("Nieuwe waarde"), _("Door")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def show_rows(self, rows: list[HistoryRow]) -> None:
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (_when(row.changed_at), field_label(row.field), row.old_value or "—",
                     row.new_value or "—", row.changed_by)
            for column, text in enumerate(cells):
                self.setItem(index, column, QTableWidgetItem(text))
