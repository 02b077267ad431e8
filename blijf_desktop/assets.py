"""Where the non-Python files are: next to the package in a checkout or editable install,
or in the PyInstaller bundle folder."""

import sys
from pathlib import Path


def base_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def translations_dir() -> Path:
    return base_dir() / "translations"


def resources_dir() -> Path:
    return base_dir() / "resources"
