"""Beheer → Back-ups with real widgets: a backup made by the worker thread drives the real
progress bar, refusals are told beside the buttons, restore shows its preview first, and
the set-up screen restores a lost store with the recovery key."""

import os
import time

import pytest
from PySide6.QtCore import Qt

from blijf_desktop.ui.backups import worker
from blijf_desktop.ui.backups.restore_dialog import RestoreDialog, StartRestoreDialog
from blijf_desktop.ui.backups.section import BackupSection
from tests.conftest import ADMIN, ADMIN_PASS
from tests.services.backup_helpers import add_cases, make, ready_admin


@pytest.fixture
def slow_progress(monkeypatch):
    """Small chunks and a pause per report, so the bar is seen moving."""
    from blijf_desktop.storage import backup_file

    monkeypatch.setattr(backup_file, "CHUNK", 16 * 1024)
    original = worker.JobThread._progress

    def paced(self, done, total):
        time.sleep(0.01)
        original(self, done, total)

    monkeypatch.setattr(worker.JobThread, "_progress", paced)


@pytest.fixture
def section(qtbot, created, caseworker, tmp_path):
    add_cases(caseworker, ["Eerste", "Tweede"])
    ready_admin(created[0])
    widget = BackupSection(created[0])
    qtbot.addWidget(widget)
    widget.show()
    (tmp_path / "backups").mkdir()
    return widget


def choose(qtbot, section, folder, keep=5):
    section.folder.setText(str(folder))
    section.folder.setModified(True)
    section.keep.setValue(keep)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)


def test_settings_and_the_stated_days(qtbot, section, tmp_path):
    choose(qtbot, section, tmp_path / "backups", keep=20)  # more kept: in force at once
    assert section.settings_message.kind == "success"
    assert "binnen 20 dagen" in section.statement.text()
    assert section.service.settings().keep == 20


def test_fewer_backups_wait_for_a_second_user(qtbot, section, tmp_path):
    """Blijf 9.1 (issue 21): fewer kept, or made less often, weakens security."""
    choose(qtbot, section, tmp_path / "backups", keep=7)
    assert section.settings_message.kind == "info"
    assert "bevestiging" in section.settings_message.text()
    assert section.service.settings().keep == 14 and section.keep.value() == 14
    assert section.service.waiting() == {"backup_keep": 7}
    assert section.table.accessibleName() and section.progress.accessibleName()


def test_a_backup_drives_the_real_progress_bar(qtbot, section, tmp_path, slow_progress):
    choose(qtbot, section, tmp_path / "backups")
    values = []
    section.progress.valueChanged.connect(values.append)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    assert section.progress.isVisible() and section.cancel_button.isEnabled()
    assert not section.backup_button.isEnabled()
    qtbot.waitUntil(lambda: section.thread is None, timeout=20000)
    assert section.message.kind == "success", section.message.text()
    assert len(set(values)) > 5 and max(values) == 1000 and values == sorted(values)
    assert section.table.rowCount() == 1 and not section.progress.isVisible()


def test_the_keyboard_alone_makes_a_backup(qtbot, section, tmp_path):
    choose(qtbot, section, tmp_path / "backups")
    section.backup_button.setFocus()
    qtbot.keyClick(section.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: section.thread is None, timeout=20000)
    assert section.table.rowCount() == 1


def test_a_cancelled_backup_leaves_nothing(qtbot, section, tmp_path, slow_progress):
    choose(qtbot, section, tmp_path / "backups")
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(section.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.thread is None, timeout=20000)
    assert "afgebroken" in section.message.text()
    assert os.listdir(tmp_path / "backups") == []


def test_a_read_only_folder_is_told_and_the_old_backup_kept(qtbot, section, tmp_path):
    from tests.reliability.environment import read_only

    choose(qtbot, section, tmp_path / "backups")
    first = section.service.finish_backup(make(section.service))
    section.service.clock = lambda: first.created.replace(year=first.created.year + 1)
    with read_only(tmp_path / "backups"):
        section.make_backup()
        qtbot.waitUntil(lambda: section.thread is None, timeout=20000)
    text = section.message.text()
    assert "alleen-lezen" in text and "eerdere back-ups zijn bewaard" in text
    assert os.listdir(tmp_path / "backups") == [first.name]


def test_restore_refuses_a_file_that_is_not_a_backup(qtbot, created, tmp_path):
    ready_admin(created[0])
    other = tmp_path / "foto.jpg"
    other.write_bytes(b"\xff\xd8\xff" + bytes(5000))
    dialog = RestoreDialog(created[0], str(other))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(ADMIN_PASS)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "geen back-up van Blijf Desktop" in dialog.message.text()
    assert "niet gewijzigd" in dialog.message.text()
    assert not dialog.restore_button.isEnabled()


def test_restore_shows_the_preview_then_restores(qtbot, section, tmp_path):
    choose(qtbot, section, tmp_path / "backups")
    entry = section.service.finish_backup(make(section.service))
    dialog = RestoreDialog(section.session, str(tmp_path / "backups" / entry.name))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(ADMIN_PASS)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "2 casussen" in dialog.summary.text(), dialog.message.text()
    assert "gaat verloren" in dialog.summary.text()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert section.session.locked  # the window signs out next


def test_the_set_up_screen_restores_a_lost_store(qtbot, created, caseworker, tmp_path, auth):
    import shutil

    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.paths import StorePaths
    from tests.conftest import FAST_POLICY
    from tests.keyring_backend import MemoryKeyring

    session, recovery_key = created
    add_cases(caseworker, ["Eerste"])
    caseworker.close()
    service = ready_admin(session, tmp_path / "stick")
    entry = service.finish_backup(make(service))
    session.close()
    shutil.rmtree(session.paths.folder)
    new_pc = AuthService(StorePaths(tmp_path / "nieuw"), DeviceSecrets(MemoryKeyring()),
                         FAST_POLICY)
    dialog = StartRestoreDialog(new_pc)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.setText(str(tmp_path / "stick" / entry.name))
    dialog.recovery_key.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "herstelsleutel opent deze back-up niet" in dialog.message.text()
    dialog.recovery_key.setText(recovery_key.lower().replace("-", " "))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "1 casus" in dialog.summary.text()
    # The store it replaces is gone: the preview says plainly what a restore cannot carry.
    assert "opnieuw worden vernietigd" in dialog.summary.text()
    dialog.username.setText(ADMIN)
    dialog.new_passphrase.setText("Nieuwe-Pc-Nieuw-Begin-7")
    dialog.repeat.setText("Nieuwe-Pc-Nieuw-Begin-7")
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.session is not None and dialog.session.user.username == ADMIN
    dialog.session.close()


def test_the_main_window_makes_the_days_backup_and_the_lock_stops_one(qtbot, created, tmp_path,
                                                                      slow_progress):
    from blijf_desktop.ui.main_window import MainWindow

    service = ready_admin(created[0], tmp_path / "dag")
    window = MainWindow(created[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not worker.running() and len(service.backups()) == 1, timeout=20000)
    qtbot.waitUntil(lambda: "gemaakt" in window.statusBar().currentMessage())
    # A backup running when the lock comes is stopped, and leaves no file and no key behind.
    service.clock.advance(days=1)
    job = service.start_backup()
    thread = worker.JobThread(job.run)
    thread.start_job()
    assert worker.running()
    window.lock()
    assert not worker.running() and len(os.listdir(tmp_path / "dag")) == 1
    assert job.error is not None and job.made is None
    assert job._data_key == bytearray(32)  # wiped
