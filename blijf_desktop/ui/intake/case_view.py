"""A case in the work area: the client and the people around her, in tabs (Personalia,
Betrokkenen, Dreiging, Historie), not in a stack of windows."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.people import CATEGORY_LABELS, Category
from blijf_desktop.i18n import _
from blijf_desktop.services.intake import CaseView, IntakeService
from blijf_desktop.ui.dialogs.common import MessageLabel, heading
from blijf_desktop.ui.intake.history_view import HistoryTable
from blijf_desktop.ui.intake.person_detail import PersonDetail, relation_label
from blijf_desktop.ui.intake.threat_list import ThreatList
from blijf_desktop.ui.messages import error_message


class CaseWidget(QWidget):
    back = Signal()

    def __init__(self, intake: IntakeService, case_id: int, focus_person: int | None = None,
                 today=date.today, parent=None):
        super().__init__(parent)
        self.intake = intake
        self.today = today
        self.case: CaseView = intake.case(case_id)
        client = self.case.client
        self.message = MessageLabel()
        back = QPushButton(_("← Terug naar de lijst"))
        back.clicked.connect(self.back.emit)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        self.title = heading(_("Casus van {name}").format(name=client.data.full_name()))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._personalia(), _("Personalia"))
        self.tabs.addTab(self._betrokkenen(focus_person), _("Betrokkenen"))
        self.threats = ThreatList(intake, self.case, today)
        self.tabs.addTab(self.threats, _("Dreiging"))
        self.history = HistoryTable()
        self.tabs.addTab(self._history_page(), _("Historie"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        if focus_person is not None and focus_person != client.id:
            self.tabs.setCurrentIndex(1)

    def _personalia(self) -> QWidget:
        client = self.case.client
        return PersonDetail(self.intake, client, today=self.today)

    def _betrokkenen(self, focus_person: int | None) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal)
        self.people = QListWidget()
        self.people.setAccessibleName(_("Betrokkenen bij deze casus"))
        self.people.setSpacing(3)
        self.people.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        for person in self.case.people:
            if person.data.category is Category.CLIENT:
                continue
            role = _(CATEGORY_LABELS[person.data.category])
            relation = relation_label(person.data.category, person.data.relation)
            kind = role if not relation or relation == role else f"{role} · {relation}"
            item = QListWidgetItem(f"{person.data.full_name()}\n{kind}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people.addItem(item)
        self.person_area = QWidget()
        QVBoxLayout(self.person_area)
        self.person_area.layout().addWidget(QLabel(_("Kies links een persoon.")))
        page.addWidget(self.people)
        page.addWidget(self.person_area)
        page.setSizes([260, 640])
        self.people.currentItemChanged.connect(self._show_person)
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == focus_person:
                self.people.setCurrentRow(row)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        return page

    def _show_person(self, item: QListWidgetItem | None) -> None:
        layout = self.person_area.layout()
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        if item is None:
            return
        try:
            view = self.intake.person(item.data(Qt.ItemDataRole.UserRole))
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        birth = self.case.client.data.birth_date
        layout.addWidget(PersonDetail(self.intake, view, client_birth=birth, today=self.today))
        layout.addStretch(1)

    def _history_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_person = QListWidget()
        self.history_person.setMaximumHeight(120)
        for person in self.case.people:
            item = QListWidgetItem(f"{person.data.full_name()} — {_(CATEGORY_LABELS[person.data.category])}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.history_person.addItem(item)
        self.history_person.currentItemChanged.connect(self._load_history)
        layout.addWidget(QLabel(_("Wijzigingen van:")))
        layout.addWidget(self.history_person)
        layout.addWidget(self.history, 1)
        return page

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not None and self.tabs.tabText(index) == _("Historie"):
            if self.history_person.currentRow() < 0:
                self.history_person.setCurrentRow(0)
            else:
                self._load_history(self.history_person.currentItem())

    def _load_history(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        try:
            self.history.show_rows(self.intake.history(item.data(Qt.ItemDataRole.UserRole)))
        except Exception as error:
            self.message.show_error(error_message(error))
