"""Separation of duties on screen (issue 22): Beheer shows a pending account with who asked
and when; the teamleider hears after login that accounts wait and confirms them in a small
dialog, with the keyboard alone."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from blijf_desktop import i18n
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import AccountPending
from blijf_desktop.ui.dialogs.confirm_accounts import ConfirmAccountsDialog, login_notices
from blijf_desktop.ui.pages.beheer import BeheerPage
from tests.conftest import LEAD, LEAD_PASS

ONE_TIME = "Eenmalig-Groen-Fietspad-7"


def column_texts(page, username: str) -> list[str]:
    table = page.table
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == username:
            return [table.item(row, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"{username} not listed")


def test_beheer_shows_the_pending_account_with_who_asked_and_when(qtbot, created, teamleider,
                                                                 auth):
    i18n.set_language("nl")
    admin = AccountService(created[0])
    admin.add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER, ONE_TIME)
    page = BeheerPage(created[0])
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    status = column_texts(page, "stroman")[-1]
    assert "Wacht op een teamleider" in status and "Synthetische Beheerder" in status
    assert "nieuw account" in page.table.item(page.table.rowCount() - 1, 5).toolTip()
    assert "bevestigd" not in status
    assert "Zonder teamleider" in column_texts(page, LEAD)[-1]  # the store's first
    assert column_texts(page, "beheer")[-1] == "—"

    lead = auth.login(LEAD, LEAD_PASS)
    try:
        parts = login_notices(lead)
        assert any("1 account op uw bevestiging" in text for text, _advice in parts)
        dialog = ConfirmAccountsDialog(AccountRequestService(lead))
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.item(0, 0).text() == "Synthetische Stroman"
        # Keyboard only: Tab from the list to her passphrase, type it, Enter confirms.
        qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.passphrase.edit
        qtbot.keyClicks(dialog.passphrase.edit, LEAD_PASS)
        qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
        assert "is bevestigd" in dialog.message.text()
        assert dialog.table.rowCount() == 0 and dialog.passphrase.text() == ""
        assert login_notices(lead) == []
    finally:
        lead.close()
    page.refresh()
    status = column_texts(page, "stroman")[-1]
    assert "Bevestigd door Synthetische Teamleider" in status
    auth.login("stroman", ONE_TIME).close()


def test_a_wrong_passphrase_in_the_dialog_is_said_inline(qtbot, created, teamleider, auth):
    i18n.set_language("nl")
    AccountService(created[0]).add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER,
                                        ONE_TIME)
    lead = auth.login(LEAD, LEAD_PASS)
    try:
        dialog = ConfirmAccountsDialog(AccountRequestService(lead))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.passphrase.setText("Verkeerd-Wachtwoord-Hier-1")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        assert "Controleer uw wachtwoord" in dialog.message.text()
        assert dialog.table.rowCount() == 1 and dialog.focusWidget() is dialog.passphrase.edit
    finally:
        lead.close()


def test_the_login_window_says_the_account_waits_only_after_the_right_passphrase(
        qtbot, created, teamleider, auth):
    from blijf_desktop.ui.dialogs.login import LoginDialog

    i18n.set_language("nl")
    AccountService(created[0]).add_user("stroman", "Synthetische Stroman", Role.HULPVERLENER,
                                        ONE_TIME)
    auth.claim()
    dialog = LoginDialog(auth)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("stroman")
    dialog.passphrase.setText("Verkeerd-Wachtwoord-99")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Gebruikersnaam of wachtwoord onjuist."
    dialog.passphrase.setText(ONE_TIME)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "wacht nog op bevestiging door een teamleider" in dialog.message.text()
    assert dialog.session is None and dialog.isVisible()


def test_beheer_changes_a_role_with_the_keyboard_and_case_access_waits(qtbot, created, auth,
                                                                       teamleider):
    """Rol wijzigen… in Beheer: a hulpverlener made teamleider cannot log in until another
    teamleider confirms (Blijf 6.1, 9.1); the beheerder's own role cannot be changed here."""
    from tests.conftest import ready_user

    i18n.set_language("nl")
    ready_user(created, auth, "helper", "Synthetische Helper", Role.HULPVERLENER,
               "Helper-Wachtwoord-Lang-42")
    page = BeheerPage(created[0])
    qtbot.addWidget(page)
    page.show()
    page.select_user("beheer")
    assert not page.role_button.isEnabled()  # her own role: another beheerder changes it
    page.select_user("helper")
    assert page.role_button.isEnabled()
    page.role_button.click()
    dialog = next(w for w in page.findChildren(QDialog) if w.isVisible())
    assert dialog.role.currentText() == "Hulpverlener" and dialog.focusWidget() is dialog.role
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # Teamleider
    qtbot.keyClick(dialog.role, Qt.Key.Key_Return)  # the default button: Wijzigen
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Synthetische Helper is nu Teamleider" in page.message.text()
    assert "werkt pas als een teamleider het bevestigt" in page.message.text()
    assert "Wacht op een teamleider" in column_texts(page, "helper")[-1]
    with pytest.raises(AccountPending):
        auth.login("helper", "Helper-Wachtwoord-Lang-42")  # pending: no login yet
