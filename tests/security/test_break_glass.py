"""Break-the-glass (issue 22; Blijf 6.1, 9.1): another team's case opens only with a reason,
is audited as such with the reason code (the free text in its own table, never in the audit
detail or a log), and lands in the review list of the owning team's teamleider and the
functioneel beheerder, who mark it gezien or navragen."""

import logging

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.case_gate import OtherTeamsCase
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from tests.security.two_teams import SECRET_STREET, two_teams  # noqa: F401

CANARY = "Kanarie-Reden-Qx7 zij staat aan de balie"


@pytest.mark.parametrize("reason, text, field, problem", [
    ("", CANARY, "reason", "required"),
    ("geen_reden", CANARY, "reason", "unknown"),
    ("crisisopvang", "", "text", "required"),
    ("crisisopvang", "   ", "text", "required"),
    ("crisisopvang", "ok", "text", "too_short"),
    ("crisisopvang", "x" * 1001, "text", "too_long"),
    ("crisisopvang", "Reden met \u202e omkering erin", "text", "control_characters"),
])
def test_without_a_reason_and_a_text_the_case_stays_closed(two_teams, reason, text, field,
                                                           problem):
    session = two_teams.login("noord")
    try:
        with pytest.raises(InvalidInput) as refused:
            BreakGlassService(session).break_glass(two_teams.zuid_case, reason, text)
        assert (refused.value.field, refused.value.problem) == (field, problem)
        with pytest.raises(OtherTeamsCase):
            IntakeService(session).case(two_teams.zuid_case)
        assert not session.db.conn.execute("SELECT count(*) FROM break_glass").fetchone()[0]
    finally:
        session.close()


def test_a_break_is_audited_with_its_code_and_the_text_kept_apart(two_teams, caplog):
    caplog.set_level(logging.DEBUG)
    session = two_teams.login("noord")
    try:
        break_id = BreakGlassService(session).break_glass(two_teams.zuid_case, "crisisopvang",
                                                          CANARY)
        view = IntakeService(session).case(two_teams.zuid_case)
        assert view.client.address_masked  # a secret address stays masked after the break
        conn = session.db.conn
        rows = conn.execute("SELECT user_id, record_type, record_id, reason, detail"
                            " FROM audit_log WHERE action = ?",
                            (AuditAction.BREAK_GLASS.value,)).fetchall()
        assert rows == [(session.user.id, "case", str(two_teams.zuid_case), "crisisopvang",
                         f'{{"team": {two_teams.zuid_team}}}')]
        assert conn.execute("SELECT text FROM break_glass_texts WHERE break_glass_id = ?",
                            (break_id,)).fetchone()[0] == CANARY
        trail = " ".join(str(v) for row in conn.execute("SELECT * FROM audit_log") for v in row)
        assert "Kanarie" not in trail
        with pytest.raises(Exception):  # append-only
            conn.execute("UPDATE break_glass SET reason_code = 'anders'")
        with pytest.raises(Exception):
            conn.execute("DELETE FROM break_glass")
    finally:
        session.close()
    assert "Kanarie" not in caplog.text and SECRET_STREET not in caplog.text


def test_a_second_break_for_the_same_case_in_a_session_is_not_needed(two_teams):
    session = two_teams.login("noord")
    try:
        service = BreakGlassService(session)
        service.break_glass(two_teams.zuid_case, "crisisopvang", CANARY)
        with pytest.raises(InvalidInput) as refused:
            service.break_glass(two_teams.zuid_case, "crisisopvang", CANARY)
        assert refused.value.problem == "already_open"
    finally:
        session.close()


def test_an_own_case_needs_no_glass(two_teams):
    session = two_teams.login("zuid")
    try:
        with pytest.raises(InvalidInput) as refused:
            BreakGlassService(session).break_glass(two_teams.zuid_case, "anders", CANARY)
        assert refused.value.problem == "own_team"
    finally:
        session.close()


def _break(two_teams, name="noord"):
    session = two_teams.login(name)
    try:
        return BreakGlassService(session).break_glass(two_teams.zuid_case, "waarneming", CANARY)
    finally:
        session.close()


def test_the_break_lands_in_the_owning_teams_review_list_and_the_beheerders(two_teams):
    break_id = _break(two_teams)
    for name, sees in (("zuidleider", True), ("noordleider", False)):
        session = two_teams.login(name)
        try:
            listed = BreakGlassService(session).review_list()
            assert [r.row.id for r in listed] == ([break_id] if sees else []), name
        finally:
            session.close()
    listed = BreakGlassService(two_teams.admin).review_list(open_only=True)
    assert [(r.row.id, r.team_name, r.row.reason_code, r.row.text) for r in listed] == [
        (break_id, "Team Zuid", "waarneming", CANARY)]


def test_review_gezien_and_navragen(two_teams):
    break_id = _break(two_teams)
    session = two_teams.login("zuidleider")
    try:
        service = BreakGlassService(session)
        with pytest.raises(InvalidInput) as no_note:
            service.review(break_id, "navragen")
        assert (no_note.value.field, no_note.value.problem) == ("note", "required")
        service.review(break_id, "navragen", "Kanarie-Notitie: bel haar morgen")
        row = service.review_list()[0].row
        assert (row.verdict, row.note) == ("navragen", "Kanarie-Notitie: bel haar morgen")
        assert service.review_list(open_only=True) == []
        detail = session.db.conn.execute(
            "SELECT detail FROM audit_log WHERE action = ?",
            (AuditAction.BREAK_GLASS_REVIEWED.value,)).fetchone()[0]
        assert "Kanarie" not in detail and '"verdict": "navragen"' in detail
    finally:
        session.close()
    from blijf_desktop.services.break_glass import BreakGlassService as Service
    Service(two_teams.admin).review(break_id, "gezien")
    assert Service(two_teams.admin).review_list()[0].row.verdict == "gezien"


def test_nobody_reviews_her_own_break_nor_another_teams(two_teams):
    session = two_teams.login("noordleider")
    try:
        service = BreakGlassService(session)
        own = service.break_glass(two_teams.zuid_case, "overdracht", CANARY)
        with pytest.raises(InvalidInput) as refused:
            service.review(own, "gezien")
        assert refused.value.problem == "own"
    finally:
        session.close()
    other = _break(two_teams, "noord")
    session = two_teams.login("noordleider")
    try:
        with pytest.raises(InvalidInput):  # a break of Team Zuid's case: not hers to judge
            BreakGlassService(session).review(other, "gezien")
    finally:
        session.close()
