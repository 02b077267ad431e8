"""A section of the intake form: a heading, a short explanation, numbered cards and a
"+ … toevoegen" button. Removing a card that holds text asks first."""

from datetime import date
from itertools import count
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from blijf_desktop.domain.people import Category
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.intake import parts
from blijf_desktop.ui.intake.person_editor import PersonEditor

_keys = count(1)


class PersonCard(parts.Card):
    """One person in a framed card; `key` stays the same while the card lives."""

    def __init__(self, category: Category, today=date.today, removable: bool = True,
                 parent: QWidget | None = None):
        super().__init__(_("Verwijderen") if removable else None, parent)
        self.key = f"person-{next(_keys)}"
        self.editor = PersonEditor(category, today=today)
        self.changed = self.editor.changed
        self.body.addWidget(self.editor)

    def has_text(self) -> bool:
        return self.editor.has_text()

    def focus_chain(self) -> list[QWidget]:
        """The header's "Verwijderen" first, as it is seen; Tab passes it by (HeaderButton)."""
        head = [self.remove_button] if self.remove_button is not None else []
        return head + self.editor.focus_chain()


class CardSection(QWidget):
    """Cards made by `make_card`, titled `title` with {n}. Signals: `changed` for any edit in
    any card, `cards_changed` when a card comes or goes, `card_added` after the add button."""

    changed = Signal()
    cards_changed = Signal()
    card_added = Signal(QWidget)  # by the user's click: the form shows it and puts focus in it

    def __init__(self, heading: str, explanation: str, add_text: str, title: str,
                 make_card: Callable[[], parts.Card], remove_question: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.make_card = make_card
        self.remove_question = remove_question
        self.cards: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(common.SPACING)
        self.heading = parts.section_heading(heading)
        layout.addWidget(self.heading)
        layout.addWidget(parts.grey_note(explanation))
        self.card_column = QVBoxLayout()
        self.card_column.setSpacing(common.SPACING)
        layout.addLayout(self.card_column)
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)
        self.add_button.setMinimumHeight(32)
        self.add_button.clicked.connect(self._add_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def add_card(self):
        card = self.make_card()
        self.cards.append(card)
        self.card_column.addWidget(card)
        card.show()  # now, not on the next event loop pass: focus can go into it at once
        card.changed.connect(self.changed)
        card.remove_button.clicked.connect(lambda _=False, card=card: self.remove_card(card))
        self._renumber()
        self.cards_changed.emit()
        return card

    def remove_card(self, card, ask: bool = True) -> bool:
        if ask and card.has_text() and not parts.confirm(
                self, _("Verwijderen"), self.remove_question.format(card=card.title.text()),
                _("Ja, verwijderen"), _("Nee, bewaren")):
            return False
        self.cards.remove(card)
        self.card_column.removeWidget(card)
        card.hide()
        card.deleteLater()
        self._renumber()
        self.cards_changed.emit()
        self.changed.emit()
        return True

    def clear(self) -> None:
        for card in list(self.cards):
            self.remove_card(card, ask=False)

    def focus_chain(self) -> list[QWidget]:
        chain = [widget for card in self.cards for widget in card.focus_chain()]
        return chain + [self.add_button]

    def _add_clicked(self) -> None:
        self.card_added.emit(self.add_card())

    def _renumber(self) -> None:
        for number, card in enumerate(self.cards, start=1):
            card.set_title(self.title.format(n=number))
