"""After an upgrade the search index is brought up to date in the background: a progress bar
in the status bar, the client list says a search may not find everyone yet, and both go when
it is done (issue 19)."""

from datetime import date

from PySide6.QtWidgets import QStatusBar

from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.pages.clients import ClientsPage
from blijf_desktop.ui.search_index_update import SearchIndexUpdate
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.services.test_search_index import waiting_rebuild
from tests.ui.test_clients import type_search

TODAY = date(2026, 11, 23)


def test_the_index_is_rebuilt_after_login_with_a_bar_and_a_note(qtbot, caseworker):
    IntakeService(caseworker, today=lambda: TODAY).save_intake(CLIENT, CHILDREN + PLEGERS)
    waiting_rebuild(caseworker)
    page = ClientsPage(caseworker, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    type_search(qtbot, page, CLIENT.last_name[:4])
    assert "De zoekindex wordt bijgewerkt (0 %)" in page.status.text()
    assert page.model.rowCount() == 0  # not reached yet: the note says why

    status = QStatusBar()
    qtbot.addWidget(status)
    status.show()
    update = SearchIndexUpdate(caseworker, status, lambda: False)
    qtbot.waitUntil(lambda: update.panel.isVisible(), timeout=5000)
    assert update.label.text() == "De zoekindex wordt bijgewerkt…"
    assert update.bar.accessibleName()
    qtbot.waitUntil(lambda: update.thread is None, timeout=20000)
    assert not update.panel.isVisible()

    type_search(qtbot, page, CLIENT.last_name[:4])
    assert page.model.rowCount() >= 1 and "zoekindex" not in page.status.text()


def test_the_page_cache_is_warmed_once_the_index_is_whole_and_not_while_locked(
        qtbot, caseworker, monkeypatch):
    from blijf_desktop.services import search_index

    IntakeService(caseworker, today=lambda: TODAY).save_intake(CLIENT, CHILDREN + PLEGERS)
    waiting_rebuild(caseworker)
    warmed, real = [], search_index.SearchIndexService.warm_cache

    def counted(service):
        for read in real(service):
            warmed.append((read, update.thread is None))
            yield read

    monkeypatch.setattr(search_index.SearchIndexService, "warm_cache", counted)
    status = QStatusBar()
    qtbot.addWidget(status)
    locked = [False]
    update = SearchIndexUpdate(caseworker, status, lambda: locked[0])
    qtbot.waitUntil(lambda: update.thread is None and update.job is None and bool(warmed),
                    timeout=20000)
    qtbot.waitUntil(lambda: not update.warm_timer.isActive(), timeout=5000)
    assert all(after_rebuild for _read, after_rebuild in warmed)  # never beside the writer
    persons = len(IntakeService(caseworker).search(CLIENT.last_name[:4]))
    assert warmed[-1][0] >= persons

    locked[0] = True  # the lock: no step reads the store
    count = len(warmed)
    update._warm()
    qtbot.wait(50)
    assert len(warmed) == count and not update.warm_timer.isActive()
