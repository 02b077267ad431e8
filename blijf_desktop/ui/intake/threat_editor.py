"""One entry of threat information the client gives ("door betrokkene aangedragen
informatie"): when she told it, about whom (herself, a child, or a location) and what."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from blijf_desktop.domain import validation
from blijf_desktop.domain.people import ThreatEntry
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.intake.parts import (
    PROBLEM_STYLE,
    Card,
    ProblemNote,
    date_text,
    labelled,
    plain_text,
    put_text,
    set_problem,
    with_notes,
)
from blijf_desktop.ui.messages import field_problem

ABOUT_CLIENT = "client"
ABOUT_LOCATION = "location"


class ThreatEditor(Card):
    """API: raw(), set_raw(), set_children(), check(), entry(), is_blank(); signal `changed`.
    `about` keys: "client", "location", or the key a child was given by set_children."""

    changed = Signal()
    problems_changed = Signal()  # a note beside a field came, went or changed

    def __init__(self, today=date.today, parent: QWidget | None = None):
        super().__init__(_("Verwijderen"), parent)
        self.today = today
        self.setStyleSheet(self.styleSheet() + PROBLEM_STYLE)
        self.default_date = date_text(today())

        self.date = QLineEdit(self.default_date)
        self.date.setPlaceholderText(_("dd-mm-jjjj"))
        self.date.setFixedWidth(150)
        self.about = QComboBox()
        self.about.setMinimumWidth(280)
        self.about.setMaximumWidth(420)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("bijvoorbeeld: school van de kinderen"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(_("Wat vertelt de cliënt? Wie, wat, waar en wanneer."))
        self.description.setFixedHeight(110)
        for widget in (self.date, self.about, self.location):
            widget.setMinimumHeight(common.FIELD_HEIGHT)
        self._widgets = {"date": self.date, "about": self.about, "location": self.location,
                         "description": self.description}
        self._labels = {"date": _("Datum"), "about": _("Over wie"), "location": _("Locatie"),
                        "description": _("Beschrijving")}

        self.notes = {name: ProblemNote(self._labels[name] if name != "description" else "")
                      for name in self._widgets}
        row = QHBoxLayout()
        row.setSpacing(12)
        for name in ("date", "about"):
            row.addLayout(labelled(self._labels[name], self._widgets[name])[0])
        column, self.location_label = labelled(self._labels["location"], self.location)
        row.addLayout(column, 1)
        # Each note right under its own fields, in a space that is kept when it is empty.
        self.body.addLayout(with_notes(row, [self.notes[n] for n in ("date", "about", "location")]))
        column, _label = labelled(self._labels["description"], self.description)
        self.body.addLayout(with_notes(column, [self.notes["description"]]))

        self.date.textChanged.connect(self.changed)
        self.location.textChanged.connect(self.changed)
        self.description.textChanged.connect(self.changed)
        self.about.currentIndexChanged.connect(self._about_changed)
        self.date.editingFinished.connect(self._check_date)
        self.location.editingFinished.connect(self._check_location)
        self._children: list[tuple[str, str]] = []
        self.set_children([])

    # -- choices -------------------------------------------------------------------------
    def set_children(self, children: list[tuple[str, str]]) -> None:
        """The children to choose from, as (key, label); keeps the choice where it can."""
        if self.about.count() and children == self._children:
            return
        self._children = list(children)
        current = self.about_key() if self.about.count() else ABOUT_CLIENT
        self.about.blockSignals(True)
        self.about.clear()
        self.about.addItem(_("— kies —"), "")
        self.about.addItem(_("de cliënt"), ABOUT_CLIENT)
        for key, label in children:
            self.about.addItem(label, key)
        self.about.addItem(_("een locatie"), ABOUT_LOCATION)
        self.about.setCurrentIndex(max(self.about.findData(current), 0))
        self.about.blockSignals(False)
        self._about_changed(emit=False)

    def about_key(self) -> str:
        return self.about.currentData() or ""

    def _about_changed(self, *_args, emit: bool = True) -> None:
        is_location = self.about_key() == ABOUT_LOCATION
        self.location.setVisible(is_location)
        self.location_label.setVisible(is_location)
        if self.about_key():
            self._note("about", None)
        if emit:
            self.changed.emit()

    # -- data ----------------------------------------------------------------------------
    def raw(self) -> dict[str, str]:
        return {"date": self.date.text(), "about": self.about_key(),
                "location": self.location.text(), "description": plain_text(self.description)}

    def set_raw(self, raw: dict) -> None:
        put_text(self.date, str(raw.get("date", "")))
        self.about.setCurrentIndex(max(self.about.findData(raw.get("about") or ""), 0))
        put_text(self.location, str(raw.get("location", "")))
        put_text(self.description, str(raw.get("description", "")))

    def has_text(self) -> bool:
        return bool(validation.trim(plain_text(self.description))
                    or validation.trim(self.location.text()))

    def is_blank(self) -> bool:
        """Nothing entered beyond what a new entry starts with."""
        return (not self.has_text() and self.date.text().strip() == self.default_date
                and self.about_key() in ("", ABOUT_CLIENT))

    # -- checking ------------------------------------------------------------------------
    def check(self, choices: set[str] | None = None) -> dict[str, str]:
        """Problems as {field: code}, shown beside the fields. `choices`: the `about` keys that
        can be saved (a child whose card is still empty cannot)."""
        errors: dict[str, str] = {}
        when = validation.past_date(self.date.text(), self.today())
        if when.error or when.value is None:
            errors["date"] = when.error or "required"
        if not self.about_key() or (choices is not None and self.about_key() not in choices):
            errors["about"] = "required"
        elif self.about_key() == ABOUT_LOCATION:
            place = validation.text(self.location.text())
            if place.error or not place.value:
                errors["location"] = place.error or "required"
        text = validation.description(plain_text(self.description))
        if text.error or not text.value:
            errors["description"] = text.error or "required"
        for name in self.notes:
            self._note(name, errors.get(name))
        return errors

    def clear_problems(self) -> None:
        for name in self.notes:
            self._note(name, None)

    def entry(self) -> ThreatEntry:
        """The entry as typed; call check() first."""
        location = self.about_key() == ABOUT_LOCATION
        return ThreatEntry(
            noted_on=validation.parse_date(self.date.text()),
            description=validation.description(plain_text(self.description)).value,
            about_location=validation.text(self.location.text()).value if location else "",
        )

    def has_error(self) -> bool:
        return any(note.kind == "error" for note in self.notes.values())

    def first_error_widget(self) -> QWidget | None:
        return next((self._widgets[n] for n, note in self.notes.items() if note.kind == "error"),
                    None)

    def focus_chain(self) -> list[QWidget]:
        """The header's "Verwijderen" first, as it is seen; Tab passes it by (HeaderButton)."""
        return [self.remove_button, self.date, self.about, self.location, self.description]

    def _check_date(self) -> None:
        """On leaving the date: its check, and a good date shown as dd-mm-jjjj."""
        when = validation.past_date(self.date.text(), self.today())
        self._note("date", when.error or (None if when.value else "required"))
        if when.value and date_text(when.value) != self.date.text():
            put_text(self.date, date_text(when.value))

    def _check_location(self) -> None:
        """On leaving the location: refused characters are named, outer spaces go."""
        place = validation.text(self.location.text())
        if place.error:
            self._note("location", place.error)
            return
        self._note("location", None)
        if place.value != self.location.text():
            put_text(self.location, place.value)

    def _note(self, name: str, code: str | None) -> None:
        widget = self._widgets[name]
        if code is None:
            self.notes[name].clear_note()
            set_problem(widget, "")
            widget.setAccessibleDescription("")
        else:
            message = field_problem(code, name)
            self.notes[name].show_note(message, "error")
            set_problem(widget, "error")
            widget.setAccessibleDescription(message)
        self.problems_changed.emit()
