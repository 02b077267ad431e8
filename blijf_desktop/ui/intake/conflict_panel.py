"""Shown in the person editor when someone else saved the person after she began (optimistic
versions, issue 23): a calm message, field by field her value beside the stored one, and two
ways on: load the stored person again with her own changes on top, or keep editing. Nothing
she typed is touched here. A secret address is never shown in it, neither hers nor the
stored one (services/intake.py compare_with_stored masks it)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from blijf_desktop.domain.edit_conflict import FieldDifference
from blijf_desktop.domain.people import Category
from blijf_desktop.i18n import _
from blijf_desktop.ui.intake.history_view import field_label

MASK = "••••••"
_FRAME_STYLE = ("QFrame#conflict { background:#fdf3e1; border:1px solid #e9c98b;"
                " border-radius:6px; } QFrame#conflict QLabel { color:#5a3b06; }")


def reapplied(before: dict[str, str], stored: dict[str, str], typed: dict[str, str]
              ) -> tuple[dict[str, str], list[str]]:
    """The editor's text after loading again: what is stored now, with each field she changed
    (typed differs from `before`, where she began) put back as she typed it. Also the fields
    she changed that the other save changed too (she should look at those before saving)."""
    mine = {name: value for name, value in typed.items() if value != before.get(name, "")}
    clashes = [name for name in mine if stored.get(name, "") != before.get(name, "")]
    return dict(stored, **{name: value for name, value in mine.items() if name in stored}), clashes


def _who(difference: FieldDifference) -> str:
    if difference.by_me and difference.by_other:
        return _("u en collega")
    return _("u") if difference.by_me else _("collega")


class ConflictPanel(QFrame):
    reload_requested = Signal()
    keep_editing_requested = Signal()

    def __init__(self, show_value, parent=None):
        """`show_value(name, value, category)`: the text the read-only page shows for it."""
        super().__init__(parent)
        self.show_value = show_value
        self.setObjectName("conflict")
        self.setStyleSheet(_FRAME_STYLE)
        self.setAccessibleName(_("Intussen door een collega opgeslagen"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Veld"), _("Uw invoer"), _("Nu opgeslagen"), _("Gewijzigd door")])
        self.table.setAccessibleName(_("Verschillen met wat nu is opgeslagen"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, to the buttons
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reload_button = QPushButton(_("&Opnieuw laden, met mijn wijzigingen"))
        self.reload_button.setToolTip(_("Haalt op wat nu is opgeslagen en zet uw eigen "
                                        "wijzigingen er weer op. Daarna kunt u opslaan."))
        self.reload_button.clicked.connect(self.reload_requested)
        self.keep_button = QPushButton(_("&Verder bewerken"))
        self.keep_button.clicked.connect(self.keep_editing_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(self, fields: list[FieldDifference], category: Category) -> None:
        """Right after the refused save: nothing of hers is saved, all of it is still there."""
        text = _("Intussen heeft iemand anders deze persoon opgeslagen (een collega, of u zelf "
                 "in een ander venster). Uw wijzigingen zijn nog niet opgeslagen; ze staan nog "
                 "in het formulier. Kies ‘Opnieuw laden’: dan ziet u wat nu is opgeslagen, met "
                 "uw eigen wijzigingen erop. Of bewerk verder.")
        self._fill(text, fields, category)
        self.reload_button.show()
        self.keep_button.setText(_("&Verder bewerken"))
        self.show()
        self.reload_button.setFocus()

    def show_reloaded(self, fields: list[FieldDifference], category: Category,
                      clashes: list[str]) -> None:
        """After loading again: the comparison stays, for the fields both of them changed."""
        text = _("Opnieuw geladen, met uw eigen wijzigingen erop. Nog niet opgeslagen: "
                 "controleer het formulier en kies dan ‘Wijzigingen opslaan’.")
        if clashes:
            text += " " + _("Ook uw collega wijzigde: {fields}. Daar staat nu uw eigen "
                            "invoer.").format(fields=", ".join(field_label(n) for n in clashes))
        self._fill(text, [f for f in fields if f.field in clashes], category)
        self.reload_button.hide()
        self.keep_button.setText(_("&Vergelijking sluiten"))
        self.show()

    def _fill(self, text: str, fields: list[FieldDifference], category: Category) -> None:
        if any(f.masked for f in fields):
            text += " " + _("Een geheim adres wordt hier niet getoond, ook uw eigen invoer "
                            "niet ({mask}).").format(mask=MASK)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.table.setRowCount(len(fields))
        for row, difference in enumerate(fields):
            cells = (field_label(difference.field),
                     self._value(difference, difference.mine, category),
                     self._value(difference, difference.stored, category),
                     _who(difference))
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(cell))
        self.table.setVisible(bool(fields))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4
                                  + sum(self.table.rowHeight(r) for r in range(len(fields))))

    def _value(self, difference: FieldDifference, value, category: Category) -> str:
        if difference.masked:
            return MASK
        return self.show_value(difference.field, value, category)

    def shown_text(self) -> str:
        """Everything the panel shows as text (tests check nothing secret is in it)."""
        cells = [self.table.item(r, c).text() for r in range(self.table.rowCount())
                 for c in range(self.table.columnCount())]
        return "\n".join([self.text.text(), *cells])
