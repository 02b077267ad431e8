"""The recovery key, shown once: the key itself, "print as PDF" and the tick that it has been
put away safely. Used by the first run (SetupDialog) and by Beheer when a new key is made
(RecoveryKeyDialog). The key lives only in this widget until `forget()`."""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.messages import error_message


class RecoveryKeyPanel(QWidget):
    """The sheet is built, written and recorded in the audit trail by `accounts`; if any of
    that fails, the save is reported as failed."""

    confirmed_changed = Signal(bool)

    def __init__(self, recovery_key: str, store_id: str, accounts: AccountService,
                 created: datetime | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._recovery_key: str | None = recovery_key
        self._store_id = store_id
        self._accounts = accounts
        self._created = created or datetime.now().astimezone()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(common.SPACING)
        layout.addWidget(common.explanation(_(
            "Met deze herstelsleutel opent u de opslag op een nieuwe pc, of als een wachtwoord "
            "kwijt is. Hij wordt maar één keer getoond en nergens leesbaar bewaard.")))

        self.key_label = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.6)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setStyleSheet(
            "QLabel { background:#ffffff; color:#111111; border:2px solid #8a8a8a;"
            " border-radius:6px; padding:18px 12px; }")
        self.key_label.setAccessibleName(_("Herstelsleutel"))
        layout.addWidget(self.key_label)

        layout.addWidget(common.boxed(_(
            "Druk de sleutel af en berg het blad op in een kluis. Bewaar hem niet op deze pc, "
            "niet in e-mail en niet op een usb-stick. Zonder herstelsleutel én zonder werkend "
            "wachtwoord zijn de gegevens niet terug te halen, ook niet door de leverancier."),
            "warning"))

        self.print_button = common.secondary_button(_("Afdrukken als PDF…"))
        self.print_button.clicked.connect(self.choose_sheet_path)
        self.sheet_message = common.MessageLabel()
        layout.addLayout(common.button_row(left=(self.print_button,)))
        layout.addWidget(self.sheet_message)

        self.stored_check = QCheckBox(_("Ik heb de herstelsleutel veilig opgeborgen"))
        self.stored_check.toggled.connect(self.confirmed_changed)
        layout.addWidget(self.stored_check)
        QWidget.setTabOrder(self.print_button, self.stored_check)
        self.setFocusProxy(self.print_button)

    @property
    def confirmed(self) -> bool:
        return self.stored_check.isChecked()

    def forget(self) -> None:
        """Drop the key from the screen and from this widget (after it was seen through)."""
        self._recovery_key = None
        self.key_label.clear()
        self.print_button.setEnabled(False)

    # -- the printable sheet -------------------------------------------------------------
    def choose_sheet_path(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / _("herstelblad-blijf-desktop.pdf"))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Herstelblad opslaan als PDF"), suggested, _("PDF-bestanden (*.pdf)"))
        if path:
            self.save_sheet(Path(path))

    def save_sheet(self, path: Path) -> bool:
        """Write the recovery sheet to `path` (readable by this user only) and record it."""
        self.sheet_message.clear_message()
        if self._recovery_key is None:
            return False
        try:
            self._accounts.save_recovery_sheet(path, self._recovery_key, self._store_id,
                                               self._created)
        except OSError:
            self.sheet_message.show_error(_("Het bestand kon niet worden opgeslagen. Kies een "
                                            "andere map en probeer het opnieuw."))
            return False
        except Exception as error:  # shown inline, never a traceback
            self.sheet_message.show_error(error_message(error))
            return False
        self.sheet_message.show_message(_(
            "Opgeslagen als {name}. Druk het af en verwijder daarna het PDF-bestand: het bevat "
            "de herstelsleutel.").format(name=path.name), "success")
        return True


class RecoveryKeyDialog(QDialog):
    """Beheer: the new recovery key, shown once. It closes only after the tick; the key is
    dropped when it does (also when the lock hides it)."""

    def __init__(self, recovery_key: str, store_id: str, accounts: AccountService,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Nieuwe herstelsleutel"))
        self.setMinimumWidth(640)
        self.setModal(True)

        self.panel = RecoveryKeyPanel(recovery_key, store_id, accounts)
        self.close_button = common.primary_button(_("Sluiten"))
        self.close_button.clicked.connect(self.accept)
        self.panel.confirmed_changed.connect(self.close_button.setEnabled)
        self.close_button.setEnabled(self.panel.confirmed)

        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Nieuwe herstelsleutel")))
        layout.addWidget(common.boxed(_(
            "De vorige herstelsleutel werkt niet meer voor dit sleutelbestand. Vernietig het "
            "oude herstelblad zodra het nieuwe is afgedrukt en opgeborgen."), "info"))
        layout.addWidget(self.panel)
        layout.addStretch(1)
        layout.addLayout(common.button_row(self.close_button))
        QWidget.setTabOrder(self.panel.stored_check, self.close_button)
        self.panel.print_button.setFocus()

    def accept(self) -> None:
        if not self.panel.confirmed:
            return
        self.panel.forget()
        super().accept()

    def reject(self) -> None:
        # Escape / window close: the new key must be seen through first.
        if self.panel.confirmed:
            self.accept()

    def hideEvent(self, event) -> None:
        # Hidden by the program (the lock): never leave the key behind. A minimised window
        # (a spontaneous hide from the window system) keeps it.
        if not event.spontaneous():
            self.panel.forget()
        super().hideEvent(event)
