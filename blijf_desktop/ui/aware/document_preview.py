"""The preview of an AWARE document (veiligheidsadvies or informatieverzoek): the PDF shown
from memory (QPdfDocument over a QBuffer, never a temporary file), printed from memory through
the system print dialog, saved only where the user chooses, and recorded in the register as
the exact document that went to the police. The service audits every preview, print and save.

A secret address is left out unless the user ticks that the police need it and confirms; the
service then writes the same audited reveal as "Toon adres"."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QWidget

from blijf_desktop.domain.text import N_
from blijf_desktop.i18n import _
from blijf_desktop.services.aware_documents import ADVICE, REQUEST, AwareDocumentService
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.messages import error_message

TITLES = {ADVICE: N_("Veiligheidsadvies"), REQUEST: N_("Informatieverzoek politie")}
FILE_NAMES = {ADVICE: "veiligheidsadvies", REQUEST: "informatieverzoek"}
PRINT_DPI = 300  # enough for text on paper; a 1200 dpi raster of A4 would be ~500 MB


def ask_secret_address(parent: QWidget) -> bool:
    """The user confirms that the police need the secret address on this document."""
    return common.confirm_default_no(parent, _("Geheim adres vermelden?"), _(
        "Het geheime adres komt dan op het document te staan. Doe dit alleen als de politie het "
        "nodig heeft voor de veiligheid van de cliënt. Dit wordt vastgelegd in het "
        "controlespoor."), _("Adres vermelden"), _("Annuleren"))


class DocumentPreviewDialog(QDialog):
    def __init__(self, service: AwareDocumentService, traject_id: int, kind: str,
                 confirm_secret: Callable[[QWidget], bool] = ask_secret_address,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.traject_id = traject_id
        self.kind = kind
        self.confirm_secret = confirm_secret
        self.pdf: bytes | None = None
        self.shows_secret = False
        self._buffer: QBuffer | None = None
        self.setWindowTitle(_("{document} · traject {id}").format(document=_(TITLES[kind]),
                                                                  id=traject_id))
        self.resize(900, 900)
        layout = common.page_layout(self)
        layout.addWidget(common.heading(_(TITLES[kind])))
        layout.addWidget(common.explanation(_(
            "Dit document staat alleen in het geheugen. Het komt pas op schijf als u het "
            "opslaat. Afdrukken, opslaan en vastleggen worden bijgehouden in het "
            "controlespoor.")))
        self.secret_check = QCheckBox(_("Geheim adres vermelden (nodig voor de politie)"))
        self.secret_check.toggled.connect(self._secret_toggled)
        layout.addWidget(self.secret_check)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Voorbeeld van het document"))
        layout.addWidget(self.view, 1)
        self.message = common.MessageLabel()
        layout.addWidget(self.message)
        self.print_button = common.primary_button(_("Afdrukken…"))
        self.print_button.setToolTip(_("Afdrukken (Ctrl+P)"))
        self.print_button.clicked.connect(lambda: self.print_document())
        self.save_button = common.secondary_button(_("Opslaan als PDF…"))
        self.save_button.clicked.connect(self.choose_save_path)
        self.sent_button = common.secondary_button(_("Vastleggen als verstuurd"))
        self.sent_button.setToolTip(_("Legt dit document vast in het register van "
                                      "verstrekkingen, als verstuurd aan de politie-eenheid."))
        self.sent_button.clicked.connect(self.record_sent)
        close = common.secondary_button(_("Sluiten"))
        close.clicked.connect(self.reject)
        layout.addLayout(common.button_row(self.print_button, close,
                                           left=(self.save_button, self.sent_button)))
        self.print_shortcut = local_shortcut(QKeySequence.StandardKey.Print, self,
                                           lambda: self.print_document())
        QWidget.setTabOrder(self.secret_check, self.view)
        QWidget.setTabOrder(self.view, self.save_button)
        QWidget.setTabOrder(self.save_button, self.sent_button)
        QWidget.setTabOrder(self.sent_button, self.print_button)
        QWidget.setTabOrder(self.print_button, close)
        self.load()
        self.print_button.setFocus()

    # -- the document in memory ------------------------------------------------------------
    def load(self) -> bool:
        self.message.clear_message()
        build = self.service.advice_pdf if self.kind == ADVICE else self.service.request_pdf
        try:
            pdf = build(self.traject_id, show_secret_address=self.shows_secret)
        except Exception as error:  # shown inline, never a traceback
            self.message.show_error(error_message(error))
            self._set_enabled(False)
            return False
        self._show(pdf)
        return True

    def _show(self, pdf: bytes) -> None:
        self.document.close()
        old = self._buffer
        self.pdf = pdf
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self._set_enabled(self.document.status() == QPdfDocument.Status.Ready)

    def _set_enabled(self, ready: bool) -> None:
        for button in (self.print_button, self.save_button, self.sent_button):
            button.setEnabled(ready)

    def _secret_toggled(self, ticked: bool) -> None:
        if ticked and not self.confirm_secret(self):
            self.secret_check.blockSignals(True)
            self.secret_check.setChecked(False)
            self.secret_check.blockSignals(False)
            return
        self.shows_secret = ticked
        self.load()

    # -- print, save, record ---------------------------------------------------------------
    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Print from memory. Without `printer` the system print dialog asks where to."""
        if self.pdf is None or self.document.pageCount() == 0:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(_(TITLES[self.kind]))
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            pages = self._paint(printer)
            self.service.record_print(self.traject_id, self.kind, pages, self.shows_secret)
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self.message.show_message(_("Naar de printer gestuurd."), "success")
        return True

    def _paint(self, printer: QPrinter) -> int:
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("printer")
        printed = 0
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(page)
                dpi = min(printer.resolution(), PRINT_DPI)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(page, size)
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                printed += 1
        finally:
            painter.end()
        return printed

    def choose_save_path(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{FILE_NAMES[self.kind]}-traject-{self.traject_id}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Opslaan als PDF"), suggested, _("PDF-bestanden (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the previewed bytes, readable by this user only (the service writes them)."""
        if self.pdf is None:
            return False
        try:
            self.service.save_pdf(self.traject_id, self.kind, self.pdf, path, self.shows_secret)
        except OSError:
            self.message.show_error(_("Het bestand kon niet worden opgeslagen. Kies een "
                                      "andere map en probeer het opnieuw."))
            return False
        except Exception as error:
            self.message.show_error(error_message(error))
            return False
        self.message.show_message(_("Opgeslagen als {name}.").format(name=path.name), "success")
        return True

    def record_sent(self) -> int | None:
        if self.pdf is None:
            return None
        try:
            exchange_id = self.service.record_sent(self.traject_id, self.kind, self.pdf,
                                                   "schriftelijk", self.shows_secret)
        except Exception as error:
            self.message.show_error(error_message(error))
            return None
        self.message.show_message(_("Vastgelegd in het register van verstrekkingen."),
                                  "success")
        return exchange_id

    # -- closing: the bytes go with the dialog ----------------------------------------------
    def done(self, result: int) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self.pdf = None
        super().done(result)
