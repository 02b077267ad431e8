"""Icon, .desktop file, and the start-up measuring aid (BLIJF_EXIT_WHEN_SHOWN)."""

import configparser
import os
import subprocess
import sys
from pathlib import Path

from blijf_desktop import assets
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import ADMIN, ADMIN_PASS, FAST_POLICY

ROOT = Path(__file__).resolve().parents[2]
ICONS = assets.resources_dir() / "icons"


def test_icon_files_are_there_small_and_square(qapp):
    from PySide6.QtGui import QImage

    png = ICONS / "blijf-desktop.png"
    assert png.stat().st_size < 30_000
    image = QImage(str(png))
    assert (image.width(), image.height()) == (256, 256)
    svg = QImage(str(ICONS / "blijf-desktop.svg"))
    assert not svg.isNull() and svg.width() == svg.height()


def test_app_icon_is_set_from_the_resources(qapp):
    from blijf_desktop.ui.application import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


def test_desktop_file_names_the_program_and_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "linux" / "blijf-desktop.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "blijf-desktop"
    assert desktop["Icon"] == "blijf-desktop"
    assert desktop["Terminal"] == "false"


def test_exit_when_shown_quits_after_the_login_window_is_painted(tmp_path):
    auth = AuthService(StorePaths(tmp_path / "store"), DeviceSecrets(), FAST_POLICY)
    session, _ = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS,
                                   passphrase_only=True)
    session.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BLIJF_EXIT_WHEN_SHOWN": "1"}
    run = subprocess.run([sys.executable, "-m", "blijf_desktop", "--store", str(tmp_path / "store")],
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["shown"]
