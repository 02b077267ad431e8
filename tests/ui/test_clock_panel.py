"""Klok (domain/clock.py): the beheerder sees, under Inbraakpogingen, that the trail holds a
time later than this computer's clock, and acknowledges it there; hidden when all is well."""

from datetime import datetime, timedelta, timezone

from blijf_desktop.storage import audit
from blijf_desktop.ui.incidents import clock_panel
from blijf_desktop.ui.incidents.page import IncidentsPage
from tests.ui.test_incidents import admin  # noqa: F401 (fixture)


def test_the_beheerder_sees_a_clock_that_ran_ahead_and_acknowledges_it(qtbot, admin,  # noqa
                                                                        monkeypatch):
    ahead = datetime.now(timezone.utc) + timedelta(days=30)
    page = IncidentsPage(admin)
    qtbot.addWidget(page)
    page.show()
    assert not page.clock.isVisible()
    with monkeypatch.context() as jump:
        jump.setattr(audit, "now_utc", lambda: ahead.isoformat(timespec="microseconds"))
        admin.audit(audit.AuditAction.VIEW, "figures")
    page.clock.refresh()
    assert page.clock.isVisible() and page.clock.button.isVisible()
    assert str(ahead.astimezone().year) in page.clock.lines.text()
    monkeypatch.setattr(clock_panel, "confirm_default_no", lambda *a: False)
    page.clock.button.click()
    assert page.clock.isVisible()  # said no: nothing changed
    monkeypatch.setattr(clock_panel, "confirm_default_no", lambda *a: True)
    page.clock.button.click()
    assert not page.clock.isVisible()
