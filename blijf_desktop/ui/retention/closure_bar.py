"""Above a case: whether it is closed (read-only, the retention clock runs) and, for who may,
the button to close or reopen it. The service refuses changes to a closed case whatever the
UI shows; this bar says so before anyone types."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _, format_date
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.ui.dialogs.common import confirm_default_no, secondary_button
from blijf_desktop.ui.messages import error_message


class ClosureBar(QWidget):
    changed = Signal(bool)  # closed or not, after a change

    def __init__(self, session, case_id: int, closed_on: date | None, today=date.today,
                 on_error=None, parent=None):
        super().__init__(parent)
        self.service = CaseClosingService(session, today=today)
        self.case_id = case_id
        self.closed_on = closed_on
        self.on_error = on_error
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = secondary_button("")
        self.button.clicked.connect(self.toggle)
        self.button.setVisible(may(session.user.role, Permission.CLOSE_CASE))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self._show()

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    def _show(self) -> None:
        if self.closed:
            self.text.setText(_("Gesloten op {date}. Dit dossier is alleen te lezen; de "
                                "bewaartermijn loopt.").format(
                                    date=format_date(self.closed_on, "long")))
            self.button.setText(_("Dossier heropene&n"))
        else:
            self.text.setText("")
            self.button.setText(_("Dossier &sluiten…"))
        self.text.setVisible(self.closed)
        self.button.setAccessibleName(self.button.text().replace("&", "").rstrip("…"))

    def toggle(self) -> None:
        try:
            if self.closed:
                self.service.reopen_case(self.case_id)
                self.closed_on = None
            else:
                if not confirm_default_no(
                        self, _("Dossier sluiten"),
                        _("Na het sluiten is het dossier alleen te lezen en loopt de "
                          "bewaartermijn van tien jaar (convenant art. 8.1). Heropenen kan."),
                        _("Sluiten"), _("Niet nu")):
                    return
                self.closed_on = self.service.close_case(self.case_id)
        except Exception as error:
            if self.on_error:
                self.on_error(error_message(error))
            return
        self._show()
        self.changed.emit(self.closed)
