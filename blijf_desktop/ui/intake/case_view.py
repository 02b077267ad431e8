"""A case in the work area: the client and the people around her, in tabs (Personalia,
Betrokkenen, Dreiging, Risico, AWARE, Historie), not in a stack of windows. Its editors (a person's edit, a
threat being typed) are asked before the case is left (ui/unsaved.py), and tell where the
caseworker was and what she typed, to be put back after a lock."""

import logging
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
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.services.intake import CaseView, IntakeService
from blijf_desktop.services.risk import RiskService
from blijf_desktop.ui.dialogs.common import MessageLabel, heading
from blijf_desktop.ui.intake.history_view import HistoryTable
from blijf_desktop.ui.intake.person_detail import PersonDetail, relation_label
from blijf_desktop.ui.intake.threat_list import ThreatList
from blijf_desktop.ui.messages import error_message


def case_title(client) -> str:
    """Two clients of the same name are told apart by the birth date in the header."""
    name = client.full_name()
    if client.birth_date is None:
        return _("Casus van {name}").format(name=name)
    return _("Casus van {name}, geboren {date}").format(name=name,
                                                        date=date_text(client.birth_date))


log = logging.getLogger(__name__)


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
        back.clicked.connect(self.go_back)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        self.title = heading(case_title(client.data))
        from blijf_desktop.ui.retention.closure_bar import ClosureBar

        self.closure = ClosureBar(intake.session, case_id, self.case.closed_on, today,
                                  on_error=self.message.show_error)
        self.closure.changed.connect(lambda _closed: self._apply_closed())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._personalia(), _("Personalia"))
        self.tabs.addTab(self._betrokkenen(focus_person), _("Betrokkenen"))
        self.threats = ThreatList(intake, self.case, today)
        self.tabs.addTab(self.threats, _("Dreiging"))
        self.risk = self._risk_tab()
        if self.risk is not None:
            self.tabs.addTab(self.risk, _("Risico"))
        self.aware = self._aware_tab()
        if self.aware is not None:
            self.tabs.addTab(self.aware, _("AWARE"))
        self.signals = self._sharing_tab("SignalPanel")
        if self.signals is not None:
            self.tabs.addTab(self.signals, _("Signaal mensenhandel"))
        self.consent = self._sharing_tab("ConsentPanel")
        if self.consent is not None:
            self.tabs.addTab(self.consent, _("Toestemming"))
        self.history = HistoryTable()
        self.tabs.addTab(self._history_page(), _("Historie"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.closure)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        if focus_person is not None and focus_person != client.id:
            self.tabs.setCurrentIndex(1)
        self._apply_closed()

    def _apply_closed(self) -> None:
        """A closed case is read-only: its editing buttons are off (the service refuses too)."""
        editable = not self.closure.closed
        for detail in (self.client_detail, self.person_detail):
            if detail is not None:
                detail.set_case_closed(not editable)
        self.threats.add_button.setEnabled(editable)

    def _risk_tab(self):
        """The Risico tab, only for a role that may see screenings."""
        from blijf_desktop.ui.risk.risk_tab import RiskTab

        role = self.intake.session.user.role
        if not may(role, Permission.VIEW_AWARE):
            return None
        with_children = any(p.data.category is Category.CHILD for p in self.case.people)
        return RiskTab(RiskService(self.intake.session), self.case.case_id, with_children,
                       may_record=may(role, Permission.RECORD_SCREENING))

    def _aware_tab(self):
        """The AWARE tab: the trajects of this case; a teamleider starts one here."""
        from blijf_desktop.services.aware import AwareService
        from blijf_desktop.ui.aware.case_tab import AwareCaseTab

        if not may(self.intake.session.user.role, Permission.VIEW_AWARE):
            return None
        return AwareCaseTab(AwareService(self.intake.session, today=self.today), self.intake,
                            self.case, today=self.today)

    def _sharing_tab(self, kind: str):
        """A signal mensenhandel or the consents of this case: for a role that may see them."""
        if not may(self.intake.session.user.role, Permission.VIEW_SHARING):
            return None
        if kind == "SignalPanel":
            from blijf_desktop.ui.signals.signal_panel import SignalPanel as Panel
        else:
            from blijf_desktop.ui.consent.panel import ConsentPanel as Panel
        return Panel(self.intake.session, self.case.case_id, today=self.today)

    def _feature_tabs(self) -> list[tuple[str, QWidget]]:
        """(workspace key, tab) of the tabs a role may or may not have; each is an editor."""
        found = (("risk", self.risk), ("aware", self.aware), ("signals", self.signals),
                 ("consent", self.consent))
        return [(key, tab) for key, tab in found if tab is not None]

    def _personalia(self) -> QWidget:
        self.client_detail = PersonDetail(self.intake, self.case.client, today=self.today)
        return self.client_detail

    # -- leaving ---------------------------------------------------------------------
    def _editors(self) -> list[tuple[int, QWidget]]:
        """(tab, editor) of everything in this case that can hold typed text."""
        editors = [(0, self.client_detail)]
        if self.person_detail is not None:
            editors.append((1, self.person_detail))
        editors.append((2, self.threats))
        editors += [(self.tabs.indexOf(tab), tab) for _key, tab in self._feature_tabs()]
        return editors

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for _tab, editor in self._editors())

    def may_leave(self) -> bool:
        """Ask about each editor with changes, shown on its own tab while asked."""
        for tab, editor in self._editors():
            if editor.has_unsaved_changes():
                self.tabs.setCurrentIndex(tab)
                if not editor.may_leave():
                    return False
        return True

    def go_back(self) -> None:
        if self.may_leave():
            self.back.emit()

    # -- over a lock -----------------------------------------------------------------
    def keep_drafts(self) -> None:
        """Before the store closes: the screening, the AWARE step and the signal being typed,
        up to the last key."""
        if self.risk is not None:
            self.risk.save_draft_now()
        if self.aware is not None:
            self.aware.keep_drafts()
        if self.signals is not None:
            self.signals.keep_drafts()

    def workspace_state(self) -> dict:
        # The person whose details are shown, not the list's current row: while the question
        # about leaving her edit is open, the list already points at the next person.
        detail = self.person_detail
        return {
            "case_id": self.case.case_id, "tab": self.tabs.currentIndex(),
            "person_id": detail.view.id if detail is not None else None,
            "client": self.client_detail.workspace_state(),
            "person": detail.workspace_state() if detail is not None else {},
            "threat": self.threats.workspace_state(),
            **{key: tab.workspace_state() for key, tab in self._feature_tabs()},
        }

    def restore_workspace(self, state: dict) -> None:
        """Each part on its own: one that cannot be put back leaves the others."""
        parts = [(self.client_detail, state.get("client")), (self.threats, state.get("threat"))]
        parts += [(tab, state.get(key)) for key, tab in self._feature_tabs()]
        if self.person_detail is not None:
            parts.insert(1, (self.person_detail, state.get("person")))
        for editor, part in parts:
            if not isinstance(part, dict) or not part:
                continue
            try:
                editor.restore_workspace(part)
            except Exception as error:  # a state from an older version, say; never personal
                log.warning("part of a case not restored: %s", type(error).__name__)
        tab = state.get("tab")
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

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
            if person.restricted:  # AVG art. 18: said in words where she is listed
                kind += " · " + _("Verwerking beperkt")
            item = QListWidgetItem(f"{person.data.full_name()}\n{kind}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people.addItem(item)
        self.person_area = QWidget()
        QVBoxLayout(self.person_area)
        self.person_area.layout().addWidget(QLabel(_("Kies links een persoon.")))
        page.addWidget(self.people)
        page.addWidget(self.person_area)
        page.setSizes([260, 640])
        self.person_detail: PersonDetail | None = None
        self.people.currentItemChanged.connect(self._person_chosen)
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == focus_person:
                self.people.setCurrentRow(row)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        return page

    def _person_chosen(self, item: QListWidgetItem | None,
                       previous: QListWidgetItem | None = None) -> None:
        """Another person in the list: the open edit of the one before is asked about first."""
        if self.person_detail is not None and not self.person_detail.may_leave():
            self.people.blockSignals(True)
            self.people.setCurrentItem(previous)
            self.people.blockSignals(False)
            return
        self._show_person(item)

    def _show_person(self, item: QListWidgetItem | None) -> None:
        self.person_detail = None
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
        self.person_detail = PersonDetail(self.intake, view, client_birth=birth, today=self.today)
        layout.addWidget(self.person_detail)
        layout.addStretch(1)
        self.person_detail.set_case_closed(self.closure.closed)

    def _history_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_person = QListWidget()
        self.history_person.setMaximumHeight(120)
        for person in self.case.people:
            item = QListWidgetItem(f"{person.data.full_name()} — {_(CATEGORY_LABELS[person.data.category])}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.history_person.addItem(item)
        # Another person: her history masked again (a reveal is per person, per click).
        self.history_person.currentItemChanged.connect(
            lambda item, _previous: self._load_history(item))
        layout.addWidget(QLabel(_("Wijzigingen van:")))
        layout.addWidget(self.history_person)
        layout.addWidget(self.history, 1)
        # A secret address in the history (also a former one) is shown only on request, and
        # that is recorded like "Toon adres" on the person.
        self.history_reveal = QPushButton(_("Toon adres"))
        self.history_reveal.setToolTip(_("Het tonen van een geheim adres wordt vastgelegd."))
        self.history_reveal.clicked.connect(self._toggle_history_address)
        self.history_reveal.hide()
        self.history_revealed = False
        layout.addWidget(self.history_reveal, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not None and self.tabs.tabText(index) == _("Historie"):
            if self.history_person.currentRow() < 0:
                self.history_person.setCurrentRow(0)
            else:
                self._load_history(self.history_person.currentItem())

    def _load_history(self, item: QListWidgetItem | None, reveal: bool = False) -> None:
        if item is None:
            return
        person_id = item.data(Qt.ItemDataRole.UserRole)
        try:
            rows = (self.intake.reveal_history(person_id) if reveal
                    else self.intake.history(person_id))
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.history.show_rows(rows)
        self.history_revealed = reveal
        self.history_reveal.setVisible(reveal or any(row.masked for row in rows))
        self.history_reveal.setText(_("Verberg adres") if reveal else _("Toon adres"))

    def _toggle_history_address(self) -> None:
        self._load_history(self.history_person.currentItem(), reveal=not self.history_revealed)
