"""The dialogs before the main window, driven like a user would: typing and clicking."""

import sys
import types

import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage import audit
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog
from blijf_desktop.ui.dialogs.confidentiality import ConfidentialityDialog
from blijf_desktop.ui.dialogs.login import LoginDialog
from blijf_desktop.ui.dialogs.recovery import RecoveryDialog
from blijf_desktop.ui.dialogs.setup import SetupDialog
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY

# The offscreen platform cannot pass a window's size limits on; that is not our warning.

NEW_PASS = "Groene-Fiets-Op-Het-Dak-7"
LEFT = Qt.MouseButton.LeftButton


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def click(qtbot, button):
    if isinstance(button, QCheckBox):  # on the box itself, not in the empty stretch beside it
        qtbot.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, LEFT)


def type_into(qtbot, field, text):
    qtbot.keyClicks(field.edit if isinstance(field, PassphraseField) else field, text)


def actions(session) -> list[str]:
    return [row.action for row in audit.recent(session.db.conn)]


def fill_setup(qtbot, dialog, passphrase=ADMIN_PASS, repeat=ADMIN_PASS):
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.display_name, "Synthetische Beheerder")
    type_into(qtbot, dialog.passphrase, passphrase)
    type_into(qtbot, dialog.repeat, repeat)


# -- passphrase field ------------------------------------------------------------------------
def test_passphrase_field_meter_hint_and_toggle(qtbot):
    field = show(qtbot, PassphraseField())
    assert "minstens 12 tekens" in field.hint.text().lower()
    with qtbot.waitSignal(field.changed):
        type_into(qtbot, field, "kort")
    assert not field.is_acceptable()
    assert "minstens 12 tekens" in field.hint.text()
    type_into(qtbot, field, "-maar-nu-lang-42")
    assert field.is_acceptable() and field.meter.value() >= 3
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    click(qtbot, field.toggle)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    plain = show(qtbot, PassphraseField(show_meter=False))
    assert plain.meter.isHidden() and plain.hint.isHidden()


# -- set-up ----------------------------------------------------------------------------------
def test_setup_creates_store_and_shows_recovery_key_once(qtbot, auth):
    dialog = show(qtbot, SetupDialog(auth))
    fill_setup(qtbot, dialog)
    click(qtbot, dialog.create_button)
    assert dialog.on_recovery_page(), dialog.message.text()
    key = dialog.recovery_label.text()
    assert len(auth.vault.open_with_recovery(key)) == 32  # the key shown really opens the store
    assert dialog.passphrase.text() == ""  # no passphrase lingers in the widgets
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # Escape / window close: the key must be seen through
    assert dialog.isVisible()
    click(qtbot, dialog.stored_check)
    assert dialog.continue_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.continue_button)
    session = dialog.session
    assert session.user.username == ADMIN and session.user.role.value == "functioneel_beheerder"
    assert dialog.recovery_label.text() == ""
    assert not auth.passphrase_only()
    session.close()


def test_setup_weak_passphrase_keeps_text_and_says_why(qtbot, auth):
    dialog = show(qtbot, SetupDialog(auth))
    fill_setup(qtbot, dialog, "kort1", "kort1")
    click(qtbot, dialog.create_button)
    assert "minstens 12 tekens" in dialog.message.text()
    assert dialog.message.isVisible()
    assert (dialog.username.text(), dialog.passphrase.text()) == (ADMIN, "kort1")
    assert not dialog.on_recovery_page() and not auth.store_exists()


def test_setup_mismatch_is_explained(qtbot, auth):
    dialog = show(qtbot, SetupDialog(auth))
    fill_setup(qtbot, dialog, ADMIN_PASS, ADMIN_PASS + "x")
    click(qtbot, dialog.create_button)
    assert "niet gelijk" in dialog.message.text()
    assert dialog.focusWidget() is dialog.repeat.edit
    assert dialog.passphrase.text() == ADMIN_PASS and not auth.store_exists()


def test_setup_invalid_username_shown_inline(qtbot, auth):
    dialog = show(qtbot, SetupDialog(auth))
    type_into(qtbot, dialog.username, "met spatie")
    type_into(qtbot, dialog.display_name, "Synthetische Beheerder")
    type_into(qtbot, dialog.passphrase, ADMIN_PASS)
    type_into(qtbot, dialog.repeat, ADMIN_PASS)
    click(qtbot, dialog.create_button)
    assert "geen spaties" in dialog.message.text()
    assert dialog.username.text() == "met spatie" and dialog.repeat.text() == ADMIN_PASS


def test_setup_without_keyring_needs_an_explicit_choice(qtbot, paths):
    auth = AuthService(paths, DeviceSecrets(fail.Keyring()), FAST_POLICY)
    dialog = show(qtbot, SetupDialog(auth))
    assert dialog.keyring_warning.isVisible() and "sleutelbos" in dialog.keyring_warning.text()
    fill_setup(qtbot, dialog)
    assert not dialog.create_button.isEnabled()
    dialog.create_store()  # even when forced, nothing happens without the tick
    assert not auth.store_exists()
    click(qtbot, dialog.passphrase_only)
    click(qtbot, dialog.create_button)
    assert dialog.on_recovery_page(), dialog.message.text()
    assert auth.passphrase_only()
    assert AuditAction.PASSPHRASE_ONLY_MODE.value in actions(dialog.session)
    dialog.session.close()


def test_recovery_sheet_is_written_and_recorded(qtbot, auth, tmp_path, monkeypatch):
    calls = {}

    def build_recovery_sheet(*, recovery_key, store_id, created, language):
        calls.update(key=recovery_key, store=store_id, created=created, language=language)
        return b"%PDF-1.4 synthetic"

    fake = types.ModuleType("blijf_desktop.reports.recovery_sheet")
    fake.build_recovery_sheet = build_recovery_sheet
    monkeypatch.setitem(sys.modules, "blijf_desktop.reports.recovery_sheet", fake)
    dialog = show(qtbot, SetupDialog(auth))
    fill_setup(qtbot, dialog)
    click(qtbot, dialog.create_button)
    target = tmp_path / "herstelblad.pdf"
    assert dialog.save_recovery_sheet(target)
    assert target.read_bytes() == b"%PDF-1.4 synthetic"
    assert target.stat().st_mode & 0o077 == 0  # readable by this user only
    assert calls["key"] == dialog.recovery_label.text()
    assert calls["store"] == auth.vault.store_id() and calls["language"] == "nl"
    assert calls["created"].tzinfo is not None
    assert actions(dialog.session)[0] == AuditAction.RECOVERY_SHEET_PRINTED.value
    assert "Opgeslagen" in dialog.sheet_message.text()
    assert not dialog.save_recovery_sheet(tmp_path / "bestaat-niet" / "blad.pdf")
    assert "niet worden opgeslagen" in dialog.sheet_message.text()
    dialog.session.close()


def test_real_recovery_sheet_contains_the_key(qtbot, auth, tmp_path):
    pytest.importorskip("blijf_desktop.reports.recovery_sheet")
    pypdf = pytest.importorskip("pypdf")
    dialog = show(qtbot, SetupDialog(auth))
    fill_setup(qtbot, dialog)
    click(qtbot, dialog.create_button)
    target = tmp_path / "herstelblad.pdf"
    assert dialog.save_recovery_sheet(target), dialog.sheet_message.text()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert dialog.recovery_label.text().replace("-", "") in "".join(text.split())
    dialog.session.close()


# -- login -----------------------------------------------------------------------------------
def test_login_wrong_passphrase_and_unknown_user_look_the_same(qtbot, auth, created):
    dialog = show(qtbot, LoginDialog(auth))
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.passphrase, "Verkeerd-Wachtwoord-99")
    click(qtbot, dialog.login_button)
    wrong_passphrase = dialog.message.text()
    assert wrong_passphrase == error_message(WrongCredentials())
    assert dialog.username.text() == ADMIN and dialog.passphrase.text() == ""
    assert dialog.focusWidget() is dialog.passphrase.edit
    dialog.username.setText("niemand")
    type_into(qtbot, dialog.passphrase, "Verkeerd-Wachtwoord-99")
    click(qtbot, dialog.login_button)
    assert dialog.message.text() == wrong_passphrase
    assert dialog.session is None and dialog.isVisible()


def test_login_backs_off_with_a_countdown(qtbot, paths, device, created):
    t = [1_000_000.0]
    auth = AuthService(paths, device, FAST_POLICY, clock=lambda: t[0])
    dialog = show(qtbot, LoginDialog(auth))
    type_into(qtbot, dialog.username, ADMIN)
    for _attempt in range(3):
        type_into(qtbot, dialog.passphrase, "Verkeerd-Wachtwoord-99")
        click(qtbot, dialog.login_button)
    assert not dialog.login_button.isEnabled()
    assert dialog.timer.isActive() and "Probeer het over 2 seconden" in dialog.countdown.text()
    t[0] += 1
    dialog.update_countdown()
    assert "over 1 seconde opnieuw" in dialog.countdown.text() and not dialog.login_button.isEnabled()
    t[0] += 5
    dialog.update_countdown()
    assert dialog.login_button.isEnabled() and not dialog.timer.isActive()
    type_into(qtbot, dialog.passphrase, ADMIN_PASS)
    click(qtbot, dialog.login_button)
    assert dialog.session is not None
    dialog.session.close()


def test_login_during_backoff_after_restart_starts_disabled(qtbot, paths, device, created):
    t = [1_000_000.0]
    auth = AuthService(paths, device, FAST_POLICY, clock=lambda: t[0])
    for _attempt in range(3):
        with pytest.raises(WrongCredentials):
            auth.login(ADMIN, "Verkeerd-Wachtwoord-99")
    dialog = show(qtbot, LoginDialog(auth))
    assert not dialog.login_button.isEnabled() and dialog.countdown.isVisible()


def test_login_with_enter_gives_a_session(qtbot, auth, created):
    dialog = show(qtbot, LoginDialog(auth))
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.passphrase, ADMIN_PASS)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
    assert dialog.session.user.username == ADMIN and not dialog.session.locked
    assert dialog.passphrase.text() == ""
    dialog.session.close()


def test_login_demo_hint_prefills_user(qtbot, auth, created):
    dialog = show(qtbot, LoginDialog(auth, demo_hint=("demo", "Demo-Synthetisch-2026")))
    assert dialog.demo_box.isVisible() and "Demo-Synthetisch-2026" in dialog.demo_box.text()
    assert dialog.username.text() == "demo"
    assert dialog.focusWidget() is dialog.passphrase.edit


def test_login_forgotten_passphrase_goes_through_recovery(qtbot, auth, created):
    _session, recovery_key = created
    dialog = show(qtbot, LoginDialog(auth))
    type_into(qtbot, dialog.username, ADMIN)
    click(qtbot, dialog.recover_button)
    recovery = dialog.recovery_dialog
    assert recovery.isVisible() and recovery.username.text() == ADMIN
    type_into(qtbot, recovery.recovery_key, recovery_key.lower().replace("-", ""))
    type_into(qtbot, recovery.passphrase, NEW_PASS)
    type_into(qtbot, recovery.repeat, NEW_PASS)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, recovery.recover_button)
    assert dialog.session.user.username == ADMIN
    dialog.session.close()
    auth.login(ADMIN, NEW_PASS).close()


# -- recovery --------------------------------------------------------------------------------
def test_recovery_wrong_key_keeps_everything_typed(qtbot, auth, created):
    dialog = show(qtbot, RecoveryDialog(auth))
    type_into(qtbot, dialog.recovery_key, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.passphrase, NEW_PASS)
    type_into(qtbot, dialog.repeat, NEW_PASS)
    click(qtbot, dialog.recover_button)
    assert "herstelsleutel hoort niet" in dialog.message.text()
    assert dialog.recovery_key.text().startswith("AAAA") and dialog.repeat.text() == NEW_PASS
    assert dialog.focusWidget() is dialog.recovery_key and dialog.session is None


def test_recovery_with_the_real_key(qtbot, auth, created):
    _session, recovery_key = created
    dialog = show(qtbot, RecoveryDialog(auth))
    type_into(qtbot, dialog.recovery_key, recovery_key)
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.passphrase, NEW_PASS)
    type_into(qtbot, dialog.repeat, NEW_PASS + "!")
    click(qtbot, dialog.recover_button)
    assert "niet gelijk" in dialog.message.text() and dialog.session is None
    dialog.repeat.setText(NEW_PASS)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.recover_button)
    assert AuditAction.RECOVERY_USED.value in actions(dialog.session)
    dialog.session.close()
    auth.login(ADMIN, NEW_PASS).close()


def test_recovery_without_keyring_needs_an_explicit_audited_choice(qtbot, created, paths):
    """Issue 22: never an unbound slot because the key file said so; only by this tick."""
    session, recovery_key = created
    session.close()
    no_keyring = AuthService(paths, DeviceSecrets(fail.Keyring()), FAST_POLICY)
    dialog = show(qtbot, RecoveryDialog(no_keyring))
    assert dialog.keyring_warning.isVisible() and "audittrail" in dialog.keyring_warning.text()
    type_into(qtbot, dialog.recovery_key, recovery_key)
    type_into(qtbot, dialog.username, ADMIN)
    type_into(qtbot, dialog.passphrase, NEW_PASS)
    type_into(qtbot, dialog.repeat, NEW_PASS)
    assert not dialog.recover_button.isEnabled()
    dialog.try_recover()  # even when forced, nothing happens without the tick
    assert dialog.session is None and "bewust" in dialog.message.text()
    click(qtbot, dialog.passphrase_only)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.recover_button)
    assert AuditAction.PASSPHRASE_ONLY_MODE.value in actions(dialog.session)
    dialog.session.close()
    assert no_keyring.passphrase_only()


def test_recovery_with_a_keyring_shows_no_such_choice(qtbot, auth, created):
    dialog = show(qtbot, RecoveryDialog(auth))
    assert not dialog.passphrase_only.isVisible() and not dialog.keyring_warning.isVisible()
    assert dialog.recover_button.isEnabled()


# -- after login -----------------------------------------------------------------------------
def test_confidentiality_must_be_ticked_and_is_recorded(qtbot, created):
    session, _key = created
    dialog = show(qtbot, ConfidentialityDialog(AccountService(session)))
    text = dialog.text.toPlainText()
    assert "7.1" in text and "9.2" in text and "Synthetische Beheerder" in text
    assert not dialog.accept_button.isEnabled()
    click(qtbot, dialog.agree)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.accept_button)
    assert session.user.confidentiality_accepted_at


def test_confidentiality_cancel_rejects(qtbot, created):
    session, _key = created
    dialog = show(qtbot, ConfidentialityDialog(AccountService(session)))
    with qtbot.waitSignal(dialog.rejected):
        click(qtbot, dialog.cancel_button)
    assert session.user.confidentiality_accepted_at is None


def test_change_passphrase_wrong_current_then_success(qtbot, auth, created):
    session, _key = created
    dialog = show(qtbot, ChangePassphraseDialog(AccountService(session), forced=True))
    assert "eenmalig wachtwoord" in dialog.intro.text()
    type_into(qtbot, dialog.current, "Niet-Het-Goede-Wachtwoord")
    type_into(qtbot, dialog.new, NEW_PASS)
    type_into(qtbot, dialog.repeat, NEW_PASS)
    click(qtbot, dialog.change_button)
    assert "huidige wachtwoord klopt niet" in dialog.message.text()
    assert dialog.current.text() == "" and dialog.new.text() == NEW_PASS
    type_into(qtbot, dialog.current, ADMIN_PASS)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.change_button)
    auth.login(ADMIN, NEW_PASS).close()
    with pytest.raises(WrongCredentials):
        auth.login(ADMIN, ADMIN_PASS)


def test_change_passphrase_weak_and_mismatch_keep_fields(qtbot, created):
    session, _key = created
    dialog = show(qtbot, ChangePassphraseDialog(AccountService(session)))
    type_into(qtbot, dialog.current, ADMIN_PASS)
    type_into(qtbot, dialog.new, "wachtwoord")
    click(qtbot, dialog.change_button)
    assert "minstens 12 tekens" in dialog.message.text()
    assert dialog.current.text() == ADMIN_PASS and dialog.new.text() == "wachtwoord"
    dialog.new.setText(NEW_PASS)
    type_into(qtbot, dialog.repeat, "Iets-Anders-Helemaal-1")
    click(qtbot, dialog.change_button)
    assert "niet gelijk" in dialog.message.text() and dialog.isVisible()
