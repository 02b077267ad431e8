"""Pick the case police information or a new exchange is about: search a person as in
Cliënten, Enter picks."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from blijf_desktop.domain.search import MIN_CHARS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.dialogs.common import MessageLabel, button_row, heading, secondary_button
from blijf_desktop.ui.exchanges import labels
from blijf_desktop.ui.messages import error_message


class CasePicker(QWidget):
    picked = Signal(int)
    cancelled = Signal()

    def __init__(self, intake: IntakeService, title: str | None = None, parent=None):
        super().__init__(parent)
        self.intake = intake
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Zoek de casus"))
        self.search.setPlaceholderText(_("Naam, geboortedatum, plaats of telefoonnummer"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Gevonden personen"))
        self.results.itemActivated.connect(self._pick)
        self.search.returnPressed.connect(self.pick_current)
        self.message = MessageLabel()
        self.timer = QTimer(self, singleShot=True, interval=150)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        cancel = secondary_button(_("Annuleren"))
        cancel.clicked.connect(self.cancelled.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title or _("Politie-informatie vastleggen: kies de casus")))
        layout.addWidget(QLabel(_("Zoek een betrokkene; Enter kiest de casus.")))
        layout.addWidget(self.search)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        layout.addLayout(button_row(cancel))
        self.run_search()

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        self.message.clear_message()
        try:
            hits = self.intake.find(text if len(text) >= MIN_CHARS else "", 0, 50)
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        for hit in hits:
            if hit.known_elsewhere:
                continue  # another team's case: not for this team's register
            born = f", {date_text(hit.birth_date)}" if hit.birth_date else ""
            client = _("casus van {name}").format(name=hit.client_name) if hit.client_name \
                else ""
            item = QListWidgetItem(f"{hit.name}{born} — {labels.category(hit.category)}"
                                   f"{' · ' + client if client else ''}")
            item.setData(Qt.ItemDataRole.UserRole, hit.case_id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def pick_current(self) -> None:
        self.timer.stop()
        self.run_search()
        if self.results.currentItem() is not None:
            self._pick(self.results.currentItem())

    def _pick(self, item: QListWidgetItem) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))
