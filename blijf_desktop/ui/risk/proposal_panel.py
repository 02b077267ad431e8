"""Beside the signals: the level the rule proposes (groen / oranje / rood, in words and colour),
why, the measures it suggests, the level in force from the previous screening of the case, the
choice of another level with its reason, and Opslaan. A level lower than proposed or lower than
the one in force asks for a reason and, on saving, a second teamleider (domain/risk.py
`screening_needs`; the service enforces it again)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain import measures
from blijf_desktop.domain.risk import (
    LEVEL_LABELS,
    LEVELS,
    Assessment,
    Level,
    OverrideKind,
    lowering_needs,
    suggested_measures,
)
from blijf_desktop.i18n import _
from blijf_desktop.ui.dialogs.common import MessageLabel
from blijf_desktop.ui.intake.parts import plain_text

COLOURS = {Level.GROEN: ("#e3f3e6", "#1d5b2c", "#7fbf8d"),
           Level.ORANJE: ("#fdf0dc", "#6b4100", "#e8b25c"),
           Level.ROOD: ("#fbe3e1", "#7a1b14", "#d9776d")}


def level_text(level: Level) -> str:
    return _(LEVEL_LABELS[level]).upper()


def badge_style(level: Level) -> str:
    back, text, border = COLOURS[level]
    return (f"QLabel {{ background:{back}; color:{text}; border:2px solid {border};"
            " border-radius:8px; padding:10px 12px; font-size:15pt; font-weight:700; }")


class ProposalPanel(QWidget):
    changed = Signal()

    def __init__(self, version: int, with_children: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.version = version
        self.with_children = with_children
        self.proposed: Level | None = None
        self.in_force: Level | None = None  # from the case's previous screening
        self.in_force_label = QLabel()
        self.in_force_label.setWordWrap(True)
        self.in_force_label.setVisible(False)
        self.badge = QLabel()
        self.badge.setWordWrap(True)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.measures = QLabel()
        self.measures.setWordWrap(True)
        self.override = QCheckBox(_("Ander niveau kiezen"))
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(_(LEVEL_LABELS[level]), level.value)
        self.level.setAccessibleName(_("Gekozen niveau"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.reason.setPlaceholderText(_("Waarom kiest u dit niveau? (verplicht)"))
        self.reason.setAccessibleName(_("Reden voor een ander niveau"))
        self.reason_message = MessageLabel()
        self.lower_note = QLabel(_("Lager dan voorgesteld: een tweede teamleider bevestigt dit "
                                   "met haar wachtwoord wanneer u opslaat."))
        self.lower_note.setWordWrap(True)
        self.lower_note.setStyleSheet("color:#7a4b00;")
        self.message = MessageLabel()
        self.save_button = QPushButton(_("Opslaan"))
        self.save_button.setToolTip(_("Taxatie opslaan (Ctrl+S)"))
        layout = QVBoxLayout(self)
        title = QLabel(_("Voorgesteld niveau"))
        title.setStyleSheet("font-weight:600;")
        layout.addWidget(title)
        layout.addWidget(self.badge)
        layout.addWidget(self.in_force_label)
        layout.addWidget(self.why)
        layout.addWidget(self.measures)
        layout.addSpacing(8)
        layout.addWidget(self.override)
        layout.addWidget(self.level)
        layout.addWidget(self.reason)
        layout.addWidget(self.reason_message)
        layout.addWidget(self.lower_note)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self.override.toggled.connect(self._override_toggled)
        self.level.currentIndexChanged.connect(self._refresh_override)
        self.level.currentIndexChanged.connect(self.changed)
        self.reason.textChanged.connect(self.changed)
        self._override_toggled(False)

    def show_assessment(self, assessment: Assessment, complete: bool) -> None:
        self.proposed = assessment.level
        words = {Level.GROEN: _("groen — geen aanwijzing voor ernstig gevaar"),
                 Level.ORANJE: _("oranje — verhoogd risico"),
                 Level.ROOD: _("rood — ernstig gevaar")}[assessment.level]
        self.badge.setText(words)
        self.badge.setStyleSheet(badge_style(assessment.level))
        self.badge.setAccessibleName(_("Voorgesteld niveau: {level}").format(level=words))
        lines = [_("{n} punten.").format(n=assessment.points)]
        if assessment.rood_alone_ja:
            lines.append(_("Rood door één signaal dat op zichzelf rood maakt."))
        elif len(assessment.high_ja) >= 2:
            lines.append(_("Rood door meerdere zware signalen."))
        if assessment.high_unknown:
            lines.append(_("Zware signalen nog onbekend of niet beantwoord: {n}. Zoek die "
                           "uit; onbekend telt als ja.").format(n=len(assessment.high_unknown)))
        if not complete:
            lines.append(_("Nog niet alles beantwoord: onbeantwoord telt als onbekend."))
        self.why.setText(" ".join(lines))
        codes = suggested_measures(self.version, assessment.level, self.with_children)
        self.measures.setText(_("Voorgestelde maatregelen:") + "\n" + "\n".join(
            f"• {_(measures.MEASURES[code])}" for code in codes))
        self._refresh_override()

    def set_in_force(self, level: Level | None, since: str = "") -> None:
        """The level the previous screening left in force (None: this is the first), with the
        date of that screening as the user reads it."""
        self.in_force = level
        if level is None:
            self.in_force_label.clear()
        else:
            self.in_force_label.setText(_("Geldend niveau: {level} (vorige taxatie van {date})")
                                        .format(level=_(LEVEL_LABELS[level]), date=since))
        self.in_force_label.setVisible(level is not None)
        self._refresh_override()

    # -- another level -------------------------------------------------------------------
    def chosen(self) -> Level | None:
        return Level(self.level.currentData()) if self.override.isChecked() else None

    def new_level(self) -> Level | None:
        return self.chosen() or self.proposed

    def lowering_proposal(self) -> bool:
        chosen = self.chosen()
        return chosen is not None and self.proposed is not None and chosen.rank < self.proposed.rank

    def lowering_in_force(self) -> bool:
        level = self.new_level()
        return level is not None and lowering_needs(self.in_force, level).kind is OverrideKind.LOWER

    def lowering(self) -> bool:
        """Lower than proposed or lower than the level in force: a reason and a second
        teamleider."""
        return self.lowering_proposal() or self.lowering_in_force()

    def needs_reason(self) -> bool:
        chosen = self.chosen()
        return (chosen is not None and chosen is not self.proposed) or self.lowering()

    def reason_text(self) -> str:
        return plain_text(self.reason)

    def _override_toggled(self, on: bool) -> None:
        if on and self.proposed is not None:  # start from the proposal: nothing chosen yet
            self.level.setCurrentIndex(self.level.findData(self.proposed.value))
        self.level.setVisible(on)
        if not on:
            self.reason_message.clear_message()
        self._refresh_override()
        self.changed.emit()

    def _refresh_override(self) -> None:
        if self.lowering_in_force():
            self.lower_note.setText(_(
                "Lager dan het geldende niveau ({level}) van de vorige taxatie. Een eerder "
                "verhoogd niveau verdwijnt niet zonder reden: schrijf op waarom, en een tweede "
                "teamleider bevestigt dit met haar wachtwoord wanneer u opslaat.").format(
                level=_(LEVEL_LABELS[self.in_force])))
        else:
            self.lower_note.setText(_("Lager dan voorgesteld: een tweede teamleider bevestigt "
                                      "dit met haar wachtwoord wanneer u opslaat."))
        self.lower_note.setVisible(self.lowering())
        self.reason.setVisible(self.override.isChecked() or self.lowering_in_force())

    def state(self) -> dict:
        return {"override": self.override.isChecked(), "level": self.level.currentData(),
                "reason": self.reason_text()}

    def set_state(self, state: dict) -> None:
        from blijf_desktop.ui.intake.parts import put_text

        self.override.setChecked(bool(state.get("override")))
        index = self.level.findData(state.get("level"))
        if index >= 0:
            self.level.setCurrentIndex(index)
        put_text(self.reason, str(state.get("reason", "")))
