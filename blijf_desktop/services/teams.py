"""Teams (locations): the functioneel beheerder keeps them and who belongs to which; a
teamleider moves a case to another team (issue 22; Blijf 6.1; domain/need_to_know.py)."""

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.need_to_know import Team, check_team_name
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.case_gate import ensure_case_access, own_teams
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, teams, users


class TeamService:
    def __init__(self, session: Session):
        self.session = session

    # -- reading (team names are no personal data) ------------------------------------------
    @requires(None)
    def teams(self) -> list[Team]:
        return teams.all_teams(self.session.db.conn)

    @requires(None)
    def my_teams(self) -> list[Team]:
        mine = own_teams(self.session)
        return [t for t in teams.all_teams(self.session.db.conn) if t.id in mine]

    @requires(Permission.MANAGE_TEAMS)
    def memberships(self) -> dict[int, frozenset[int]]:
        """user id -> the ids of her teams."""
        return teams.memberships(self.session.db.conn)

    @requires(Permission.MANAGE_TEAMS)
    def case_counts(self) -> dict[int, int]:
        """team id -> how many cases it holds (counts only: the beheerder reads no case)."""
        return teams.case_counts(self.session.db.conn)

    # -- keeping the teams ---------------------------------------------------------------------
    @requires(Permission.MANAGE_TEAMS)
    def add_team(self, name: str) -> int:
        name = self._free_name(name)
        with self.session.db.transaction() as conn:
            team_id = teams.insert(conn, name)
            audit.append(conn, AuditAction.TEAM_ADDED.value, self.session.user.id, "team",
                         str(team_id))
        return team_id

    @requires(Permission.MANAGE_TEAMS)
    def rename_team(self, team_id: int, name: str) -> None:
        self._existing(team_id)
        name = self._free_name(name, team_id)
        with self.session.db.transaction() as conn:
            teams.rename(conn, team_id, name)
            audit.append(conn, AuditAction.TEAM_CHANGED.value, self.session.user.id, "team",
                         str(team_id), detail={"renamed": True})

    @requires(Permission.MANAGE_TEAMS)
    def set_team_active(self, team_id: int, active: bool) -> None:
        """A team that still holds cases is not deactivated (they would be nobody's: move
        them first), nor the last active team."""
        team = self._existing(team_id)
        if team.active == bool(active):
            return
        conn = self.session.db.conn
        if not active:
            if teams.case_counts(conn).get(team_id):
                raise InvalidInput("team", "has_cases")
            if len(teams.active_ids(conn)) <= 1:
                raise InvalidInput("team", "last_team")
        with self.session.db.transaction() as write:
            teams.set_active(write, team_id, bool(active))
            audit.append(write, AuditAction.TEAM_CHANGED.value, self.session.user.id, "team",
                         str(team_id), detail={"active": bool(active)})

    @requires(Permission.MANAGE_TEAMS)
    def set_user_teams(self, user_id: int, team_ids: list[int]) -> None:
        """The teams a user belongs to: at least one active team."""
        conn = self.session.db.conn
        if users.by_id(conn, user_id) is None:
            raise InvalidInput("user", "unknown")
        chosen = set(team_ids)
        active = set(teams.active_ids(conn))
        known = {t.id for t in teams.all_teams(conn)}
        if not chosen <= known:
            raise InvalidInput("teams", "unknown")
        if not chosen & active:
            raise InvalidInput("teams", "required")
        with self.session.db.transaction() as write:
            teams.set_user_teams(write, user_id, chosen)
            audit.append(write, AuditAction.USER_TEAMS_CHANGED.value, self.session.user.id,
                         "user", str(user_id), detail={"teams": sorted(chosen)})

    # -- a case's team ---------------------------------------------------------------------
    @requires(Permission.VIEW_PERSONS)
    def case_team(self, case_id: int) -> Team:
        ensure_case_access(self.session, case_id)
        team_id = teams.of_case(self.session.db.conn, case_id)
        if team_id is None:
            raise InvalidInput("case", "unknown")
        return teams.get(self.session.db.conn, team_id)

    @requires(Permission.MOVE_CASE)
    def move_case(self, case_id: int, team_id: int) -> None:
        """The teamleider of the case's team hands it to another active team (audited); she
        may read it no longer unless she belongs to that team too."""
        conn = self.session.db.conn
        current = teams.of_case(conn, case_id)
        if current is None:
            raise InvalidInput("case", "unknown")
        ensure_case_access(self.session, case_id)
        if current not in own_teams(self.session):
            raise InvalidInput("case", "not_your_team")  # a broken glass moves nothing
        target = teams.get(conn, team_id) if isinstance(team_id, int) else None
        if target is None or not target.active:
            raise InvalidInput("team", "unknown")
        if team_id == current:
            return
        with self.session.db.transaction() as write:
            teams.set_case_team(write, case_id, team_id)
            audit.append(write, AuditAction.CASE_TEAM_CHANGED.value, self.session.user.id,
                         "case", str(case_id), detail={"from": current, "to": team_id})

    def _existing(self, team_id: int) -> Team:
        team = teams.get(self.session.db.conn, team_id) if isinstance(team_id, int) else None
        if team is None:
            raise InvalidInput("team", "unknown")
        return team

    def _free_name(self, name: str, team_id: int | None = None) -> str:
        checked = check_team_name(name if isinstance(name, str) else "")
        if checked.error:
            raise InvalidInput("name", checked.error)
        other = teams.by_name(self.session.db.conn, checked.value)
        if other is not None and other.id != team_id:
            raise InvalidInput("name", "taken")
        return checked.value
