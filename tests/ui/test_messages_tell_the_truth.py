"""Messages that say what is true for the person reading them (issue #16): the lock screen
names the passphrase, the failed-logins notice gives a beheerder something she can do, and a
date in a list reads the way the fields ask for it, in both languages."""

import pytest
from PySide6.QtCore import Qt

from blijf_desktop import i18n
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs.login import LoginDialog
from blijf_desktop.ui.lock import LockScreen
from tests.conftest import ADMIN, ADMIN_PASS

WRONG = "Verkeerd-Wachtwoord-Hier-1"


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("nl")


def locked_screen(qtbot, session):
    session.lock()
    screen = LockScreen(session)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def wrong_unlock(qtbot, screen):
    screen.passphrase.setText(WRONG)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    return screen.message.text()


# -- 1. the lock screen asks only for the passphrase, so it says the passphrase is wrong ---------
def test_lock_screen_says_the_passphrase_is_wrong(qtbot, created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    screen = locked_screen(qtbot, session)
    assert wrong_unlock(qtbot, screen) == ("Dit wachtwoord klopt niet. Let op hoofdletters en "
                                           "op de Caps Lock-toets.")
    assert "Gebruikersnaam" not in screen.message.text()
    assert screen.passphrase.text() == WRONG and session.locked  # kept for retyping
    screen.passphrase.setText(ADMIN_PASS)
    screen.try_unlock()
    assert not session.locked


def test_lock_screen_message_in_english(qtbot, created, english):
    session, _recovery = created
    screen = locked_screen(qtbot, session)
    assert wrong_unlock(qtbot, screen) == ("That password is not right. Check capital letters "
                                           "and the Caps Lock key.")


def test_the_login_stays_vague_about_user_names(qtbot, auth, created):
    """The login must not tell whether a user name exists: one sentence for both."""
    created[0].close()
    dialog = LoginDialog(auth)
    qtbot.addWidget(dialog)
    said = []
    for username in (ADMIN, "bestaat-niet"):
        dialog.username.setText(username)
        dialog.passphrase.setText(WRONG)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        said.append(dialog.message.text())
    assert said == ["Gebruikersnaam of wachtwoord onjuist."] * 2
