"""Step 1, Ontvanger en doel: who receives, for which purpose, asked or not, oral or written.
The recipients are those the service offers (never the EMM, never outside the EU); a purpose
the service refuses is shown, disabled, with why (Mensenhandel 14.8)."""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.exchanges import Initiative
from blijf_desktop.domain.police import Channel
from blijf_desktop.domain.sharing import RECIPIENTS, RecipientKind
from blijf_desktop.i18n import N_, _
from blijf_desktop.ui.dialogs.common import MessageLabel, explanation
from blijf_desktop.ui.sharing import labels

QUIET = "QLabel { color:#555555; }"
INITIATIVES = ((Initiative.GEVRAAGD.value, N_("Gevraagd: de ontvanger vroeg erom")),
               (Initiative.ONGEVRAAGD.value, N_("Ongevraagd: Blijf Groep neemt het initiatief")))
CHANNELS = ((Channel.SCHRIFTELIJK.value, N_("Schriftelijk, met een PDF")),
            (Channel.MONDELING.value, N_("Mondeling (telefoon of overleg)")))


def quiet(text: str) -> QLabel:
    label = explanation(text)
    label.setStyleSheet(QUIET)
    return label


class LineMessage(MessageLabel):
    """A message beside a field: one calm line, not a tall box."""

    def show_message(self, text: str, kind: str = "error") -> None:
        super().show_message(text, kind)
        self.setStyleSheet(self.styleSheet().replace("padding:10px 12px", "padding:3px 8px"))


def caption(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class RadioChoice(QWidget):
    """Exclusive radio buttons over codes; none chosen at the start."""

    changed = Signal()

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)
        self.group.buttonToggled.connect(lambda _b, on: on and self.changed.emit())

    def add(self, code: str, text: str, refused: str | None = None) -> QRadioButton:
        button = QRadioButton(text)
        button.setAccessibleName(f"{self.name}: {text}")
        self.group.addButton(button)
        self.buttons[code] = button
        self.column.addWidget(button)
        if refused:
            button.setEnabled(False)
            button.setAccessibleDescription(refused)
            why = quiet(refused)
            why.setContentsMargins(24, 0, 0, 4)
            self.column.addWidget(why)
        return button

    def add_heading(self, text: str) -> None:
        label = quiet(text)
        label.setContentsMargins(0, 6, 0, 0)
        self.column.addWidget(label)

    def clear(self) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
        while self.column.count():
            item = self.column.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # deletion waits for the event loop; it must not show
                item.widget().deleteLater()
        self.buttons = {}

    def value(self) -> str | None:
        return next((code for code, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, code: str | None) -> None:
        button = self.buttons.get(code or "")
        if button is not None and button.isEnabled():
            button.setChecked(True)

    def first_enabled(self) -> QRadioButton | None:
        return next((b for b in self.buttons.values() if b.isEnabled()), None)

    def focus_target(self) -> QWidget | None:
        checked = self.group.checkedButton()
        return checked if checked is not None else self.first_enabled()


class ChoiceStep(QWidget):
    recipient_changed = Signal()
    purpose_changed = Signal()

    def __init__(self, recipients, purposes_of: Callable[[str], list[tuple[str, str | None]]],
                 parent=None):
        super().__init__(parent)
        self.purposes_of = purposes_of
        # Radio buttons, not a list: a list picks its first row when it gets the focus.
        self.recipients = RadioChoice(_("Ontvanger"))
        police = [r for r in recipients if r.kind is RecipientKind.POLITIE]
        chain = [r for r in recipients if r.kind is not RecipientKind.POLITIE]
        for title, group in ((_("Politie (convenant Blijf Groep)"), police),
                             (_("Keten mensenhandel (convenant Mensenhandel)"), chain)):
            if group:
                self.recipients.add_heading(title)
            for recipient in group:
                self.recipients.add(recipient.code, _(recipient.label))
        self.purpose = RadioChoice(_("Doel"))
        self.initiative = RadioChoice(_("Gevraagd of ongevraagd"))
        for code, text in INITIATIVES:
            self.initiative.add(code, _(text))
        self.channel = RadioChoice(_("Mondeling of schriftelijk"))
        for code, text in CHANNELS:
            self.channel.add(code, _(text))
        self.errors = {name: LineMessage() for name in ("recipient", "purpose", "initiative",
                                                         "channel")}
        self.route_line = quiet("")
        self.route_line.hide()
        self.purpose_caption = caption(_("&Doel").replace("&", ""))
        self.no_recipient = quiet(_("Kies eerst een ontvanger."))
        self._build()
        self.recipients.changed.connect(self._recipient_picked)
        self.purpose.changed.connect(self._purpose_picked)
        self.initiative.changed.connect(lambda: self.errors["initiative"].clear_message())
        self.channel.changed.connect(lambda: self.errors["channel"].clear_message())

    def _build(self) -> None:
        left = QVBoxLayout()
        left.addWidget(caption(_("O&ntvanger"), self.recipients.first_enabled()))
        left.addWidget(self.recipients)
        left.addSpacing(6)
        left.addWidget(quiet(labels.chain_only_note()))
        left.addWidget(self.errors["recipient"])
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.purpose_caption)
        right.addWidget(self.no_recipient)
        right.addWidget(self.purpose)
        right.addWidget(self.route_line)
        right.addWidget(self.errors["purpose"])
        right.addSpacing(10)
        right.addWidget(caption(_("&Gevraagd of ongevraagd"), self.initiative.first_enabled()))
        right.addWidget(self.initiative)
        right.addWidget(self.errors["initiative"])
        right.addSpacing(10)
        right.addWidget(caption(_("&Mondeling of schriftelijk"), self.channel.first_enabled()))
        right.addWidget(self.channel)
        right.addWidget(self.errors["channel"])
        right.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(28)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

    # -- choosing --------------------------------------------------------------------------
    def _recipient_picked(self) -> None:
        self.errors["recipient"].clear_message()
        kept = self.purpose.value()
        self.purpose.clear()
        code = self.recipient()
        self.no_recipient.setVisible(code is None)
        if code is not None:
            for purpose, problem in self.purposes_of(code):
                self.purpose.add(purpose, labels.purpose(purpose),
                                 labels.purpose_problem(problem) if problem else None)
            self.purpose.set_value(kept)
        self._purpose_buddy()
        self._show_route()
        self.recipient_changed.emit()

    def _purpose_buddy(self) -> None:
        """Alt+D goes to the first purpose that may be chosen; without one, no mnemonic (a
        label without a buddy would show the "&")."""
        first = self.purpose.first_enabled()
        self.purpose_caption.setBuddy(first)
        text = _("&Doel")
        self.purpose_caption.setText(text if first is not None else text.replace("&", ""))

    def _purpose_picked(self) -> None:
        self.errors["purpose"].clear_message()
        self.purpose_changed.emit()

    def _show_route(self) -> None:
        code = self.recipient()
        found = RECIPIENTS.get(code or "")
        self.route_line.setText(_("Route: {route}").format(
            route=labels.route(code, found.route)) if found else "")
        self.route_line.setVisible(found is not None)

    @staticmethod
    def _focus(choice: RadioChoice) -> None:
        target = choice.focus_target()
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- what was chosen -------------------------------------------------------------------
    def recipient(self) -> str | None:
        return self.recipients.value()

    def state(self) -> dict:
        return {"recipient": self.recipient(), "purpose": self.purpose.value(),
                "asked": self.initiative.value(), "channel": self.channel.value()}

    def restore(self, state: dict) -> None:
        self.recipients.set_value(state.get("recipient"))
        self.purpose.set_value(state.get("purpose"))
        self.initiative.set_value(state.get("asked"))
        self.channel.set_value(state.get("channel"))

    def check(self) -> bool:
        """Every choice made; the missing ones are told beside their field."""
        problems = {}
        if self.recipient() is None:
            problems["recipient"] = _("Kies aan wie de gegevens gaan.")
        elif self.purpose.value() is None:
            problems["purpose"] = _("Kies het doel van deze verstrekking.")
        if self.initiative.value() is None:
            problems["initiative"] = _("Kies gevraagd of ongevraagd.")
        if self.channel.value() is None:
            problems["channel"] = _("Kies mondeling of schriftelijk.")
        for name, label in self.errors.items():
            if name in problems:
                label.show_error(problems[name])
            else:
                label.clear_message()
        first = next((n for n in self.errors if n in problems), None)
        if first is not None:
            self._focus({"recipient": self.recipients, "purpose": self.purpose,
                         "initiative": self.initiative, "channel": self.channel}[first])
        return not problems

    def show_problem(self, field: str, text: str) -> None:
        self.errors.get(field, self.errors["purpose"]).show_error(text)

    def first_field(self) -> QWidget:
        return self.recipients.focus_target()
