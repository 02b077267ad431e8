"""services/break_glass.py and the case gate, unchanged, on a server (issue 23): the same
service calls as locally, each user connected as her own login role. The session is built by
hand here (the server-mode login is helper pgS's part): a ServerDatabase and the user's row."""

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.errors import OtherTeamsCase
from blijf_desktop.services.session import Session
from blijf_desktop.storage import persons, users
from blijf_desktop.storage.pg.database import ServerDatabase
from tests.server.conftest import _server


def _session(setup, user_id, role, password) -> Session:
    db = ServerDatabase(setup.cluster.conninfo(setup.name, role, password), setup.cluster.ca_file)
    return Session(None, None, db, bytearray(32), users.by_id(db.conn, user_id), None)


@pytest.fixture(scope="module")
def two_desks(pg_cluster):
    with _server(pg_cluster) as setup:
        admin = setup.admin
        zuid = admin.execute("INSERT INTO teams (name, created_at) VALUES ('Zuid', 'nu')"
                             " RETURNING id").fetchone()[0]
        noord = setup.login("noord_hv", "hulpverlener", teams=(1,))
        zuid_hv = setup.login("zuid_hv", "hulpverlener", teams=(zuid,))
        admin.execute("UPDATE users SET confidentiality_accepted_at = 'nu'")
        sessions = {"noord": _session(setup, *noord), "zuid": _session(setup, *zuid_hv),
                    "lead": _session(setup, setup.desk_user_id, setup.desk_user,
                                     setup.desk_password)}
        with sessions["noord"].db.transaction() as conn:
            case_id = persons.create_case(conn, noord[0], 1)
            person_id = persons.insert_person(conn, case_id, PersonData(
                Category.CLIENT, first_names="Testa", last_name="Fictief"), noord[0])
        yield sessions, case_id, person_id
        for session in sessions.values():
            session.db.close()


def test_the_gate_refuses_by_team_and_the_break_opens_the_case(two_desks):
    sessions, case_id, person_id = two_desks
    zuid = sessions["zuid"]
    with pytest.raises(OtherTeamsCase) as refused:
        ensure_access(zuid, "case", case_id)
    assert refused.value.case_id == case_id
    # A person of that case meets the gate as locally (blijf.person_case, 0039): her case's
    # team is named, so the desk offers the break; her row itself PostgreSQL does not show.
    with pytest.raises(OtherTeamsCase) as refused:
        ensure_access(zuid, "person", person_id)
    assert refused.value.case_id == case_id
    assert persons.get_person(zuid.db.conn, person_id) is None
    service = BreakGlassService(zuid)
    break_id = service.break_glass(case_id, "crisisopvang", "Cliënt staat nu aan de balie")
    assert ensure_access(zuid, "case", case_id) == case_id
    assert persons.get_person(zuid.db.conn, person_id).data.last_name == "Fictief"
    # The other desk, team 1's teamleider, has it in her review list and marks it.
    lead = BreakGlassService(sessions["lead"])
    listed = lead.review_list(open_only=True)
    assert [(r.row.id, r.team_name) for r in listed] == [(break_id, "Hoofdlocatie")]
    lead.review(break_id, "gezien")
    assert lead.review_list(open_only=True) == []
