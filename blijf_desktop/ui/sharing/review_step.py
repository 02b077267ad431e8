"""The last step, Controle: exactly what leaves, per person, as the service computed it (never
recomputed here), what stays behind and why, the route and the basis; the PDF for a written
exchange; the gate, which says which step is missing. After Vastleggen: the register number."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, boxed, button_row, explanation, primary_button, secondary_button,
)
from blijf_desktop.ui.exchanges.labels import GROUP_STYLE
from blijf_desktop.ui.sharing import labels
from blijf_desktop.ui.sharing.choice_step import CHANNELS, INITIATIVES, quiet
from blijf_desktop.ui.sharing.signal_view import signal_box


def value_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(name)
    return label


def compact_form() -> QFormLayout:
    """Label: value lines read as a list (the values are not fields)."""
    form = QFormLayout()
    form.setVerticalSpacing(4)
    form.setHorizontalSpacing(12)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def add_line(form: QFormLayout, name: str, value: str) -> None:
    label = QLabel(name + ":")
    label.setStyleSheet("QLabel { color:#444444; }")
    form.addRow(label, value_label(value, name))


def _form_text(disclosure) -> str:
    if disclosure.anonymised:
        return _("Geanonimiseerd (Mensenhandel 6.2, 9.5)")
    if disclosure.identifiable_reason:
        return _("Herleidbaar — reden: {reason}").format(reason=disclosure.identifiable_reason)
    return _("Herleidbaar")


class ReviewStep(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.message = MessageLabel()
        self.content: QWidget | None = None
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(explanation(_(
            "Dit gaat er precies naar buiten, zoals de ontvanger het krijgt. Controleer het "
            "voordat u vastlegt; wat niet meegaat staat er in grijs bij.")))
        self.column.addWidget(self.message)
        self.holder = QVBoxLayout()
        self.column.addLayout(self.holder)
        self.column.addStretch(1)
        self.values: dict[int, dict[str, str]] = {}  # what is shown, for a reader and a test

    def show_preview(self, disclosure, asked: str, channel: str) -> None:
        """Rebuilt from the service's preview each time; nothing here is computed."""
        if self.content is not None:
            self.holder.removeWidget(self.content)
            self.content.hide()
            self.content.deleteLater()
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._summary(disclosure, asked, channel))
        self.values = {}
        for person in disclosure.persons:
            column.addWidget(self._person(person))
        if disclosure.signal_lines:  # what the signal says, not only its number
            column.addWidget(signal_box(disclosure.signal_lines))
        self.holder.addWidget(self.content)

    def _summary(self, disclosure, asked: str, channel: str):
        form = compact_form()
        rows = ((_("Ontvanger"), labels.recipient(disclosure.recipient)),
                (_("Doel"), labels.purpose(disclosure.purpose)),
                (_("Route"), labels.route(disclosure.recipient, disclosure.route)),
                (_("Grondslag"), disclosure.basis),
                (_("Vorm"), _form_text(disclosure)),
                (_("Gevraagd of ongevraagd"), _(dict(INITIATIVES).get(asked, asked))),
                (_("Mondeling of schriftelijk"), _(dict(CHANNELS).get(channel, channel))))
        for name, text in rows:
            add_line(form, name, text)
        return form

    def _person(self, person) -> QGroupBox:
        title = f"{person.shown_as or _('zonder naam')} — {labels.category(person.category)}"
        box = QGroupBox(title.replace("&", "&&"))  # a name is data, never a mnemonic
        box.setAccessibleName(title)
        box.setStyleSheet(GROUP_STYLE)
        column = QVBoxLayout(box)
        form = compact_form()
        shown = {}
        for kind, value in person.values:
            add_line(form, labels.kind(kind), value)
            shown[kind] = value
        self.values[person.person_id] = shown
        column.addLayout(form)
        by_reason: dict[str, list[str]] = {}
        for item in person.excluded:
            by_reason.setdefault(item.reason, []).append(labels.kind(item.kind))
        for reason, kinds in by_reason.items():
            column.addWidget(quiet(_("Gaat niet mee ({reason}): {kinds}").format(
                reason=labels.excluded(reason), kinds=", ".join(kinds))))
        return box

    def show_problem(self, text: str) -> None:
        self.message.show_error(text)

    def first_field(self) -> QWidget | None:
        return None


class RecordedPanel(QWidget):
    """After Vastleggen: the register number, the PDF to save (written), back to the register."""

    save_pdf = Signal()
    close_flow = Signal()

    def __init__(self, exchange_id: int, written: bool, parent=None):
        super().__init__(parent)
        self.exchange_id = exchange_id
        self.message = MessageLabel()
        self.save_button = secondary_button(_("PDF &opslaan…"))
        self.save_button.clicked.connect(self.save_pdf.emit)
        self.back_button = primary_button(_("Naar het &register"))
        self.back_button.clicked.connect(self.close_flow.emit)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(boxed(_("De verstrekking staat in het register van verstrekkingen als "
                                 "nummer {id}.").format(id=exchange_id), "success"))
        if written:
            column.addWidget(explanation(_(
                "Het document is bewaard bij de registratie, met zijn controlegetal. Sla het op "
                "om het te versturen; opslaan wordt bijgehouden in het controlespoor.")))
        column.addWidget(self.message)
        column.addLayout(button_row(self.back_button, left=(self.save_button,)))
        column.addStretch(1)
        self.save_button.setHidden(not written)  # once it has a parent: never a window
