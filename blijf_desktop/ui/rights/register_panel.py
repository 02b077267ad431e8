"""Register a request: the person chosen by search (type, arrow down, Enter), then the kind,
the date received and how it came in. Keyboard only; bad input is told beside the field and
nothing typed is lost."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from blijf_desktop.domain.rights import KIND_LABELS, RECEIVED_LABELS
from blijf_desktop.domain.search import MIN_CHARS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.rights import RequestService
from blijf_desktop.ui.aware.step_form import COMBO, DATE, TEXT, Field, StepForm
from blijf_desktop.ui.dialogs.common import MessageLabel
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.rights import labels


class PersonPicker(QWidget):
    """A search field and its results; Enter (or arrow down from the field) picks."""

    picked = Signal()

    def __init__(self, service: RequestService, parent=None):
        super().__init__(parent)
        self.service = service
        self.person_id: int | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Typ een naam, geboortedatum of woonplaats"))
        self.search.setAccessibleName(_("Persoon zoeken"))
        self.search.textChanged.connect(self.run_search)
        self.search.returnPressed.connect(self.pick_first)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Gevonden personen"))
        self.results.setMaximumHeight(120)
        self.results.itemActivated.connect(self.pick)
        self.chosen = QLabel(_("Nog geen persoon gekozen."))
        self.chosen.setAccessibleName(self.chosen.text())
        self.error = MessageLabel()
        label = QLabel(_("&Persoon:"))
        label.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (label, self.search, self.results, self.chosen, self.error):
            layout.addWidget(widget)
        self.setFocusProxy(self.search)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus() and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return
        super().keyPressEvent(event)

    def run_search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < MIN_CHARS:
            return
        try:
            found = self.service.find_person(text)
        except Exception as error:  # shown beside the field, never a traceback
            self.error.show_error(error_message(error))
            return
        for choice in found:
            hit = choice.hit
            if hit.known_elsewhere:  # another team's person: her name and that team only
                item = QListWidgetItem(_("{name} — bekend bij {team}").format(
                    name=hit.name, team=hit.known_at))
                item.setData(Qt.ItemDataRole.UserRole, hit.person_id)
                self.results.addItem(item)
                continue
            born = f", {date_text(hit.birth_date)}" if hit.birth_date else ""
            mark = f" ({labels.restricted_text()})" if choice.restricted \
                else ""
            item = QListWidgetItem(f"{hit.name}{born} — {_('casus')} {hit.case_id}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, hit.person_id)
            self.results.addItem(item)

    def pick_first(self) -> None:
        if self.results.count():
            self.pick(self.results.item(0))

    def pick(self, item: QListWidgetItem) -> None:
        self.person_id = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.setText(_("Gekozen: {who}").format(who=item.text()))
        self.chosen.setAccessibleName(self.chosen.text())
        self.error.clear_message()
        self.picked.emit()


class RegisterPanel(QWidget):
    saved = Signal(int)
    cancelled = Signal()

    def __init__(self, service: RequestService, today=date.today, parent=None):
        super().__init__(parent)
        self.service = service
        self.picker = PersonPicker(service)
        fields = [
            Field("kind", _("&Soort verzoek"), COMBO,
                  tuple((k.value, _(text)) for k, text in KIND_LABELS.items())),
            Field("received_on", _("&Ontvangen op"), DATE, initial=date_text(today()),
                  note=_("De termijn loopt vanaf deze dag.")),
            Field("received_how", _("&Binnengekomen"), COMBO,
                  tuple((h.value, _(text)) for h, text in RECEIVED_LABELS.items())),
            Field("asked", _("&Wat vraagt de persoon?"), TEXT, optional=True),
        ]
        self.form = StepForm(_("Nieuw verzoek van een betrokkene"),
                             _("Kies de persoon om wie het gaat. De termijn volgt uit de "
                               "soort verzoek en uit het register."), fields, self._submit,
                             _("Het verzoek is nog niet vastgelegd. Wat wilt u doen?"),
                             _("Verzoek &vastleggen"), problem_text=labels.rights_problem)
        self.picker.picked.connect(lambda: self.form.first_field().setFocus())
        self.form.saved.connect(self.saved)
        self.form.cancelled.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.form, 1)

    def _submit(self, data: dict) -> int:
        if self.picker.person_id is None:
            self.picker.error.show_error(labels.rights_problem("person", "required"))
            self.picker.search.setFocus()
            raise InvalidInput("person", "required")
        return self.service.register(self.picker.person_id, data["kind"], data["received_on"],
                                     data["received_how"], data["asked"])

    # -- the editor rule -----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form.has_unsaved_changes() or bool(self.picker.search.text())

    def may_leave(self) -> bool:
        return self.form.may_leave()

    def workspace_state(self) -> dict:
        return {"search": self.picker.search.text(), **self.form.workspace_state()}

    def restore_workspace(self, state: dict) -> None:
        if isinstance(state.get("search"), str):
            self.picker.search.setText(state["search"])
        self.form.restore_workspace(state)
