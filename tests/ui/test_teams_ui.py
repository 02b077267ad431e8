"""Teams in the window (issue 22): another team's person shows as "bekend bij" (with an
accessible description), opening her case asks for a reason in a dialog a keyboard alone can
fill, and the case opens after it."""

from PySide6.QtCore import Qt

from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.ui.pages.clients import ClientsPage
from blijf_desktop.ui.teams import break_glass_dialog
from blijf_desktop.ui.teams.break_glass_dialog import BreakGlassDialog
from tests.security.two_teams import SECRET_STREET, two_teams  # noqa: F401


def test_another_teams_person_shows_as_known_there(qtbot, two_teams):
    session = two_teams.login("noord")
    try:
        page = ClientsPage(session)
        qtbot.addWidget(page)
        page.search.setText("Dreigemans")
        page.run_search()
        model = page.model
        assert model.rowCount() == 1
        texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
        assert texts == ["Kees Dreigemans-Proef", "", "", "", "bekend bij Team Zuid"]
        described = model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleDescriptionRole)
        assert "Team Zuid" in described and "reden" in described
    finally:
        session.close()


def test_the_dialog_refuses_without_a_reason_and_keeps_what_was_typed(qtbot, two_teams):
    session = two_teams.login("noord")
    try:
        dialog = BreakGlassDialog(session, two_teams.zuid_case, "Team Zuid")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)  # keyboard alone: past the empty choice
        qtbot.keyClicks(dialog.text, "Zij meldt zich nu aan onze balie.")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.reason_message.text() == "Kies waarom u deze casus opent."
        assert dialog.text.text() == "Zij meldt zich nu aan onze balie."
        assert dialog.focusWidget() is dialog.reason
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)
        dialog.text.setFocus()
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
        assert not dialog.isVisible() and dialog.break_id is not None
        assert [r.row.id for r in BreakGlassService(two_teams.admin).review_list()] == [
            dialog.break_id]
    finally:
        session.close()


def test_opening_a_known_elsewhere_row_asks_and_then_opens_the_case(qtbot, two_teams,
                                                                    monkeypatch):
    asked = []

    def fill_and_open(dialog):
        asked.append(dialog.case_id)
        dialog.reason.setCurrentIndex(2)
        dialog.text.setText("Waarneming: haar hulpverlener is ziek.")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(BreakGlassDialog, "exec", fill_and_open)
    session = two_teams.login("noord")
    try:
        page = ClientsPage(session)
        qtbot.addWidget(page)
        page.search.setText("Dreigemans")
        page.run_search()
        page.open_row(0)
        assert asked == [two_teams.zuid_case]
        assert page.case_widget is not None and page.case_widget.case.case_id == \
            two_teams.zuid_case
        assert SECRET_STREET not in repr(page.case_widget.case.client.data)  # still masked
    finally:
        session.close()


def test_cancelling_the_dialog_opens_nothing(qtbot, two_teams, monkeypatch):
    monkeypatch.setattr(BreakGlassDialog, "exec", lambda dialog: 0)
    session = two_teams.login("noord")
    try:
        page = ClientsPage(session)
        qtbot.addWidget(page)
        page.open_case(two_teams.zuid_case)
        assert page.case_widget is None
    finally:
        session.close()
    assert break_glass_dialog.BreakGlassDialog is BreakGlassDialog
