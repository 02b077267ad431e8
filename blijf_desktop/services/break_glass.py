"""Break-the-glass (issue 22; Blijf 6.1, 9.1; NEN 7513): a case of another team is opened
only with a reason, a choice from domain/need_to_know.py plus a free text, both required.
It is audited as such (the case, the reason code; never the text, which has its own table),
lets this session, and no other, read that one case, and lands in the review list of the
owning team's teamleider and the functioneel beheerder, who mark it gezien or navragen."""

from dataclasses import dataclass

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.need_to_know import (BREAK_GLASS_LABELS, REVIEW_NOTE_MAX,
                                               BreakGlassReason, ReviewVerdict,
                                               check_break_glass)
from blijf_desktop.domain.roles import Permission, Role
from blijf_desktop.domain.validation import description
from blijf_desktop.services.case_gate import may_read, own_teams
from blijf_desktop.services.errors import InvalidInput, enum_value
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, break_glass, teams
from blijf_desktop.storage.break_glass import BreakRow


@dataclass(frozen=True)
class ReviewRow:
    """One break in the review list, with the owning team's name."""

    row: BreakRow
    team_name: str


class BreakGlassService:
    def __init__(self, session: Session):
        self.session = session

    @requires(Permission.VIEW_PERSONS)
    def reasons(self) -> list[tuple[str, str]]:
        """(code, Dutch label marked for translation), in the order of the list."""
        return [(reason.value, BREAK_GLASS_LABELS[reason]) for reason in BreakGlassReason]

    @requires(Permission.VIEW_PERSONS)
    def break_glass(self, case_id: int, reason: str, text: str) -> int:
        """Open another team's case for the rest of this session; returns the break's id.
        Refused without a reason or text (InvalidInput), for a case that does not exist and
        for a case of her own teams (nothing to break)."""
        conn = self.session.db.conn
        team_id = teams.of_case(conn, case_id) if isinstance(case_id, int) else None
        if team_id is None:
            raise InvalidInput("case", "unknown")
        if case_id in self.session.glass_broken_for:
            raise InvalidInput("case", "already_open")  # this session reads it already
        if may_read(self.session, case_id, team_id=team_id):
            raise InvalidInput("case", "own_team")
        problem = check_break_glass(reason if isinstance(reason, str) else "",
                                    text if isinstance(text, str) else "")
        if problem:
            raise InvalidInput(*problem)
        written = description(text).value
        user_id = self.session.user.id
        with self.session.db.transaction() as write:
            seq = audit.append(write, AuditAction.BREAK_GLASS.value, user_id, "case",
                               str(case_id), reason=reason, detail={"team": team_id})
            break_id = break_glass.insert(write, user_id, case_id, team_id, reason, written, seq)
        self.session.glass_broken_for.add(case_id)
        return break_id

    @requires(Permission.REVIEW_BREAK_GLASS)
    def review_list(self, open_only: bool = False) -> list[ReviewRow]:
        """The breaks of cases of the teamleider's own teams (the owning team at the time of
        the break); every team's for the functioneel beheerder. Newest first. Audited."""
        conn = self.session.db.conn
        scope = None if self.session.user.role is Role.BEHEERDER else own_teams(self.session)
        rows = break_glass.listing(conn, scope, bool(open_only))
        names = teams.names(conn)
        self.session.audit(AuditAction.VIEW, "break_glass_review",
                           detail={"rows": len(rows), "open_only": bool(open_only)})
        return [ReviewRow(r, names.get(r.team_id, "")) for r in rows]

    @requires(Permission.REVIEW_BREAK_GLASS)
    def review(self, break_id: int, verdict: ReviewVerdict | str, note: str = "") -> None:
        """Mark a break gezien or navragen (navragen needs a note: what to ask). Nobody
        reviews her own break; a teamleider only those of her teams. Audited without the
        note."""
        verdict = enum_value(ReviewVerdict, verdict, "verdict")
        checked = description(note if isinstance(note, str) else "", REVIEW_NOTE_MAX)
        if checked.error:
            raise InvalidInput("note", checked.error)
        if verdict is ReviewVerdict.ASK and not checked.value:
            raise InvalidInput("note", "required")
        conn = self.session.db.conn
        found = break_glass.get(conn, break_id) if isinstance(break_id, int) else None
        if found is None:
            raise InvalidInput("break", "unknown")
        if found.user_id == self.session.user.id:
            raise InvalidInput("break", "own")
        if self.session.user.role is not Role.BEHEERDER \
                and found.team_id not in own_teams(self.session):
            raise InvalidInput("break", "unknown")
        with self.session.db.transaction() as write:
            break_glass.add_review(write, break_id, verdict.value, checked.value,
                                   self.session.user.id)
            audit.append(write, AuditAction.BREAK_GLASS_REVIEWED.value, self.session.user.id,
                         "break_glass", str(break_id),
                         detail={"case": found.case_id, "verdict": verdict.value})
