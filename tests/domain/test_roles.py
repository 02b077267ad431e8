"""The roles table for AWARE and the exchanges (issue 17), read against DOMAIN.md "Who uses it"
and Blijf 6.1 (only designated staff exchange data with the police)."""

import pytest

from blijf_desktop.domain.roles import ROLE_PERMISSIONS, Permission as P, Role, may

TEAMLEIDER_ONLY = (P.AWARE_REQUEST, P.RECORD_POLICE_INFO, P.AWARE_DECIDE, P.VIEW_EXCHANGES,
                   P.DISCLOSE, P.MANAGE_CONSENT, P.VERIFY_CONSENT)


@pytest.mark.parametrize("permission", TEAMLEIDER_ONLY)
def test_requests_police_data_decisions_and_the_register_are_for_the_teamleider_only(permission):
    assert [role for role in Role if may(role, permission)] == [Role.TEAMLEIDER]


def test_the_caseworker_sees_the_traject_and_records_a_screening():
    assert may(Role.HULPVERLENER, P.VIEW_AWARE) and may(Role.HULPVERLENER, P.RECORD_SCREENING)
    assert may(Role.TEAMLEIDER, P.VIEW_AWARE) and may(Role.TEAMLEIDER, P.RECORD_SCREENING)


def test_the_caseworker_writes_a_trafficking_signal_but_gives_nothing_out():
    assert may(Role.HULPVERLENER, P.RECORD_SIGNAL) and may(Role.HULPVERLENER, P.VIEW_SHARING)
    assert not may(Role.HULPVERLENER, P.DISCLOSE)


def test_the_functioneel_beheerder_gets_no_case_work():
    case_work = {P.VIEW_PERSONS, P.EDIT_PERSONS, P.VIEW_AWARE, P.RECORD_SCREENING,
                 P.RECORD_SIGNAL, P.VIEW_SHARING, *TEAMLEIDER_ONLY}
    assert ROLE_PERMISSIONS[Role.BEHEERDER] & case_work == set()


def test_every_permission_belongs_to_some_role():
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert set(P) - granted == set()
