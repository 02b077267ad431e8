"""Beheer, Teams: the locations and who belongs to which (issue 22; Blijf 6.1).

The functioneel beheerder adds, renames and (de)activates a team and gives each user one or
more teams; she sees how many cases a team holds, never which. A team that still holds
cases, or the last active one, is not deactivated (the service refuses; the message says
why)."""

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from blijf_desktop.i18n import N_, _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.teams import TeamService
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, line_edit, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.list_table import read_only_table

COLUMNS = (N_("Team"), N_("Actief"), N_("Casussen"))


def team_problem(field: str, problem: str) -> str:
    messages = {
        ("name", "required"): _("Vul een naam voor het team in."),
        ("name", "taken"): _("Er is al een team met deze naam."),
        ("team", "has_cases"): _("Dit team heeft nog casussen. Laat een teamleider ze eerst "
                                 "naar een ander team overzetten."),
        ("team", "last_team"): _("Dit is het laatste actieve team."),
        ("teams", "required"): _("Kies minstens één actief team voor deze gebruiker."),
    }
    return messages.get((field, problem)) or error_message(InvalidInput(field, problem))


class TeamSettings(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = TeamService(session)
        self.accounts = AccountService(session)
        self._teams = []
        self.table = read_only_table([_(c) for c in COLUMNS], _("Teams"))
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(170)
        self.table.itemSelectionChanged.connect(self._team_chosen)
        self.name = line_edit(60)
        self.add_button = secondary_button(_("Team toe&voegen"))
        self.add_button.clicked.connect(self.add_team)
        self.rename_button = secondary_button(_("Naam &wijzigen"))
        self.rename_button.clicked.connect(self.rename_team)
        self.active_button = secondary_button(_("(De)ac&tiveren"))
        self.active_button.clicked.connect(self.toggle_active)
        self.user = QComboBox()
        self.user.currentIndexChanged.connect(lambda _i: self._show_memberships())
        self.boxes_holder = QWidget()
        self.boxes = QHBoxLayout(self.boxes_holder)
        self.boxes.setContentsMargins(0, 0, 0, 0)
        self.save_button = secondary_button(_("Teams van gebruiker &opslaan"))
        self.save_button.clicked.connect(self.save_memberships)
        self.message = MessageLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation(_(
            "Elk team (locatie) ziet alleen zijn eigen casussen (convenant art. 6.1). Een "
            "persoon van een ander team wordt wel gevonden, als 'bekend bij' zonder gegevens.")))
        layout.addWidget(self.table)
        form = form_layout()
        add_row(form, _("Naa&m van het team:"), self.name)
        add_row(form, _("Geb&ruiker:"), self.user)
        form.addRow(_("Haar of zijn teams:"), self.boxes_holder)
        layout.addLayout(form)
        layout.addLayout(button_row(left=(self.add_button, self.rename_button,
                                          self.active_button, self.save_button)))
        layout.addWidget(self.message)
        self.refresh()

    # -- filling ---------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        try:
            self._teams = self.service.teams()
            counts = self.service.case_counts()
            people = [u for u in self.accounts.list_users() if u.active]
            self._memberships = self.service.memberships()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.table.setRowCount(len(self._teams))
        for row, team in enumerate(self._teams):
            for column, text in enumerate((team.name, _("ja") if team.active else _("nee"),
                                           str(counts.get(team.id, 0)))):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if team.id == select_id:
                self.table.selectRow(row)
        chosen = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        for person in people:
            self.user.addItem(f"{person.display_name} ({person.username})", person.id)
        index = self.user.findData(chosen)
        self.user.setCurrentIndex(max(index, 0))
        self.user.blockSignals(False)
        self._show_memberships()

    def _show_memberships(self) -> None:
        while self.boxes.count():  # the boxes and the stretch after them
            item = self.boxes.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        mine = self._memberships.get(self.user.currentData(), frozenset())
        self.team_boxes = {}
        for team in self._teams:
            if not team.active and team.id not in mine:
                continue
            box = QCheckBox(team.name)
            box.setChecked(team.id in mine)
            box.setAccessibleName(_("Lid van {team}").format(team=team.name))
            self.boxes.addWidget(box)
            self.team_boxes[team.id] = box
        self.boxes.addStretch(1)

    def _team_chosen(self) -> None:
        team = self.selected_team()
        if team is not None:
            self.name.setText(team.name)

    def selected_team(self):
        rows = self.table.selectionModel().selectedRows()
        return self._teams[rows[0].row()] if rows else None

    # -- acting ----------------------------------------------------------------------------
    def _do(self, action, done: str, select_id=None) -> None:
        try:
            result = action()
        except InvalidInput as refused:  # what was typed stays
            self.message.show_error(team_problem(refused.field, refused.problem))
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.message.show_message(done, "info")
        self.refresh(result if isinstance(result, int) else select_id)

    def add_team(self) -> None:
        self._do(lambda: self.service.add_team(self.name.text()), _("Team toegevoegd."))

    def rename_team(self) -> None:
        team = self.selected_team()
        if team is None:
            self.message.show_error(_("Kies eerst een team in de lijst."))
            return
        self._do(lambda: self.service.rename_team(team.id, self.name.text()),
                 _("Naam gewijzigd."), team.id)

    def toggle_active(self) -> None:
        team = self.selected_team()
        if team is None:
            self.message.show_error(_("Kies eerst een team in de lijst."))
            return
        self._do(lambda: self.service.set_team_active(team.id, not team.active),
                 _("Team gedeactiveerd.") if team.active else _("Team weer actief."), team.id)

    def save_memberships(self) -> None:
        user_id = self.user.currentData()
        chosen = [team_id for team_id, box in self.team_boxes.items() if box.isChecked()]
        self._do(lambda: self.service.set_user_teams(user_id, chosen),
                 _("De teams van deze gebruiker zijn opgeslagen."))
