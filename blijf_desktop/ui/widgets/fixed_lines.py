"""A label that is always the height of a fixed number of text lines, empty or not, so text
that comes, changes or goes never moves the fields around it. Text that does not fit is cut
with "…" at the end of its last line; text() keeps all of it, and so do the tooltip and what a
screen reader reads."""

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QWidget


class FixedLinesLabel(QLabel):
    """API: setText(), text(), set_lines(), line_height(), set_colour(), is_elided()."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Never wider than the layout gives: the text is cut instead of widening the row.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._lines = max(1, lines)
        self._colour: QColor | None = None
        self._elided = False
        self._fit_height()

    # -- API -----------------------------------------------------------------------------
    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self.setToolTip(text)  # shown only while the text is cut (see event())
        self.update()

    def set_lines(self, lines: int) -> None:
        """How many lines the text may use; the height follows."""
        lines = max(1, lines)
        if lines != self._lines:
            self._lines = lines
            self._fit_height()
            self.update()

    def lines(self) -> int:
        return self._lines

    def line_height(self) -> int:
        return QFontMetrics(self.font()).lineSpacing()

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour)
        self.update()

    def is_elided(self) -> bool:
        """True when the last paint had to cut the text."""
        return self._elided

    # -- Qt ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self._elided:
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: N802
        text = self.text()
        self._elided = False
        if not text:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self._colour or self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        metrics = QFontMetrics(self.font())
        width = max(rect.width(), 1)
        y = rect.top()
        for index, (piece, rest) in enumerate(_lines(text, self.font(), width)):
            if index == self._lines - 1 and rest:
                tail = " ".join((piece + " " + rest).split())
                cut = metrics.elidedText(tail, Qt.TextElideMode.ElideRight, width)
                self._elided = cut != tail
                piece = cut
            painter.drawText(rect.left(), y + metrics.ascent(), piece)
            y += metrics.lineSpacing()
            if index == self._lines - 1:
                break
        painter.end()

    def _fit_height(self) -> None:
        self.setFixedHeight(self._lines * self.line_height())


def _lines(text: str, font, width: int):
    """The text broken into lines at word boundaries for `width`, as (line, what follows)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    units = text.encode("utf-16-le")  # Qt counts positions in UTF-16 code units

    def part(start: int, end: int | None = None) -> str:
        return units[2 * start:None if end is None else 2 * end].decode("utf-16-le")

    spans = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    for start, length in spans:
        yield part(start, start + length).rstrip(), part(start + length).strip()
