"""The read-only lists of the work area (clients, the register, AWARE trajects) and the one way
a page swaps what its stack shows (a list, an opened item, a form)."""

from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QStackedWidget, QTableView, QTableWidget, QWidget,
)


def list_table(model, accessible_name: str, widths: tuple[int, ...],
               alternating: bool = True) -> QTableView:
    """Whole rows, one at a time, never edited in place; columns the user can widen, the last
    one filling the width. `alternating`: off where rows carry a colour of their own."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def read_only_table(headers: list[str], accessible_name: str) -> QTableWidget:
    """A small table filled item by item (Beheer's users, backups, waiting changes and
    accounts): whole rows, one at a time, never edited in place, no row numbers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAccessibleName(accessible_name)
    return table


def replace_shown(owner: object, stack: QStackedWidget, attribute: str,
                  widget: QWidget | None) -> None:
    """Put `widget` in `owner.<attribute>` and on top of `stack`; the one it replaces is
    removed and deleted (with what it showed)."""
    old = getattr(owner, attribute)
    if old is not None:
        stack.removeWidget(old)
        old.deleteLater()
    setattr(owner, attribute, widget)
    if widget is not None:
        stack.addWidget(widget)
        stack.setCurrentWidget(widget)
