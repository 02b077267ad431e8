"""One opened register entry: who, what, which people and kinds, basis, when, by whom. Police
information is marked as such, and shows the danger flags of a pleger as a small table."""

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.police import DangerFlag
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.ui.dialogs.common import boxed, form_layout, heading, secondary_button
from blijf_desktop.ui.exchanges import labels
from blijf_desktop.ui.exchanges.labels import GROUP_STYLE


def _value(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # readable with the keyboard, too
    label.setAccessibleName(name)
    return label


def _row(form: QFormLayout, name: str, text: str) -> QLabel:
    value = _value(text, name)
    form.addRow(QLabel(name + ":"), value)
    return value


class ExchangeEntryView(QWidget):
    back = Signal()
    save_document = Signal(int)

    def __init__(self, record, parent=None):
        super().__init__(parent)
        self.record = record
        back = QPushButton(_("← Terug naar het register"))
        back.clicked.connect(self.back.emit)
        title = (_("Ontvangen van {who} op {date}") if record.direction == "in"
                 else _("Verstrekt aan {who} op {date}"))
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(heading(title.format(who=labels.counterparty(record.counterparty),
                                              date=labels.when(record))))
        self.police_mark = None
        if record.police_info:
            self.police_mark = boxed(_("Politie-informatie. Alleen voor de eigen taak van Blijf "
                                       "Groep; gaat nooit naar buiten (convenant art. 5.2 en "
                                       "5.8)."), "warning")
            self.police_mark.setAccessibleName(_(labels.POLICE_MARK))
            column.addWidget(self.police_mark)
        column.addLayout(self._facts(record))
        for person_id in dict.fromkeys(item.person_id for item in record.items):
            column.addWidget(self._person([i for i in record.items if i.person_id == person_id]))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        back.setFocus()

    def _facts(self, record) -> QFormLayout:
        form = form_layout()
        _row(form, _("Richting"), labels.direction(record.direction))
        _row(form, _("Aan of van"), labels.counterparty(record.counterparty))
        _row(form, _("Doel"), labels.purpose(record.purpose))
        _row(form, _("Gevraagd of ongevraagd"), labels.initiative(record.initiative))
        _row(form, _("Mondeling of schriftelijk"), labels.channel(record.channel))
        if record.contact:
            _row(form, _("Contactpersoon"), record.contact)
        _row(form, _("Grondslag"), record.basis)
        _row(form, _("Wanneer"), labels.when(record))
        _row(form, _("Vastgelegd door"), _("{name}, {at}").format(
            name=record.recorded_by_name,
            at=format_datetime(datetime.fromisoformat(record.recorded_at).astimezone(), "short")))
        if record.corrects_id is not None:
            _row(form, _("Corrigeert"), _("registratie {id}").format(id=record.corrects_id))
        if record.corrected_by:
            _row(form, _("Gecorrigeerd door"), ", ".join(
                _("registratie {id}").format(id=i) for i in record.corrected_by))
        if record.summary:
            _row(form, _("Samenvatting"), record.summary)
        self.document_button = None
        if record.document_sha256:
            box = QWidget()
            line = QHBoxLayout(box)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(_value(_("{size} bytes, SHA-256 {sha}").format(
                size=record.document_size, sha=record.document_sha256), _("Document")), 1)
            self.document_button = secondary_button(_("Document opslaan…"))
            self.document_button.clicked.connect(lambda: self.save_document.emit(record.id))
            line.addWidget(self.document_button)
            form.addRow(QLabel(_("Document") + ":"), box)
        return form

    def _person(self, items) -> QGroupBox:
        first = items[0]
        box = QGroupBox(f"{first.person_name} — {labels.category(first.category)}")
        box.setAccessibleName(box.title())
        box.setStyleSheet(GROUP_STYLE)
        form = form_layout()
        for item in items:
            name = labels.kind(item.kind)
            if item.flags:
                form.addRow(QLabel(name + ":"), self._flags(item.flags, name))
            if item.content or not item.flags:
                _row(form, name, item.content or _("(verstrekt)"))
        box.setLayout(form)
        return box

    @staticmethod
    def _flags(flags: dict[str, str], name: str) -> QWidget:
        table = QWidget()
        grid = QFormLayout(table)
        grid.setContentsMargins(0, 0, 0, 0)
        for code in [f.value for f in DangerFlag if f.value in flags]:
            value = flags[code]
            shown = _value(labels.answer(value), f"{name}: {labels.flag(code)}")
            if value == "ja":
                shown.setStyleSheet("QLabel { font-weight:bold; color:#8a1c1c; }")
            grid.addRow(QLabel(labels.flag(code)), shown)
        return table
