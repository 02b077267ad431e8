"""The rooms stay clear: the core never imports Qt, the UI never touches the database,
domain/ does no I/O."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "blijf_desktop"
FORBIDDEN = {
    "domain": {"PySide6", "sqlcipher3", "sqlite3", "os", "pathlib", "subprocess", "socket",
               "keyring", "io", "shutil", "reportlab"},
    "storage": {"PySide6"},
    "services": {"PySide6", "sqlcipher3", "sqlite3"},
    "reports": {"PySide6", "sqlcipher3", "sqlite3"},
    "ui": {"sqlcipher3", "sqlite3", "cryptography"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_room_imports_nothing_it_must_not(room):
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(_imports(path) & FORBIDDEN[room])
        for path in (PACKAGE / room).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_module_grows_into_a_god_module():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := p.read_text(encoding="utf-8").count("\n")) > 400}
    assert long == {}
