"""One person's details: read-only at first, a secret address masked until "Toon adres"
(audited by the service) and hidden again with "Verberg adres", an edit mode with the same
editor as the intake. Leaving an edit with changes asks first (ui/unsaved.py)."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.people import (
    ALLOWED_FIELDS,
    CATEGORY_LABELS,
    FIELD_LABELS,
    RELATIONS,
    Category,
)
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.domain.validation import check_person, display_phone
from blijf_desktop.i18n import _, format_date
from blijf_desktop.services.errors import ConcurrentEdit
from blijf_desktop.services.intake import IntakeService, PersonView
from blijf_desktop.ui.dialogs.common import MessageLabel, boxed, heading
from blijf_desktop.ui.intake.conflict_panel import ConflictPanel, reapplied
from blijf_desktop.ui.intake.convert import raw_from_person
from blijf_desktop.ui.intake.history_view import field_label
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.messages import error_message

MASK = "••••••"


def relation_label(category: Category, code: str) -> str:
    label = RELATIONS[category].get(code)
    return _(label) if label else ""


def display_value(name: str, value) -> str:
    if name == "address_secret":
        return _("ja") if value else _("nee")
    if not value:
        return "—"
    if name == "birth_date":
        return format_date(value, "long")
    if name == "phone":
        return display_phone(value)
    return value


class PersonDetail(QWidget):
    changed = Signal(int)  # person id, after a successful save

    def __init__(self, intake: IntakeService, view: PersonView, client_birth: date | None = None,
                 today=date.today, parent=None):
        super().__init__(parent)
        self.intake = intake
        self.view = view
        self.client_birth = client_birth
        self.today = today
        self._restricted = self._case_closed = False
        self.revealed = None  # PersonData with the address, once "Toon adres" was clicked
        self.message = MessageLabel()
        self.title = heading("")
        self.stack = QStackedWidget()
        self.values: dict[str, QLabel] = {}
        self.reveal_button = QPushButton(_("Toon adres"))
        self.reveal_button.setToolTip(_("Het tonen van een geheim adres wordt vastgelegd."))
        self.reveal_button.clicked.connect(self._toggle_address)
        self.edit_button = QPushButton(_("Bewerken"))
        self.edit_button.clicked.connect(self.start_edit)
        self.editor = None
        self.conflict = self._comparison = None  # the ConflictPanel of the open edit
        self._edit_start: dict | None = None  # the editor's text when the edit began
        self._edit_data = None  # ...the person it showed, and the version she read
        self._edit_version = view.version
        # AVG art. 18; Mensenhandel 27.2: read-only, said where she is opened.
        self.restricted_note = boxed(_(
            "Verwerking beperkt: deze persoon kan niet worden gewijzigd en gaat in geen nieuwe "
            "verstrekking mee. Het opheffen gebeurt bij Verzoeken van betrokkenen."), "warning")
        self.restricted_note.setAccessibleName(_("Verwerking beperkt"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.restricted_note)
        layout.addWidget(self.message)
        layout.addWidget(self.stack)
        self.stack.addWidget(self._read_page())
        self._show(view)

    # -- reading ---------------------------------------------------------------------
    def _read_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setVerticalSpacing(10)
        category = self.view.data.category
        if category is not Category.CLIENT:
            self.values["relation"] = QLabel()
            relation = FIELD_LABELS["relation"]  # marked with N_ where defined
            form.addRow(_(relation), self.values["relation"])
        for name in ALLOWED_FIELDS[category]:
            label = QLabel()
            label.setWordWrap(True)
            self.values[name] = label
            form.addRow(_(FIELD_LABELS[name]), label)
        self.secret_note = QLabel(_("Geheim adres: alleen tonen als het nodig is."))
        self.secret_note.setStyleSheet("color:#7a4b00; font-weight:600;")
        form.addRow("", self.secret_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        form.addRow(buttons)
        session = self.intake.session
        if may(session.user.role, Permission.VIEW_EXCHANGES):
            from blijf_desktop.services.exchanges import ExchangeService
            from blijf_desktop.ui.exchanges.person_exchanges import PersonExchangesBox

            self.exchanges = PersonExchangesBox(ExchangeService(session), self.view.id)
            form.addRow(self.exchanges)
        self._rights(form, category)
        return page

    def _rights(self, form: QFormLayout, category: Category) -> None:
        """Issue 20: the informatieplicht of anyone but the client, and the access report."""
        session = self.intake.session
        self.informed = None
        if category is not Category.CLIENT:
            from blijf_desktop.services.information_duty import InformationDutyService
            from blijf_desktop.ui.rights.informed_section import InformedSection

            self.informed = InformedSection(InformationDutyService(session), self.view.id)
            form.addRow(self.informed)
        if may(session.user.role, Permission.HANDLE_REQUESTS):
            self.access_button = QPushButton(_("&Inzage…"))
            self.access_button.setToolTip(_("Een overzicht van alles wat over deze persoon is "
                                            "vastgelegd, als antwoord op een inzageverzoek"))
            self.access_button.clicked.connect(self.open_access)
            form.addRow(self.access_button)

    def open_access(self) -> None:
        from blijf_desktop.services.access_report import AccessReportService
        from blijf_desktop.ui.rights.access_dialog import AccessDialog

        AccessDialog(AccessReportService(self.intake.session), self.view.id, self).exec()

    def _show(self, view: PersonView) -> None:
        data = self.revealed or view.data
        role = _(CATEGORY_LABELS[data.category])
        self.title.setText(f"{data.full_name()} — {role}")
        masked = view.address_masked and self.revealed is None
        for name, label in self.values.items():
            if name == "relation":
                label.setText(relation_label(data.category, data.relation) or "—")
            elif masked and name in ("street", "house_number", "postcode"):
                label.setText(MASK)
                label.setToolTip(_("Geheim adres: verborgen"))
            else:
                label.setText(display_value(name, getattr(data, name)))
        self.secret_note.setVisible(data.address_secret)
        self.restricted_note.setVisible(view.restricted)
        self._restricted = view.restricted
        self._enable_edit()
        self.reveal_button.setVisible(view.address_masked)
        self.reveal_button.setText(_("Toon adres") if masked else _("Verberg adres"))

    def set_case_closed(self, closed: bool) -> None:
        self._case_closed = closed
        self._enable_edit()

    def _enable_edit(self) -> None:
        """Editable unless her processing is restricted or her case is closed (the services
        refuse both as well)."""
        self.edit_button.setEnabled(not self._restricted and not self._case_closed)

    def shown_text(self) -> str:
        """Everything this widget shows as text (tests check nothing secret is in it)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))

    def _toggle_address(self) -> None:
        if self.revealed is None:
            self.reveal_address()
        else:
            self.hide_address()

    def reveal_address(self) -> None:
        try:
            self.revealed = self.intake.reveal_address(self.view.id)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self._show(self.view)

    def hide_address(self) -> None:
        """Mask the secret address again; showing it once more is recorded again."""
        if self.editor is not None:
            return  # the open edit holds the address; it is hidden when the edit ends
        self.revealed = None
        self._show(self.view)

    # -- editing ---------------------------------------------------------------------
    def start_edit(self) -> None:
        """Edit the shown person (a secret address is revealed first, and that is audited)."""
        from blijf_desktop.ui.intake.person_editor import PersonEditor

        if self.editor is not None:
            return
        if self.view.address_masked and self.revealed is None:
            self.reveal_address()
            if self.revealed is None:
                return
        self.message.clear_message()  # an earlier "Opgeslagen" is not true of this edit
        data = self.revealed or self.view.data
        self.editor = PersonEditor(data.category, today=self.today)
        self.editor.set_raw(raw_from_person(data))
        self._edit_start = self.editor.raw()
        # The view's version was read before the reveal: never newer than what the editor
        # shows, so a save in between gives a conflict, never an unseen overwrite.
        self._edit_data, self._edit_version = data, self.view.version
        page = QWidget()
        layout = QVBoxLayout(page)
        self.conflict = ConflictPanel(
            lambda name, value, category: relation_label(category, value) or "—"
            if name == "relation" else display_value(name, value))
        self.conflict.reload_requested.connect(self.reload_and_reapply)
        self.conflict.keep_editing_requested.connect(self.keep_editing)
        layout.addWidget(self.conflict)
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Annuleren"))
        cancel.clicked.connect(self.cancel_edit)
        save = QPushButton(_("Wijzigingen opslaan"))
        save.setToolTip(_("Wijzigingen opslaan (Ctrl+S)"))
        save.setDefault(True)
        save.clicked.connect(self.save_edit)
        local_shortcut(QKeySequence.StandardKey.Save, page, self.save_edit)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.edit_button.setEnabled(False)
        self.reveal_button.setEnabled(False)
        self.editor.focus_chain()[0].setFocus()

    def has_unsaved_changes(self) -> bool:
        return self.editor is not None and self.editor.raw() != self._edit_start

    def may_leave(self) -> bool:
        return unsaved.leave(self, _("De wijzigingen bij {name} zijn nog niet opgeslagen.").format(
            name=self.view.data.full_name()), save=self.save_edit, discard=self.cancel_edit)

    def workspace_state(self) -> dict:
        """An open edit, kept as an encrypted draft over a lock: whose it is, only the fields
        she changed with what they held when she began (so a later change by a colleague is
        not undone), and the field with the cursor."""
        if self.editor is None:
            return {}
        raw, start = self.editor.raw(), self._edit_start or {}
        changed = {name: value for name, value in raw.items() if value != start.get(name, "")}
        focused = next((name for name, field in self.editor.fields.items()
                        if field.hasFocus()), None)
        return {"person_id": self.view.id, "category": int(self.view.data.category),
                "changed": changed, "before": {name: start.get(name, "") for name in changed},
                "focus": focused}

    def restore_workspace(self, state: dict) -> None:
        """Reopen the edit on the record as it is now, with her own changes on top. A field a
        colleague changed meanwhile keeps the colleague's value, and she is told which."""
        if state.get("person_id") != self.view.id \
                or state.get("category") != int(self.view.data.category):
            return  # never another person's text in this person's fields
        changed, before = state.get("changed"), state.get("before")
        if not isinstance(changed, dict) or not isinstance(before, dict):
            return
        self.start_edit()
        if self.editor is None:
            return
        now = self.editor.raw()
        clashes = [name for name in changed
                   if name in now and now[name] != str(before.get(name, ""))]
        self.editor.set_raw(dict(now, **{name: str(value) for name, value in changed.items()
                                         if name in now and name not in clashes}))
        if clashes:
            self.message.show_message(_(
                "Intussen heeft iemand anders dit gewijzigd: {fields}. Daar staat nu de nieuwe "
                "waarde; wat u zelf had getypt is daar niet teruggezet.").format(
                fields=", ".join(field_label(name) for name in clashes)), "warning")
        field = self.editor.fields.get(state.get("focus")) \
            if isinstance(state.get("focus"), str) else None
        if field is not None:
            field.setFocus()
            field.end(False)

    def cancel_edit(self) -> None:
        self._close_editor()
        self.message.clear_message()

    def _close_editor(self) -> None:
        page = self.stack.currentWidget()
        self.stack.setCurrentIndex(0)
        if page is not self.stack.widget(0):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.editor = self.conflict = None
        self._edit_start = self._edit_data = None
        self._enable_edit()
        self.reveal_button.setEnabled(True)

    def save_edit(self) -> bool:
        """True when saved (or nothing had changed); False leaves the edit open with why."""
        check = check_person(self.view.data.category, self.editor.raw(), self.today(),
                             self.client_birth)
        self.editor.show_check(check)
        if not check.ok:
            self.message.show_error(_("Controleer de gemarkeerde velden. Er is nog niets opgeslagen."))
            return False
        try:
            changed = self.intake.update_person(self.view.id, check.person,
                                                address_seen=self.revealed is not None,
                                                version=self._edit_version)
            self.view = self.intake.person(self.view.id)
            if self.revealed is not None:
                self.revealed = check.person  # what was just saved, address included
        except ConcurrentEdit:
            self._show_conflict(check.person)
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self._close_editor()
        self._show(self.view)
        if changed:
            self.message.show_message(_("Opgeslagen. De oude waarden staan in de historie."), "success")
            self.changed.emit(self.view.id)
        else:
            self.message.show_message(_("Er was niets gewijzigd."), "info")
        return True

    # -- someone else saved first (optimistic versions, issue 23) ---------------------------
    def _show_conflict(self, mine) -> None:
        """Her save was refused: everything she typed stays in the editor (and in the kept
        edit over a lock); the panel shows where it differs from what is stored now."""
        self.message.clear_message()
        try:
            self._comparison = self.intake.compare_with_stored(self.view.id, self._edit_data,
                                                               mine)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.conflict.show_conflict(self._comparison.fields, self.view.data.category)

    def keep_editing(self) -> None:
        self.conflict.hide()
        self.editor.focus_chain()[0].setFocus()

    def reload_and_reapply(self) -> None:
        """Begin again from what is stored now (its version, its address revealed as for any
        edit), with every field she changed put back as she typed it."""
        typed, before = self.editor.raw(), self._edit_start or {}
        try:
            view = self.intake.person(self.view.id)
            revealed = self.intake.reveal_address(view.id) if view.address_masked else None
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.view, self.revealed = view, revealed
        data = revealed or view.data
        self.editor.set_raw(raw_from_person(data))
        self._edit_start = self.editor.raw()
        self._edit_data, self._edit_version = data, view.version
        raw, clashes = reapplied(before, self._edit_start, typed)
        self.editor.set_raw(raw)
        self._show(view)  # the read page behind it, and the title
        self.edit_button.setEnabled(False)
        self.reveal_button.setEnabled(False)
        self.conflict.show_reloaded(self._comparison.fields, data.category, clashes)
        first = self.editor.fields.get(clashes[0]) if clashes else None
        (first or self.editor.focus_chain()[0]).setFocus()
