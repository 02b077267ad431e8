"""Composition root: command line -> storage -> services -> UI."""

import argparse
import atexit
import shutil
import sys
import tempfile
from pathlib import Path

from blijf_desktop import __version__, crash, i18n
from blijf_desktop.config import AppConfig
from blijf_desktop.i18n import _
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.paths import StorePaths

APP_NAME = "Blijf Desktop"
ORGANISATION = "Blijf Groep"


def default_store_dir() -> Path:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    # The local (not roaming) folder: on Windows %LOCALAPPDATA%, so a roaming profile never copies
    # the store to a server; the same folder as AppDataLocation on Linux and macOS.
    location = QStandardPaths.StandardLocation.AppLocalDataLocation
    return Path(QStandardPaths.writableLocation(location))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="blijf-desktop", description=APP_NAME)
    parser.add_argument("--demo", action="store_true",
                        help="throw-away store in a temporary folder with synthetic people")
    parser.add_argument("--store", type=Path, metavar="DIR", help="folder of the store")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="nl", help="nl (default) or en")
    parser.add_argument("--idle-minutes", type=float, default=5.0,
                        help="lock after this many idle minutes (default 5)")
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation with a throw-away store; exit 0 when all is well")
    sub = parser.add_subparsers(dest="command")
    audit = sub.add_parser("audit", help="audit trail tools")
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("--user", required=True, help="user name of a functioneel beheerder")
    return parser.parse_args(argv)


def make_demo_store() -> tuple[AuthService, tuple[str, str]]:
    """A throw-away store, passphrase-only (no keyring entry left behind), removed at exit."""
    from blijf_desktop import demo  # not at start-up: it pulls in the intake services
    from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy

    folder = Path(tempfile.mkdtemp(prefix="blijf-demo-"))
    atexit.register(shutil.rmtree, folder, True)
    auth = AuthService(StorePaths(folder / "store"), DeviceSecrets(),
                       KdfPolicy(fixed=ArgonParams(64 * 1024, 2)))
    demo.fill(auth)
    return auth, (demo.DEMO_USER, demo.DEMO_PASSPHRASE)


def versions() -> str:
    import sqlcipher3
    from PySide6 import QtCore

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    return f"{APP_NAME} {__version__}\nSQLCipher {cipher}\nQt {QtCore.qVersion()} (PySide6 {QtCore.__version__})"


def audit_verify(store: Path, username: str) -> int:
    from blijf_desktop.services.audit_trail import AuditTrailService
    from blijf_desktop.ui.messages import damaged_store_message, error_message

    auth = AuthService(StorePaths(store))
    try:
        if auth.store_exists():
            auth.claim()  # before the passphrase is asked: another window may have the store
    except Exception as error:
        print(error_message(error), file=sys.stderr)
        return 2
    import getpass  # the command line only

    prompt = _("Wachtwoord: ")
    passphrase = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    try:
        session = auth.login(username, passphrase)
    except Exception as error:  # shown as a calm message, never a traceback
        print(error_message(error), file=sys.stderr)
        return 2
    try:
        trail = AuditTrailService(session)
        result = trail.verify()
        damaged = trail.damaged_pages()
    except Exception as error:
        print(error_message(error), file=sys.stderr)
        return 2
    finally:
        try:
            session.close()
        except Exception as error:  # e.g. the logout row on a full disk: a message, no traceback
            print(error_message(error), file=sys.stderr)
    if damaged:
        print(damaged_store_message(damaged), file=sys.stderr)
        return 1
    if result.ok:
        print(_("Audittrail in orde: {rows} regels gecontroleerd.").format(rows=result.rows_checked))
        return 0
    print(_("Audittrail verbroken bij regel {seq} ({problem}); {rows} regels daarvoor in orde.").format(
        seq=result.first_bad_seq, problem=result.problem, rows=result.rows_checked))
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    crash.configure_logging()
    i18n.set_language(args.lang)
    if args.version:
        print(versions())
        return 0
    if args.self_test:
        from blijf_desktop import selftest

        return selftest.run()
    store = args.store or default_store_dir()
    if args.command == "audit":
        return audit_verify(store, args.user)
    if args.demo:
        auth, hint = make_demo_store()
    else:
        auth, hint = AuthService(StorePaths(store)), None
    from blijf_desktop.ui.application import run_gui

    return run_gui(AppConfig(auth=auth, language=args.lang, idle_minutes=args.idle_minutes,
                             demo_hint=hint))
