"""The fields of one person, exactly those the covenant allows for the category (art. 4).
What is typed stays as typed; problems are shown beside the field in Dutch, errors in red and
warnings in amber. A field is checked when it loses focus, and the whole person on save. On
leaving a field without a problem it shows the form that will be stored (1234 AB, 06 12345678,
12-03-1985, no outer spaces), so a normalisation is seen before it is saved."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain import validation
from blijf_desktop.domain.people import ALLOWED_FIELDS, FIELD_LABELS, NAME_FIELDS, RELATIONS, Category
from blijf_desktop.domain.validation import PersonCheck
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.intake.parts import (
    PROBLEM_STYLE,
    ProblemNote,
    grey_note,
    labelled,
    put_text,
    set_problem,
    with_notes,
)
from blijf_desktop.ui.messages import field_problem

# Rows in reading order: (field, width) where width 0 means "stretch".
_ROWS = (
    (("first_names", 0), ("prefix", 120), ("last_name", 0)),
    (("street", 0), ("house_number", 120)),
    (("postcode", 120), ("residence", 0)),
    (("birth_place", 0), ("birth_date", 150)),
    (("phone", 0), ("email", 0)),
)
_REQUIRED_CODES = ("required", "name_required")


def _required_fields(category: Category) -> set[str]:
    """The fields marked *: each one must be filled. For anyone but the client one of the two
    names is enough, so neither is starred; the legend says so."""
    if category is Category.CLIENT:
        return {"last_name"}
    return {"relation"}


class PersonEditor(QWidget):
    """API: raw(), set_raw(), show_check(), has_text(), display_name(); signal `changed`."""

    changed = Signal()
    problems_changed = Signal()  # a note beside a field came, went or changed

    def __init__(self, category: Category, parent: QWidget | None = None, *,
                 today=date.today):
        super().__init__(parent)
        self.category = category
        self.today = today
        self.setStyleSheet(PROBLEM_STYLE)
        allowed = ALLOWED_FIELDS[category]
        required = _required_fields(category)
        self.fields: dict[str, QLineEdit] = {}
        self.notes: dict[str, ProblemNote] = {}
        self._codes: dict[str, str] = {}
        self._chain: list[QWidget] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)  # the space kept for notes under each row parts the rows too

        self.relation: QComboBox | None = None
        if category is not Category.CLIENT:
            self.relation = QComboBox()
            self.relation.addItem(_("— kies —"), "")
            for code, label in RELATIONS[category].items():
                self.relation.addItem(_(label), code)
            self.relation.setMinimumHeight(common.FIELD_HEIGHT)
            self.relation.currentIndexChanged.connect(self._relation_changed)
            self._add_row(layout, [("relation", 300, self.relation)], required)

        for row in _ROWS:
            cells = [(name, width, self._line_edit(name)) for name, width in row if name in allowed]
            if cells:
                self._add_row(layout, cells, required)
            if row[0][0] == "postcode":  # the address ends here
                self.secret = QCheckBox(_("Geheim adres (bijv. een opvangadres)"))
                self.secret.setToolTip(_("Het adres wordt verborgen en alleen getoond als iemand "
                                         "er bewust om vraagt; dat wordt vastgelegd."))
                self.secret.toggled.connect(self.changed)
                layout.addWidget(self.secret)
                self._chain.append(self.secret)

        if category is Category.CLIENT:
            legend = _("* verplicht")
        else:
            legend = _("* verplicht. Vul ook een voornaam of een achternaam in.")
        self.legend = grey_note(legend)
        layout.addWidget(self.legend)

    # -- building ------------------------------------------------------------------------
    def _line_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMinimumHeight(common.FIELD_HEIGHT)
        edit.setObjectName(name)
        if name == "birth_date":
            edit.setPlaceholderText(_("dd-mm-jjjj"))
        edit.textChanged.connect(self.changed)
        edit.editingFinished.connect(lambda name=name: self._check_one(name))
        self.fields[name] = edit
        return edit

    def _add_row(self, layout: QVBoxLayout, cells, required: set[str]) -> None:
        row = QHBoxLayout()
        row.setSpacing(12)
        notes = []
        for name, width, widget in cells:
            text = _(FIELD_LABELS[name]) + (" *" if name in required else "")
            column, _label = labelled(text, widget)
            if width:
                widget.setFixedWidth(width)
            row.addLayout(column, 0 if width else 1)
            note = ProblemNote(_(FIELD_LABELS[name]) if len(cells) > 1 else "")
            notes.append(note)
            self.notes[name] = note
            self._chain.append(widget)
        if len(cells) == 1 and cells[0][1]:
            row.addStretch(1)
        layout.addLayout(with_notes(row, notes))

    # -- data ----------------------------------------------------------------------------
    def raw(self) -> dict[str, str]:
        raw = {name: edit.text() for name, edit in self.fields.items()}
        raw["address_secret"] = "1" if self.secret.isChecked() else ""
        if self.relation is not None:
            raw["relation"] = self.relation.currentData() or ""
        return raw

    def set_raw(self, raw: dict) -> None:
        for name, edit in self.fields.items():
            put_text(edit, str(raw.get(name) or ""))
        self.secret.setChecked(bool(raw.get("address_secret")))
        if self.relation is not None:
            index = self.relation.findData(raw.get("relation") or "")
            self.relation.setCurrentIndex(max(index, 0))

    def has_text(self) -> bool:
        """Anything typed that is more than outer space: a card holding only, say, a control
        character is not empty (it is refused with a message, not skipped unseen)."""
        raw = self.raw()
        return any(validation.trim(str(value)) for value in raw.values())

    def display_name(self) -> str:
        return " ".join(self.fields[n].text().strip() for n in NAME_FIELDS
                        if self.fields[n].text().strip())

    # -- problems ------------------------------------------------------------------------
    def show_check(self, check: PersonCheck) -> None:
        """Show the problems of a full check, replacing the ones shown before."""
        for name in self.notes:
            self._set_note(name, None, "")
        for name, code in check.warnings.items():
            self._set_note(name, code, "warning")
        for name, code in check.errors.items():
            self._set_note(name, code, "error")

    def has_error(self) -> bool:
        return any(note.kind == "error" for note in self.notes.values())

    def first_error_widget(self) -> QWidget | None:
        for widget in self._chain:
            name = "relation" if widget is self.relation else widget.objectName()
            if name in self.notes and self.notes[name].kind == "error":
                return widget
        return None

    def focus_chain(self) -> list[QWidget]:
        return list(self._chain)

    def _widget(self, name: str) -> QWidget | None:
        return self.relation if name == "relation" else self.fields.get(name)

    def _set_note(self, name: str, code: str | None, kind: str) -> None:
        note = self.notes.get(name)
        widget = self._widget(name)
        if note is None or widget is None:
            return
        if code == "name_required" and self.category is Category.CLIENT:
            code = "required"  # the client's last name itself is starred: ask for that one
        if code is None:
            self._codes.pop(name, None)
            note.clear_note()
            set_problem(widget, "")
            widget.setAccessibleDescription("")
        else:
            self._codes[name] = code
            message = field_problem(code, name)
            note.show_note(message, kind)
            set_problem(widget, kind)
            widget.setAccessibleDescription(message)
        self.problems_changed.emit()

    def _check_one(self, name: str) -> None:
        """On leaving a field: its own check. A missing name is left for the save to judge."""
        raw = self.fields[name].text()
        checked = validation.check_field(name, raw, self.today())
        if checked.error:
            self._set_note(name, checked.error, "error")
        else:
            shown = validation.field_text(name, checked.value)
            if shown != raw:
                put_text(self.fields[name], shown)
            if shown or self._codes.get(name) not in _REQUIRED_CODES:
                self._set_note(name, None, "")
        if name == "first_names" and raw.strip() and self._codes.get("last_name") == "name_required":
            self._set_note("last_name", None, "")

    def _relation_changed(self) -> None:
        if self.relation.currentData():
            self._set_note("relation", None, "")
        self.changed.emit()
