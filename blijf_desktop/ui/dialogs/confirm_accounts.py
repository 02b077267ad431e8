"""The teamleider's side of separation of duties (issue 22): the accounts a functioneel
beheerder asked case access for, each confirmed or refused with her own passphrase typed now.
Also the sentences shown after login: how many wait for her, and, once, that her own account
took effect without a teamleider."""

from datetime import datetime

from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem, QWidget

from blijf_desktop.domain import account_duties as duties
from blijf_desktop.i18n import N_, _, format_datetime, ngettext
from blijf_desktop.services.account_requests import AccountRequestService, AloneNotice
from blijf_desktop.services.errors import ApprovalFailed, InvalidInput, PermissionDenied
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, leave_button,
    page_layout, primary_button, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.role_names import role_name
from blijf_desktop.ui.widgets.list_table import read_only_table
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

_COLUMNS = (N_("Naam"), N_("Gebruikersnaam"), N_("Gevraagd"), N_("Door"), N_("Op"))


def _when(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(), "short")


def asked_text(kind: str, role) -> str:
    """What the beheerder asked, in a few words."""
    texts = {duties.NEW: _("nieuw account als {role}"),
             duties.ROLE: _("rol gewijzigd in {role}"),
             duties.RESET: _("eenmalig wachtwoord ingesteld ({role})")}
    return texts.get(kind, "{role}").format(role=role_name(role))


class ConfirmAccountsDialog(QDialog):
    """The list, her passphrase, Bevestigen and Weigeren. Enter in the passphrase confirms
    the selected account; the list keeps the focus order Tab can follow."""

    def __init__(self, requests: AccountRequestService, parent: QWidget | None = None):
        super().__init__(parent)
        self.requests = requests
        self._waiting = []
        self.setWindowTitle(_("Accounts bevestigen"))
        self.setMinimumWidth(720)

        self.table = read_only_table([_(c) for c in _COLUMNS],
                                     _("Accounts die wachten op uw bevestiging"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to her passphrase
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.passphrase = PassphraseField(show_meter=False)
        self.message = MessageLabel()
        self.confirm_button = primary_button(_("&Bevestigen"))
        self.confirm_button.clicked.connect(lambda: self.decide(confirm=True))
        self.refuse_button = secondary_button(_("&Weigeren"))
        self.refuse_button.clicked.connect(lambda: self.decide(confirm=False))
        close = leave_button(_("Sluiten"))
        close.clicked.connect(self.accept)

        layout = page_layout(self)
        layout.addWidget(heading(_("Accounts die wachten op uw bevestiging")))
        layout.addWidget(explanation(_(
            "De functioneel beheerder beheert de accounts, maar leest geen dossiers. Een account "
            "dat dossiers kan lezen, of dat als tweede paar ogen telt (teamleider, functioneel "
            "beheerder), werkt pas als een teamleider het bevestigt. Bevestig alleen een collega "
            "die u kent en die deze rol nodig heeft; weiger anders. Weigeren schakelt het "
            "account uit.")))
        layout.addWidget(self.table, 1)
        form = form_layout()
        add_row(form, _("&Uw wachtwoord:"), self.passphrase)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row(close, self.refuse_button, self.confirm_button))
        self.passphrase.edit.returnPressed.connect(lambda: self.decide(confirm=True))
        self.setTabOrder(self.table, self.passphrase.edit)
        self.setTabOrder(self.passphrase.edit, self.confirm_button)
        self.setTabOrder(self.confirm_button, self.refuse_button)
        self.setTabOrder(self.refuse_button, close)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        try:
            self._waiting = self.requests.waiting()
        except Exception as error:
            self._waiting = []
            self.message.show_error(error_message(error))
        self.table.setRowCount(len(self._waiting))
        for row, item in enumerate(self._waiting):
            cells = (item.display_name, item.username, asked_text(item.kind, item.role),
                     item.requested_by, _when(item.requested_at))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self._waiting:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._waiting[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        usable = self.selected() is not None
        self.confirm_button.setEnabled(usable)
        self.refuse_button.setEnabled(usable)

    def decide(self, confirm: bool) -> None:
        item = self.selected()
        if item is None:
            return
        if not self.passphrase.text():
            self.message.show_error(_("Typ uw wachtwoord om te bevestigen of te weigeren."))
            self.passphrase.setFocus()
            return
        try:
            if confirm:
                self.requests.confirm(item.request_id, self.passphrase.text())
            else:
                self.requests.refuse(item.request_id, self.passphrase.text())
        except (ApprovalFailed, InvalidInput, PermissionDenied) as error:
            self.message.show_error(_("Dat is niet gelukt. Controleer uw wachtwoord.")
                                    if isinstance(error, ApprovalFailed)
                                    else error_message(error))
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        except Exception as error:  # shown inline; nothing was decided
            self.message.show_error(error_message(error))
            return
        self.passphrase.clear()
        done = (_("{name} is bevestigd en kan nu aanmelden.") if confirm
                else _("{name} is geweigerd; het account is uitgeschakeld."))
        self.refresh()
        self.message.show_message(done.format(name=item.display_name), "success")
        self.table.setFocus()


def waiting_notice(count: int) -> tuple[str, str]:
    return (ngettext("Er wacht {n} account op uw bevestiging.",
                     "Er wachten {n} accounts op uw bevestiging.", count).format(n=count),
            _("Kies in het menu Account › Accounts bevestigen. Bevestig alleen collega's die u "
              "kent en die deze rol nodig hebben."))


def alone_notice_text(notice: AloneNotice) -> tuple[str, str]:
    return (_("Uw account ({asked}) werkt zonder bevestiging door een teamleider: er was "
              "nog geen andere teamleider. {name} heeft dit gedaan op {when}.").format(
                asked=asked_text(notice.kind, notice.role), name=notice.requested_by,
                when=_when(notice.requested_at)),
            _("Klopt dit niet, of kent u dit niet? Meld het direct als mogelijk "
              "beveiligingsincident."))


def login_notices(session) -> list[tuple[str, str]]:
    """What a teamleider hears once after login: her own account made alone, accounts that
    wait for her. Empty for anyone else."""
    from blijf_desktop.domain.roles import Permission, may

    service = AccountRequestService(session)
    parts = []
    notice = service.alone_notice()
    if notice is not None:
        parts.append(alone_notice_text(notice))
    if may(session.user.role, Permission.CONFIRM_ACCOUNTS):
        waiting = service.waiting()
        if waiting:
            parts.append(waiting_notice(len(waiting)))
    return parts
