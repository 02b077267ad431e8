"""Per person, in the case: what Blijf received about her and from whom, and what it gave to
whom (the register read for one person; Blijf 11.2: an answer to an access request names the
recipients). Police information is marked as such."""

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.ui.dialogs.common import explanation
from blijf_desktop.ui.exchanges import labels
from blijf_desktop.ui.messages import error_message


def exchange_line(record, person_id: int) -> str:
    """One line: when, with whom, why, and what about this person."""
    if record.police_info:
        what = _(labels.POLICE_MARK)
    else:
        what = ", ".join(labels.kind(item.kind) for item in record.items
                         if item.person_id == person_id)
    whom = labels.counterparty(record.counterparty)
    if record.route:
        whom = _("{recipient} (via {route})").format(
            recipient=whom, route=", ".join(labels.counterparty(r) for r in record.route))
    if record.anonymised:
        what = _("{kinds} (geanonimiseerd)").format(kinds=what)
    return " — ".join(part for part in (labels.when(record), whom,
                                        labels.purpose(record.purpose), what) if part)


class PersonExchangesBox(QGroupBox):
    def __init__(self, service: ExchangeService, person_id: int,
                 parent: QWidget | None = None):
        super().__init__(_("Uitgewisseld over deze persoon"), parent)
        self.setAccessibleName(self.title())
        layout = QVBoxLayout(self)
        try:
            found = service.for_person(person_id)  # audited by the service
        except Exception as error:  # shown in place, never a traceback
            layout.addWidget(explanation(error_message(error)))
            return
        for title, rows in ((_("Ontvangen van"), found.received),
                            (_("Verstrekt aan"), found.given)):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight:600;")
            layout.addWidget(heading)
            lines = [exchange_line(record, person_id) for record in rows]
            layout.addWidget(explanation("\n".join(lines) if lines else _("Niets vastgelegd.")))
