"""Inbraakpogingen (Blijf 9.1: break-in attempts signalled at once), for the functioneel
beheerder only: what happened since her last login, or over the last 30 days, as counts,
times and account ids, with "Registreren als incident" that opens a new incident prefilled.
The notice after login says the same in one paragraph (`login_notice`)."""

import logging
from datetime import datetime, timezone

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from blijf_desktop.domain.incidents import DataKind, Kind
from blijf_desktop.domain.roles import Permission, may
from blijf_desktop.i18n import N_, _, format_datetime, ngettext
from blijf_desktop.services.break_ins import BreakIns, BreakInService, Signal as BreakSignal
from blijf_desktop.services.incidents import IncidentInput
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import MessageLabel, explanation, secondary_button
from blijf_desktop.ui.messages import error_message

log = logging.getLogger(__name__)
PERIODS = ((None, N_("sinds uw vorige aanmelding")), (30, N_("de afgelopen 30 dagen")))


def _when(value: datetime | None) -> str:
    return format_datetime(value.astimezone(), "short") if value else "?"


def signal_line(signal: BreakSignal) -> str:
    n, first, last = signal.count, _when(signal.first), _when(signal.last)
    head = {
        "login": ngettext("{n} mislukte aanmelding", "{n} mislukte aanmeldingen", n),
        "recovery": ngettext("{n} verkeerde herstelsleutel", "{n} verkeerde herstelsleutels", n),
        "device": ngettext("{n} aanmelding op een niet-gekoppelde pc",
                           "{n} aanmeldingen op een niet-gekoppelde pc", n),
        "instance": ngettext("{n} geweigerde tweede opening van het programma",
                             "{n} geweigerde tweede openingen van het programma", n),
        "counter": ngettext("{n} keer klopte de teller van mislukte aanmeldingen niet met "
                            "de kopie in de sleutelbos (bestand verwijderd of teruggezet?)",
                            "{n} keer klopte de teller van mislukte aanmeldingen niet met "
                            "de kopie in de sleutelbos (bestand verwijderd of teruggezet?)", n),
        "volume": ngettext("{n} keer een ongewoon aantal personen in lijsten of geopend door "
                           "één gebruiker (meer dan de drempel in Instellingen)",
                           "{n} keer een ongewoon aantal personen in lijsten of geopend door "
                           "één gebruiker (meer dan de drempel in Instellingen)", n),
    }[signal.kind].format(n=n)
    text = _("{head}, tussen {first} en {last}").format(head=head, first=first, last=last)
    if signal.users:
        accounts = ", ".join(_("account {id} ({n}×)").format(id=user, n=count)
                             for user, count in sorted(signal.users.items()))
        text += "; " + accounts
    if signal.unknown_names:
        text += "; " + ngettext("{n}× een onbekende gebruikersnaam",
                                "{n}× een onbekende gebruikersnaam",
                                signal.unknown_names).format(n=signal.unknown_names)
    return text + "."


def summary_text(found: BreakIns) -> str:
    return "\n".join(signal_line(s) for s in found.signals)


def as_incident(found: BreakIns, now: datetime) -> IncidentInput:
    """A new incident prefilled from the signals: kind, the moment she became aware (now),
    what happened with times and counts, the accounts by id."""
    return IncidentInput(Kind.INBRAAKPOGING, now, _("Inbraakpogingen gesignaleerd:\n{lines}")
                         .format(lines=summary_text(found)), {DataKind.INLOG}, (),
                         found.user_ids)


def login_notice(session: Session) -> tuple[str, str] | None:
    """For the notice after login: (text, advice), or None when there is nothing or the role
    may not see break-in signals."""
    if not may(session.user.role, Permission.VIEW_BREAK_INS) or not session.ready:
        return None
    try:
        found = BreakInService(session).since_last_login()
    except Exception as error:  # the notice must never stop the login
        log.warning("break-in notice not made: %s", type(error).__name__)
        return None
    if not found.total:
        return None
    from blijf_desktop.ui.application import failed_attempts_advice

    return (_("Sinds uw vorige aanmelding:") + "\n" + summary_text(found),
            failed_attempts_advice(session.user.role) + "\n\n"
            + _("Bekijk ze onder Datalekken, Inbraakpogingen, en leg ze zo nodig vast als "
                "incident (convenant art. 9.1 en 9.3)."))


class BreakInsPanel(QWidget):
    """`register_requested(IncidentInput)` when "Registreren als incident" is chosen."""

    register_requested = Signal(object)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.service = BreakInService(session)
        self.found: BreakIns | None = None
        self.period = QComboBox()
        for _days, text in PERIODS:
            self.period.addItem(_(text))
        self.period.setAccessibleName(_("Periode inbraakpogingen"))
        self.period.currentIndexChanged.connect(self.refresh)
        period_label = QLabel(_("&Periode:"))
        period_label.setBuddy(self.period)
        self.lines = explanation("")
        self.lines.setAccessibleName(_("Inbraakpogingen"))
        self.register_button = secondary_button(_("&Registreren als incident…"))
        self.register_button.clicked.connect(self._register)
        self.message = MessageLabel()
        row = QHBoxLayout()
        row.addWidget(period_label)
        row.addWidget(self.period)
        row.addStretch(1)
        row.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.lines)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self, *_args) -> None:
        self.message.clear_message()
        days = PERIODS[self.period.currentIndex()][0]
        try:
            self.found = (self.service.since_last_login() if days is None
                          else self.service.last_days(days))
        except Exception as error:
            self.found = None
            self.message.show_error(error_message(error))
        total = self.found.total if self.found else 0
        self.lines.setText(summary_text(self.found) if total
                           else _("Geen inbraakpogingen in deze periode."))
        self.register_button.setEnabled(bool(total))

    def _register(self) -> None:
        if self.found and self.found.total:
            self.register_requested.emit(as_incident(self.found, datetime.now(timezone.utc)))

    def before_lock(self) -> None:
        self.found = None
        self.lines.setText("")


def open_in_register(widget: QWidget, prefill: IncidentInput) -> None:
    """From Beheer: show the Datalekken area with a new incident prefilled."""
    window = widget.window()
    if not hasattr(window, "show_area") or "datalekken" not in window.area_keys():
        return
    window.show_area("datalekken")
    page = window.pages.pages.get("datalekken")
    if page is not None and window.current_area == "datalekken":
        page.new_incident(prefill)


def add_to_beheer(layout, session: Session, page: QWidget) -> BreakInsPanel:
    """The section in Beheer: its heading and the panel, whose "Registreren als incident"
    opens the Datalekken area."""
    from blijf_desktop.ui.pages.beheer import section_heading

    panel = BreakInsPanel(session)
    panel.register_requested.connect(lambda prefill: open_in_register(page, prefill))
    layout.addSpacing(8)
    layout.addWidget(section_heading(_("Inbraakpogingen")))
    layout.addWidget(panel)
    return panel
