"""One scripted session of Blijf Desktop, through the real app: its start-up flow, dialogs,
main window and services, on a real SQLCipher store, offscreen.

Run it in a child process whose every file lands under one folder (HOME, TMPDIR, the XDG
folders, Qt's settings and the keyring file all point there; see `child_env`):

    python -m tests.security.scripted_session FOLDER --token TOKEN [--steps a,b,c]

The default steps are one caseworker's day in short: set-up (with the recovery sheet saved as
the app saves it), a user added, failed logins, a login, a full intake with a canary in every
field, searches, an unexpected error (crash output), a secret address revealed, an edit
(history), a risicotaxatie with a note and a raised level, an AWARE-traject started from the
case and taken through the police request, police information received, the advice with
measures and agreements, the decision, the connection and a review (every text a canary), the
advice previewed, printed to a PDF file printer in the folder and saved as PDF, the traject
ended with a handover, a signaal mensenhandel written in its form, a consent for the RIEC
prepared (every weighing part typed) and verified by a second teamleider in the real dialog,
the signal sent to the zorgcoördinator through the guided flow (anonymised, its PDF saved),
an intake left as a draft, lock, a failed unlock, unlock, quit; copies of the app's
files are taken while the store is open. Each step prints `STEP <name> ok` and nothing else is
printed: stdout and stderr are files in the folder, scanned like the rest.

Later features add their steps to STEPS and to SESSION (an AWARE request, a disclosure, a
backup), and their canaries to canaries.py."""

import argparse
import faulthandler
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
from tests.security.canaries import Canary, canaries
from tests.security.file_keyring import BACKEND_ENV, BACKEND_NAME, FILE_ENV

REPO = Path(__file__).resolve().parents[2]
ORGANISATION, APP_NAME = "Blijf Groep", "Blijf Desktop"  # as blijf_desktop.app sets them
# Argon2id as cheap as the other tests use: the KDF cost says nothing about what leaks.
FAST_POLICY = KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1))
MEMORY_CANARY_PREFIX = "Zwänenbürg-Kanarie-"  # + the token: typed in the memory-after-lock probe
HOLD_MARKER = "HOLDING"


# -- the folder ------------------------------------------------------------------------------
def home(folder: Path) -> Path:
    return folder / "home"


def store_dir(folder: Path) -> Path:
    """Where the app puts its store by default (AppLocalDataLocation) with this HOME."""
    return home(folder) / ".local" / "share" / ORGANISATION / APP_NAME


def keyring_file(folder: Path) -> Path:
    return home(folder) / ".local" / "share" / "keyrings" / "blijf-test-keyring.json"


def documents(folder: Path) -> Path:
    return home(folder) / "Documents"


def log_dir(folder: Path) -> Path:
    return folder / "logs"


def prepare_folder(folder: Path) -> None:
    for path in (home(folder) / ".config", home(folder) / ".local" / "share",
                 home(folder) / ".local" / "state", home(folder) / ".cache", documents(folder),
                 folder / "tmp", folder / "runtime", log_dir(folder)):
        path.mkdir(parents=True, exist_ok=True)
    (folder / "runtime").chmod(0o700)


def child_env(folder: Path) -> dict[str, str]:
    """The environment of a child whose files all land under `folder`. No D-Bus, no display:
    nothing reaches the real user's keyring, settings or session."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")}
    user_home = home(folder)
    env.update({
        "HOME": str(user_home),
        "TMPDIR": str(folder / "tmp"), "TMP": str(folder / "tmp"), "TEMP": str(folder / "tmp"),
        "XDG_CONFIG_HOME": str(user_home / ".config"),
        "XDG_DATA_HOME": str(user_home / ".local" / "share"),
        "XDG_STATE_HOME": str(user_home / ".local" / "state"),
        "XDG_CACHE_HOME": str(user_home / ".cache"),
        "XDG_RUNTIME_DIR": str(folder / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "nl_NL.UTF-8", "LC_ALL": "C.UTF-8",
        BACKEND_ENV: BACKEND_NAME,
        FILE_ENV: str(keyring_file(folder)),
        "PYTHONDONTWRITEBYTECODE": "1",  # no .pyc written into the repository
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def command(folder: Path, token: str, steps: list[str] | None = None) -> list[str]:
    argv = [sys.executable, "-m", "tests.security.scripted_session", str(folder), "--token", token]
    if steps:
        argv += ["--steps", ",".join(steps)]
    return argv


def run_child(folder: Path, token: str, steps: list[str] | None = None,
              timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the session in a child; its stdout and stderr are files in the folder's logs."""
    prepare_folder(folder)
    with open(log_dir(folder) / "session.stdout", "wb") as out, \
            open(log_dir(folder) / "session.stderr", "wb") as err:
        # cwd in the folder too: a file written to a relative path (a core dump) lands there.
        return subprocess.run(command(folder, token, steps), env=child_env(folder), cwd=folder,
                              stdin=subprocess.DEVNULL, stdout=out, stderr=err, timeout=timeout)


def create_ready_store(folder: Path, token: str) -> None:
    """Through the services, in this process: a store with a beheerder and a caseworker who
    has accepted the declaration and chosen her own passphrase (for probes that only need
    to log in). Uses the folder's keyring file, as the child will."""
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.paths import StorePaths
    from tests.account_helpers import ready_accounts
    from tests.security.file_keyring import FileKeyring

    c = canaries(token)
    prepare_folder(folder)
    device = DeviceSecrets(FileKeyring(keyring_file(folder)))
    auth = AuthService(StorePaths(store_dir(folder)), device, FAST_POLICY)
    admin, _recovery = auth.create_store(c["user.admin.username"].typed,
                                         c["user.admin.display_name"].typed, c["pass.admin"].typed)
    try:
        accounts = AccountService(admin)
        accounts.accept_confidentiality()
        ready_accounts(auth, admin, [(c["user.caseworker.username"].typed,
                                      c["user.caseworker.display_name"].typed,
                                      Role.HULPVERLENER, c["pass.caseworker"].typed)],
                       one_time=c["pass.one_time"].typed)  # a teamleider confirms (issue 22)
    finally:
        admin.close()


# -- the session (in the child) ----------------------------------------------------------------
@dataclass
class Context:
    folder: Path
    token: str
    canaries: dict[str, Canary]
    flow: object = None  # blijf_desktop.ui.application.AppFlow
    errors: list[str] = field(default_factory=list)
    last_step: str = ""
    snapshots: int = 0

    def typed(self, name: str) -> str:
        return self.canaries[name].typed

    @property
    def window(self):
        return self.flow.window

    def clients_page(self):
        self.window.show_area("clienten")
        return self.window.work_area.currentWidget()


def _dialog(ctx: Context, kind: str):
    from tests.security.ui_driver import wait_until

    return wait_until(lambda: ctx.flow.dialog if type(ctx.flow.dialog).__name__ == kind else None,
                      f"the {kind}")


def _window(ctx: Context):
    from tests.security.ui_driver import wait_until

    return wait_until(lambda: ctx.flow.window, "the main window")


def step_start(ctx: Context) -> None:
    from blijf_desktop.app import default_store_dir
    from blijf_desktop.config import AppConfig
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.paths import StorePaths
    from blijf_desktop.ui.application import AppFlow

    store = default_store_dir()
    assert store == store_dir(ctx.folder), "the app's store folder is outside the test folder"
    auth = AuthService(StorePaths(store), DeviceSecrets(), FAST_POLICY)
    assert type(auth.device.backend).__name__ == "FileKeyring", "the test keyring is not in use"
    ctx.flow = AppFlow(AppConfig(auth=auth, language="nl", idle_minutes=5.0))
    ctx.flow.start()


def step_setup(ctx: Context) -> None:
    from blijf_desktop.i18n import _
    from tests.security.ui_driver import click, type_text, wait_until

    dialog = _dialog(ctx, "SetupDialog")
    type_text(dialog.username, ctx.typed("user.admin.username"))
    type_text(dialog.display_name, ctx.typed("user.admin.display_name"))
    type_text(dialog.passphrase.edit, ctx.typed("pass.admin"))
    type_text(dialog.repeat.edit, ctx.typed("pass.admin"))
    click(dialog.create_button)
    wait_until(dialog.on_recovery_page, "the recovery key page")
    # Where "Afdrukken als PDF…" suggests saving (the file dialog itself is the OS's).
    sheet = documents(ctx.folder) / _("herstelblad-blijf-desktop.pdf")
    assert dialog.save_recovery_sheet(sheet), "the recovery sheet was not saved"
    click(dialog.stored_check)
    click(dialog.continue_button)
    _accept_declaration(ctx)
    _window(ctx)


def _accept_declaration(ctx: Context) -> None:
    from tests.security.ui_driver import click

    dialog = _dialog(ctx, "ConfidentialityDialog")
    click(dialog.agree)
    click(dialog.accept_button)


def step_add_caseworker(ctx: Context) -> None:
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.accounts import AccountService
    from tests.account_helpers import confirm, first_login

    # A teamleider: she does the intake and, as the one designated for exchanges with the
    # police (Blijf 6.1), records the police information too.
    # A second teamleider: the second pair of eyes who verifies a consent (issue 18). She is
    # the store's first teamleider (added alone) and confirms the other (issue 22).
    auth = ctx.flow.config.auth
    accounts = AccountService(ctx.flow.session)
    accounts.add_user(ctx.typed("user.second.username"), ctx.typed("user.second.display_name"),
                      Role.TEAMLEIDER, ctx.typed("pass.one_time"))
    accounts.add_user(
        ctx.typed("user.caseworker.username"), ctx.typed("user.caseworker.display_name"),
        Role.TEAMLEIDER, ctx.typed("pass.one_time"))
    _window(ctx).logout()
    first_login(auth, ctx.typed("user.second.username"), ctx.typed("pass.one_time"),
                ctx.typed("pass.second"))
    confirm(auth, ctx.typed("user.second.username"), ctx.typed("pass.second"),
            ctx.typed("user.caseworker.username"))


def _try_login(ctx: Context, username: str, passphrase: str):
    from tests.security.ui_driver import click, type_text

    dialog = _dialog(ctx, "LoginDialog")
    dialog.username.clear()
    type_text(dialog.username, username)
    dialog.passphrase.clear()
    type_text(dialog.passphrase.edit, passphrase)
    click(dialog.login_button)
    return dialog


def step_failed_logins(ctx: Context) -> None:
    from tests.security.ui_driver import wait_until

    for username in (ctx.typed("login.wrong_username"), ctx.typed("user.caseworker.username")):
        dialog = _try_login(ctx, username, ctx.typed("pass.wrong"))
        wait_until(lambda: dialog.message.text(), "the wrong-login message")
        assert dialog.session is None
    assert ctx.flow.config.auth.wait_seconds() == 0, "two failures must not start the back-off"


def step_login_first_time(ctx: Context) -> None:
    """The caseworker's first login: one-time passphrase, declaration, own passphrase."""
    from tests.security.ui_driver import click, type_text

    _try_login(ctx, ctx.typed("user.caseworker.username"), ctx.typed("pass.one_time"))
    _accept_declaration(ctx)
    dialog = _dialog(ctx, "ChangePassphraseDialog")
    type_text(dialog.current.edit, ctx.typed("pass.one_time"))
    type_text(dialog.new.edit, ctx.typed("pass.caseworker"))
    type_text(dialog.repeat.edit, ctx.typed("pass.caseworker"))
    click(dialog.change_button)
    _window(ctx)


def step_login(ctx: Context) -> None:
    """A caseworker who is ready to work logs in."""
    _try_login(ctx, ctx.typed("user.caseworker.username"), ctx.typed("pass.caseworker"))
    _window(ctx)


def _fill_person(ctx: Context, editor, key: str) -> None:
    from blijf_desktop.domain.people import ALLOWED_FIELDS
    from tests.security.canaries import RELATION
    from tests.security.ui_driver import choose, type_text

    if editor.relation is not None:
        choose(editor.relation, RELATION[key])
    for name in ALLOWED_FIELDS[editor.category]:
        type_text(editor.fields[name], ctx.typed(f"{key}.{name}"))


def step_intake(ctx: Context) -> None:
    from blijf_desktop.ui.intake.threat_editor import ABOUT_CLIENT, ABOUT_LOCATION
    from tests.security.ui_driver import choose, click, type_text, wait_until

    page = ctx.clients_page()
    page.new_intake()
    form = page.form
    _fill_person(ctx, form.client, "client")
    click(form.client.secret)  # a shelter address: masked until revealed
    cards = {}
    for key, section in (("child", "children"), ("derde", "derden"), ("pleger", "plegers")):
        click(form.sections[section].add_button)
        cards[key] = form.sections[section].cards[-1]
        _fill_person(ctx, cards[key].editor, key)
    for about, name in ((ABOUT_CLIENT, "threat.client"), (cards["child"].key, "threat.child"),
                        (ABOUT_LOCATION, "threat.location")):
        click(form.threats.add_button)
        threat = form.threats.cards[-1]
        choose(threat.about, about)
        if about == ABOUT_LOCATION:
            type_text(threat.location, ctx.typed("threat.location.place"))
        type_text(threat.description, ctx.typed(name))
    click(form.save_button)
    wait_until(lambda: page.form is None and page.case_widget is not None, "the saved case")


def _search(page, text: str) -> int:
    from tests.security.ui_driver import type_text, wait_until

    page.search.clear()
    type_text(page.search, text)
    page.timer.stop()
    page.run_search()
    return wait_until(lambda: page.status.text(), "the search status") and page.model.rowCount()


def step_search(ctx: Context) -> None:
    page = ctx.clients_page()
    page.show_list()
    for name in ("client.birth_date", "pleger.phone", "derde.residence"):
        assert _search(page, ctx.typed(name)) >= 1, f"search by {name} found nothing"
    assert _search(page, ctx.typed("search.nothing_found")) == 0
    assert _search(page, ctx.typed("client.last_name")) == 1
    page.open_current()


def step_unexpected_error(ctx: Context) -> None:
    """A bug that puts a name in an exception message, raised in a Qt slot: the app's crash
    output (stderr, a file in the folder) must carry the type and code places only."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.security.ui_driver import wait_until

    def buggy_slot():
        raise LookupError(ctx.typed("client.last_name"))

    QTimer.singleShot(0, buggy_slot)
    wait_until(lambda: ctx.errors, "the unexpected error")
    assert ctx.errors == ["LookupError"], "another error than the planted one"
    ctx.errors.clear()
    boxes = wait_until(lambda: [w for w in QApplication.topLevelWidgets()
                                if isinstance(w, QMessageBox) and w.isVisible()], "the message")
    for box in boxes:  # the calm message the app shows; the user clicks OK
        box.accept()


def _client_detail(page):
    from blijf_desktop.ui.intake.person_detail import PersonDetail

    details = [d for d in page.case_widget.findChildren(PersonDetail)
               if d.view.data.category.name == "CLIENT"]
    assert details, "no client details on the case"
    return details[0]


def step_reveal_address(ctx: Context) -> None:
    from tests.security.ui_driver import click, wait_until

    detail = _client_detail(ctx.clients_page())
    click(detail.reveal_button)
    wait_until(lambda: detail.revealed is not None, "the revealed address")


def step_edit(ctx: Context) -> None:
    from PySide6.QtWidgets import QPushButton

    from blijf_desktop.i18n import _
    from tests.security.ui_driver import click, type_text, wait_until

    page = ctx.clients_page()
    detail = _client_detail(page)
    click(detail.edit_button)
    street = detail.editor.fields["street"]
    street.clear()
    type_text(street, ctx.typed("edit.client.street"))
    [save] = [b for b in detail.findChildren(QPushButton) if b.text() == _("Wijzigingen opslaan")]
    click(save)
    wait_until(lambda: detail.editor is None, "the saved edit")
    history_tab = page.case_widget.tabs.count() - 1
    page.case_widget.tabs.setCurrentIndex(history_tab)
    wait_until(lambda: page.case_widget.history.model().rowCount(), "the history rows")


def step_screening(ctx: Context) -> None:
    """A risicotaxatie on the open case, by keyboard: every signal answered, a note on one,
    a higher level than proposed with its reason, saved; the history shows it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.security.ui_driver import click, type_text, wait_until

    case = ctx.clients_page().case_widget
    case.tabs.setCurrentWidget(case.risk)
    tab = case.risk
    for code, choice in tab.form.choices.items():
        QTest.keyClick(choice, Qt.Key.Key_1 if code == "stalking" else Qt.Key.Key_2)
    type_text(tab.form.notes["stalking"], ctx.typed("screening.note"))
    click(tab.panel.override)
    tab.panel.level.setCurrentIndex(tab.panel.level.findData("rood"))
    type_text(tab.panel.reason, ctx.typed("screening.reason"))
    click(tab.panel.save_button)
    wait_until(lambda: len(tab.history.entries) == 1, "the saved screening in the history")


def step_signal(ctx: Context) -> None:
    """A signaal mensenhandel on the open case: the form comes pre-filled from the case; the
    description, the suspicion of economic exploitation, the summary and vraag 2 typed."""
    from tests.security.ui_driver import click, type_text, wait_until

    case = ctx.clients_page().case_widget
    case.tabs.setCurrentWidget(case.signals)
    panel = case.signals
    click(panel.new_button)
    form = wait_until(lambda: panel.form, "the signal form")
    rows = form.rows
    type_text(rows["signaal.omschrijving"].control, ctx.typed("signal.description"))
    rows["signaal.bron_naam"].control.clear()
    type_text(rows["signaal.bron_naam"].control, ctx.typed("user.caseworker.display_name"))
    type_text(rows["signaal.bron_organisatie"].control, "Blijf Groep")
    click(rows["vermoeden.economisch"].control)
    type_text(rows["samenvatting"].control, ctx.typed("signal.summary"))
    wait_until(lambda: rows["vraag2.hoe"].control.isVisible(), "vraag 2 shown")
    type_text(rows["vraag2.hoe"].control, ctx.typed("signal.question2"))
    click(form.save_button)
    wait_until(lambda: form.signal_id is not None, f"the saved signal {form.message.text()}")
    click(form.back_button)


def step_consent(ctx: Context) -> None:
    """A consent for the RIEC prepared through the form (every weighing part typed), then
    verified in the real dialog by the second teamleider with her passphrase."""
    from tests.security.ui_driver import click, in_next_dialog, type_text, wait_until

    case = ctx.clients_page().case_widget
    case.tabs.setCurrentWidget(case.consent)
    panel = case.consent
    click(panel.prepare_button)
    form = wait_until(lambda: panel.form, "the consent form")
    for name, code in (("recipients", "riec"), ("purposes", "riec_advies"),
                       ("persons", case.case.client.id)):
        click(form.widgets[name][code])
    for kind in ("first_names", "last_name", "birth_date", "signaal_mensenhandel"):
        click(form.widgets["kinds"][kind])
    [signal] = form.widgets["signals"].values()  # the signal written in step_signal (14.6)
    click(signal)
    form.widgets["grantor"].setCurrentIndex(form.widgets["grantor"].findData("blijf"))
    form.widgets["client_informed"].setCurrentIndex(
        form.widgets["client_informed"].findData(True))
    form.widgets["client_position"].setCurrentIndex(
        form.widgets["client_position"].findData("stemt_in"))
    for part in ("noodzaak", "proportionaliteit", "subsidiariteit"):
        type_text(form.widgets[f"weighing_{part}"], f"{part.capitalize()} afgewogen.")
    type_text(form.widgets["weighing_doel"], ctx.typed("consent.weighing.doel"))
    type_text(form.widgets["weighing_belangen_slachtoffer"],
              ctx.typed("consent.weighing.belangen"))
    click(form.save_button)
    wait_until(lambda: panel.form is None and panel.consents, "the prepared consent")

    def verify(dialog) -> None:
        type_text(dialog.username, ctx.typed("user.second.username"))
        type_text(dialog.passphrase.edit, ctx.typed("pass.second"))
        click(dialog.confirm_button)

    in_next_dialog("VerifyDialog", verify)
    click(panel.verify_button)
    wait_until(lambda: any(c.state.value == "actief" for c in panel.consents.values()),
               "the verified consent")


def step_disclosure(ctx: Context) -> None:
    """The signal to the zorgcoördinator through the guided flow: the client's names, birth
    date and the signal, anonymised (the default) and in writing; the PDF saved where the user
    chooses. An intended export, scanned like every file: no name, address, phone or birth
    date of anyone may be in it."""
    from PySide6.QtWidgets import QFileDialog

    from blijf_desktop.domain.people import Category
    from tests.security.ui_driver import click, type_text, wait_until

    ctx.window.show_area("verstrekkingen")
    page = ctx.window.work_area.currentWidget()
    click(page.new_button)
    type_text(page.picker.search, ctx.typed("client.last_name"))
    page.picker.pick_current()
    flow = wait_until(lambda: page.flow, "the disclosure flow")
    for group, code in ((flow.choice.recipients, "zorgcoordinator_mensenhandel"),
                        (flow.choice.purpose, "signaal_mensenhandel"),
                        (flow.choice.initiative, "ongevraagd"),
                        (flow.choice.channel, "schriftelijk")):
        click(group.buttons[code])
    click(flow.next_button)
    client = next(box for box in flow.people.boxes.values()
                  if box.offer.category is Category.CLIENT)
    for kind in ("first_names", "last_name", "birth_date", "signaal_mensenhandel"):
        click(client.checks[kind])
    click(flow.next_button)  # Vorm: anonymised, the default
    click(flow.next_button)
    wait_until(lambda: flow.current() == "review" and flow.record_button.isEnabled(),
               "the preview with the gate open")
    click(flow.record_button)
    wait_until(lambda: flow.recorded_id, "the recorded disclosure")
    target = documents(ctx.folder) / DISCLOSURE_FILE
    chosen = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), ""))  # her choice
    try:
        click(flow.done_panel.save_button)
    finally:
        QFileDialog.getSaveFileName = chosen
    assert target.is_file(), "the disclosure PDF was not saved"
    click(flow.done_panel.back_button)


def step_police_info(ctx: Context) -> None:
    """Police information for the pleger (danger flag, violent incidents) and the child,
    through the register's case search and the real form."""
    from tests.security.ui_driver import choose, click, type_text, wait_until

    ctx.window.show_area("verstrekkingen")
    page = ctx.window.work_area.currentWidget()
    click(page.police_button)
    type_text(page.picker.search, ctx.typed("client.last_name"))
    page.picker.pick_current()
    form = wait_until(lambda: page.form, "the police-information form")
    choose(form.unit, "amsterdam")
    type_text(form.contact, ctx.typed("police.contact"))
    pleger = next(iter(form.flags)).split(":")[0]
    choose(form.flags[f"{pleger}:wapengevaarlijk"], "ja")
    type_text(form.texts[f"{pleger}:geweldsincidenten"], ctx.typed("police.pleger.incidents"))
    child = next(key for key in form.texts if key.endswith(":artikel_8_wpg"))
    type_text(form.texts[child], ctx.typed("police.child.art8"))
    click(form.save_button)
    wait_until(lambda: page.form is None and page.entry_view is not None,
               "the recorded police information")


# -- an AWARE-traject, from the case's AWARE tab, every step through its form ----------------
def _aware_tab(ctx: Context):
    case = ctx.clients_page().case_widget
    assert case is not None and case.aware is not None, "no AWARE tab on the open case"
    case.tabs.setCurrentWidget(case.aware)
    return case.aware


def _traject_panel(ctx: Context):
    """The open traject of the case; opened from the tab's list with Enter when needed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.security.ui_driver import wait_until

    tab = _aware_tab(ctx)
    if tab.panel is None:
        tab.trajects.setFocus()
        tab.trajects.setCurrentRow(0)
        QTest.keyClick(tab.trajects, Qt.Key.Key_Return)
    return wait_until(lambda: tab.panel, "the open traject")


def _aware_action(ctx: Context, action: str, fill: Callable) -> None:
    """Click the action's button on the traject, fill its form like a user, record it."""
    from tests.security.ui_driver import click, wait_until

    panel = _traject_panel(ctx)
    assert action in panel.action_buttons, f"no button for {action}: {list(panel.action_buttons)}"
    click(panel.action_buttons[action])
    form = wait_until(lambda: panel.form, f"the form for {action}")
    fill(form)
    click(form.save_button)
    wait_until(lambda: panel.form is None, f"the recorded {action}")
    assert not panel.message.text(), "the traject shows an error"


def step_aware_start(ctx: Context) -> None:
    """A teamleider starts a traject from the case: a reason, the betrokkenen as picked."""
    from tests.security.ui_driver import choose, click, type_text, wait_until

    tab = _aware_tab(ctx)
    click(tab.start_button)
    form = wait_until(lambda: tab.form, "the start form")
    choose(form.widgets["reason"], "stalking")
    type_text(form.widgets["reason_text"], ctx.typed("aware.start.reason_text"))
    click(form.save_button)
    panel = wait_until(lambda: tab.panel, "the started traject")
    assert panel.view.state.value == "concept"


def step_aware_request(ctx: Context) -> None:
    from datetime import date, timedelta

    from blijf_desktop.domain.validation import date_text
    from tests.security.ui_driver import choose, type_text

    def fill(form):
        choose(form.widgets["unit"], "amsterdam")
        type_text(form.widgets["asked"], ctx.typed("aware.request.asked"))
        type_text(form.widgets["necessity"], ctx.typed("aware.request.necessity"))
        type_text(form.widgets["answer_by"], date_text(date.today() + timedelta(days=14)))

    _aware_action(ctx, "informatie_gevraagd", fill)


def step_aware_advice(ctx: Context) -> None:
    """After the police information (step police_info): informatie ontvangen, the advice
    with measures and agreements, the decision, the connection and a review."""
    from tests.security.ui_driver import choose, click, type_text

    _aware_action(ctx, "informatie_ontvangen", lambda form: type_text(
        form.widgets["note"], ctx.typed("aware.received.note")))

    def advice(form):
        for code in ("aware", "politie_aandacht", "veiligheidsplan"):
            click(form.widgets["measures"][code])
        type_text(form.widgets["advice"], ctx.typed("aware.advice.text"))
        type_text(form.widgets["agreements"], ctx.typed("aware.advice.agreements"))

    _aware_action(ctx, "advies_opgesteld", advice)

    def decision(form):
        click(form.widgets["committee"]["veilig_thuis"])
        type_text(form.widgets["reasons"], ctx.typed("aware.decision.reasons"))

    _aware_action(ctx, "toegekend", decision)
    _aware_action(ctx, "aangesloten", lambda form: type_text(
        form.widgets["device"], ctx.typed("aware.connect.device")))

    def review(form):
        choose(form.widgets["contact"], True)
        type_text(form.widgets["incidents"], ctx.typed("aware.review.incidents"))
        choose(form.widgets["still_needed"], True)
        type_text(form.widgets["note"], ctx.typed("aware.review.note"))

    _aware_action(ctx, "evaluatie", review)
    panel = _traject_panel(ctx)
    assert panel.view.state.value == "aangesloten" and panel.view.facts.last_review


def printer_output(folder: Path) -> Path:
    """Where the PDF printer the session sets up writes the printed advice."""
    return folder / "printer" / "afdruk-veiligheidsadvies.pdf"


ADVICE_FILE = "veiligheidsadvies-traject-1.pdf"  # as "Opslaan als PDF…" suggests it
DISCLOSURE_FILE = "verstrekking-zorgcoordinator.pdf"


def step_aware_documents(ctx: Context) -> None:
    """The advice through its real button: rendered in the QPdfView, printed from memory to a
    PDF file printer set up in the folder (injected as the tests inject it; the modal print
    dialog is the OS's), saved as PDF through the service into Documents (the user's choice
    of file is the OS's dialog), then closed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from blijf_desktop.services.aware_documents import ADVICE
    from blijf_desktop.ui.aware.document_preview import DocumentPreviewDialog
    from tests.security.ui_driver import click, settle, wait_until

    panel = _traject_panel(ctx)
    assert panel.traject_id == 1, "the saved file's name is fixed for the scan's allowance"
    printed = printer_output(ctx.folder)
    printed.parent.mkdir(parents=True, exist_ok=True)
    saved = documents(ctx.folder) / ADVICE_FILE
    done: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DocumentPreviewDialog):
            QTimer.singleShot(20, in_the_dialog)
            return
        try:
            assert dialog.kind == ADVICE
            wait_until(lambda: dialog.document.status() == QPdfDocument.Status.Ready,
                       "the advice in the preview")
            assert dialog.view.document() is dialog.document and dialog.document.pageCount()
            settle(0.2)  # the view renders its pages
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))
            real = dialog.print_document
            dialog.print_document = lambda given=None: real(given or printer)
            click(dialog.print_button)
            assert printed.is_file(), "nothing printed"
            assert dialog.save_to(saved), "the advice was not saved"
            done.append("ok")
        finally:
            dialog.reject()

    QTimer.singleShot(20, in_the_dialog)
    click(panel.document_buttons[ADVICE])  # exec(): returns when the dialog closed
    wait_until(lambda: done, "the printed and saved advice")
    assert saved.is_file()


def step_aware_end(ctx: Context) -> None:
    """The traject ends with a reason and a handover to the wijkteam, through its form."""
    from tests.security.ui_driver import choose, type_text

    def end(form):
        type_text(form.widgets["reason"], ctx.typed("aware.end.reason"))
        choose(form.widgets["handover"], "wijkteam")

    _aware_action(ctx, "beeindigd", end)
    assert _traject_panel(ctx).view.state.value == "beeindigd"


def step_draft(ctx: Context) -> None:
    from tests.security.canaries import RELATION
    from tests.security.ui_driver import choose, click, type_text, wait_until

    page = ctx.clients_page()
    page.show_list()
    page.new_intake()
    form = page.form
    type_text(form.client.fields["first_names"], ctx.typed("draft.client.first_names"))
    type_text(form.client.fields["last_name"], ctx.typed("draft.client.last_name"))
    click(form.sections["plegers"].add_button)
    pleger = form.sections["plegers"].cards[-1].editor
    choose(pleger.relation, RELATION["pleger"])
    type_text(pleger.fields["last_name"], ctx.typed("draft.pleger.last_name"))
    # The draft timer keeps it a moment after typing stops, as it does for a user.
    wait_until(lambda: form.draft_note.text(), "the kept draft",
               timeout=form.DRAFT_DELAY_MS / 1000 + 5)


def step_lock(ctx: Context) -> None:
    from tests.security.ui_driver import settle

    ctx.window.lock()  # what Ctrl+L and the idle timer do
    assert ctx.window.locked and ctx.flow.session.locked, "not locked"
    settle(0.3)  # the app's loop runs on: pages are deleted


def _unlock(ctx: Context, passphrase: str):
    from tests.security.ui_driver import click, type_text

    screen = ctx.window.lock_screen
    screen.passphrase.clear()
    type_text(screen.passphrase.edit, passphrase)
    click(screen.unlock_button)
    return screen


def step_failed_unlock(ctx: Context) -> None:
    from tests.security.ui_driver import wait_until

    screen = _unlock(ctx, ctx.typed("pass.wrong"))
    wait_until(lambda: screen.message.text(), "the wrong-passphrase message")
    assert ctx.window.locked


def step_unlock(ctx: Context) -> None:
    from tests.security.ui_driver import wait_until

    _unlock(ctx, ctx.typed("pass.caseworker"))
    wait_until(lambda: not ctx.window.locked, "the unlocked window")


def step_type_memory_canary(ctx: Context) -> None:
    """Type "Zwänenbürg-Kanarie-<token>" into a new intake: prefix and token separately, so
    this harness never holds the whole name; only the app's own copies can."""
    from tests.security.ui_driver import type_text

    page = ctx.clients_page()
    page.new_intake()
    field = page.form.client.fields["last_name"]
    type_text(field, MEMORY_CANARY_PREFIX)
    type_text(field, ctx.token)


def step_snapshot(ctx: Context) -> None:
    """Copy the app's files as they are now, store open: the WAL and SHM files exist only
    while the store is open (closing checkpoints and removes them). The copies lie in the
    folder and are scanned with everything else."""
    import shutil

    ctx.snapshots += 1
    target = ctx.folder / "snapshots" / f"{ctx.snapshots:02d}-after-{ctx.last_step}"
    shutil.copytree(home(ctx.folder), target, symlinks=True)


def step_hold(ctx: Context) -> None:
    """Stay alive, idle, until the parent has read this process's memory."""
    print(HOLD_MARKER, flush=True)
    sys.stdin.readline()


def step_quit(ctx: Context) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tests.security.ui_driver import answer_next_question, settle, wait_until

    session = ctx.flow.session
    if ctx.window.has_unsaved_changes():  # the intake, back after the unlock: keep it a draft
        answer_next_question("Niet opslaan")
    ctx.window.close()  # Ctrl+Q: geometry saved, window closed, session closed
    wait_until(lambda: ctx.flow.window is None, "the closed window")
    assert session is None or session.locked, "the session is still open"
    QApplication.instance().aboutToQuit.emit()  # what app.quit() emits: the flow's shutdown
    settle(0.1)
    QSettings().sync()
    assert Path(QSettings().fileName()).is_relative_to(ctx.folder), "settings outside the folder"


STEPS: dict[str, Callable[[Context], None]] = {
    "start": step_start,
    "setup": step_setup,
    "add_caseworker": step_add_caseworker,
    "failed_logins": step_failed_logins,
    "login_first_time": step_login_first_time,
    "login": step_login,
    "intake": step_intake,
    "search": step_search,
    "unexpected_error": step_unexpected_error,
    "reveal_address": step_reveal_address,
    "edit": step_edit,
    "screening": step_screening,
    "aware_start": step_aware_start,
    "aware_request": step_aware_request,
    "police_info": step_police_info,
    "aware_advice": step_aware_advice,
    "aware_documents": step_aware_documents,
    "aware_end": step_aware_end,
    "signal": step_signal,
    "consent": step_consent,
    "disclosure": step_disclosure,
    "draft": step_draft,
    "lock": step_lock,
    "failed_unlock": step_failed_unlock,
    "unlock": step_unlock,
    "type_memory_canary": step_type_memory_canary,
    "snapshot": step_snapshot,
    "hold": step_hold,
    "quit": step_quit,
}
SESSION = ["start", "setup", "add_caseworker", "failed_logins", "login_first_time", "intake",
           "snapshot", "search", "unexpected_error", "reveal_address", "edit", "screening",
           "aware_start", "aware_request", "police_info", "aware_advice",
           "aware_documents", "aware_end", "signal", "consent", "disclosure", "draft", "snapshot", "lock",
           "snapshot", "failed_unlock", "unlock", "quit"]
# Held twice: unlocked (the parent checks its scan finds the key there), and after a lock, an
# unlock and a second lock (so the unlock path's copies are counted too).
MEMORY_PROBE = ["start", "login", "type_memory_canary", "hold", "lock", "unlock", "lock", "hold",
                "quit"]


def _refuse_outside(folder: Path) -> None:
    """A safety net for a run by hand: never write into a real home or temp folder."""
    for name in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        value = os.environ.get(name, "")
        if not value or not Path(value).resolve().is_relative_to(folder.resolve()):
            raise SystemExit(f"{name} must point into {folder}; run it through run_child()")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--token", required=True)
    parser.add_argument("--steps", default=",".join(SESSION))
    args = parser.parse_args(argv)
    _refuse_outside(args.folder)
    faulthandler.enable()  # a hard crash writes its trace to stderr, a file in the folder

    from PySide6.QtWidgets import QApplication

    from blijf_desktop import crash, i18n
    from blijf_desktop.ui.application import install_excepthook

    crash.configure_logging()
    app = QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)
    i18n.set_language("nl")
    ctx = Context(args.folder, args.token, canaries(args.token))
    install_excepthook()  # the app's own: logs the error type and places, no values
    app_hook = sys.excepthook

    def hook(kind, value, tb):
        ctx.errors.append(kind.__name__)
        app_hook(kind, value, tb)

    sys.excepthook = hook
    for name in args.steps.split(","):
        STEPS[name](ctx)
        if ctx.errors:
            print(f"STEP {name} failed: {', '.join(ctx.errors)}", flush=True)
            return 1
        print(f"STEP {name} ok", flush=True)
        ctx.last_step = name
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except BaseException:  # an assertion in a step: its trace goes to stderr, a scanned file
        traceback.print_exc()
        status = 1
    sys.exit(status)
