"""One figure on the page: its title, what is counted and the article it serves, the table
(the accessible form: in the Tab order, named, read cell by cell with the arrow keys) and,
beside it, the chart where the figure has one. The cells read as the PDF and the CSV write
them: a number, '<5' or 'x'."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import figures as f
from blijf_desktop.domain.figures import Table
from blijf_desktop.i18n import _
from blijf_desktop.reports.figure_labels import column_text, not_recorded_text, row_text
from blijf_desktop.ui.dialogs.common import explanation
from blijf_desktop.ui.widgets.list_table import list_table

ROW_HEIGHT = 26


def table_model(table: Table, unit: str | None) -> QStandardItemModel:
    columns = f.unit_columns(unit)
    model = QStandardItemModel(0, len(columns) + 1)
    model.setHorizontalHeaderLabels([""] + [column_text(c) for c in columns])
    for key in table.row_keys_with_total:
        label = QStandardItem(row_text(table.figure, key))
        cells = [QStandardItem(table.shown(key, c)) for c in columns]
        for cell in cells:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if key == f.TOTAL:
            for item in [label, *cells]:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
        model.appendRow([label, *cells])
    return model


class FigureSection(QWidget):
    def __init__(self, table: Table, unit: str | None, parent=None):
        super().__init__(parent)
        self.table_data = table
        self.table = None  # the QTableView, where there are rows
        self.chart = None  # the QChartView, where the figure has a chart
        title = _(table.figure.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout.addWidget(heading)
        definition = "%s (%s)" % (_(table.figure.definition), table.figure.article)
        note = explanation(definition)
        note.setStyleSheet("QLabel { color:#555555; }")
        layout.addWidget(note)
        if not table.recorded or not table.rows:
            layout.addWidget(explanation(not_recorded_text() if not table.recorded
                                         else _("Geen in deze periode.")))
            return
        self.model = table_model(table, unit)
        self.table = list_table(self.model, title, (), alternating=False)
        self.table.setAccessibleDescription(definition)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next figure
        self.table.horizontalHeader().setAccessibleName(
            _("Kolommen: {table}").format(table=title))
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(72)
        rows = self.model.rowCount()
        self.table.setFixedHeight(ROW_HEIGHT * rows + self.table.horizontalHeader()
                                  .sizeHint().height() + 6)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.resizeColumnsToContents()
        self.table.setFixedWidth(header.length() + 2 * self.table.frameWidth() + 2)
        row = QHBoxLayout()
        row.addWidget(self.table, 0, Qt.AlignmentFlag.AlignTop)
        if table.figure.chart is not None:
            from blijf_desktop.ui.figures.chart import figure_chart

            self.chart = figure_chart(table, f.TOTAL if unit is None else unit)
            row.addWidget(self.chart, 1)
        else:
            row.addStretch(1)
        layout.addLayout(row)
