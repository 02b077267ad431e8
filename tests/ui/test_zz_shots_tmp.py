from blijf_desktop.ui.pages.clients import ClientsPage
from blijf_desktop.ui.teams.break_glass_dialog import BreakGlassDialog
from tests.security.two_teams import two_teams  # noqa


def test_shots(qtbot, two_teams):
    session = two_teams.login("noord")
    page = ClientsPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 400)
    page.show()
    page.search.setText("proef")
    page.run_search()
    qtbot.wait(50)
    page.grab().save("/tmp/teams/list.png")
    dialog = BreakGlassDialog(session, two_teams.zuid_case, "Team Zuid")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    dialog.grab().save("/tmp/teams/dialog.png")
    dialog.text.setText("Zij meldt zich nu aan onze balie.")
    dialog.submit()
    qtbot.wait(50)
    dialog.grab().save("/tmp/teams/dialog_error.png")
    session.close()
