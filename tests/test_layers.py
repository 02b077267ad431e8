"""The rooms stay clear: the core never imports Qt, the UI never touches the database and
reaches the store only through services/, domain/ does no I/O."""

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


# Rooms of this package a room must not reach into: the UI gets the store's errors and records
# from services/ (or domain/), so another storage engine can come in without touching a widget.
FORBIDDEN_INSIDE = {
    "ui": {"blijf_desktop.storage"},
}


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


def _modules(path: Path) -> set[str]:
    """Every module a file imports, in full: `from a.b import c` gives a.b and a.b.c (c may be
    a module), also under `if TYPE_CHECKING:` and inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _reaches(path: Path, rooms: set[str]) -> list[str]:
    return sorted(name for name in _modules(path)
                  if any(name == room or name.startswith(room + ".") for room in rooms))


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_room_imports_nothing_it_must_not(room):
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(_imports(path) & FORBIDDEN[room])
        for path in (PACKAGE / room).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("room", sorted(FORBIDDEN_INSIDE))
def test_room_reaches_no_room_it_must_not(room):
    offenders = {str(path.relative_to(PACKAGE)): _reaches(path, FORBIDDEN_INSIDE[room])
                 for path in (PACKAGE / room).rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("line", [
    "from blijf_desktop.storage.errors import WrongCredentials",
    "from blijf_desktop.storage import errors",
    "from blijf_desktop import storage",
    "import blijf_desktop.storage.users",
    "if TYPE_CHECKING:\n    from blijf_desktop.storage.users import User",
    "def later():\n    from blijf_desktop.storage.files import write_atomically",
])
def test_a_storage_import_in_the_ui_is_caught(tmp_path, line):
    planted = tmp_path / "planted.py"
    planted.write_text(f"from blijf_desktop.services.errors import StoreError\n{line}\n",
                       encoding="utf-8")
    assert _reaches(planted, FORBIDDEN_INSIDE["ui"])


def test_the_services_doors_are_not_caught(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("from blijf_desktop.services.errors import WrongCredentials\n"
                       "from blijf_desktop.services.accounts import User\n"
                       "from blijf_desktop import storage_free_helper\n", encoding="utf-8")
    assert _reaches(planted, FORBIDDEN_INSIDE["ui"]) == []


def test_no_module_grows_into_a_god_module():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := p.read_text(encoding="utf-8").count("\n")) > 400}
    assert long == {}


def test_every_store_error_reaches_the_ui_through_services_as_the_same_class():
    """The UI catches what storage raises: a storage error the door does not pass on would
    send a screen back to storage/, and a copy under the same name would never be caught."""
    import inspect

    from blijf_desktop.services import errors as door
    from blijf_desktop.storage import errors as store

    raised = {name: cls for name, cls in inspect.getmembers(store, inspect.isclass)
              if issubclass(cls, Exception) and cls.__module__ == store.__name__}
    assert raised and {name: getattr(door, name, None) for name in raised} == raised


def _sql_calls(path: Path) -> list[int]:
    """Lines where a module calls execute/executemany/executescript on anything."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("execute", "executemany", "executescript"))


def test_services_run_no_sql_themselves():
    """Only storage/ speaks SQL: a service that ran its own would run it unchanged on the
    server, where the dialect or the grants differ (docs/server-mode.md section 1)."""
    found = {str(path.relative_to(PACKAGE)): lines for path in (PACKAGE / "services").rglob("*.py")
             if (lines := _sql_calls(path))}
    assert found == {}


def test_a_service_running_sql_is_caught(tmp_path):
    module = tmp_path / "service.py"
    module.write_text("def f(session):\n    session.db.conn.execute('SELECT 1')\n")
    assert _sql_calls(module) == [2]
