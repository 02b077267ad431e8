"""The main window remembers its size and place, and nothing else, in the user's settings;
tests write those settings only into their own folder (tests/conftest.py)."""

from PySide6.QtCore import QSettings

from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.main_window import MainWindow


def test_geometry_is_saved_on_close_and_restored_and_holds_nothing_personal(
        qtbot, created, isolated_settings):
    session, _ = created
    AccountService(session).accept_confidentiality()
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.resize(640, 430)  # fits the offscreen screen (800x600): restore keeps it whole
    window.close()

    files = [p for p in isolated_settings.rglob("*") if p.is_file()]
    assert files, "nothing was written into the test's own settings folder"
    assert set(QSettings().allKeys()) == {"main_window/geometry", "main_window/state"}
    written = b"".join(p.read_bytes() for p in files)
    for personal in (session.user.username, session.user.display_name):
        assert personal.encode() not in written

    again = MainWindow(session)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (640, 430)
    again.close()


def test_a_damaged_setting_gives_the_default_size(qtbot, created):
    session, _ = created
    AccountService(session).accept_confidentiality()
    QSettings().setValue("main_window/geometry", "not bytes")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert (window.width(), window.height()) == (1100, 720)
    window.close()
