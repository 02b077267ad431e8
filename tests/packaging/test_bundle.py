"""The Linux application folder: built with packaging/build.py into a temporary folder, then
`blijf-desktop --self-test` run from it offscreen. Slow (about a minute): run with
`python -m pytest -m slow`. Needs PyInstaller (`pip install -e '.[package]'`)."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blijf_desktop import selftest

ROOT = Path(__file__).resolve().parents[2]
NAME = "blijf-desktop"
LEFT_OUT = ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "libgtk-3")


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1e6


@pytest.mark.slow
def test_bundle_builds_and_passes_its_self_test(tmp_path, capsys):
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: pip install -e '.[package]' "
                    "(this test must not be skipped)")
    dist, work = tmp_path / "dist", tmp_path / "work"
    catalogs_before = sorted((ROOT / "translations").rglob("*"))
    build = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"),
                            "--dist", str(dist), "--work", str(work)],
                           capture_output=True, text=True, timeout=1500)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    folder = dist / NAME
    exe = folder / NAME
    assert exe.is_file()

    internal = folder / "_internal"
    files = [str(p.relative_to(internal)) for p in internal.rglob("*")]  # folders too
    for wanted in ("PySide6/Qt/plugins/platforms/libqoffscreen.so",
                   "PySide6/Qt/plugins/platforms/libqxcb.so",
                   "PySide6/Qt/plugins/imageformats/libqsvg.so",
                   "PySide6/QtCharts.abi3.so",  # the Jaarcijfers charts
                   "PySide6/Qt/lib/libQt6Charts.so.6",
                   "PySide6/Qt/translations/qtbase_nl.qm",
                   "translations/nl/LC_MESSAGES/blijf_desktop.mo",
                   "translations/en/LC_MESSAGES/blijf_desktop.mo",
                   "resources/icons/blijf-desktop.png",
                   "blijf_desktop/storage/migrations"):
        assert wanted in files, f"{wanted} missing from the bundle"
    assert [f for f in files if any(part in f for part in LEFT_OUT)] == []
    assert sorted((ROOT / "translations").rglob("*")) == catalogs_before, \
        "build.py wrote into the repo's translations/"

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    env.pop("DISPLAY", None)
    run = subprocess.run([str(exe), "--self-test"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    names = [name for name, _check, _needs in selftest.CHECKS]
    assert [line for line in run.stdout.splitlines() if line.startswith(("OK  ", "FOUT "))] == [
        f"OK  {name}" for name in names]

    version = subprocess.run([str(exe), "--version"], env=env, capture_output=True, text=True,
                             timeout=60)
    assert version.returncode == 0 and "SQLCipher 4." in version.stdout

    with capsys.disabled():
        print(f"\nbundle: {folder.name}/ {_size_mb(folder):.0f} MB "
              f"({sum(p.is_file() for p in folder.rglob('*'))} files); self-test from the bundle: OK")
