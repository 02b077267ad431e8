"""A PDF shown from memory (QPdfDocument over a QBuffer, never a temporary file), as in
ui/aware/document_preview.py; view only: what leaves is saved only once it is recorded."""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs import common


class PdfDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 900)
        layout = common.page_layout(self)
        layout.addWidget(common.heading(title))
        layout.addWidget(common.explanation(_(
            "Zo ziet het document eruit dat de ontvanger krijgt. Het staat alleen in het "
            "geheugen; na Vastleggen kunt u het opslaan.")))
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Voorbeeld van het document"))
        layout.addWidget(self.view, 1)
        close = common.primary_button(_("Sluiten"))
        close.clicked.connect(self.accept)
        layout.addLayout(common.button_row(close))
        close.setFocus()

    def pages(self) -> int:
        return self.document.pageCount()

    def done(self, result: int) -> None:
        self.document.close()
        self._buffer.close()
        super().done(result)
