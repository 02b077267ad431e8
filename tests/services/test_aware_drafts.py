"""Drafts of AWARE step forms through the service: kept per user, traject and action in the
drafts table (encrypted with the store), handed out again while the traject allows the
action, removed when the step is recorded, when discarded, and when the traject has moved on
so that the action is no longer allowed."""

from datetime import timedelta

import pytest

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.aware import REVIEW_ACTION, AwareService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.storage import audit
from tests.conftest import ready_user
from tests.services.test_aware import (  # noqa: F401 (fixtures)
    ADVICE, CONNECT, DECISION, REQUEST, TODAY, case_id, clock, lead, receive, refused, started,
    teamleider, to_connected,
)
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

ADVICE_TEXT = "Concept-advies: veilig adres, Advies-Kanarie-4T"
OTHER_LEAD, OTHER_PASS = "leiding2", "Groene-Specht-Klopt-2026"


def advice_draft(text=ADVICE_TEXT) -> dict:
    return {"fields": {"measures": ["aware"], "advice": text, "agreements": ""}}


def received(lead, teamleider, case_id, clock):  # noqa: F811
    traject = started(lead, teamleider, case_id)
    lead.step(traject, State.INFORMATIE_GEVRAAGD, REQUEST)
    receive(teamleider, case_id, clock)
    lead.step(traject, State.INFORMATIE_ONTVANGEN)
    return traject


def draft_rows(session) -> list[tuple]:
    return session.draft_db.conn.execute(
        "SELECT user_id, kind, payload FROM drafts ORDER BY id").fetchall()


def test_a_draft_comes_back_and_recording_the_step_removes_it(
        lead, teamleider, case_id, clock):  # noqa: F811
    traject = received(lead, teamleider, case_id, clock)
    assert lead.step_draft(traject, State.ADVIES_OPGESTELD.value) is None
    lead.save_step_draft(traject, "advies_opgesteld", advice_draft())
    lead.save_step_draft(traject, "advies_opgesteld", advice_draft(ADVICE_TEXT + " (later)"))
    draft = lead.step_draft(traject, "advies_opgesteld")
    assert draft.payload == advice_draft(ADVICE_TEXT + " (later)")  # one draft, the newest
    assert draft.action == "advies_opgesteld" and draft.saved_at
    [(user_id, kind, payload)] = draft_rows(teamleider)
    assert (user_id, kind) == (teamleider.user.id, f"aware:{traject}:advies_opgesteld")
    assert lead.step_drafts(traject) == {"advies_opgesteld": draft}
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    assert lead.step_draft(traject, "advies_opgesteld") is None and draft_rows(teamleider) == []


def test_a_review_draft_goes_with_the_review(lead, teamleider, case_id, clock):  # noqa: F811
    traject = to_connected(lead, teamleider, case_id, clock)
    clock.day = TODAY + timedelta(weeks=3)
    lead.save_step_draft(traject, REVIEW_ACTION, {"fields": {"incidents": "Belde twee keer."}})
    lead.save_step_draft(traject, "beeindigd", {"fields": {"reason": "Verhuisd."}})
    lead.review(traject, {"reviewed_on": clock.day, "contact": True, "still_needed": True})
    assert lead.step_draft(traject, REVIEW_ACTION) is None
    assert lead.step_draft(traject, "beeindigd").payload == {"fields": {"reason": "Verhuisd."}}


def test_discarding_removes_only_that_draft(lead, teamleider, case_id, clock):  # noqa: F811
    traject = to_connected(lead, teamleider, case_id, clock)
    lead.save_step_draft(traject, REVIEW_ACTION, {"fields": {"note": "Evaluatie."}})
    lead.save_step_draft(traject, "beeindigd", {"fields": {"reason": "Verhuisd."}})
    lead.discard_step_draft(traject, REVIEW_ACTION)
    assert set(lead.step_drafts(traject)) == {"beeindigd"}


def test_a_draft_is_per_user_and_per_traject(lead, teamleider, created, auth, case_id,  # noqa: F811
                                             clock):
    traject = received(lead, teamleider, case_id, clock)
    other_traject = received(lead, teamleider, case_id, clock)
    lead.save_step_draft(traject, "advies_opgesteld", advice_draft())
    assert lead.step_draft(other_traject, "advies_opgesteld") is None
    ready_user(created, auth, OTHER_LEAD, "Synthetische Collega", Role.TEAMLEIDER, OTHER_PASS)
    colleague_session = auth.login(OTHER_LEAD, OTHER_PASS)
    try:
        colleague = AwareService(colleague_session, today=clock)
        assert colleague.step_draft(traject, "advies_opgesteld") is None
        assert colleague.step_drafts(traject) == {}
        colleague.save_step_draft(traject, "advies_opgesteld", advice_draft("Haar eigen tekst."))
        colleague.discard_step_draft(traject, "advies_opgesteld")
    finally:
        colleague_session.close()
    assert lead.step_draft(traject, "advies_opgesteld").payload == advice_draft()


def test_a_draft_for_an_action_no_longer_allowed_is_not_handed_out_and_is_removed(
        lead, teamleider, case_id, clock):  # noqa: F811
    traject = received(lead, teamleider, case_id, clock)
    lead.step(traject, State.ADVIES_OPGESTELD, ADVICE)
    lead.save_step_draft(traject, "afgewezen", {"fields": {"reasons": "Geen dreiging."}})
    lead.save_step_draft(traject, "toegekend", {"fields": {"reasons": "Hoog risico."}})
    lead.step(traject, State.TOEGEKEND, DECISION)  # afgewezen is no longer possible
    assert set(lead.step_drafts(traject)) == set()  # toegekend went with the step
    assert draft_rows(teamleider) == []
    lead.save_step_draft(traject, "aangesloten",
                         {"fields": {"device": "AW-1"}})
    lead.step(traject, State.BEEINDIGD, {"reason": "Verhuisd.", "handover": "wijkteam",
                                         "handover_on": TODAY})
    assert lead.step_draft(traject, "aangesloten") is None  # ended: not handed out, removed
    assert draft_rows(teamleider) == []


def test_a_draft_is_refused_for_an_action_the_traject_does_not_allow_or_that_does_not_exist(
        lead, teamleider, case_id, clock):  # noqa: F811
    traject = started(lead, teamleider, case_id)
    refused(lambda: lead.save_step_draft(traject, "toegekend", advice_draft()), "state",
            "eerst_informatie_vragen")
    refused(lambda: lead.save_step_draft(traject, REVIEW_ACTION, {}), "state",
            "eerst_aansluiten")
    for action in ("concept", "start", "", None, ["advies_opgesteld"]):
        refused(lambda a=action: lead.save_step_draft(traject, a, {}), "state", "unknown")
    refused(lambda: lead.save_step_draft(traject, "informatie_gevraagd", "tekst"), "draft",
            "invalid")
    refused(lambda: lead.save_step_draft(traject + 99, "informatie_gevraagd", {}), "traject",
            "unknown")
    assert draft_rows(teamleider) == []


def test_a_hulpverlener_keeps_no_aware_drafts_and_no_draft_is_audited(
        lead, teamleider, caseworker, case_id, clock):  # noqa: F811
    traject = received(lead, teamleider, case_id, clock)
    worker = AwareService(caseworker, today=clock)
    for call in (lambda: worker.save_step_draft(traject, "advies_opgesteld", advice_draft()),
                 lambda: worker.step_draft(traject, "advies_opgesteld"),
                 lambda: worker.discard_step_draft(traject, "advies_opgesteld")):
        with pytest.raises(PermissionDenied):
            call()
    assert worker.step_drafts(traject) == {}  # she sees the traject, without drafts
    before = len(audit.recent(trail_of(teamleider), 10_000))
    lead.save_step_draft(traject, "advies_opgesteld", advice_draft())
    lead.step_draft(traject, "advies_opgesteld")
    rows = audit.recent(trail_of(teamleider), 10_000)
    assert len(rows) == before  # keeping a draft is not an event; its text is in no row
    assert not any(ADVICE_TEXT in (r.detail or "") for r in rows)
