"""Beheer → Instellingen (issue 21): the idle lock, the passphrase minimum, the default
language, the name and logo on printed documents and the police units' contact lines; and
the changes that wait for a second user (Blijf 9.1), with who asked, to confirm or withdraw.
The backup settings are edited in Beheer → Back-ups; a change of theirs that waits shows
here too. The service holds every rule; this section only shows its answers beside the
fields, and keeps what was typed when a value is refused."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QTableWidgetItem, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.police import UNITS
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session
from blijf_desktop.services.settings import Outcome, SettingsService
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.settings.fields import SettingField
from blijf_desktop.ui.settings.labels import (
    pending_text, setting_label, setting_problem, value_text, when_text,
)
from blijf_desktop.ui.widgets.list_table import read_only_table

_GENERAL = (rules.IDLE_LOCK, rules.PASSPHRASE_MIN, rules.VOLUME_PERIOD, rules.VOLUME_LISTED,
            rules.VOLUME_OPENED, rules.LANGUAGE, rules.ORGANISATION)
# The volume thresholds: more persons listed or opened by one user in the period is signalled
# to the functioneel beheerder under Inbraakpogingen (issue 22; Blijf 6.1, 9.1).
_COLUMNS = (N_("Instelling"), N_("Nu"), N_("Gevraagd"), N_("Gevraagd door"), N_("Op"))


class SettingsSection(QWidget):
    applied = Signal()  # a value came into force: the window reads the idle lock again

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = SettingsService(session)
        self._views = {}
        self._pending_codes: list[str] = []
        self.fields: dict[str, SettingField] = {}

        general = form_layout()
        for code in _GENERAL:
            self._add(general, code, _(rules.RULES[code].label) + ":")
        self.logo_preview = QLabel()
        self.logo_preview.setAccessibleName(_("Logo op documenten"))
        self.logo_text = explanation("")
        self.logo_button = secondary_button(_("Logo kiezen…"))
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = secondary_button(_("Logo weghalen"))
        self.logo_remove.clicked.connect(self.remove_logo)
        self.logo_message = MessageLabel()
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.logo_preview, self.logo_text):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.logo_button)
        row.addWidget(self.logo_remove)
        logo_row.setFocusProxy(self.logo_button)
        general.addRow(_("Logo op documenten:"), logo_row)
        general.addRow("", self.logo_message)
        police = form_layout()
        for unit in UNITS.values():
            police.addRow(QLabel("<b>%s</b>" % _(unit.label)))
            for part in rules.POLICE_PARTS:
                code = rules.police_code(unit.code, part)
                self._add(police, code, _(rules.RULES[code].label) + ":")
                self.fields[code].editor.setAccessibleName(setting_label(code))

        self.save_button = secondary_button(_("Instellingen op&slaan"))
        self.save_button.clicked.connect(self.save)
        self.message = MessageLabel()
        self.table = read_only_table([_(c) for c in _COLUMNS],
                                     _("Wijzigingen die wachten op bevestiging"))
        self.table.setMinimumHeight(110)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.confirm_button = secondary_button(_("Bevestigen…"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.withdraw_button = secondary_button(_("Intrekken"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.pending_message = MessageLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation(_(
            "Een wijziging die de beveiliging zwakker maakt (langer wachten met vergrendelen, "
            "een korter wachtwoord, minder of minder vaak back-ups, een hogere drempel of een "
            "kortere periode voor een ongewoon aantal) gaat pas in als een tweede "
            "functioneel beheerder of teamleider haar bevestigt met het eigen wachtwoord; tot "
            "dan geldt de sterkere waarde (convenant Blijf, artikel 9.1). Andere wijzigingen "
            "gaan meteen in. Elke wijziging staat in de audittrail.")))
        layout.addLayout(general)
        layout.addWidget(explanation(_(
            "Contactgegevens van de politie-eenheden, zoals ze op een informatieverzoek komen:")))
        layout.addLayout(police)
        layout.addLayout(button_row(left=(self.save_button,)))
        layout.addWidget(self.message)
        self.pending_label = QLabel(_("Wachten op be&vestiging:"))
        self.pending_label.setBuddy(self.table)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.table)
        layout.addLayout(button_row(left=(self.confirm_button, self.withdraw_button)))
        layout.addWidget(self.pending_message)
        self.refresh()

    def _typed(self) -> frozenset[str]:
        """The fields typed in and not saved: a refresh leaves them as they are."""
        return frozenset(code for code, field in self.fields.items() if field.changed())

    def _add(self, form, code: str, label: str) -> None:
        field = SettingField(code)
        self.fields[code] = field
        add_row(form, label, field)

    # -- showing -------------------------------------------------------------------------
    def refresh(self, keep: frozenset[str] = frozenset()) -> None:
        """Show what is in force; the fields in `keep` (refused) keep what was typed."""
        try:
            self._views = self.service.overview()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        for code, field in self.fields.items():
            view = self._views[code]
            if code not in keep:
                field.show_value(view.value)
            field.pending_note.setVisible(view.pending is not None)
            if view.pending is not None:
                field.pending_note.setText(pending_text(code, view.pending))
        self._show_logo(self._views[rules.LOGO].value)
        self._pending_codes = [c for c, v in self._views.items() if v.pending is not None]
        self.table.setRowCount(len(self._pending_codes))
        for row, code in enumerate(self._pending_codes):
            view = self._views[code]
            cells = (setting_label(code), value_text(code, view.value),
                     value_text(code, view.pending.value), view.pending.requested_by_name,
                     when_text(view.pending.requested_at))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self._pending_codes:
            self.table.selectRow(0)
        self._selection_changed()

    def _show_logo(self, logo: bytes | None) -> None:
        self.logo_text.setText(value_text(rules.LOGO, logo))
        self.logo_remove.setEnabled(logo is not None)
        pixmap = QPixmap()
        if logo is not None and pixmap.loadFromData(logo):
            self.logo_preview.setPixmap(pixmap.scaledToHeight(
                36, Qt.TransformationMode.SmoothTransformation))
            self.logo_preview.show()
        else:
            self.logo_preview.clear()
            self.logo_preview.hide()

    def _selection_changed(self) -> None:
        chosen = self.selected_code() is not None
        self.confirm_button.setEnabled(chosen)
        self.withdraw_button.setEnabled(chosen)

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._pending_codes[rows[0].row()] if rows else None

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        self.message.clear_message()
        refused, applied, waiting = set(), 0, 0
        for code, field in self.fields.items():
            field.message.clear_message()
            if not field.changed():
                continue
            try:
                outcome = self.service.change(code, field.typed())
            except ValueError as error:  # typed() refused a number that is none
                field.message.show_error(setting_problem(code, str(error)))
                refused.add(code)
                continue
            except InvalidInput as error:
                field.message.show_error(setting_problem(code, error.problem))
                refused.add(code)
                continue
            except Exception as error:
                self.message.show_error(error_message(error))
                return
            applied += outcome is Outcome.APPLIED
            waiting += outcome is Outcome.PENDING
        self.refresh(keep=frozenset(refused))
        if refused:
            self.fields[next(c for c in self.fields if c in refused)].setFocus()
            self.message.show_error(_("Niet alles is opgeslagen: zie de melding bij het veld."))
        elif waiting:
            self.message.show_message(_(
                "Opgeslagen. Een wijziging die de beveiliging zwakker maakt of de "
                "contactgegevens van de politie verandert, wacht op bevestiging door een "
                "tweede gebruiker; tot dan geldt de huidige waarde."),
                "info")
        else:
            self.message.show_message(_("De instellingen zijn opgeslagen."), "success")
        if applied:
            self.applied.emit()

    def choose_logo(self) -> None:
        self.logo_message.clear_message()
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Logo kiezen"), "", _("Afbeeldingen (*.png *.jpg *.jpeg)"))
        if path:
            self.set_logo_from(path)

    def set_logo_from(self, path: str) -> None:
        try:
            with open(path, "rb") as handle:  # no more than a logo may be: the rest is refused
                data = handle.read(rules.LOGO_MAX_BYTES + 1)
        except OSError:
            self.logo_message.show_error(_("Dit bestand kon niet worden gelezen."))
            return
        self._change_logo(data)

    def remove_logo(self) -> None:
        self.logo_message.clear_message()
        self._change_logo(None)

    def _change_logo(self, data: bytes | None) -> None:
        try:
            self.service.change(rules.LOGO, data)
        except InvalidInput as error:
            self.logo_message.show_error(setting_problem(rules.LOGO, error.problem))
            return
        except Exception as error:
            self.logo_message.show_error(error_message(error))
            return
        self._views = self.service.overview()
        self._show_logo(self._views[rules.LOGO].value)
        self.logo_message.show_message(_("Het logo is opgeslagen.") if data
                                       else _("Het logo is weggehaald."), "success")

    # -- what waits ----------------------------------------------------------------------
    def confirm_selected(self) -> None:
        from blijf_desktop.ui.settings.confirm_dialog import ConfirmDialog

        code = self.selected_code()
        if code is None:
            return
        self.pending_message.clear_message()
        view = self._views[code]
        dialog = ConfirmDialog(self.service, code, view.value, view.pending, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._confirmed(code))
        dialog.rejected.connect(lambda: self.refresh(keep=self._typed()))  # decided meanwhile?
        self.dialog = dialog
        dialog.open()

    def _confirmed(self, code: str) -> None:
        self.refresh(keep=self._typed())
        self.pending_message.show_message(_("Bevestigd: {setting} is nu {value}.").format(
            setting=setting_label(code), value=value_text(code, self._views[code].value)),
            "success")
        self.applied.emit()

    def withdraw_selected(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        try:
            self.service.withdraw(self._views[code].pending.request_id)
        except Exception as error:
            self.pending_message.show_error(error_message(error))
            return
        self.refresh(keep=self._typed())
        self.pending_message.show_message(_("Ingetrokken: {setting} blijft {value}.").format(
            setting=setting_label(code), value=value_text(code, self._views[code].value)),
            "success")
