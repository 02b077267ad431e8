"""A new recovery key from Beheer: confirmed first, shown once, the old key retired."""

import sys
import types

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage import audit
from blijf_desktop.storage.errors import WrongRecoveryKey
from blijf_desktop.ui.dialogs.recovery_key import RecoveryKeyDialog, RecoveryKeyPanel
from blijf_desktop.ui.main_window import MainWindow
from blijf_desktop.ui.pages.beheer import BeheerPage

LEFT = Qt.MouseButton.LeftButton
HULP, ONE_TIME, HULP_OWN = "hulp1", "Eenmalig-Groen-Fietspad-7", "Eigen-Blauwe-Kikker-Zingt-9"
from tests.conftest import confirm_pending_here


def actions(session) -> list[str]:
    return [row.action for row in audit.recent(session.db.conn)]


def tick(qtbot, check):
    qtbot.mouseClick(check, LEFT, pos=QPoint(8, check.height() // 2))


@pytest.fixture
def admin(created):
    session, _key = created
    AccountService(session).accept_confidentiality()
    return session


@pytest.fixture
def page(qtbot, admin):
    beheer = BeheerPage(admin)
    qtbot.addWidget(beheer)
    beheer.show()
    return beheer


def ask(qtbot, page, answer):
    """Click the button on the page and answer the confirmation."""
    qtbot.mouseClick(page.recovery_button, LEFT)
    [box] = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    button = next(b for b in box.buttons() if b.text() == answer)
    qtbot.mouseClick(button, LEFT)
    return box


def open_dialogs(page) -> list[RecoveryKeyDialog]:
    return [d for d in page.findChildren(RecoveryKeyDialog) if d.isVisible()]


def test_new_recovery_key_replaces_the_old_one(qtbot, auth, created, page):
    session, old_key = created
    assert page.recovery_button.text() == "Nieuwe herstelsleutel maken…"
    box = ask(qtbot, page, "Nieuwe sleutel maken")
    assert "werkt daarna niet meer" in box.informativeText()
    assert "back-up" in box.informativeText()  # older copies of the key file: said honestly
    [dialog] = open_dialogs(page)
    assert dialog.isModal()
    new_key = dialog.panel.key_label.text()
    assert new_key and new_key != old_key
    assert len(auth.vault.open_with_recovery(new_key)) == 32
    with pytest.raises(WrongRecoveryKey):
        auth.vault.open_with_recovery(old_key)
    assert actions(session)[0] == AuditAction.RECOVERY_KEY_REPLACED.value

    # "Sluiten" only after the tick; Escape / the window's close button do not skip it
    assert not dialog.close_button.isEnabled()
    dialog.reject()
    dialog.close()
    assert dialog.isVisible() and dialog.panel.key_label.text() == new_key
    tick(qtbot, dialog.panel.stored_check)
    assert dialog.panel.confirmed and dialog.close_button.isEnabled()
    tick(qtbot, dialog.panel.stored_check)
    assert not dialog.close_button.isEnabled()
    tick(qtbot, dialog.panel.stored_check)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible() and dialog.panel.key_label.text() == ""
    assert page.recovery_result.kind == "success"
    assert "oude herstelblad" in page.recovery_result.text()


def test_cancel_keeps_the_old_key(qtbot, auth, created, page):
    session, old_key = created
    ask(qtbot, page, "Annuleren")
    assert not open_dialogs(page)
    assert len(auth.vault.open_with_recovery(old_key)) == 32
    assert AuditAction.RECOVERY_KEY_REPLACED.value not in actions(session)


def test_new_sheet_is_written_and_recorded(qtbot, auth, created, page, tmp_path, monkeypatch):
    calls = {}

    def build_recovery_sheet(*, recovery_key, store_id, created, language):
        calls.update(key=recovery_key, store=store_id, created=created, language=language)
        return b"%PDF-1.4 synthetic"

    fake = types.ModuleType("blijf_desktop.reports.recovery_sheet")
    fake.build_recovery_sheet = build_recovery_sheet
    monkeypatch.setitem(sys.modules, "blijf_desktop.reports.recovery_sheet", fake)
    session, _old = created
    page.make_new_recovery_key()
    [dialog] = open_dialogs(page)
    target = tmp_path / "herstelblad.pdf"
    assert dialog.panel.save_sheet(target)
    assert target.read_bytes() == b"%PDF-1.4 synthetic"
    assert target.stat().st_mode & 0o077 == 0
    assert calls["key"] == dialog.panel.key_label.text()
    assert calls["store"] == auth.vault.store_id() and calls["created"].tzinfo is not None
    assert actions(session)[:2] == [AuditAction.RECOVERY_SHEET_PRINTED.value,
                                    AuditAction.RECOVERY_KEY_REPLACED.value]
    assert "Opgeslagen" in dialog.panel.sheet_message.text()
    assert not dialog.panel.save_sheet(tmp_path / "bestaat-niet" / "blad.pdf")
    assert "niet worden opgeslagen" in dialog.panel.sheet_message.text()
    tick(qtbot, dialog.panel.stored_check)
    qtbot.mouseClick(dialog.close_button, LEFT)


def test_refusal_is_shown_on_the_page(qtbot, auth, created, admin):
    _session, old_key = created
    AccountService(admin).add_user(HULP, "Synthetische Hulpverlener", Role.HULPVERLENER, ONE_TIME)
    confirm_pending_here(admin, HULP)  # issue 22
    session = auth.login(HULP, ONE_TIME)
    AccountService(session).change_own_passphrase(ONE_TIME, HULP_OWN)
    AccountService(session).accept_confidentiality()
    try:
        page = BeheerPage(session)
        qtbot.addWidget(page)
        page.make_new_recovery_key()
        assert page.recovery_result.text() == "U hebt geen toestemming voor deze handeling."
        assert not page.findChildren(RecoveryKeyDialog)
        assert len(auth.vault.open_with_recovery(old_key)) == 32
    finally:
        session.close()


def test_the_lock_hides_the_key(qtbot, admin):
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    window.show_area("beheer")
    window.work_area.currentWidget().make_new_recovery_key()
    [dialog] = [d for d in window.findChildren(RecoveryKeyDialog) if d.isVisible()]
    panel = dialog.panel
    window.lock()
    assert not [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert panel.key_label.text() == ""
    QApplication.processEvents()


def test_panel_says_when_it_is_confirmed(qtbot):
    panel = RecoveryKeyPanel("AAAA-BBBB", "store-id", accounts=None)  # nothing is printed here
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.confirmed and panel.key_label.text() == "AAAA-BBBB"
    with qtbot.waitSignal(panel.confirmed_changed) as blocker:
        tick(qtbot, panel.stored_check)
    assert blocker.args == [True] and panel.confirmed
    panel.forget()
    assert panel.key_label.text() == "" and not panel.print_button.isEnabled()
