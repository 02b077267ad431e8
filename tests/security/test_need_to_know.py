"""Need to know (issue 22; Blijf 6.1): lists and search show a user the cases of her own
teams; another team's person is found only as "bekend bij team X"; a case of another team is
refused at the service, whatever id is passed."""

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.case_gate import OtherTeamsCase
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.teams import TeamService
from tests.security.two_teams import CLIENT, SECRET_STREET, SECRET_TOWN, two_teams  # noqa: F401
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines


def audit_rows(session, action):
    """This session's user's rows of one action."""
    return trail_of(session).execute(
        "SELECT record_type, record_id, reason, detail FROM audit_log WHERE action = ?"
        " AND user_id = ?", (action.value, session.user.id)).fetchall()


def test_a_person_of_another_team_is_found_only_as_known_there(two_teams):
    session = two_teams.login("noord")
    try:
        hits = IntakeService(session).search("Dreigemans")
        assert [h.person_id for h in hits] == [two_teams.zuid_pleger]
        hit = hits[0]
        assert hit.known_at == "Team Zuid"
        assert (hit.category, hit.birth_date, hit.residence, hit.client_name) == (None, None,
                                                                                  "", "")
        # The client too: her name is found (she may be known), nothing else of her.
        client_hit = IntakeService(session).search("Zuidkant")[0]
        assert client_hit.known_at == "Team Zuid"
        assert SECRET_TOWN not in repr(client_hit) and "1990" not in repr(client_hit)
    finally:
        session.close()


def test_own_team_sees_everything_of_its_hits(two_teams):
    session = two_teams.login("zuid")
    try:
        hit = IntakeService(session).search("Dreigemans")[0]
        assert not hit.known_elsewhere
        assert hit.residence == "Plegerdorp" and hit.client_name
    finally:
        session.close()


def test_the_client_list_shows_only_own_teams_clients(two_teams):
    noord = two_teams.login("noord")
    try:
        listed = [h.person_id for h in IntakeService(noord).recent_clients()]
    finally:
        noord.close()
    assert listed == [two_teams.noord_client]
    zuid = two_teams.login("zuid")
    try:
        assert [h.person_id for h in IntakeService(zuid).find("")] == [two_teams.zuid_client]
    finally:
        zuid.close()


@pytest.mark.parametrize("read", ["case", "person", "reveal_address", "history",
                                  "reveal_history"])
def test_another_teams_case_is_refused_by_id(two_teams, read):
    session = two_teams.login("noord")
    try:
        intake = IntakeService(session)
        target = two_teams.zuid_case if read == "case" else two_teams.zuid_client
        # On a server too (blijf.person_case, migration 0039): the gate names the team and
        # offers the break, where the row policies alone would read her as unknown.
        with pytest.raises(OtherTeamsCase) as refused:
            getattr(intake, read)(target)
        assert refused.value.team_name == "Team Zuid"
        assert SECRET_STREET not in str(refused.value)
        rows = audit_rows(session, AuditAction.NEED_TO_KNOW_REFUSED)
        assert rows == [("case", str(two_teams.zuid_case), None,
                         f'{{"team": {two_teams.zuid_team}}}')]
        assert not [r for r in audit_rows(session, AuditAction.VIEW)
                    if r[1] in (str(two_teams.zuid_case), str(two_teams.zuid_client))]
    finally:
        session.close()


def test_another_teams_case_cannot_be_changed_either(two_teams):
    session = two_teams.login("noord")
    try:
        intake = IntakeService(session)
        before = intake.__class__
        with pytest.raises(OtherTeamsCase):
            intake.add_threat(two_teams.zuid_case, None)
        with pytest.raises(OtherTeamsCase):
            intake.update_person(two_teams.zuid_client, CLIENT)
        assert before is IntakeService
    finally:
        session.close()


def test_a_new_case_belongs_to_the_chosen_team_of_the_user(two_teams):
    teams = TeamService(two_teams.admin)
    users = {u.username: u.id for u in
             __import__("blijf_desktop.services.accounts", fromlist=["x"]).AccountService(
                 two_teams.admin).list_users()}
    teams.set_user_teams(users["noord"], [two_teams.noord_team, two_teams.zuid_team])
    session = two_teams.login("noord")
    try:
        intake = IntakeService(session)
        from tests.security.two_teams import NOORD_CLIENT
        with pytest.raises(InvalidInput) as no_choice:
            intake.save_intake(NOORD_CLIENT, [])
        assert (no_choice.value.field, no_choice.value.problem) == ("team", "required")
        assert {name for _id, name in intake.intake_teams()} == {"Team Noord", "Team Zuid"}
        case_id = intake.save_intake(NOORD_CLIENT, [], team_id=two_teams.zuid_team)
        assert TeamService(session).case_team(case_id).name == "Team Zuid"
    finally:
        session.close()


def test_a_single_desk_store_needs_no_team_choice(created, caseworker):
    from tests.security.two_teams import NOORD_CLIENT
    intake = IntakeService(caseworker)
    assert [name for _id, name in intake.intake_teams()] == ["Hoofdlocatie"]
    case_id = intake.save_intake(NOORD_CLIENT, [])
    assert intake.case(case_id).client.data.last_name == NOORD_CLIENT.last_name


def test_the_adversary_reads_nothing_of_the_other_teams_case_through_any_list(two_teams):
    """A teamleider at Noord who knows the pleger pages every list she has: the exchange
    register, the AWARE overview, the rights requests, the information duty, the follow-up
    tasks, search and the client list. Zuid's client's address, town, birth date and case
    appear nowhere; the pleger appears only as "bekend bij Team Zuid"."""
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.consent import ConsentService
    from blijf_desktop.services.exchanges import ExchangeService
    from blijf_desktop.services.information_duty import InformationDutyService
    from blijf_desktop.services.rights import RequestService
    from tests.security.two_teams import zuid_records

    zuid_records(two_teams)
    session = two_teams.login("noordleider")
    try:
        shown = {
            "register": ExchangeService(session).register(),
            "register_by_name": ExchangeService(session).register(person="Dreigemans"),
            "aware": AwareService(session).overview(),
            "requests": RequestService(session).overview(),
            "duty": InformationDutyService(session).overview(),
            "tasks": ConsentService(session).open_tasks(),
            "clients": IntakeService(session).find(""),
            "search": IntakeService(session).find("Zuidkant"),
            "rights_search": RequestService(session).find_person("Dreigemans"),
        }
    finally:
        session.close()
    text = repr(shown)
    for secret in (SECRET_STREET, SECRET_TOWN, "9999", "1990", "Plegerdorp", "Plegerstraat"):
        assert secret not in text
    for name in ("register", "register_by_name", "aware", "requests", "duty", "tasks"):
        assert all(getattr(row, "case_id", None) != two_teams.zuid_case for row in shown[name]), name
        assert not [row for row in shown[name]
                    if getattr(row, "case_id", None) == two_teams.zuid_case]
    assert [h.known_at for h in shown["search"]] == ["Team Zuid"]
    assert [c.hit.known_at for c in shown["rights_search"]] == ["Team Zuid"]
    assert two_teams.zuid_client not in [h.person_id for h in shown["clients"]]


def test_the_owning_team_sees_its_case_in_those_lists(two_teams):
    """The other side of the test above: the lists do hold Zuid's case, for Zuid."""
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.exchanges import ExchangeService
    from blijf_desktop.services.rights import RequestService
    from tests.security.two_teams import zuid_records

    zuid_records(two_teams)
    session = two_teams.login("zuidleider")
    try:
        for rows in (ExchangeService(session).register(), AwareService(session).overview(),
                     RequestService(session).overview()):
            assert [r.case_id for r in rows] == [two_teams.zuid_case]
    finally:
        session.close()


def test_moving_a_case_is_the_owning_teamleiders_act_and_audited(two_teams):
    from blijf_desktop.services.errors import PermissionDenied

    caseworker = two_teams.login("zuid")
    try:
        with pytest.raises(PermissionDenied):
            TeamService(caseworker).move_case(two_teams.zuid_case, two_teams.noord_team)
    finally:
        caseworker.close()
    other_lead = two_teams.login("noordleider")
    try:
        with pytest.raises(OtherTeamsCase):
            TeamService(other_lead).move_case(two_teams.zuid_case, two_teams.noord_team)
    finally:
        other_lead.close()
    lead = two_teams.login("zuidleider")
    try:
        TeamService(lead).move_case(two_teams.zuid_case, two_teams.noord_team)
        assert audit_rows(lead, AuditAction.CASE_TEAM_CHANGED) == [
            ("case", str(two_teams.zuid_case), None,
             f'{{"from": {two_teams.zuid_team}, "to": {two_teams.noord_team}}}')]
        with pytest.raises(OtherTeamsCase):  # no longer hers
            IntakeService(lead).case(two_teams.zuid_case)
    finally:
        lead.close()
    noord = two_teams.login("noord")
    try:
        assert IntakeService(noord).case(two_teams.zuid_case).case_id == two_teams.zuid_case
    finally:
        noord.close()
