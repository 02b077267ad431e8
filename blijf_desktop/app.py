"""Composition root: command line -> storage -> services -> UI."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from blijf_desktop import __version__, command_line, crash, desk_config, i18n
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


def make_demo_store() -> tuple[AuthService, tuple[str, str]]:
    """A throw-away store, passphrase-only (no keyring entry left behind), removed at exit."""
    from blijf_desktop import demo  # not at start-up: it pulls in the intake services
    from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy

    folder = Path(tempfile.mkdtemp(prefix="blijf-demo-"))
    atexit.register(shutil.rmtree, folder, True)
    auth = AuthService(StorePaths(folder / "store"), DeviceSecrets(),
                       KdfPolicy(fixed=ArgonParams(64 * 1024, 2)))
    demo.fill(auth, history=True)
    return auth, (demo.DEMO_USER, demo.DEMO_PASSPHRASE)


def server_auth(server: desk_config.DeskServer, store: Path):
    """Server mode: the session on the server, this desk's folder for her drafts."""
    from blijf_desktop.services.server_auth import ServerAddress, ServerAuthService

    return ServerAuthService(ServerAddress(server.url, server.ca_file), StorePaths(store))


def desk_problem_text(problem: desk_config.DeskConfigProblem, store: Path) -> str:
    if problem.code == "credentials":
        return _("Het serveradres bevat een gebruikersnaam of wachtwoord. Dat hoort er niet in: "
                 "iedere gebruiker meldt zich met haar eigen gegevens aan.")
    if problem.code == "unreadable":
        return _("Het bestand {file} in de map {folder} is niet te lezen als serverinstelling "
                 "(url en ca_file).").format(file=desk_config.FILE_NAME, folder=store)
    return _("Het serveradres is geen adres van de vorm postgresql://server/database.")


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


def tell_usage_error(mistake: command_line.UsageError) -> int:
    """A command-line mistake on standard error, and in a dialog when there is no terminal
    to read it (started from a desktop icon). Exit status 2, as argparse's."""
    if sys.stderr is not None:  # None in a windowed Windows build
        print(f"{mistake.text}\n{mistake.usage}", file=sys.stderr)
    if not _has_terminal() and _has_display():
        from blijf_desktop.ui.start_message import show_message

        show_message(mistake.text, _("Blijf Desktop is daarom niet gestart. Vraag uw beheerder "
                                     "de snelkoppeling waarmee u het opent na te kijken."))
    return 2


def _has_terminal() -> bool:
    for stream in (sys.stdin, sys.stderr):
        try:
            if stream is not None and stream.isatty():
                return True
        except (AttributeError, ValueError):  # no isatty, or closed
            continue
    return False


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    try:
        args = command_line.parse(sys.argv[1:] if argv is None else argv)
    except command_line.UsageError as mistake:
        return tell_usage_error(mistake)
    crash.configure_logging()
    i18n.set_language(args.lang or i18n.SOURCE_LANGUAGE)  # the GUI may choose another later
    if args.version:
        print(versions())
        return 0
    if args.self_test:
        from blijf_desktop import selftest

        return selftest.run()
    if args.command == "server":
        from blijf_desktop.server_command import server_init

        return server_init(args.url, args.ca, args.first_beheerder, args.display_name)
    store = args.store or default_store_dir()
    if args.command == "audit":
        return audit_verify(store, args.user)
    try:
        server = None if args.demo else desk_config.chosen(args.server, args.server_ca, store)
    except desk_config.DeskConfigProblem as problem:
        return tell_usage_error(command_line.UsageError(desk_problem_text(problem, store), ""))
    if args.demo:
        auth, hint = make_demo_store()
    elif server is not None:
        auth, hint = server_auth(server, store), None
    else:
        auth, hint = AuthService(StorePaths(store)), None
    from blijf_desktop.ui.application import run_gui

    return run_gui(AppConfig(auth=auth, language=args.lang, idle_minutes=args.idle_minutes,
                             demo_hint=hint))
