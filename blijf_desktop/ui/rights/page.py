"""Verzoeken van betrokkenen: a page of tabs. The first, "Verzoeken", holds the requests and
their steps; other tabs (Informatieplicht, …) are added with `add_tab`. The page follows the
editor rule for whichever tab holds typed work."""

from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.session import Session
from blijf_desktop.ui.rights.informed_overview import InformedOverview
from blijf_desktop.ui.rights.requests_tab import RequestsTab


class RightsPage(QWidget):
    def __init__(self, session: Session, today=date.today, parent=None):
        super().__init__(parent)
        self.session = session
        self.today = today
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Verzoeken van betrokkenen"))
        self.requests = RequestsTab(session, today)
        self.add_tab(self.requests, _("&Verzoeken"), "verzoeken")
        self.informed = InformedOverview(session)
        self.add_tab(self.informed, _("&Informatieplicht"), "informatieplicht")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def add_tab(self, widget: QWidget, title: str, key: str) -> int:
        """A tab; `key` names it in the workspace state. A tab that holds typed work offers
        has_unsaved_changes / may_leave / workspace_state / restore_workspace."""
        widget.setProperty("tab_key", key)
        return self.tabs.addTab(widget, title)

    def _editors(self):
        return [self.tabs.widget(i) for i in range(self.tabs.count())
                if hasattr(self.tabs.widget(i), "may_leave")]

    def focus_search(self) -> None:
        if self.requests.may_leave():
            self.tabs.setCurrentWidget(self.requests)
            self.requests.show_list()

    def has_unsaved_changes(self) -> bool:
        return any(tab.has_unsaved_changes() for tab in self._editors())

    def may_leave(self) -> bool:
        return all(tab.may_leave() for tab in self._editors())

    def workspace_state(self) -> dict:
        current = self.tabs.currentWidget()
        state = {"tab": current.property("tab_key") if current is not None else ""}
        for tab in self._editors():
            if hasattr(tab, "workspace_state"):
                state[tab.property("tab_key")] = tab.workspace_state()
        return state

    def restore_workspace(self, state: dict) -> None:
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            key = tab.property("tab_key")
            if isinstance(state.get(key), dict) and hasattr(tab, "restore_workspace"):
                tab.restore_workspace(state[key])
            if state.get("tab") == key:
                self.tabs.setCurrentIndex(i)
