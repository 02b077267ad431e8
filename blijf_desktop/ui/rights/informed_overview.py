"""Informatieplicht: everyone who must be told that Blijf Groep holds their data and is neither
informed nor excepted, longest waiting first, with how long ago they were recorded; past the
four weeks of Mensenhandel 23.1 marked by word and colour. The selected person's section
below records the outcome (the same section as in her record). A tab of the Verzoeken page."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from blijf_desktop.domain.people import CATEGORY_LABELS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _, ngettext
from blijf_desktop.services.information_duty import (
    OVERVIEW_LIMIT, InformationDutyService, Waiting,
)
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.rights.informed_labels import (
    OVERDUE_BACKGROUND, OVERDUE_COLOUR, problem_text,
)
from blijf_desktop.ui.rights.informed_section import InformedSection
from blijf_desktop.ui.widgets.list_table import list_table


def case_reference(case_id: int) -> str:
    return f"BG-{case_id:05d}"


class WaitingModel(QAbstractTableModel):
    COLUMNS = 6

    def __init__(self, rows: list[Waiting] | None = None):
        super().__init__()
        self.rows = rows or []

    def set_rows(self, rows: list[Waiting]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Naam"), _("Soort"), _("Zaak"), _("Vastgelegd op"), _("Wacht"),
                    _("Termijn")][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, _(CATEGORY_LABELS[row.category]), case_reference(row.case_id),
                    date_text(row.recorded_on),
                    ngettext("{n} dag", "{n} dagen", row.days_waiting).format(n=row.days_waiting),
                    _("verstreken") if row.overdue else _("binnen vier weken"))[index.column()]
        if row.overdue and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(OVERDUE_COLOUR))
        if row.overdue and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if row.overdue and role == Qt.ItemDataRole.FontRole and index.column() == 5:
            font = QFont()
            font.setBold(True)
            return font
        return None


class InformedOverview(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.service = InformationDutyService(session)
        self.model = WaitingModel()
        self.section: InformedSection | None = None
        layout = common.scrolling_page_layout(self)  # the list and the form below it
        layout.addWidget(common.heading(_("Informatieplicht")))
        layout.addWidget(common.explanation(_(
            "Wie niet zelf haar gegevens gaf (een derde, een pleger, een kind vanaf 16 jaar), "
            "wordt binnen vier weken na vastleggen geïnformeerd, tenzij een uitzondering geldt "
            "(convenant Blijf Groep art. 10.2; Mensenhandel art. 23.1). Hieronder staat wie nog "
            "niet is geïnformeerd en voor wie geen uitzondering is vastgelegd.")))
        self.count = QLabel()
        layout.addWidget(self.count)
        self.table = list_table(self.model, _("Nog te informeren"), (220, 90, 90, 110, 90),
                                alternating=False)
        layout.addWidget(self.table, 2)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.refresh_button = QPushButton(_("&Vernieuwen"))
        self.refresh_button.clicked.connect(self.refresh)
        layout.addLayout(common.button_row(self.refresh_button))
        self.message = common.MessageLabel()
        layout.addWidget(self.message)
        self.holder = QVBoxLayout()
        layout.addLayout(self.holder, 1)
        self.refresh()

    def refresh(self) -> None:
        self.message.clear_message()
        try:
            rows = self.service.overview()
        except Exception as error:
            self.message.show_error(problem_text(error)[1])
            return
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.overdue)
        text = ngettext("{n} persoon nog te informeren", "{n} personen nog te informeren",
                        len(rows)).format(n=len(rows))
        if late:
            text += " — " + ngettext("{n} na de termijn van vier weken",
                                     "{n} na de termijn van vier weken", late).format(n=late)
        if len(rows) >= OVERVIEW_LIMIT:
            text += " " + _("(de eerste {n})").format(n=OVERVIEW_LIMIT)
        self.count.setText(text)
        self._show_section(None)
        if rows:
            self.table.selectRow(0)

    def _row_changed(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            self._show_section(self.model.rows[current.row()].person_id)

    def _show_section(self, person_id: int | None) -> None:
        if self.section is not None:
            self.holder.removeWidget(self.section)
            self.section.deleteLater()
            self.section = None
        if person_id is not None:
            self.section = InformedSection(self.service, person_id)
            self.section.recorded.connect(self._recorded)
            self.holder.addWidget(self.section)

    def _recorded(self, _person_id: int) -> None:
        self.refresh()
        self.message.show_message(_("Vastgelegd; de persoon staat niet meer in deze lijst."),
                                  "success")

    def has_unsaved_changes(self) -> bool:
        return self.section is not None and self.section.has_unsaved_changes()

    def before_lock(self) -> None:
        self.model.set_rows([])
        self._show_section(None)
