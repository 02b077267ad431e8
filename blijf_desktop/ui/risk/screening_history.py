"""Every screening of a case, newest first: date and author (signed), the level (proposed and,
where another was chosen, which and why, and who confirmed a lower one), and what changed
since the screening before."""

from datetime import datetime

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from blijf_desktop.domain.risk import ANSWER_LABELS, LEVEL, LEVEL_LABELS, SCREENINGS, AnswerValue
from blijf_desktop.domain.risk import Change, Level
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.services.risk import ScreeningEntry
from blijf_desktop.ui.risk.proposal_panel import COLOURS


def _value(code: str, value: str | None) -> str:
    if value is None:
        return _("niet gevraagd")
    if code == LEVEL:
        return _(LEVEL_LABELS[Level(value)])
    return _(ANSWER_LABELS[AnswerValue(value)])


def signal_text(code: str) -> str:
    for screening in SCREENINGS.values():
        for signal in screening.signals:
            if signal.code == code:
                return _(signal.text)
    return code


def change_line(change: Change) -> str:
    name = _("Niveau") if change.code == LEVEL else signal_text(change.code).rstrip(".")
    if change.note_only:
        return _("{name}: toelichting gewijzigd").format(name=name)
    return f"{name}: {_value(change.code, change.old)} → {_value(change.code, change.new)}"


def entry_text(entry: ScreeningEntry, first: bool) -> str:
    s = entry.screening
    when = format_datetime(datetime.fromisoformat(s.created_at).astimezone(), "short")
    lines = [_("{when} — ondertekend door {author}").format(when=when, author=s.author_name),
             _("Niveau: {level}").format(level=_(LEVEL_LABELS[entry.level]).upper())]
    if s.chosen is not None:
        lines.append(_("Voorgesteld was {proposed}; gekozen is {chosen}. Reden: {reason}").format(
            proposed=_(LEVEL_LABELS[s.proposed]), chosen=_(LEVEL_LABELS[s.chosen]),
            reason=s.override_reason))
    elif s.override_reason:  # the proposal stood, but it was lower than the level in force
        lines.append(_("Lager dan het geldende niveau van de vorige taxatie. Reden: {reason}")
                     .format(reason=s.override_reason))
    if s.approver_name:
        lines.append(_("Bevestigd door {name}: {reason}").format(
            name=s.approver_name, reason=s.approver_reason))
    if first:
        lines.append(_("Eerste taxatie van deze casus."))
    else:
        shown = entry.changes
        lines.append(_("Gewijzigd sinds de vorige taxatie:") if shown
                     else _("Niets gewijzigd sinds de vorige taxatie."))
        lines += [f"  • {change_line(c)}" for c in shown]
    return "\n".join(lines)


class ScreeningHistory(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Eerdere taxaties"))
        self.entries: list[QLabel] = []
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self.setWidget(self._inner)

    def show_entries(self, entries: list[ScreeningEntry]) -> None:
        while self._layout.count():
            old = self._layout.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        self.entries = []
        if not entries:
            self._layout.addWidget(QLabel(_("Nog geen risicotaxatie vastgelegd.")))
        for index, entry in enumerate(entries):
            label = QLabel(entry_text(entry, first=index == len(entries) - 1))
            label.setWordWrap(True)
            border = COLOURS[entry.level][2]
            label.setStyleSheet(f"QLabel {{ background:#f6f7f9; border:1px solid #dde1e6;"
                                f" border-left:6px solid {border}; border-radius:6px;"
                                " padding:8px; }")
            label.setAccessibleName(label.text().splitlines()[0])
            self._layout.addWidget(label)
            self.entries.append(label)
        self._layout.addStretch(1)
