"""The same across desks in the app's real main window, each desk a session on one server as
its user's own login (tests/server/test_two_desks_sharing.py has the service view): at desk 2
the second teamleider verifies, in the real dialog with her passphrase, the consent prepared
at desk 1; at desk 1 the teamleider's review list shows the break-the-glass made at desk 4.
With BLIJF_SCREENSHOTS=<folder> the two screens are saved there (docs/screenshots/
server-consent-approval.png, server-break-glass-review.png were made so)."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from blijf_desktop.domain.consent import State
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.ui.main_window import MainWindow
from tests.server.test_two_desks_sharing import (  # noqa: F401 (desks: a fixture)
    PREPARER, VERIFIER, VERIFIER_PASS, WEIGHING, ZUID, _scope, desks,
)
from tests.ui.test_consent_panel import in_dialog
from tests.ui.test_main_window import show
from tests.ui.test_nothing_lost import open_case

SHOTS = os.environ.get("BLIJF_SCREENSHOTS")


def window_of(qtbot, session) -> MainWindow:
    window = show(qtbot, MainWindow(session), before_close=lambda w: w.close_now())
    window.resize(1280, 860)
    return window


def save(pixmap, name: str) -> None:
    if SHOTS:
        pixmap.save(str(Path(SHOTS) / name))


def with_dialog(window, dialog):
    """The window with its modal dialog drawn over its middle, as she sees them."""
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))  # the window behind, as a modal's
    left = (shot.width() - over.width()) // 2
    top = max(0, (shot.height() - over.height()) // 2)
    painter.drawPixmap(left, top, over)
    painter.setPen(QColor(90, 90, 90))
    painter.drawRect(left - 1, top - 1, over.width() + 1, over.height() + 1)
    painter.end()
    return shot


def test_the_second_teamleider_verifies_at_her_desk_in_the_main_window(qtbot, desks):
    opened, case_id, client = desks
    anouk, bente = opened[PREPARER], opened[VERIFIER]
    consent_id = ConsentService(anouk).prepare(case_id, _scope(client), "blijf", "stemt_in",
                                               "", WEIGHING)
    window = window_of(qtbot, bente)  # desk 2
    case = open_case(window, case_id)
    panel = case.consent
    case.tabs.setCurrentWidget(panel)
    panel.choose(consent_id)
    assert panel.table.model().index(0, 1).data() == "wacht op verificatie"
    assert panel.verify_button.isEnabled()
    seen = {}

    def verify(dialog):
        qtbot.keyClicks(dialog.username, VERIFIER)
        qtbot.keyClicks(dialog.passphrase.edit, VERIFIER_PASS)
        save(with_dialog(window, dialog), "server-consent-approval.png")
        seen["masked"] = dialog.passphrase.edit.echoMode() != dialog.passphrase.edit.EchoMode.Normal
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["closed"] = not dialog.isVisible()

    done = in_dialog(qtbot, verify)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert done and seen == {"masked": True, "closed": True}
    assert panel.table.model().index(0, 1).data() == "actief"
    [stored] = ConsentService(anouk).for_case(case_id)  # desk 1 reads it verified
    assert (stored.state, stored.verified_by) == (State.ACTIEF, bente.user.id)


def test_the_review_list_at_desk_1_shows_the_break_made_at_desk_4(qtbot, desks):
    opened, case_id, _client = desks
    zara = opened[ZUID]
    BreakGlassService(zara).break_glass(case_id, "crisisopvang",
                                        "Cliënt staat nu aan de balie, eigen team onbereikbaar.")
    window = window_of(qtbot, opened[PREPARER])  # desk 1
    assert "toegang" in window.area_keys()
    window.show_area("toegang")
    page = window.pages.pages["toegang"]
    assert window.work_area.currentWidget() is page
    table = page.table
    assert table.rowCount() == 1
    cells = [table.item(0, column).text() for column in range(table.columnCount())]
    assert cells[1:6] == ["Synthetische Zara", str(case_id), "Hoofdlocatie", cells[4],
                          "Cliënt staat nu aan de balie, eigen team onbereikbaar."]
    assert cells[4] and cells[6]  # the reason's label, and "not reviewed yet"
    assert page.seen_button.isEnabled() and page.ask_button.isEnabled()
    save(window.grab(), "server-break-glass-review.png")
