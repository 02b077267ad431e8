"""Build the Blijf Desktop application folder with PyInstaller, for the platform this runs on.

    python packaging/build.py                   # -> dist/blijf-desktop/
    python packaging/build.py --dist D --work W # elsewhere (the slow test builds into a tmp dir)
    python packaging/build.py --refresh-icon    # re-render resources/icons/blijf-desktop.png

Installs nothing: PyInstaller comes from `pip install -e '.[package]'`. Steps:
1. copy translations/ to the work folder and compile the catalogs there
   (`pybabel compile -d translations -D blijf_desktop`), so the repo tree stays as it is;
2. on Windows and macOS, render the app icon (.ico / .icns) from the SVG with Qt;
3. run PyInstaller on packaging/blijf-desktop.spec with those paths;
4. print where the folder is and its size."""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "blijf-desktop.spec"
ICON_SVG = ROOT / "resources" / "icons" / "blijf-desktop.svg"
ICON_PNG = ROOT / "resources" / "icons" / "blijf-desktop.png"
NAME = "blijf-desktop"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def render_icon(target: Path, size: int = 256) -> None:
    """Render the SVG icon at `size` px into `target` (.png, .ico or .icns, by suffix)."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {ICON_SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), target.suffix.lstrip(".").upper()):
        raise SystemExit(f"cannot write {target} (Qt image format plugin missing?)")


def compile_catalogs(work: Path) -> Path:
    """A copy of translations/ in the work folder, with compiled .mo files beside the .po."""
    target = work / "translations"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "translations", target,
                    ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    print("pybabel compile -d translations -D blijf_desktop  (in", work, ")", flush=True)
    # `pybabel` is babel.messages.frontend; run it with this interpreter, whatever PATH says.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile",
                    "-d", "translations", "-D", "blijf_desktop"], cwd=work, check=True)
    return target


def platform_icon(work: Path) -> Path | None:
    if sys.platform.startswith("win"):
        icon = work / f"{NAME}.ico"
    elif sys.platform == "darwin":
        icon = work / f"{NAME}.icns"
    else:
        return None  # Linux: the .desktop file names the icon; the exe carries none
    render_icon(icon)
    return icon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the application folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="scratch folder (default: build/pyinstaller/)")
    parser.add_argument("--refresh-icon", action="store_true",
                        help=f"re-render {ICON_PNG.relative_to(ROOT)} from the SVG and stop")
    args = parser.parse_args(argv)

    if args.refresh_icon:
        render_icon(ICON_PNG)
        print(f"{ICON_PNG.relative_to(ROOT)}: {ICON_PNG.stat().st_size} bytes")
        return 0

    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller is not installed in this Python environment.\n"
              "Install the packaging tools first:  pip install -e '.[package]'\n"
              f"(Python: {sys.executable})", file=sys.stderr)
        return 2

    dist, work = args.dist.resolve(), args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    translations = compile_catalogs(work)
    icon = platform_icon(work)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
               str(SPEC), "--", "--translations", str(translations)]
    if icon is not None:
        command += ["--icon", str(icon)]
    print(" ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        print(f"PyInstaller failed (exit {result.returncode}).", file=sys.stderr)
        return result.returncode
    folder = dist / NAME
    exe = folder / (f"{NAME}.exe" if sys.platform.startswith("win") else NAME)
    print(f"Built {folder} ({folder_size(folder) / 1e6:.0f} MB).")
    if sys.platform == "darwin":
        print(f"macOS app: {dist / 'Blijf Desktop.app'}")
    check = folder / f"{NAME}-cli.exe" if sys.platform.startswith("win") else exe
    print(f"Check it with:  {check} --self-test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
