"""Change one's own passphrase; `forced` after a beheerder set a one-time passphrase.

Forced right after the login or unlock with the one-time passphrase, the dialog does not ask
for it again (the service knows this session just proved it: AccountService.
choose_own_passphrase). Should that proof have run out meanwhile (the dialog was left open),
the service says so and the field appears; what was typed stays."""

from PySide6.QtWidgets import QDialog, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import (
    CurrentPassphraseNeeded, WeakPassphrase, WrongCredentials,
)
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.settings.values import store_min_length
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField, new_passphrase_ready


class ChangePassphraseDialog(common.AsksBeforeLeaving, QDialog):
    """Esc, Annuleren and the window's close button ask before typed text is thrown away,
    except when `forced`: there declining means signing out, at once. reject() never asks
    (the lock uses it)."""

    def __init__(self, accounts: AccountService, forced: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.forced = forced
        self.setWindowTitle(_("Blijf Desktop: wachtwoord wijzigen"))
        self.setMinimumWidth(580)

        layout = common.page_layout(self)
        if forced:
            layout.addWidget(common.heading(_("Kies uw eigen wachtwoord")))
            self.intro = common.boxed(_(
                "Uw beheerder heeft een eenmalig wachtwoord voor u ingesteld. Dat wachtwoord kent "
                "de beheerder ook; kies daarom nu een eigen wachtwoord dat alleen u kent. Daarna "
                "kunt u verder werken."), "info")
        else:
            layout.addWidget(common.heading(_("Wachtwoord wijzigen")))
            self.intro = common.explanation(_(
                "Kies een nieuw wachtwoord dat alleen u kent. Het oude wachtwoord werkt daarna "
                "niet meer."))
        layout.addWidget(self.intro)

        form = common.form_layout()
        self.current = PassphraseField(show_meter=False)
        self.new = PassphraseField(show_meter=True,
                                   min_length=store_min_length(accounts.session))
        self.repeat = PassphraseField(show_meter=False)
        own = accounts.session.user
        self.new.set_owner(own.username, own.display_name)  # her own name is guessed first
        current_label = _("&Eenmalig wachtwoord:") if forced else _("&Huidig wachtwoord:")
        common.add_row(form, current_label, self.current)
        common.add_row(form, _("&Nieuw wachtwoord:"), self.new)
        common.add_row(form, _("H&erhaal nieuw wachtwoord:"), self.repeat)
        layout.addLayout(form)
        self.form = form
        self.asks_current = not forced or accounts.current_passphrase_needed()
        form.setRowVisible(self.current, self.asks_current)

        self.message = common.MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.cancel_button = common.leave_button(_("Annuleren"))
        if forced:
            self.cancel_button.setToolTip(_("Zonder eigen wachtwoord kunt u niet verder en wordt "
                                            "u uitgelogd."))
        self.change_button = common.primary_button(_("Wachtwoord wijzigen"))
        self.cancel_button.clicked.connect(self.reject_by_user)
        self.change_button.clicked.connect(self.try_change)
        layout.addLayout(common.button_row(self.cancel_button, self.change_button))

        QWidget.setTabOrder(self.current.edit, self.new.edit)
        QWidget.setTabOrder(self.new.edit, self.repeat.edit)
        QWidget.setTabOrder(self.repeat.edit, self.change_button)
        (self.current if self.asks_current else self.new).setFocus()

    # -- leaving ---------------------------------------------------------------------------
    def asks_before_leaving(self) -> bool:
        return not self.forced

    def typed_fields(self) -> list:
        return [self.current, self.new, self.repeat]

    def leave_question(self) -> str:
        return _("Uw nieuwe wachtwoord is nog niet opgeslagen. Wilt u het nu opslaan?")

    def submit_from_question(self) -> None:
        self.try_change()

    def try_change(self) -> None:
        self.message.clear_message()
        if self.asks_current and not self.current.text():
            self.message.show_error(_("Vul uw huidige wachtwoord in."))
            self.current.setFocus()
            return
        if not new_passphrase_ready(self.message, self.new, self.repeat, _(
                "De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord nog "
                "eens bij 'Herhaal nieuw wachtwoord'.")):
            return
        try:
            with common.busy_cursor():
                if self.asks_current:
                    self.accounts.change_own_passphrase(self.current.text(), self.new.text())
                else:
                    self.accounts.choose_own_passphrase(self.new.text())
        except CurrentPassphraseNeeded:
            self._ask_current()
            return
        except WrongCredentials:
            self.message.show_error(_("Het huidige wachtwoord klopt niet. Typ het opnieuw."))
            self.current.clear()
            self.current.setFocus()
            return
        except Exception as error:  # shown inline; what was typed stays
            self.message.show_error(error_message(error))
            if isinstance(error, WeakPassphrase):
                self.new.setFocus()
            return
        self.current.clear()
        self.new.clear()
        self.repeat.clear()
        self.accept()

    def _ask_current(self) -> None:
        """The login or unlock no longer counts (too long ago): ask for the passphrase after
        all, keeping the new one as typed."""
        self.asks_current = True
        self.form.setRowVisible(self.current, True)
        self.message.show_message(_("Het eenmalige wachtwoord is al even geleden ingevuld. "
                                    "Vul het voor de zekerheid nog één keer in."), "info")
        self.current.setFocus()
