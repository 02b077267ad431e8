"""Destruction and teams on a server (docs/server-mode.md, section 5): the register of
destructions is its team's (a proposal's notes may name the person), and only a teamleider or
beheerder of the case's own team carries it out through destroy(); a teamleider of another
team is refused by PostgreSQL even after she broke the glass for the case, a hulpverlener may
not call destroy() at all. After the case is gone its register row stays with its team
(destruction_teams, written by destroy() as it begins). Each user connects with her own
login role."""

from datetime import date

import pytest
from psycopg import errors

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.destruction import DestructionState, Scope
from blijf_desktop.storage import anonymised, audit, break_glass, destruction, retention
from blijf_desktop.storage import destruction_proposals as proposals
from tests.server.records import case_with_people, staff


@pytest.fixture(scope="module")
def teams(module_server):
    admin = module_server.admin
    zuid = admin.execute("INSERT INTO teams (name, created_at) VALUES ('Zuid', 'nu')"
                         " RETURNING id").fetchone()[0]
    north, south = staff(module_server, "noord"), staff(module_server, "zuid", teams=(zuid,))
    return module_server, north, south, zuid


def _approved_case(setup, north) -> tuple[int, int]:
    """A closed case of team 1 with an approved destruction: (case, destruction)."""
    db = north.db(setup, north.teamleider)
    try:
        with db.transaction() as conn:
            case_id, _client, _pleger = case_with_people(conn, north.hulpverlener)
            retention.close(conn, case_id, date(2015, 1, 1), north.hulpverlener)
            found = proposals.insert(conn, Scope.CASE, case_id, "termijn_verstreken",
                                     "Fenna Testbruggen, termijn voorbij", north.teamleider)
        beheer = north.db(setup, north.beheerder)  # the second pair of eyes
        try:
            with beheer.transaction() as conn:
                proposals.approve(conn, found, north.beheerder, "akkoord")
                anonymised.keep_recorded(conn, found, ((2025, "intakes", "", 1),))
        finally:
            beheer.close()
    finally:
        db.close()
    return case_id, found


def _break(db, user_id, case_id):
    with db.transaction() as conn:
        seq = audit.append(conn, AuditAction.BREAK_GLASS.value, user_id, "case", str(case_id),
                           reason="acuut_gevaar", detail={"team": 1})
        break_glass.insert(conn, user_id, case_id, 1, "acuut_gevaar",
                           "Cliënt meldt zich nu bij de crisisopvang", seq)


def test_another_teams_register_is_not_hers_and_destroy_refuses_her(teams):
    setup, north, south, _zuid = teams
    case_id, found = _approved_case(setup, north)
    lead = south.db(setup, south.teamleider)
    try:
        assert proposals.get(lead.conn, found) is None  # the note names the person
        assert proposals.listing(lead.conn) == []
        assert lead.conn.execute("SELECT count(*) FROM anonymised_figures").fetchone()[0] == 0
        with lead.transaction() as conn:
            assert conn.execute("UPDATE destructions SET review_note = 'x' WHERE id = ?",
                                (found,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege):  # no proposal for another team
            with lead.transaction() as conn:
                proposals.insert(conn, Scope.CASE, case_id, "termijn_verstreken", "",
                                 south.teamleider)
        _break(lead, south.teamleider, case_id)  # she may read the case now, not destroy it
        assert retention.case_exists(lead.conn, case_id)
        with pytest.raises(errors.InsufficientPrivilege):
            with lead.transaction() as conn:
                conn.execute("SELECT * FROM destroy(?)", (found,))
    finally:
        lead.close()
    hulp = north.db(setup, north.hulpverlener)  # her own team's case, but not her act
    try:
        with pytest.raises(errors.InsufficientPrivilege):
            with hulp.transaction() as conn:
                conn.execute("SELECT * FROM destroy(?)", (found,))
        with pytest.raises(errors.InsufficientPrivilege):
            hulp.conn.execute("SELECT * FROM destructions")
    finally:
        hulp.close()
    assert setup.admin.execute("SELECT count(*) FROM persons WHERE case_id = %s",
                               (case_id,)).fetchone()[0] == 2


def test_her_own_teams_case_goes_and_its_register_row_stays_the_teams(teams):
    setup, north, south, _zuid = teams
    case_id, found = _approved_case(setup, north)
    lead = south.db(setup, south.teamleider)
    try:  # a break of another team's teamleider, reviewed by this team's: case data too
        _break(lead, south.teamleider, case_id)
    finally:
        lead.close()
    db = north.db(setup, north.teamleider)
    try:
        broken = break_glass.listing(db.conn, frozenset({1}), True)[0].id
        with db.transaction() as conn:
            break_glass.add_review(conn, broken, "navragen", "Vraag Fenna's situatie na",
                                   north.teamleider)
        with db.transaction() as conn:  # what destruction.carry_out does around its figures
            counts: dict[str, int] = {}
            destruction.delete_rows(conn, proposals.get(conn, found), counts)
            proposals.wipe_notes(conn, case_id)
            proposals.mark_destroyed(conn, found, north.teamleider, date(2026, 12, 6), 14, counts)
        assert counts["cases"] == 1 and counts["persons"] == 2
        assert (counts["break_glass_texts"], counts["break_glass_reviews"]) == (1, 1)
        assert not retention.case_exists(db.conn, case_id)
        kept = proposals.get(db.conn, found)  # the case is gone; the row is still her team's
        assert (kept.state, kept.note) == (DestructionState.VERNIETIGD, "")
        assert db.conn.execute("SELECT count(*) FROM anonymised_figures WHERE destruction_id"
                               " = ?", (found,)).fetchone()[0] == 1
    finally:
        db.close()
    assert setup.admin.execute("SELECT team_id FROM destruction_teams WHERE destruction_id = %s",
                               (found,)).fetchone()[0] == 1
    lead = south.db(setup, south.teamleider)
    try:
        assert proposals.get(lead.conn, found) is None
    finally:
        lead.close()
    with pytest.raises(errors.RestrictViolation):  # the team it stays with, for good
        with setup.admin.transaction():
            setup.admin.execute("UPDATE destruction_teams SET team_id = 2")
