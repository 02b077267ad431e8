"""Restoring a backup: choose the file, give a key, see what it holds (date, size, number of
cases), then check it whole and put it in place with a progress bar. Two doors:
`RestoreDialog` in Beheer (the beheerder's own passphrase) and `StartRestoreDialog` on the
set-up screen of a PC without a store (the recovery key, and a new passphrase)."""

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLineEdit, QMessageBox, QProgressBar, QWidget,
)

from blijf_desktop.domain import backups as rules
from blijf_desktop.i18n import _, format_datetime, ngettext
from blijf_desktop.ui.backups import worker
from blijf_desktop.ui.backups.messages import restore_message
from blijf_desktop.ui.backups.section import size_text
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField, new_passphrase_ready


def preview_text(preview) -> str:
    info = preview.info
    return ngettext(
        "Gemaakt op {when} met Blijf Desktop {version}; {size}; {n} casus.",
        "Gemaakt op {when} met Blijf Desktop {version}; {size}; {n} casussen.",
        preview.contents.cases).format(
        when=format_datetime(info.created.astimezone(), "short"),
        version=info.header.app_version, size=size_text(info.size), n=preview.contents.cases)


class _Shown(Exception):
    """The problem is already on screen (new_passphrase_ready showed it)."""


class _RestoreBase(QDialog):
    """The file row, the preview, the progress and the two steps; subclasses add the key."""

    title = ""

    def __init__(self, path: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.title)
        self.setMinimumWidth(620)
        self.preview = None
        self.thread: worker.JobThread | None = None
        self.file = common.line_edit(1000)
        self.file.setText(path or "")
        self.file.textEdited.connect(self._forget_preview)
        self.browse = common.secondary_button(_("Kiezen…"))
        self.browse.setAccessibleName(_("Back-upbestand kiezen"))
        self.browse.clicked.connect(self.choose_file)
        self.file_row = QWidget()
        row = QHBoxLayout(self.file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        self.file_row.setFocusProxy(self.file)
        self.summary = common.MessageLabel()
        self.summary.setAccessibleName(_("Inhoud van de back-up"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Voortgang van het terugzetten"))
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.message = common.MessageLabel()
        self.cancel_button = common.secondary_button(_("Annuleren"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = common.secondary_button(_("Openen"))
        self.open_button.clicked.connect(self.open_backup)
        self.restore_button = common.primary_button(_("Controleren en terugzetten"))
        self.restore_button.clicked.connect(self.start_restore)
        self.restore_button.setEnabled(False)

    def _finish_layout(self, layout, form) -> None:
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(common.button_row(self.cancel_button, self.open_button,
                                           self.restore_button))

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Back-up kiezen"), self.file.text(),
            _("Back-ups van Blijf Desktop (*{suffix});;Alle bestanden (*)").format(
                suffix=rules.SUFFIX))
        if chosen:
            self.file.setText(chosen)
            self._forget_preview()

    def _forget_preview(self) -> None:
        self.preview = None
        self.summary.clear_message()
        self.restore_button.setEnabled(False)

    # -- step 1: open ----------------------------------------------------------------------
    def open_backup(self) -> None:
        self.message.clear_message()
        self._forget_preview()
        if not self.file.text().strip():
            self.message.show_error(_("Kies het back-upbestand."))
            self.file.setFocus()
            return
        try:
            with common.busy_cursor():
                info = self.reader().read_backup(self.file.text().strip())
                self.preview = self.unlock(info)
        except Exception as error:
            self.message.show_error(restore_message(error))
            self.focus_for(error)
            return
        self.summary.show_message(preview_text(self.preview) + "\n" + self.warning(), "info")
        self.restore_button.setEnabled(True)
        self.restore_button.setFocus()

    # -- step 2: check and put in place ----------------------------------------------------
    def start_restore(self) -> None:
        if self.preview is None or self.thread is not None:
            return
        self.message.clear_message()
        try:
            work = self.work()
        except _Shown:
            return
        except Exception as error:
            self.message.show_error(restore_message(error))
            self.focus_for(error)
            return
        self.thread = worker.JobThread(work)
        self.thread.progressed.connect(self._progressed)
        self.thread.done.connect(self._thread_done)
        for widget in (self.open_button, self.restore_button, self.file_row):
            widget.setEnabled(False)
        self.cancel_button.setText(_("Afbreken"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self.thread.start_job()

    def _progressed(self, permille: int, _total: int) -> None:
        if permille < 0:
            self.progress.setRange(0, 0)
            self.progress.setFormat(_("Controleren…"))
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(permille)

    def _thread_done(self) -> None:
        thread, self.thread = self.thread, None
        self.progress.hide()
        self.cancel_button.setText(_("Annuleren"))
        for widget in (self.open_button, self.file_row):
            widget.setEnabled(True)
        try:
            if thread.error is not None:
                raise thread.error
            self.done_with(thread.result)
        except Exception as error:
            self.message.show_error(restore_message(error))
            self.restore_button.setEnabled(True)
            return
        self.accept()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        """Not while the copy runs (Esc, the close button, the lock's close): it is cancelled
        and the dialog closes once it has stopped."""
        if self.thread is not None:
            self.thread.cancel()
            self.thread.wait()
        super().reject()


class RestoreDialog(_RestoreBase):
    def __init__(self, session, path: str | None, parent: QWidget | None = None):
        self.title = _("Back-up terugzetten")
        super().__init__(path, parent)
        from blijf_desktop.services.restore import RestoreService

        self.service = RestoreService(session)
        self.job = None
        self.passphrase = PassphraseField(show_meter=False)
        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Back-up terugzetten")))
        layout.addWidget(common.explanation(_(
            "De back-up vervangt alle huidige gegevens. Eerst wordt hij in zijn geheel "
            "gecontroleerd; pas als dat klopt, komt hij in de plaats van de huidige opslag. "
            "Daarna meldt iedereen zich opnieuw aan.")))
        form = common.form_layout()
        common.add_row(form, _("&Bestand:"), self.file_row)
        common.add_row(form, _("Uw &wachtwoord:"), self.passphrase)
        self._finish_layout(layout, form)
        (self.passphrase if path else self.file).setFocus()

    def reader(self):
        return self.service

    def unlock(self, info):
        if not self.passphrase.text():
            from blijf_desktop.services.errors import WrongCredentials

            raise WrongCredentials()
        try:
            return self.service.open_backup(info, self.passphrase.text())
        finally:
            self.passphrase.clear()

    def warning(self) -> str:
        return _("Wat na {when} is vastgelegd, gaat verloren. Maak eerst een back-up als u "
                 "dat wilt bewaren. Het auditspoor sinds dan blijft bewaard, en wat sinds dan "
                 "is vernietigd, wordt in de teruggezette gegevens opnieuw vernietigd.").format(
            when=format_datetime(self.preview.info.created.astimezone(), "short"))

    def work(self):
        self.job = self.service.start_restore(self.preview)
        return lambda progress, cancelled: self.job.run(progress, cancelled)

    def done_with(self, _result) -> None:
        applied = self.service.finish_restore(self.job)
        if applied.to_redo:  # not carried over (storage/restore_carry.py): say which
            QMessageBox.warning(self, _("Vernietigingen opnieuw uitvoeren"), _(
                "Deze vernietigingen van na de back-up konden niet worden overgenomen: {ids}. "
                "De gegevens staan weer in de opslag. Stel ze opnieuw voor onder "
                "Bewaartermijnen.").format(ids=", ".join(str(i) for i in applied.to_redo)))

    def focus_for(self, error) -> None:
        self.passphrase.setFocus() if "Credentials" in type(error).__name__ else self.file.setFocus()


class StartRestoreDialog(common.AsksBeforeLeaving, _RestoreBase):
    """On a PC without a store: the recovery key of the backup's time opens it; the user
    named here gets a new passphrase on this PC. `session` after accept."""

    def __init__(self, auth, parent: QWidget | None = None):
        self.title = _("Blijf Desktop: back-up terugzetten")
        super().__init__(None, parent)
        from blijf_desktop.services.restore_start import StartRestoreService

        self.service = StartRestoreService(auth)
        self.session = None
        self.recovery_key = QLineEdit()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.recovery_key.setFont(font)
        self.recovery_key.setMaxLength(80)
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_key.textEdited.connect(self._forget_preview)
        self.username = common.line_edit(64)
        self.new_passphrase = PassphraseField(show_meter=True)
        self.repeat = PassphraseField(show_meter=False)
        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Back-up terugzetten op deze pc")))
        layout.addWidget(common.explanation(_(
            "Is de opslag verloren gegaan, of begint u op een nieuwe pc? Zet dan een back-up "
            "terug. U hebt het back-upbestand nodig en het herstelblad uit de kluis dat gold "
            "toen de back-up werd gemaakt. Daarna kiest u een nieuw wachtwoord voor deze pc.")))
        form = common.form_layout()
        common.add_row(form, _("&Bestand:"), self.file_row)
        common.add_row(form, _("&Herstelsleutel:"), self.recovery_key)
        common.add_row(form, _("&Gebruikersnaam:"), self.username)
        common.add_row(form, _("&Nieuw wachtwoord:"), self.new_passphrase)
        common.add_row(form, _("H&erhaal nieuw wachtwoord:"), self.repeat)
        self._finish_layout(layout, form)
        self.file.setFocus()

    def typed_fields(self) -> list:
        return [self.file, self.recovery_key, self.username, self.new_passphrase, self.repeat]

    def leave_question(self) -> str:
        return _("De back-up is nog niet teruggezet. Wilt u dat nu doen?")

    def submit_from_question(self) -> None:
        self.start_restore() if self.preview is not None else self.open_backup()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
        else:
            self.reject_by_user()

    def reader(self):
        return self.service

    def unlock(self, info):
        return self.service.open_backup(info, self.recovery_key.text())

    def warning(self) -> str:
        return _("Terugzetten maakt op deze pc een nieuwe opslag met deze gegevens.") + "\n" + _(
            "Let op: wat na {when} is vernietigd, staat in deze back-up nog gewoon. Dat moet "
            "opnieuw worden vernietigd. Kijk na het terugzetten onder Bewaartermijnen: "
            "voorstellen die toen openstonden, staan er nog; de verklaringen van vernietiging "
            "van na die datum noemen de rest.").format(
            when=format_datetime(self.preview.info.created.astimezone(), "short"))

    def work(self):
        if not self.username.text().strip():
            from blijf_desktop.services.errors import InvalidInput

            raise InvalidInput("username", "required")
        if not new_passphrase_ready(self.message, self.new_passphrase, self.repeat, _(
                "De twee nieuwe wachtwoorden zijn niet gelijk.")):
            raise _Shown()
        self.service.check_new_account(self.username.text(), self.new_passphrase.text())
        preview, key = self.preview, self.recovery_key.text()
        username, passphrase = self.username.text(), self.new_passphrase.text()
        return lambda progress, cancelled: self.service.restore(
            preview, key, username, passphrase, progress, cancelled)

    def done_with(self, session) -> None:
        self.session = session
        for field in (self.new_passphrase, self.repeat):
            field.clear()
        self.recovery_key.clear()

    def focus_for(self, error) -> None:
        name = type(error).__name__
        target = {"WrongRecoveryKey": self.recovery_key, "InvalidInput": self.username,
                  "WeakPassphrase": self.new_passphrase}.get(name, self.file)
        target.setFocus()


