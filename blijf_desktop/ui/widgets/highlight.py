"""Paints a cell's text with the parts that match the search in bold on a soft yellow."""

import html

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from blijf_desktop.domain.search import match_spans
from blijf_desktop.ui.search_model import TERMS_ROLE


def highlighted_html(text: str, terms: tuple[str, ...]) -> str:
    parts, cursor = [], 0
    for start, end in match_spans(text, terms):
        parts.append(html.escape(text[cursor:start]))
        parts.append('<b style="background-color:#fff0a8; color:#1a1a1a">' + html.escape(text[start:end]) + "</b>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


class HighlightDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index):
        terms = index.data(TERMS_ROLE) or ()
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if not terms or not text:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = QTextDocument()
        document.setDefaultFont(options.font)
        document.setDocumentMargin(0)
        document.setHtml(highlighted_html(text, terms))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        rect = options.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.translate(rect.left(), rect.top() + (rect.height() - document.size().height()) / 2)
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()
