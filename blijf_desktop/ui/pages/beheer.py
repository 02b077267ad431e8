"""Beheer (functioneel beheerder): users and roles, and the audit trail check. The services
enforce who may do this; this page only shows their answers, in Dutch, next to the buttons."""

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QMessageBox, QTableWidgetItem, QWidget

from blijf_desktop.domain import account_duties as duties
from blijf_desktop.i18n import N_, _, format_datetime
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.backups.section import BackupSection
from blijf_desktop.ui.dialogs.add_user import AddUserDialog
from blijf_desktop.ui.dialogs.change_role import ChangeRoleDialog
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, busy_cursor, button_row, explanation, heading, scrolling_page_layout,
    secondary_button,
)
from blijf_desktop.ui.dialogs.recovery_key import RecoveryKeyDialog
from blijf_desktop.ui.dialogs.reset_passphrase import ResetPassphraseDialog
from blijf_desktop.ui.incidents.break_ins import add_to_beheer
from blijf_desktop.ui.pages.data_key import DataKeySection, confirm as confirm_with_plan
from blijf_desktop.ui.teams.team_settings import TeamSettings
from blijf_desktop.ui.messages import damaged_store_message, error_message
from blijf_desktop.ui.role_names import role_name
from blijf_desktop.ui.settings.section import SettingsSection
from blijf_desktop.ui.widgets.list_table import read_only_table

_COLUMNS = (N_("Gebruikersnaam"), N_("Naam"), N_("Rol"), N_("Actief"),
            N_("Geheimhouding geaccepteerd"), N_("Bevestiging"))


def _when(iso: str | None) -> str:
    if not iso:
        return _("nog niet")
    return format_datetime(datetime.fromisoformat(iso).astimezone(), "short")


def audit_problem(problem: str | None, seq: int | None) -> str:
    texts = {
        "edited": _("regel {seq} is gewijzigd nadat hij was vastgelegd"),
        "missing": _("regel {seq} ontbreekt"),
        "inserted": _("regel {seq} is later tussengevoegd"),
        "head": _("het eindpunt van de keten ontbreekt"),
    }
    return texts.get(problem or "", _("regel {seq} klopt niet")).format(seq=seq)


def _no_op() -> None:
    pass


def confirmation_text(request, names: dict[int, str]) -> str:
    """Issue 22: whether a teamleider confirmed this account's case access or four-eyes power,
    who asked it and when; "—" for an account that needs no confirmation."""
    if request is None:
        return "—"
    if request.pending:
        return _("Wacht op een teamleider; gevraagd door {name}, {when}").format(
            name=names.get(request.requested_by, "?"), when=_when(request.requested_at))
    texts = {
        duties.CONFIRMED: _("Bevestigd door {name}, {when}"),
        duties.REFUSED: _("Geweigerd door {name}, {when}"),
        duties.WITHDRAWN: _("Ingetrokken door {name}, {when}"),
        duties.ALONE: _("Zonder teamleider (er was er geen): {name}, {when}"),
    }
    return texts.get(request.decision, "{name}").format(
        name=names.get(request.decided_by, "?"), when=_when(request.decided_at))


def confirmation_detail(request) -> str:
    """What was asked, for the cell's tooltip."""
    if request is None:
        return _("Dit account leest geen dossiers en telt niet als tweede paar ogen: geen "
                 "bevestiging nodig.")
    return {duties.NEW: _("Gevraagd: een nieuw account met toegang tot dossiers of als tweede "
                          "paar ogen."),
            duties.ROLE: _("Gevraagd: een rol met toegang tot dossiers of als tweede paar ogen."),
            duties.RESET: _("Gevraagd: een eenmalig wachtwoord voor een account met toegang tot "
                            "dossiers of als tweede paar ogen.")}.get(request.kind, "")


def section_heading(text: str) -> QLabel:
    label = heading(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() / 1.25)
    label.setFont(font)
    return label


class BeheerPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.accounts = AccountService(session)
        self.audit_trail = AuditTrailService(session)
        self._users = []

        self.table = read_only_table([_(c) for c in _COLUMNS], _("Gebruikers"))
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.add_button = secondary_button(_("Gebruiker toevoegen…"))
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = secondary_button(_("Wachtwoord opnieuw instellen…"))
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.role_button = secondary_button(_("Rol wijzigen…"))
        self.role_button.clicked.connect(self.change_role)
        self.disable_button = secondary_button(_("Uitschakelen…"))
        self.disable_button.clicked.connect(self.ask_disable)
        self.message = MessageLabel()
        self.verify_button = secondary_button(_("Audittrail controleren"))
        self.verify_button.clicked.connect(self.verify_audit)
        self.audit_result = MessageLabel()
        self.recovery_button = secondary_button(_("Nieuwe herstelsleutel maken…"))
        self.recovery_button.clicked.connect(self.ask_new_recovery_key)
        self.recovery_result = MessageLabel()
        self.data_key = DataKeySection(session, self, self.accounts)

        users_label = section_heading(_("&Gebruikers"))
        users_label.setBuddy(self.table)
        self.table.setMinimumHeight(180)
        layout = scrolling_page_layout(self)  # taller than a laptop screen
        layout.addWidget(heading(_("Beheer")))
        layout.addWidget(users_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(left=(self.add_button, self.reset_button, self.role_button,
                                          self.disable_button)))
        layout.addWidget(self.message)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Teams")))
        self.teams = TeamSettings(session)  # need to know (issue 22; Blijf 6.1)
        layout.addWidget(self.teams)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Audittrail")))
        layout.addWidget(explanation(_("Elke aanmelding, inzage en wijziging is vastgelegd in een "
                                       "keten van regels. De controle ziet of een regel is "
                                       "gewijzigd, weggehaald of tussengevoegd, en leest elke "
                                       "pagina van de opslag na op beschadiging.")))
        layout.addLayout(button_row(left=(self.verify_button,)))
        layout.addWidget(self.audit_result)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Herstelsleutel")))
        layout.addWidget(explanation(_("Is het herstelblad kwijt, of hebben anderen het gezien? "
                                       "Maak dan een nieuwe herstelsleutel. De oude werkt daarna "
                                       "niet meer.")))
        layout.addLayout(button_row(left=(self.recovery_button,)))
        layout.addWidget(self.recovery_result)
        layout.addSpacing(8)
        self.data_key.add_to(layout, section_heading)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Back-ups")))
        self.backups = BackupSection(session)
        self.backups.restored.connect(lambda: self.window().leave_after_restore())
        layout.addWidget(self.backups)
        self.break_ins = add_to_beheer(layout, session, self)  # Blijf 9.1 (issue 21)
        layout.addSpacing(8)
        layout.addWidget(section_heading(_("Instellingen")))
        self.settings = SettingsSection(session)  # Blijf 9.1: four eyes to weaken (issue 21)
        self.settings.applied.connect(lambda: getattr(self.window(), "apply_settings", _no_op)())
        self.backups.settings_changed.connect(self.settings.refresh)
        layout.addWidget(self.settings)
        self.setTabOrder(self.table, self.add_button)
        self.setTabOrder(self.add_button, self.reset_button)
        self.setTabOrder(self.reset_button, self.role_button)
        self.setTabOrder(self.role_button, self.disable_button)
        self.setTabOrder(self.disable_button, self.verify_button)
        self.setTabOrder(self.verify_button, self.recovery_button)
        self.setTabOrder(self.recovery_button, self.backups.folder)
        self.refresh()

    # -- users table ---------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        try:
            self._users = self.accounts.list_users()
            requests = self.accounts.requests()
        except Exception as error:
            self.message.show_error(error_message(error))
            self._users, requests = [], {}
        names = {user.id: user.display_name for user in self._users}
        self.table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            cells = (user.username, user.display_name, role_name(user.role),
                     _("ja") if user.active else _("nee"), _when(user.confidentiality_accepted_at),
                     confirmation_text(requests.get(user.id), names))
            waiting = requests.get(user.id) is not None and requests[user.id].pending
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == len(cells) - 1:
                    item.setToolTip(confirmation_detail(requests.get(user.id)))
                if not user.active:
                    item.setForeground(self.palette().placeholderText())
                elif waiting:  # cannot log in yet: stands out in the list
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if user.id == select_id:
                self.table.selectRow(row)
        self._selection_changed()

    def selected_user(self):
        rows = self.table.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self._users):
            if user.username == username:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        user = self.selected_user()
        usable = user is not None and user.active
        self.reset_button.setEnabled(usable)
        self.role_button.setEnabled(usable and user.id != self.session.user.id)
        self.disable_button.setEnabled(usable)

    # -- actions -------------------------------------------------------------------------
    def add_user(self) -> None:
        self.message.clear_message()
        dialog = AddUserDialog(self.accounts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._user_added(dialog.user))
        dialog.open()

    def _user_added(self, user) -> None:
        self.refresh(select_id=user.id)
        text = _("{name} ({username}) is toegevoegd als {role}. Bij de eerste aanmelding kiest "
                 "{name} een eigen wachtwoord.")
        if self._waits(user.id):
            text += " " + _("Het account werkt pas als een teamleider het bevestigt: vraag haar "
                            "dit te doen via Account › Accounts bevestigen.")
        self.message.show_message(text.format(name=user.display_name, username=user.username,
                                              role=role_name(user.role)), "success")

    def _waits(self, user_id: int) -> bool:
        request = self.accounts.requests().get(user_id)
        return request is not None and request.pending

    def reset_passphrase(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.message.clear_message()
        dialog = ResetPassphraseDialog(self.accounts, user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._passphrase_reset(user))
        dialog.open()

    def _passphrase_reset(self, user) -> None:
        self.refresh(select_id=user.id)
        text = _("Het wachtwoord van {name} is opnieuw ingesteld. Bij de volgende aanmelding "
                 "kiest {name} een eigen wachtwoord.")
        if self._waits(user.id):
            text += " " + _("Het account werkt pas als een teamleider het bevestigt: vraag haar "
                            "dit te doen via Account › Accounts bevestigen.")
        self.message.show_message(text.format(name=user.display_name), "success")

    def change_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.message.clear_message()
        dialog = ChangeRoleDialog(self.accounts, user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._role_changed(user, dialog.chosen_role()))
        dialog.open()

    def _role_changed(self, user, role) -> None:
        self.refresh(select_id=user.id)
        text = _("{name} is nu {role}.").format(name=user.display_name, role=role_name(role))
        if self._waits(user.id):
            text += " " + _("Het account werkt pas als een teamleider het bevestigt: vraag haar "
                            "dit te doen via Account › Accounts bevestigen.")
        self.message.show_message(text, "success")

    def ask_disable(self) -> None:
        """The confirmation names the accounts a new data key would leave out (issue 22)."""
        user = self.selected_user()
        if user is None:
            return
        self.message.clear_message()
        try:
            plan = self.data_key.service.plan(leaving_id=user.id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        confirm_with_plan(
            self, _("Gebruiker uitschakelen"), _("{name} ({username}) uitschakelen?").format(
                name=user.display_name, username=user.username), plan, _("Uitschakelen"),
            lambda: self.disable_user(user),
            intro=_("Deze gebruiker kan daarna niet meer aanmelden. Wat hij of zij heeft "
                    "vastgelegd blijft bewaard, ook in de audittrail. De gegevens krijgen een "
                    "nieuwe sleutel."))

    def disable_user(self, user) -> None:
        self.data_key.start(
            lambda: self.accounts.disable_user(user.id, rekey_confirmed=True), self.message,
            lambda: self.refresh(select_id=user.id),
            success=_("{name} is uitgeschakeld en kan niet meer aanmelden. De gegevens hebben "
                      "een nieuwe sleutel: een kopie van het oude sleutelbestand opent ze niet "
                      "meer.").format(name=user.display_name))

    def verify_audit(self) -> None:
        try:
            result = self.audit_trail.verify()
            damaged = self.audit_trail.damaged_pages()
        except Exception as error:
            self.audit_result.show_error(error_message(error))
            return
        if damaged:
            self.audit_result.show_error(damaged_store_message(damaged))
            return
        if result.ok:
            self.audit_result.show_message(_("Audittrail in orde: {rows} regels gecontroleerd.")
                                           .format(rows=result.rows_checked), "success")
            return
        self.audit_result.show_error(_(
            "De audittrail is niet in orde: {problem}. De {rows} regels daarvoor zijn in orde. "
            "Behandel dit als een mogelijk beveiligingsincident.").format(
            problem=audit_problem(result.problem, result.first_bad_seq),
            rows=result.rows_checked))

    # -- recovery key --------------------------------------------------------------------
    def ask_new_recovery_key(self) -> None:
        self.recovery_result.clear_message()
        box = QMessageBox(QMessageBox.Icon.Question, _("Nieuwe herstelsleutel maken"),
                          _("Een nieuwe herstelsleutel maken?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(_(
            "Het huidige herstelblad werkt daarna niet meer voor dit sleutelbestand. Druk het "
            "nieuwe blad af en vernietig het oude.\n\nLet op: oudere kopieën van het "
            "sleutelbestand (store.keys), bijvoorbeeld in back-ups, gaan met de oude sleutel "
            "mogelijk nog wel open."))
        confirm = box.addButton(_("Nieuwe sleutel maken"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: box.clickedButton() == confirm
                             and self.make_new_recovery_key())
        box.open()

    def make_new_recovery_key(self) -> None:
        try:
            with busy_cursor():
                store_id = self.session.vault.store_id()  # first: nothing may fail after the swap
                recovery_key = self.accounts.new_recovery_key()
        except Exception as error:
            self.recovery_result.show_error(error_message(error))
            return
        dialog = RecoveryKeyDialog(recovery_key, store_id, self.accounts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.recovery_result.show_message(_(
            "De nieuwe herstelsleutel is in gebruik. Vernietig het oude herstelblad."),
            "success"))
        dialog.open()
