"""The bar that offers an unfinished intake: "Verder gaan" or "Weggooien"."""

from datetime import datetime

from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.ui.dialogs import common


def draft_time(payload: dict) -> str | None:
    """When the draft was kept, as the user reads it; None if the draft does not say."""
    try:
        return format_datetime(datetime.fromisoformat(str(payload["saved_at"])), "short")
    except (KeyError, ValueError):
        return None


class DraftBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("draftBar")
        self.setStyleSheet("QFrame#draftBar { background:#eaf2fb; border:1px solid #b6cde8; "
                           "border-radius:6px; } QFrame#draftBar QLabel { color:#1b3a5c; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(10)
        self.label = common.explanation("")
        self.resume_button = common.primary_button(_("Verder gaan"))
        self.discard_button = common.secondary_button(_("Weggooien"))
        row.addWidget(self.label, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.hide()

    def offer(self, payload: dict) -> None:
        when = draft_time(payload)
        if when:
            text = _("Er is een niet-afgemaakte intake van {when}. Wilt u daarmee verder gaan?"
                     ).format(when=when)
        else:
            text = _("Er is een niet-afgemaakte intake van eerder. Wilt u daarmee verder gaan?")
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.show()
