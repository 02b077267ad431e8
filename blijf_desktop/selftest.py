"""`blijf-desktop --self-test`: a quick check of an installation, for IT.

Opens a throw-away encrypted store in a temporary folder (passphrase-only, so no keyring entry
is made; cheap Argon2id, so it takes seconds), writes and reads a synthetic intake through the
services, checks the file on disk is encrypted, builds the recovery-key PDF, checks the
translations and the audit chain, loads Qt with its plugins, and opens the Jaarcijfers page
with its charts (QtCharts). One line per check:

    OK  <check>
    FOUT <check>: <reason>

A reason names an error type and code locations only, never data. Exit status 0 when every
check passed, 1 otherwise. The temporary folder is removed at the end. The lines are fixed
Dutch text (not translated): IT quotes them to the helpdesk as they are."""

import os
import secrets
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Callable, TextIO

from blijf_desktop import assets, i18n
from blijf_desktop.domain import validation
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
from blijf_desktop.storage.paths import StorePaths

# Real Argon2id, but cheap: this store lives for a few seconds and holds only made-up data.
SELFTEST_POLICY = KdfPolicy(fixed=ArgonParams(memory_kib=8 * 1024, iterations=1, lanes=1))
ADMIN = "zelftest-beheer"
LEAD = "zelftest-teamleider"
SQLITE_HEADER = b"SQLite format 3\x00"
KNOWN_STRING = "Inloggen"  # a string every English catalog translates
# Synthetic person: made up for this check, recognisable if ever seen anywhere.
SYNTHETIC = PersonData(Category.CLIENT, first_names="Zelftest", last_name="Proefpersoon",
                       residence="Teststad", birth_date=date(1990, 1, 1))
SYNTHETIC_PHONE = "06 12345678"


class CheckFailed(Exception):
    """A check found something wrong; the message is fixed text written here, never data."""


@dataclass
class Context:
    folder: Path
    auth: AuthService | None = None
    admin_pass: str = ""
    lead_pass: str = ""
    recovery_key: str = ""
    store_id: str = ""
    case_id: int | None = None
    sessions: list = field(default_factory=list)

    def login(self, username: str, passphrase: str):
        session = self.auth.login(username, passphrase)
        self.sessions.append(session)
        return session

    def close_sessions(self) -> None:
        while self.sessions:
            session = self.sessions.pop()
            try:
                session.close()
            except Exception:  # the folder is removed anyway; the check already reported
                pass


def _passphrase() -> str:
    return "Zelftest-" + secrets.token_hex(8) + "-Ok"


def _need(condition: bool, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


# -- the checks, in order; each may use what the ones before it left in the context ----------
def check_create_store(ctx: Context) -> None:
    ctx.auth = AuthService(StorePaths(ctx.folder / "store"), DeviceSecrets(), SELFTEST_POLICY)
    ctx.admin_pass, ctx.lead_pass = _passphrase(), _passphrase()
    session, ctx.recovery_key = ctx.auth.create_store(ADMIN, "Zelftest Beheerder", ctx.admin_pass,
                                                      passphrase_only=True)
    ctx.sessions.append(session)
    ctx.store_id = ctx.auth.vault.store_id()
    admin = AccountService(session)
    admin.accept_confidentiality()
    one_time = _passphrase()
    admin.add_user(LEAD, "Zelftest Teamleider", Role.TEAMLEIDER, one_time)
    ctx.close_sessions()
    lead = ctx.login(LEAD, one_time)
    own = AccountService(lead)
    own.accept_confidentiality()
    own.change_own_passphrase(one_time, ctx.lead_pass)
    _need(lead.ready, "account niet gereed na verklaring en eigen wachtwoord")


def check_write_read(ctx: Context) -> None:
    lead = ctx.sessions[-1]
    checked = validation.phone(SYNTHETIC_PHONE)
    _need(checked.error is None and checked.value.startswith("+31"),
          "telefoonnummer niet herkend (phonenumbers-gegevens ontbreken?)")
    person = replace(SYNTHETIC, phone=checked.value)
    intake = IntakeService(lead)
    ctx.case_id = intake.save_intake(person, [])
    ctx.close_sessions()  # read back in a new session: really from the file
    lead = ctx.login(LEAD, ctx.lead_pass)
    view = IntakeService(lead).case(ctx.case_id)
    _need(view.client.data == person, "gelezen gegevens wijken af van wat is geschreven")
    hits = IntakeService(lead).search("Proefpers")
    _need(any(hit.case_id == ctx.case_id for hit in hits),
          "zoeken (FTS5 trigram) vindt het record niet")
    ctx.close_sessions()


def check_encrypted_on_disk(ctx: Context) -> None:
    ctx.close_sessions()
    store = ctx.folder / "store"
    db = store / "store.db"
    head = db.read_bytes()[:16]
    _need(len(head) == 16, "opslagbestand is leeg")
    _need(head != SQLITE_HEADER, "opslagbestand heeft een leesbare SQLite-kop")
    for path in store.iterdir():
        if path.name.startswith("store.db"):  # the file and its WAL/SHM companions
            content = path.read_bytes()
            _need(b"Proefpersoon" not in content and b"Zelftest" not in content,
                  f"leesbare tekst in {path.name}")


def check_recovery_sheet(ctx: Context) -> None:
    from blijf_desktop.reports.recovery_sheet import build_recovery_sheet

    _need(bool(ctx.recovery_key), "geen herstelsleutel")
    data_key = ctx.auth.vault.open_with_recovery(ctx.recovery_key)
    opens = len(data_key) == 32
    data_key[:] = bytes(len(data_key))  # forget it at once
    _need(opens, "herstelsleutel opent de opslag niet")
    pdf = build_recovery_sheet(ctx.recovery_key, ctx.store_id, datetime.now(), i18n.language())
    _need(pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:], "geen geldig PDF-bestand")


def check_translations(_ctx: Context) -> None:
    translate = i18n._  # by another name: the catalog extractor must not see a msgid here
    before = i18n.language()
    day = date(2026, 3, 2)
    try:
        i18n.set_language("nl")
        dutch, dutch_date = translate(KNOWN_STRING), i18n.format_date(day, "long")
        i18n.set_language("en")
        english, english_date = translate(KNOWN_STRING), i18n.format_date(day, "long")
    finally:
        i18n.set_language(before)
    _need(dutch == KNOWN_STRING, "Nederlandse teksten laden niet")
    _need(english != KNOWN_STRING, "Engelse vertaling laadt niet")
    _need("maart" in dutch_date and "March" in english_date,
          "datumnotatie (Babel-gegevens nl/en) ontbreekt")
    _need(translate(KNOWN_STRING) == (dutch if before == "nl" else english), "taal niet teruggezet")


def check_audit_chain(ctx: Context) -> None:
    admin = ctx.login(ADMIN, ctx.admin_pass)
    result = AuditTrailService(admin).verify()
    ctx.close_sessions()
    _need(result.ok, f"audittrail verbroken bij regel {result.first_bad_seq}")
    _need(result.rows_checked >= 10, f"te weinig audittrail-regels ({result.rows_checked})")


def check_qt(_ctx: Context) -> None:
    """Qt, its platform plugin, an image-format plugin (SVG) and Qt's own translations.
    Near the end, because a platform plugin that cannot load ends the process (Qt's rule)."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
    from PySide6.QtGui import QGuiApplication, QImage
    from PySide6.QtWidgets import QApplication  # proves the widgets module loads

    app = QCoreApplication.instance() or QApplication([sys.argv[0]])
    _need(isinstance(app, QGuiApplication), "geen grafische Qt-toepassing")
    icons = assets.resources_dir() / "icons"
    png = QImage(str(icons / "blijf-desktop.png"))
    _need(not png.isNull() and png.width() == 256, "pictogram (PNG) laadt niet")
    svg = QImage(str(icons / "blijf-desktop.svg"))
    _need(not svg.isNull(), "SVG laadt niet (Qt-plugin imageformats ontbreekt?)")
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _need(translator.load("qtbase_nl", folder), "Qt-vertalingen (qtbase_nl) ontbreken")


def check_figures_page(ctx: Context) -> None:
    """The Jaarcijfers page as a teamleider opens it: counted from the store (the synthetic
    intake, shown as '<5'), each figure a table, the charts drawn by QtCharts (its module and
    its Qt libraries are in the bundle)."""
    from PySide6.QtWidgets import QApplication

    from blijf_desktop.domain.figures import FIGURES, TOTAL
    from blijf_desktop.ui.figures.page import FiguresPage

    _need(isinstance(QApplication.instance(), QApplication), "geen Qt Widgets-toepassing")
    page = FiguresPage(ctx.login(LEAD, ctx.lead_pass))
    try:
        _need(page.show_figures(), "Jaarcijfers niet geteld")
        _need(len(page.sections) == len(FIGURES), "niet alle cijfers op de pagina")
        intakes = page.section("intakes")
        _need(intakes.table_data.shown(TOTAL, TOTAL) == "<5",
              "de intake telt niet mee of is niet afgeschermd")
        _need(intakes.chart is not None and not intakes.chart.grab().isNull(),
              "grafiek (QtCharts) tekent niet")
    finally:
        page.deleteLater()
        ctx.close_sessions()


CHECKS: list[tuple[str, Callable[[Context], None], tuple[str, ...]]] = [
    # (name, check, names of the checks it builds on)
    ("versleutelde opslag aanmaken en inloggen", check_create_store, ()),
    ("record schrijven en teruglezen", check_write_read, ("versleutelde opslag aanmaken en inloggen",)),
    ("bestand versleuteld (geen SQLite-kop, geen leesbare tekst)", check_encrypted_on_disk,
     ("record schrijven en teruglezen",)),
    ("herstelsleutel en PDF", check_recovery_sheet, ("versleutelde opslag aanmaken en inloggen",)),
    ("vertalingen (nl, en)", check_translations, ()),
    ("audittrail-keten", check_audit_chain, ("record schrijven en teruglezen",)),
    ("Qt en plugins", check_qt, ()),
    ("Jaarcijfers met grafieken (QtCharts)", check_figures_page,
     ("Qt en plugins", "record schrijven en teruglezen")),
]


def _reason(error: BaseException) -> str:
    if isinstance(error, CheckFailed):
        return str(error)
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
    return f"{type(error).__name__} ({where})"


def run(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    folder = Path(tempfile.mkdtemp(prefix="blijf-zelftest-"))
    ctx = Context(folder)
    passed: set[str] = set()
    try:
        for name, check, needs in CHECKS:
            missing = [n for n in needs if n not in passed]
            if missing:
                line = f"FOUT {name}: niet uitgevoerd, eerst moet '{missing[0]}' slagen"
            else:
                try:
                    check(ctx)
                except Exception as error:  # every failure is a line, never a traceback
                    line = f"FOUT {name}: {_reason(error)}"
                else:
                    passed.add(name)
                    line = f"OK  {name}"
            print(line, file=out, flush=True)
    finally:
        ctx.close_sessions()
        shutil.rmtree(folder, ignore_errors=True)
    ok = len(passed) == len(CHECKS)
    print(f"Zelftest {'geslaagd' if ok else 'MISLUKT'}: {len(passed)} van {len(CHECKS)} "
          f"controles in orde.", file=out, flush=True)
    return 0 if ok else 1
