"""The team of a new case, chosen at intake only when the user belongs to more than one
(issue 22; Blijf 6.1). With one team the row is not shown: the service takes hers."""

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from blijf_desktop.i18n import _


class TeamChoice(QWidget):
    def __init__(self, teams: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.addItem(_("Kies het team…"), None)
        for team_id, name in teams:
            self.combo.addItem(name, team_id)
        label = QLabel(_("T&eam van deze casus:"))
        label.setBuddy(self.combo)
        self.combo.setAccessibleName(_("Team van deze casus"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)
        self.setFocusProxy(self.combo)
        self.choosing = len(teams) > 1
        self.setVisible(self.choosing)

    def team_id(self) -> int | None:
        return self.combo.currentData() if self.choosing else None
