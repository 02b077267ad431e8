"""Klok (domain/clock.py, Blijf 6.2 and 9.1): shown to the functioneel beheerder under
Inbraakpogingen only when the audit trail holds a time later than this computer's clock. Then
nobody can record a disclosure; she checks the clock and, if it is right now, acknowledges
that it ran ahead once (audited with both times)."""

import logging

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.services.clock import ClockService
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, confirm_default_no, explanation, secondary_button,
)
from blijf_desktop.ui.messages import error_message

log = logging.getLogger(__name__)


def ahead_text(latest, now) -> str:
    return _("Het auditspoor bevat al een tijd van {latest}, maar de klok van deze computer zegt "
             "nu {now}. Zolang dat zo is, kan niemand een verstrekking vastleggen. Kijk of de "
             "klok nu goed staat (bijvoorbeeld op uw telefoon). Staat hij goed, dan liep hij "
             "eerder vooruit: bevestig dat hier. Het wordt vastgelegd met beide tijden."
             ).format(latest=format_datetime(latest.astimezone(), "short"),
                      now=format_datetime(now.astimezone(), "short"))


class ClockPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.service = ClockService(session)
        self.may_acknowledge = may(session.user.role, Permission.MANAGE_SETTINGS)
        self.lines = explanation("")
        self.lines.setAccessibleName(_("Klok"))
        self.button = secondary_button(_("De klok staat nu &goed…"))
        self.button.clicked.connect(self.acknowledge)
        self.message = MessageLabel()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lines)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        try:
            found = self.service.ahead()
        except Exception as error:  # the page must open whatever this check meets
            log.warning("clock check failed: %s", type(error).__name__)
            found = None
        self.setVisible(found is not None)
        self.button.setVisible(self.may_acknowledge)
        self.lines.setText(ahead_text(found.latest_seen, found.now) if found else "")

    def acknowledge(self) -> None:
        if not confirm_default_no(self, _("Klok bevestigen"), _(
                "Staat de klok van deze computer nu echt goed? Na het bevestigen telt alleen "
                "nog wat vanaf nu wordt vastgelegd."), _("Ja, de klok staat goed"),
                _("Nee")):
            return
        try:
            self.service.acknowledge()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.refresh()
