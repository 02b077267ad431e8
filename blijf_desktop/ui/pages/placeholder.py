"""A calm page for an area that is not built yet: its name and one sentence on what comes."""

from PySide6.QtWidgets import QWidget

from blijf_desktop.ui.dialogs.common import explanation, heading, page_layout


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = page_layout(self)
        self.title = heading(title)
        self.text = explanation(text)
        self.text.setMaximumWidth(640)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)
