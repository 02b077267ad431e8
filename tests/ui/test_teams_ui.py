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


def test_the_review_list_shows_the_break_and_takes_gezien_and_navragen(qtbot, two_teams):
    from blijf_desktop.ui.teams.review_page import BreakGlassReviewPage

    noord = two_teams.login("noord")
    try:
        BreakGlassService(noord).break_glass(two_teams.zuid_case, "crisisopvang",
                                             "Zij meldt zich nu aan onze balie.")
    finally:
        noord.close()
    lead = two_teams.login("zuidleider")
    try:
        page = BreakGlassReviewPage(lead)
        qtbot.addWidget(page)
        assert page.table.rowCount() == 1
        cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
        assert cells[1:] == ["Synthetische Noord", str(two_teams.zuid_case), "Team Zuid",
                             "Crisisopvang: deze persoon meldt zich nu",
                             "Zij meldt zich nu aan onze balie.", "nog niet beoordeeld"]
        page.ask_button.click()  # navragen without a note: refused beside it
        assert page.message.text() == "Schrijf op wat u wilt navragen."
        page.note.setText("Waarom niet eerst gebeld?")
        page.ask_button.click()
        assert page.table.rowCount() == 0  # no longer open
        page.open_only.setChecked(False)
        assert page.table.item(0, 6).text() == \
            "Navragen — Synthetische Zuidleider: Waarom niet eerst gebeld?"
    finally:
        lead.close()


def test_team_settings_add_a_team_and_give_a_user_two(qtbot, two_teams):
    from blijf_desktop.services.teams import TeamService
    from blijf_desktop.ui.teams.team_settings import TeamSettings

    settings = TeamSettings(two_teams.admin)
    qtbot.addWidget(settings)
    assert [settings.table.item(r, 0).text() for r in range(settings.table.rowCount())] == [
        "Team Noord", "Team Zuid"]
    assert settings.table.item(1, 2).text() == "1"  # a count, never which case
    settings.name.setText("Team Zuid")
    settings.add_team()
    assert settings.message.text() == "Er is al een team met deze naam."
    settings.name.setText("Team West")
    settings.add_team()
    assert settings.table.rowCount() == 3
    settings.user.setCurrentIndex(settings.user.findText("Synthetische Noord (noord)"))
    settings.team_boxes[two_teams.zuid_team].setChecked(True)
    settings.save_memberships()
    noord_id = settings.user.currentData()
    assert TeamService(two_teams.admin).memberships()[noord_id] == {two_teams.noord_team,
                                                                    two_teams.zuid_team}
    names = [settings.table.item(r, 0).text() for r in range(settings.table.rowCount())]
    settings.table.selectRow(names.index("Team Zuid"))  # still holds a case
    settings.toggle_active()
    assert "nog casussen" in settings.message.text()
    settings.table.selectRow(names.index("Team West"))  # holds none
    settings.toggle_active()
    assert settings.message.text() == "Team gedeactiveerd."


def test_the_intake_asks_the_team_only_of_a_user_with_two(qtbot, two_teams):
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.teams import TeamService
    from blijf_desktop.ui.intake.intake_form import IntakeForm

    session = two_teams.login("zuid")
    try:
        form = IntakeForm(IntakeService(session))
        qtbot.addWidget(form)
        assert not form.team.choosing and form.team.team_id() is None
    finally:
        session.close()
    ids = {u.username: u.id for u in AccountService(two_teams.admin).list_users()}
    TeamService(two_teams.admin).set_user_teams(ids["zuid"], [two_teams.noord_team,
                                                             two_teams.zuid_team])
    session = two_teams.login("zuid")
    try:
        form = IntakeForm(IntakeService(session))
        qtbot.addWidget(form)
        assert form.team.choosing
        form.client.fields["last_name"].setText("Tweeteams-Proef")
        form.save()
        assert form.message.text() == "Kies het team van deze casus (bovenaan)."
        form.team.combo.setCurrentIndex(form.team.combo.findText("Team Noord"))
        with qtbot.waitSignal(form.saved) as saved:
            form.save()
        assert TeamService(session).case_team(saved.args[0]).name == "Team Noord"
    finally:
        session.close()
