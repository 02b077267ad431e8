"""The pages of the main window's work area, built when first shown, and what they hold:
unsaved changes (asked about before a page is left), drafts, and where the user was (kept over
a lock or a forced end, as an encrypted draft through services/workspace.py).

A page may offer, each optional: has_unsaved_changes(), may_leave(), keep_drafts(),
workspace_state() -> dict, restore_workspace(dict), before_lock() (forget what it shows)."""

import logging
from typing import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from blijf_desktop.services.session import Session
from blijf_desktop.services.workspace import WorkspaceService
from blijf_desktop.ui.pages.areas import Area, areas_for, build_page

log = logging.getLogger(__name__)
STATE_VERSION = 1


class WorkPages:
    def __init__(self, session: Session, stack: QStackedWidget, locked: Callable[[], bool]):
        self.session = session
        self.stack = stack
        self._locked = locked
        self.pages: dict[str, QWidget] = {}

    def page(self, area: Area) -> QWidget:
        page = self.pages.get(area.key)
        if page is None:
            page = build_page(area, self.session)
            self.pages[area.key] = page
            self.stack.addWidget(page)
        return page

    def _each(self, method: str) -> list:
        return [getattr(page, method) for page in self.pages.values() if hasattr(page, method)]

    # -- leaving -------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return any(has() for has in self._each("has_unsaved_changes"))

    def may_leave(self, key: str) -> bool:
        """Asks the page; False also when a lock came while the question was open."""
        may_leave = getattr(self.pages.get(key), "may_leave", None)
        return may_leave is None or (may_leave() and not self._locked())

    def may_close(self, current: str | None) -> bool:
        """Ask about unsaved changes on every page, the one on screen first."""
        return all(self.may_leave(key)
                   for key in sorted(self.pages, key=lambda key: key != current))

    def keep_drafts(self) -> None:
        for keep in self._each("keep_drafts"):
            keep()

    # -- where she was -------------------------------------------------------------------
    def keep_workspace(self, current: str | None) -> None:
        """Before the store closes: drafts of open forms, then where she was. Never raises:
        a lock must happen even when this cannot be written (the log says why)."""
        self.keep_drafts()
        state = {"version": STATE_VERSION, "area": current,
                 "pages": {key: page.workspace_state() for key, page in self.pages.items()
                           if hasattr(page, "workspace_state")}}
        try:
            WorkspaceService(self.session).keep(state)
        except Exception as error:
            log.warning("workspace not kept: %s", type(error).__name__)

    def restore_workspace(self) -> str | None:
        """Put the kept pages back as they were; returns the area that was on screen."""
        try:
            state = WorkspaceService(self.session).take()
        except Exception as error:
            log.warning("workspace not restored: %s", type(error).__name__)
            return None
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            return None
        areas = {area.key: area for area in areas_for(self.session.user.role)}
        pages = state.get("pages")
        for key, page_state in (pages.items() if isinstance(pages, dict) else ()):
            if key not in areas or not isinstance(page_state, dict):
                continue  # e.g. the role changed meanwhile
            page = self.page(areas[key])
            if hasattr(page, "restore_workspace"):
                try:
                    page.restore_workspace(page_state)
                except Exception as error:  # e.g. the case was removed meanwhile
                    log.warning("page state not restored: %s", type(error).__name__)
        return state.get("area") if state.get("area") in areas else None

    def drop(self) -> None:
        """Destroy every page (at lock): nothing personal stays in a widget. A page first
        forgets its rows itself: deletion waits for the event loop, a model held elsewhere
        would outlive it."""
        for page in self.pages.values():
            forget = getattr(page, "before_lock", None)
            if forget is not None:
                forget()
            page.hide()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
