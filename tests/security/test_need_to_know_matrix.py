"""The need-to-know matrix (issue 22; Blijf 6.1): role × team × action, on a real store.

Every read of case data is called directly with the ids of Team Zuid's case, by each role of
Team Noord and of Team Zuid: a role the roles table forbids is refused for its permission;
Zuid's own people pass the gate; Noord's are refused at the gate (OtherTeamsCase). After
Noord's caseworker breaks the glass for that case, she passes for that case only and only in
that session. Prints `FIGURE need_to_know: {...}`."""

import json
from datetime import date

import pytest

from blijf_desktop.domain.people import ThreatEntry
from blijf_desktop.domain.roles import Permission, Role, may
from blijf_desktop.services.access_report import AccessReportService
from blijf_desktop.services.aware import AwareService
from blijf_desktop.services.aware_documents import AwareDocumentService
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.services.case_gate import OtherTeamsCase
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied, ServiceError
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.information_duty import InformationDutyService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService
from blijf_desktop.services.risk import RiskService
from blijf_desktop.services.sharing import SharingService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.services.teams import TeamService
from tests.security.two_teams import (NOORD_CLIENT, two_teams, zuid_records)  # noqa: F401

pytestmark = pytest.mark.engines

P = Permission
# (action, the permission it needs, how to call it with the ids of a case: t = TwoTeams-like
# ids of the target case, r = its records)
ACTIONS = [
    ("case", P.VIEW_PERSONS, lambda s, t, r: IntakeService(s).case(t["case"])),
    ("person", P.VIEW_PERSONS, lambda s, t, r: IntakeService(s).person(t["client"])),
    ("reveal_address", P.VIEW_PERSONS,
     lambda s, t, r: IntakeService(s).reveal_address(t["client"])),
    ("history", P.VIEW_PERSONS, lambda s, t, r: IntakeService(s).history(t["client"])),
    ("threats", P.EDIT_PERSONS, lambda s, t, r: IntakeService(s).add_threat(
        t["case"], ThreatEntry(date.today(), "Hij belt haar werk."))),
    ("risk", P.VIEW_AWARE, lambda s, t, r: RiskService(s).history(t["case"])),
    ("register_entry", P.VIEW_EXCHANGES, lambda s, t, r: ExchangeService(s).entry(r["exchange"])),
    ("person_exchanges", P.VIEW_EXCHANGES,
     lambda s, t, r: ExchangeService(s).for_person(t["client"])),
    ("what_left", P.VIEW_EXCHANGES, lambda s, t, r: SharingService(s).what_left(r["exchange"])),
    ("traject", P.VIEW_AWARE, lambda s, t, r: AwareService(s).traject(r["traject"])),
    ("case_trajects", P.VIEW_AWARE, lambda s, t, r: AwareService(s).for_case(t["case"])),
    ("request_pdf", P.AWARE_REQUEST,
     lambda s, t, r: AwareDocumentService(s).request_pdf(r["traject"])),
    ("consents", P.VIEW_SHARING, lambda s, t, r: ConsentService(s).for_case(t["case"])),
    ("consent_history", P.VIEW_SHARING, lambda s, t, r: ConsentService(s).history(r["consent"])),
    ("signals", P.VIEW_SHARING, lambda s, t, r: SignalService(s).for_case(t["case"])),
    ("signal", P.VIEW_SHARING, lambda s, t, r: SignalService(s).get(r["signal"])),
    ("sharing_offer", P.DISCLOSE,
     lambda s, t, r: SharingService(s).offer(t["case"], "amsterdam", "infocheck")),
    ("rights_request", P.HANDLE_REQUESTS, lambda s, t, r: RequestService(s).request(r["request"])),
    ("access_report", P.HANDLE_REQUESTS,
     lambda s, t, r: AccessReportService(s).parts(t["pleger"])),
    ("information_duty", P.EDIT_PERSONS,
     lambda s, t, r: InformationDutyService(s).status(t["pleger"])),
    ("closure", P.VIEW_PERSONS, lambda s, t, r: CaseClosingService(s).closure(t["case"])),
    ("case_team", P.VIEW_PERSONS, lambda s, t, r: TeamService(s).case_team(t["case"])),
]


def outcome(session, call, target, records) -> str:
    try:
        result = call(session, target, records)
    except PermissionDenied:
        return "permission"
    except OtherTeamsCase:
        return "other_team"
    except InvalidInput as refused:
        if session.server_mode and refused.problem == "unknown":
            return "hidden"
        return "passed"  # the gate let it through; the arguments were refused after it
    except ServiceError:
        return "passed"  # the gate let it through; the arguments were refused after it
    if result is None or (isinstance(result, list) and not result):
        return "empty"  # passed, and found nothing to show
    return "passed"


def expected(role: Role, permission: Permission, own: bool, server: bool) -> set[str]:
    """On a server the row policies answer first: a record inside another team's case reads
    as none ("hidden": unknown; "empty": nothing found), stricter than the gate's refusal; a
    case id itself still meets the gate (blijf.case_team), as locally (docs/server-mode.md 5)."""
    if not may(role, permission):
        return {"permission"}
    if own:
        return {"passed", "empty"}
    return {"other_team", "hidden", "empty"} if server else {"other_team"}


def test_role_team_action_matrix(two_teams):
    two = two_teams
    records = vars(zuid_records(two))
    target = {"case": two.zuid_case, "client": two.zuid_client, "pleger": two.zuid_pleger}
    users = [("noord", Role.HULPVERLENER, False), ("noordleider", Role.TEAMLEIDER, False),
             ("zuid", Role.HULPVERLENER, True), ("zuidleider", Role.TEAMLEIDER, True)]
    wrong, counted = [], {}
    for name, role, own in users:
        session = two.login(name)
        try:
            for action, permission, call in ACTIONS:
                got = outcome(session, call, target, records)
                counted[got] = counted.get(got, 0) + 1
                if got not in expected(role, permission, own, session.server_mode):
                    wrong.append((name, action, got))
        finally:
            session.close()
    # The functioneel beheerder reads no case files, whatever her teams (as before).
    for action, permission, call in ACTIONS:
        got = outcome(two.admin, call, target, records)
        counted[got] = counted.get(got, 0) + 1
        if got not in expected(Role.BEHEERDER, permission, True, two.admin.server_mode):
            wrong.append(("beheerder", action, got))
    print(f"FIGURE need_to_know: {json.dumps(counted, sort_keys=True)}", flush=True)
    assert not wrong
    refused_by_team = counted.get("other_team", 0) + counted.get("hidden", 0)
    assert refused_by_team >= 20 and counted["passed"] >= 20
    assert counted["other_team"] >= 16  # the case ids still meet the gate on a server too


def test_break_the_glass_opens_that_case_only_and_only_in_that_session(two_teams):
    two = two_teams
    records = vars(zuid_records(two))
    target = {"case": two.zuid_case, "client": two.zuid_client, "pleger": two.zuid_pleger}
    zuid = two.login("zuid")
    try:  # a second case of Team Zuid, for which no glass is broken
        other_case = IntakeService(zuid).save_intake(NOORD_CLIENT, [])
    finally:
        zuid.close()
    for name, role in (("noord", Role.HULPVERLENER), ("noordleider", Role.TEAMLEIDER)):
        session = two.login(name)
        try:
            BreakGlassService(session).break_glass(
                two.zuid_case, "crisisopvang", "Zij meldt zich nu aan de balie in Noord.")
            wrong = [action for action, permission, call in ACTIONS
                     if outcome(session, call, target, records)
                     not in expected(role, permission, True, session.server_mode)]
            assert not wrong, (name, wrong)
            with pytest.raises(OtherTeamsCase):
                IntakeService(session).case(other_case)
        finally:
            session.close()
        again = two.login(name)
        try:
            with pytest.raises(OtherTeamsCase):
                IntakeService(again).case(two.zuid_case)
        finally:
            again.close()
