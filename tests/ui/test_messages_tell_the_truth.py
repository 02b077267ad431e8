"""Messages that say what is true for the person reading them (issue #16): the lock screen
names the passphrase, the failed-logins notice gives a beheerder something she can do, and a
date in a list reads the way the fields ask for it, in both languages."""

import pytest
from PySide6.QtCore import Qt

from blijf_desktop import i18n
from blijf_desktop.config import AppConfig
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.ui.application import AppFlow, journal_damage_advice
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
                                           "op Caps Lock.")
    assert "Gebruikersnaam" not in screen.message.text()
    assert screen.passphrase.text() == WRONG and session.locked  # kept for retyping
    screen.passphrase.setText(ADMIN_PASS)
    screen.try_unlock()
    assert not session.locked


def test_lock_screen_message_in_english(qtbot, created, english):
    session, _recovery = created
    screen = locked_screen(qtbot, session)
    assert wrong_unlock(qtbot, screen) == ("That password is not right. Check capital letters "
                                           "and Caps Lock.")


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


# -- 2. failed logins: the beheerder is not told to report to herself -----------------------------
def notice_after_login(qtbot, auth, username, passphrase):
    """Log in through the app's flow after one failed attempt; the notice over the window."""
    with pytest.raises(WrongCredentials):
        auth.login(username, WRONG)
    flow = AppFlow(AppConfig(auth=auth, idle_minutes=5.0))
    flow.start()
    qtbot.waitUntil(lambda: type(flow.dialog).__name__ == "LoginDialog")
    flow.dialog.username.setText(username)
    flow.dialog.passphrase.setText(passphrase)
    qtbot.mouseClick(flow.dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.window is not None and flow.notice is not None)
    return flow


def test_failed_logins_notice_for_a_beheerder_says_what_she_can_do(qtbot, auth, created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    session.close()
    flow = notice_after_login(qtbot, auth, ADMIN, ADMIN_PASS)
    try:
        advice = flow.notice.informativeText()
        assert "uw functioneel beheerder" not in advice
        assert "Beheer → Audittrail controleren" in advice
        assert "privacy officer" in advice and "andere functioneel beheerder" in advice
        # and the places it names exist for her
        assert "beheer" in flow.window.area_keys()
        # issue 21: she hears when, and which account (Blijf 9.1), and where to record it
        assert flow.notice.text().startswith("Sinds uw vorige aanmelding:\n1 mislukte "
                                             "aanmelding, tussen ")
        assert "Datalekken" in advice and "datalekken" in flow.window.area_keys()
    finally:
        flow.shutdown()


def test_failed_logins_notice_for_a_hulpverlener_sends_her_to_the_beheerder(qtbot, auth,
                                                                             caseworker):
    from tests.conftest import CASEWORKER, CASEWORKER_PASS

    caseworker.close()
    flow = notice_after_login(qtbot, auth, CASEWORKER, CASEWORKER_PASS)
    try:
        assert flow.notice.informativeText() == ("Was u dat niet zelf? Meld het dan meteen bij "
                                                 "uw functioneel beheerder.")
    finally:
        flow.shutdown()


def test_journal_damage_advice_for_a_beheerder_names_it_support():
    from blijf_desktop.domain.roles import Role

    for copies in ([], ["store.db-wal.damaged-1"]):
        advice = journal_damage_advice(copies, Role.BEHEERDER)
        assert "functioneel beheerder" not in advice and "IT-ondersteuning" in advice
        assert "functioneel beheerder" in journal_damage_advice(copies, Role.HULPVERLENER)
    assert "store.db-wal.damaged-1" in journal_damage_advice(["store.db-wal.damaged-1"],
                                                             Role.BEHEERDER)


# -- 5. a date in a list reads the way the fields ask for it: dd-mm-yyyy, in both languages -------
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_client_list_shows_birth_dates_as_the_fields_ask_for_them(language):
    from datetime import date

    from blijf_desktop.domain.people import Category
    from blijf_desktop.domain.search import SearchHit, match_spans
    from blijf_desktop.ui.search_model import TERMS_ROLE, SearchResultsModel

    hit = SearchHit(person_id=1, case_id=1, category=Category.CLIENT, name="Proef Persoon",
                    birth_date=date(1976, 10, 8), residence="Verzonnendorp",
                    address_secret=False, client_name="Proef Persoon")
    i18n.set_language(language)
    try:
        model = SearchResultsModel(lambda text, offset, limit: [hit] if offset == 0 else [])
        model.set_query("8-10-1976")  # typed the way the search accepts it
        cell = model.index(0, 2)
        assert cell.data() == "08-10-1976"
        # the date searched for is highlighted in the cell, so both read the same
        assert match_spans(cell.data(), cell.data(TERMS_ROLE)) == [(0, 10)]
    finally:
        i18n.set_language("nl")


def test_short_dates_and_times_are_numeric_in_english(english):
    from datetime import date, datetime, timezone

    assert i18n.format_date(date(1976, 10, 8), "short") == "08-10-1976"
    moment = datetime(2026, 3, 5, 9, 7, tzinfo=timezone.utc)
    assert i18n.format_datetime(moment, "short") == "05-03-2026, 09:07"
    assert i18n.format_date(date(1976, 10, 8), "long") == "8 October 1976"  # written out: locale


def test_several_notices_keep_each_advice_under_its_own_news():
    """Failed logins and accounts that wait, in one box: "Was u dat niet zelf?" stands right
    under the failed logins, not after the accounts, where it read as being about them."""
    from blijf_desktop.ui.application import notice_texts

    failed = ("Er is 1 mislukte inlogpoging geweest.", "Was u dat niet zelf? Meld het.")
    waiting = ("Er wacht 1 account op uw bevestiging.", "Kies Account › Accounts bevestigen.")
    text, advice = notice_texts([failed, waiting])
    assert text.split("\n\n") == [f"{failed[0]}\n{failed[1]}", f"{waiting[0]}\n{waiting[1]}"]
    assert advice == ""
    assert notice_texts([failed]) == failed  # one: its advice as the box's informative text
