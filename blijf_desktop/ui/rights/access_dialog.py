"""Inzage for one person: choose the parts to withhold, each with a reason (some are withheld
for this person and cannot be shown: the service enforces that too), whether the answer says
that something was withheld, look at the report (from memory), then print or save it. Either
lands in the exchange register as the answer to the person."""

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QLineEdit, QScrollArea, QWidget,
)

from blijf_desktop.i18n import _
from blijf_desktop.services.access_report import AccessPreview, AccessReportService, Choices
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.rights.informed_labels import part_label, problem_text

PRINT_DPI = 300


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            dpi = min(printer.resolution(), PRINT_DPI)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), document.render(page, size))
    finally:
        painter.end()
    return document.pageCount()


class AccessDialog(QDialog):
    def __init__(self, service: AccessReportService, person_id: int, parent=None):
        super().__init__(parent)
        self.service = service
        self.person_id = person_id
        self.preview: AccessPreview | None = None
        self.shown_choices: Choices | None = None
        self._buffer: QBuffer | None = None
        self.rows: dict[str, tuple[QCheckBox, QLineEdit, bool]] = {}
        self.setWindowTitle(_("Inzage"))
        self.resize(1200, 860)
        outer = QHBoxLayout(self)
        left = QWidget()
        column = common.page_layout(left)
        column.addWidget(common.heading(_("Inzage: wat krijgt de persoon te zien?")))
        column.addWidget(common.explanation(_(
            "Vink aan wat niet in het antwoord komt en schrijf op waarom (convenant Blijf Groep "
            "art. 11.3; art. 41 UAVG). Grijs aangevinkte onderdelen mag deze persoon nooit "
            "zien.")))
        self.message = common.MessageLabel()
        column.addLayout(self._parts())
        self.say = QCheckBox(_("In het antwoord &vermelden dat er iets is weggelaten"))
        self.say.setChecked(True)
        self.silence = common.line_edit(2000)
        self.silence.setPlaceholderText(_("Waarom niet vermelden? (verplicht)"))
        self.silence.setAccessibleName(_("Reden om het weglaten niet te vermelden"))
        self.silence.setEnabled(False)
        self.say.toggled.connect(lambda on: self.silence.setEnabled(not on))
        column.addWidget(self.say)
        column.addWidget(self.silence)
        column.addWidget(self.message)
        self.preview_button = common.secondary_button(_("&Voorbeeld bijwerken"))
        self.print_button = common.secondary_button(_("&Afdrukken…"))
        self.save_button = common.primary_button(_("&Opslaan als PDF…"))
        self.preview_button.clicked.connect(self.load)
        self.print_button.clicked.connect(lambda: self.print_report())
        self.save_button.clicked.connect(self.choose_save_path)
        column.addLayout(common.button_row(self.print_button, self.save_button,
                                           left=(self.preview_button,)))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        outer.addWidget(scroll, 2)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Voorbeeld van het antwoord"))
        outer.addWidget(self.view, 3)
        local_shortcut(QKeySequence.StandardKey.Print, self, self.print_report)
        local_shortcut(QKeySequence.StandardKey.Save, self, self.choose_save_path)
        local_shortcut("F5", self, self.load)
        self.load()

    def _parts(self) -> QGridLayout:
        grid = QGridLayout()
        try:
            parts = self.service.parts(self.person_id)
        except Exception as error:
            self.message.show_error(problem_text(error)[1])
            return grid
        for row, choice in enumerate(parts):
            box = QCheckBox(_("Niet opnemen: {part}").format(part=part_label(choice.part)))
            reason = common.line_edit(2000)
            reason.setAccessibleName(_("Reden: {part}").format(part=part_label(choice.part)))
            reason.setPlaceholderText(_("Reden (verplicht)"))
            box.setChecked(choice.withheld_by_default)
            if choice.default_reason:
                reason.setText(_(choice.default_reason))
                reason.setCursorPosition(0)
            reason.setEnabled(box.isChecked() and not choice.locked)
            if choice.locked:
                box.setEnabled(False)
                box.setToolTip(_("Mag deze persoon nooit zien."))
            box.toggled.connect(lambda on, field=reason: field.setEnabled(on))
            grid.addWidget(box, 2 * row, 0)
            grid.addWidget(reason, 2 * row + 1, 0)
            self.rows[choice.part] = (box, reason, choice.locked)
        return grid

    def choices(self) -> Choices:
        withheld = {part: reason.text() for part, (box, reason, _locked) in self.rows.items()
                    if box.isChecked()}
        return Choices(withheld, self.say.isChecked(), self.silence.text())

    # -- preview, print, save ----------------------------------------------------------
    def load(self) -> bool:
        self.message.clear_message()
        choices = self.choices()
        try:
            preview = self.service.preview(self.person_id, choices)
        except Exception as error:
            self._show_problem(error)
            return False
        self.preview, self.shown_choices = preview, choices
        self._show(preview.pdf)
        return True

    def _show_problem(self, error: Exception) -> None:
        field, text = problem_text(error)
        self.message.show_error(text)
        if field == "silence_reason":
            self.silence.setFocus()
        elif field == "reason":
            empty = next((r for b, r, _l in self.rows.values() if b.isChecked()
                          and not r.text().strip()), None)
            if empty is not None:
                empty.setFocus()

    def _show(self, pdf: bytes) -> None:
        self.document.close()
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()

    def _current(self) -> AccessPreview | None:
        """The preview, made again when the choices changed since it was shown."""
        if self.preview is None or self.choices() != self.shown_choices:
            if not self.load():
                return None
        return self.preview

    def print_report(self, printer: QPrinter | None = None) -> bool:
        preview = self._current()
        if preview is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(_("Inzage"))
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            pages = paint_pages(self.document, printer)
            self.service.record_printed(self.person_id, self.shown_choices, preview.sha256, pages)
        except Exception as error:
            self._show_problem(error)
            return False
        self.message.show_message(_("Afgedrukt en vastgelegd als antwoord in het register van "
                                    "verstrekkingen."), "success")
        return True

    def choose_save_path(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"inzage-P{self.person_id:05d}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Opslaan als PDF"), suggested,
                                                    _("PDF-bestanden (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        preview = self._current()
        if preview is None:
            return False
        try:
            self.service.save(self.person_id, self.shown_choices, preview.sha256, path)
        except OSError:
            self.message.show_error(_("Het bestand kon niet worden opgeslagen. Kies een andere "
                                      "map en probeer het opnieuw."))
            return False
        except Exception as error:
            self._show_problem(error)
            return False
        self.message.show_message(_("Opgeslagen als {name} en vastgelegd als antwoord in het "
                                    "register van verstrekkingen.").format(name=path.name),
                                  "success")
        return True

    def done(self, result: int) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self.preview = None
        super().done(result)

