"""Beheer → Instellingen (issue 21) with real widgets on a real store: a value outside its
range is said beside the field and what was typed stays; a longer idle lock waits for a
second user while the window keeps locking after the old time; the asker cannot confirm her
own change in the dialog; a teamleider can, and the window then uses the new time; a logo
from a file, and a file that is no image refused beside it."""

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from blijf_desktop.domain import settings as rules
from blijf_desktop.reports import letterhead
from blijf_desktop.services.settings import SettingsService
from blijf_desktop.ui.main_window import MainWindow
from tests.conftest import ADMIN, ADMIN_PASS, LEAD_PASS
from tests.ui.test_main_window import ready, show


@pytest.fixture(autouse=True)
def default_letterhead():
    yield
    letterhead.use(letterhead.Letterhead())


@pytest.fixture
def window(qtbot, created, teamleider):
    return show(qtbot, MainWindow(ready(created[0])))


def section_of(window):
    window.show_area("beheer")
    return window.work_area.currentWidget().settings


def type_into(qtbot, field, text):
    field.editor.clear()
    qtbot.keyClicks(field.editor, text)


def test_out_of_range_is_said_beside_the_field_and_kept(qtbot, window):
    section = section_of(window)
    idle = section.fields[rules.IDLE_LOCK]
    type_into(qtbot, idle, "45")
    type_into(qtbot, section.fields[rules.ORGANISATION], "Stichting Synthetisch Onderdak")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert idle.message.text() == "Kies een getal van 1 tot en met 30."
    assert idle.editor.text() == "45"  # nothing typed is lost
    assert section.message.kind == "error"
    assert section.service.overview()[rules.ORGANISATION].value == (
        "Stichting Synthetisch Onderdak")  # the other field was saved
    assert section.service.idle_lock_minutes() == 5
    type_into(qtbot, idle, "vijf")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert idle.message.text() == "Vul een heel getal in."


def test_a_longer_idle_lock_waits_and_the_window_keeps_the_old_one(qtbot, window, teamleider):
    section = section_of(window)
    assert window.idle_watcher.interval_ms == 5 * 60_000
    type_into(qtbot, section.fields[rules.IDLE_LOCK], "15")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.message.kind == "info"
    note = section.fields[rules.IDLE_LOCK].pending_note
    assert note.isVisible() and "15 minuten" in note.text()
    assert "Synthetische Beheerder" in note.text()
    assert section.fields[rules.IDLE_LOCK].editor.text() == "5"  # in force
    assert section.table.rowCount() == 1
    assert window.idle_watcher.interval_ms == 5 * 60_000  # the stronger value holds

    section.confirm_selected()
    dialog = section.dialog
    qtbot.keyClicks(dialog.username, ADMIN)
    qtbot.keyClicks(dialog.passphrase.edit, ADMIN_PASS)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "niet zelf bevestigen" in dialog.username_message.text()
    assert dialog.username.text() == ADMIN and dialog.passphrase.text() == ""
    assert window.idle_watcher.interval_ms == 5 * 60_000

    dialog.username.setText(teamleider)
    qtbot.keyClicks(dialog.passphrase.edit, LEAD_PASS)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert section.table.rowCount() == 0 and not note.isVisible()
    assert section.fields[rules.IDLE_LOCK].editor.text() == "15"
    assert window.idle_watcher.interval_ms == 15 * 60_000


def test_a_shorter_idle_lock_is_used_at_once(qtbot, window):
    section = section_of(window)
    type_into(qtbot, section.fields[rules.IDLE_LOCK], "2")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.message.kind == "success"
    assert window.idle_watcher.interval_ms == 2 * 60_000


def test_the_command_line_may_only_shorten_the_idle_lock(qtbot, created):
    session = ready(created[0])
    assert show(qtbot, MainWindow(session, idle_minutes=60)).idle_watcher.interval_ms == 300_000
    assert show(qtbot, MainWindow(session, idle_minutes=1)).idle_watcher.interval_ms == 60_000


def test_a_logo_from_a_file_and_a_file_that_is_none(qtbot, window, tmp_path):
    section = section_of(window)
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("geen plaatje")
    section.set_logo_from(str(not_an_image))
    assert "geen PNG- of JPEG-afbeelding" in section.logo_message.text()
    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (47, 111, 167)).save(buffer, "PNG")
    logo = tmp_path / "echt.png"
    logo.write_bytes(buffer.getvalue())
    section.set_logo_from(str(logo))
    assert section.logo_message.kind == "success" and section.logo_preview.isVisible()
    assert SettingsService(window.session).overview()[rules.LOGO].value == buffer.getvalue()
    assert letterhead.current().logo == buffer.getvalue()  # the next PDF carries it
