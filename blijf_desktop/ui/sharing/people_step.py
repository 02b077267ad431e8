"""Step 2, Personen en gegevens: per person of the case a box with a checkbox for each kind the
service offers for this recipient and purpose, none ticked at the start (the user ticks what the
purpose needs, Mensenhandel 9.4; Blijf 5.6), and below it, in grey, what does not go and why.
A secret address goes only when the user ticks "Geheim adres meesturen" and confirms."""

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget,
)

from blijf_desktop.domain.sharing import SIGNAL_KINDS

from blijf_desktop.domain.people import ADDRESS_FIELDS
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, button_row, confirm_default_no, explanation, secondary_button,
)
from blijf_desktop.ui.exchanges.labels import GROUP_STYLE
from blijf_desktop.ui.sharing import labels
from blijf_desktop.ui.sharing.choice_step import quiet

COLUMNS = 3


def ask_reveal(parent: QWidget) -> bool:
    """The user confirms that this recipient needs the secret address; default No."""
    return confirm_default_no(parent, _("Geheim adres meesturen?"), _(
        "Het adres van deze persoon is geheim. Stuur het alleen mee als de ontvanger het echt "
        "nodig heeft voor de veiligheid van de cliënt. Dit wordt vastgelegd in het "
        "controlespoor."), _("Adres meesturen"), _("Niet meesturen"))


class PersonBox(QGroupBox):
    changed = Signal()

    def __init__(self, offer, confirm_reveal: Callable[[QWidget], bool] | None, parent=None):
        super().__init__(parent)
        self.offer = offer
        self.confirm_reveal = confirm_reveal
        name = offer.name or _("(zonder naam)")
        title = f"{name} — {labels.category(offer.category)}"
        self.setTitle(title.replace("&", "&&"))  # a name is data, never a mnemonic
        self.setAccessibleName(title)
        self.setStyleSheet(GROUP_STYLE)
        self.checks: dict[str, QCheckBox] = {}
        self.reveal: QCheckBox | None = None
        self.all_button: QWidget | None = None
        column = QVBoxLayout(self)
        if offer.allowed:
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            for index, kind in enumerate(offer.allowed):
                check = QCheckBox(labels.kind(kind).replace("&", "&&"))
                check.setAccessibleName(f"{labels.kind(kind)} ({name})")
                check.toggled.connect(lambda _on: self.changed.emit())
                self.checks[kind] = check
                grid.addWidget(check, index // COLUMNS, index % COLUMNS)
            column.addLayout(grid)
            self.all_button = secondary_button(_("Alles wat mag"))
            self.all_button.setAccessibleName(_("Alles wat mag voor {name}").format(name=name))
            self.all_button.clicked.connect(self.tick_all)
            column.addLayout(button_row(left=(self.all_button,)))
        else:
            column.addWidget(explanation(_("Over deze persoon mag voor deze ontvanger en dit "
                                           "doel niets mee.")))
        if offer.address_secret and set(offer.allowed) & set(ADDRESS_FIELDS):
            column.addWidget(quiet(_("Het adres is geheim. Het gaat niet mee, tenzij u "
                                     "hieronder 'Geheim adres meesturen' aanvinkt.")))
            self.reveal = QCheckBox(_("Geheim adres meesturen"))
            self.reveal.setAccessibleName(_("Geheim adres meesturen ({name})").format(name=name))
            self.reveal.toggled.connect(self._reveal_toggled)
            column.addWidget(self.reveal)
        for line in self._excluded_lines():
            column.addWidget(quiet(line))

    def _excluded_lines(self) -> list[str]:
        """One grey line per reason: "Gaat niet mee (reason): kind, kind"."""
        by_reason: dict[str, list[str]] = {}
        for item in self.offer.excluded:
            by_reason.setdefault(item.reason, []).append(labels.kind(item.kind))
        return [_("Gaat niet mee ({reason}): {kinds}").format(
            reason=labels.excluded(reason), kinds=", ".join(kinds))
            for reason, kinds in by_reason.items()]

    def _reveal_toggled(self, ticked: bool) -> None:
        if ticked and not (self.confirm_reveal or ask_reveal)(self):
            self.reveal.blockSignals(True)
            self.reveal.setChecked(False)
            self.reveal.blockSignals(False)
            return
        self.changed.emit()

    def tick_all(self) -> None:
        for check in self.checks.values():
            check.setChecked(True)

    def chosen(self) -> set[str]:
        return {kind for kind, check in self.checks.items() if check.isChecked()}

    def revealed(self) -> bool:
        return self.reveal is not None and self.reveal.isChecked()

    def restore(self, kinds, revealed: bool) -> None:
        """Put back what was chosen before (no question: it was confirmed then)."""
        for kind in kinds:
            if kind in self.checks:
                self.checks[kind].setChecked(True)
        if self.reveal is not None and revealed:
            self.reveal.blockSignals(True)
            self.reveal.setChecked(True)
            self.reveal.blockSignals(False)


class PeopleStep(QWidget):
    changed = Signal()

    def __init__(self, confirm_reveal: Callable[[QWidget], bool] | None = None, parent=None):
        """`confirm_reveal`: asks before a secret address goes; None: ask_reveal()."""
        super().__init__(parent)
        self.confirm_reveal = confirm_reveal
        self.boxes: dict[int, PersonBox] = {}
        self.message = MessageLabel()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(explanation(_(
            "Vink per persoon aan wat voor dit doel nodig is; niets staat vooraf aangevinkt. "
            "Alleen wat de regels voor deze ontvanger en dit doel toestaan staat erbij. "
            "Politie-informatie gaat nooit naar buiten (convenant Blijf Groep art. 5.2, 5.8).")))
        self.column.addWidget(self.message)
        self.holder = QVBoxLayout()
        self.column.addLayout(self.holder)
        # Which signal mensenhandel goes, when the client's signal kinds may go (a consent
        # names the signal it is for, Mensenhandel 14.6).
        self.signal = QComboBox()
        self.signal_label = QLabel(_("&Welk signaal mensenhandel"))
        self.signal_label.setBuddy(self.signal)
        self.signal.setAccessibleName(_("Welk signaal mensenhandel"))
        self.signal.currentIndexChanged.connect(lambda _index: self._changed())
        self.column.addWidget(self.signal_label)
        self.column.addWidget(self.signal)
        self.column.addStretch(1)
        self.set_signals([])

    def set_signals(self, signals: list[tuple[int, str]]) -> None:
        """The case's signals, newest first: (id, how it reads)."""
        self.signal.blockSignals(True)
        self.signal.clear()
        for signal_id, text in signals:
            self.signal.addItem(text, signal_id)
        self.signal.blockSignals(False)
        self._show_signal_choice()

    def _show_signal_choice(self) -> None:
        offered = any(set(box.checks) & SIGNAL_KINDS for box in self.boxes.values())
        self.signal_label.setVisible(offered and self.signal.count() > 0)
        self.signal.setVisible(offered and self.signal.count() > 0)

    def chosen_signal(self) -> int | None:
        """The signal that goes, when a signal kind is ticked."""
        if not any(kinds & SIGNAL_KINDS for kinds in self.chosen().values()):
            return None
        return self.signal.currentData()

    def show_offers(self, offers, keep: dict | None = None) -> None:
        """One box per person; `keep`: {"chosen": {id: kinds}, "reveal": [ids]} put back as far
        as the new offer allows."""
        keep = keep or {}
        chosen = {int(k): v for k, v in (keep.get("chosen") or {}).items()}
        revealed = {int(i) for i in keep.get("reveal") or ()}
        for box in self.boxes.values():
            self.holder.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.boxes = {}
        self.message.clear_message()
        for offer in offers:
            box = PersonBox(offer, self.confirm_reveal)
            box.restore(chosen.get(offer.person_id, ()), offer.person_id in revealed)
            box.changed.connect(self._changed)
            self.boxes[offer.person_id] = box
            self.holder.addWidget(box)
        self._show_signal_choice()
        wanted = keep.get("signal")
        if isinstance(wanted, int) and self.signal.findData(wanted) >= 0:
            self.signal.setCurrentIndex(self.signal.findData(wanted))

    def _changed(self) -> None:
        if self.message.kind == "error":
            self.message.clear_message()
        self.changed.emit()

    def chosen(self) -> dict[int, set[str]]:
        return {pid: kinds for pid, box in self.boxes.items() if (kinds := box.chosen())}

    def revealed(self) -> set[int]:
        return {pid for pid, box in self.boxes.items() if box.revealed()}

    def state(self) -> dict:
        return {"chosen": {str(pid): sorted(kinds) for pid, kinds in self.chosen().items()},
                "reveal": sorted(self.revealed()), "signal": self.chosen_signal()}

    def check(self) -> bool:
        if self.chosen():
            return True
        self.show_problem(labels.problem("persons", "required"))
        return False

    def show_problem(self, text: str) -> None:
        self.message.show_error(text)

    def first_field(self) -> QWidget | None:
        for box in self.boxes.values():
            if box.checks:
                return next(iter(box.checks.values()))
        return None
