"""Risicotaxatie through the service: a screening per case as a new row, its history with what
changed, another level with a reason, a lower one only with a second teamleider who confirms
with her passphrase; drafts; permissions; audit rows without answers or notes."""

import json

import pytest

from blijf_desktop.domain.risk import (
    CURRENT_VERSION,
    LEVEL,
    SCREENINGS,
    Answer,
    AnswerValue,
    Level,
)
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import ApprovalFailed, InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.risk import APPROVAL_WINDOW, Approval, RiskService
from blijf_desktop.storage import audit
from blijf_desktop.storage.errors import TooManyAttempts
from tests.conftest import ADMIN_PASS, LEAD_PASS, ready_user
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.server.fixtures import trail_of
from tests.server.guards import refused_change

pytestmark = pytest.mark.engines

NOTE = "Hij wacht haar op bij de bakker, Notitie-Kanarie-7Q"
JA, NEE, ONBEKEND = AnswerValue.JA, AnswerValue.NEE, AnswerValue.ONBEKEND


def answers(**given: AnswerValue) -> dict[str, Answer]:
    """Every signal of the current version answered nee, except those given."""
    return {code: Answer(given.get(code, NEE)) for code in SCREENINGS[CURRENT_VERSION].codes}


ORANJE = answers(stalking=JA)  # one hoog signal: 3 points
ROOD = answers(doodsbedreiging=JA)


@pytest.fixture
def case_id(caseworker):
    return IntakeService(caseworker).save_intake(CLIENT, CHILDREN + PLEGERS)


@pytest.fixture
def risk(caseworker):
    return RiskService(caseworker)


def rows(session, action=None):
    return [r for r in audit.recent(trail_of(session), 1000) if action is None or r.action == action]


def test_a_screening_is_stored_with_its_version_answers_and_proposal(risk, case_id, caseworker):
    given = answers(stalking=JA, angst=ONBEKEND)
    given["stalking"] = Answer(JA, NOTE)
    screening_id = risk.record(case_id, CURRENT_VERSION, given)
    latest = risk.latest(case_id)
    assert latest.id == screening_id and latest.version == CURRENT_VERSION
    assert latest.proposed is Level.ORANJE  # stalking ja, angst onbekend: 6 points, no rule 2
    assert latest.chosen is None and latest.approver_id is None
    assert latest.answers["stalking"] == Answer(JA, NOTE)
    assert latest.author_name == "Synthetische Hulpverlener"


def test_the_level_follows_the_domain_rule(risk, case_id):
    risk.record(case_id, CURRENT_VERSION, answers())
    assert risk.latest(case_id).proposed is Level.GROEN
    risk.record(case_id, CURRENT_VERSION, ORANJE)
    assert risk.latest(case_id).proposed is Level.ORANJE


def test_every_signal_must_be_answered_and_notes_are_checked(risk, case_id):
    partial = answers()
    del partial["wapen"]
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, partial)
    assert (refused.value.field, refused.value.problem) == ("wapen", "unanswered")
    bad = answers()
    bad["angst"] = Answer(NEE, "regel\x00met NUL")
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, bad)
    assert refused.value.field == "angst"
    with pytest.raises(InvalidInput):
        risk.record(case_id, 99, answers())
    with pytest.raises(InvalidInput) as refused:
        risk.record(987654, CURRENT_VERSION, answers())
    assert refused.value.field == "case"
    assert risk.latest(case_id) is None


def test_history_is_newest_first_with_what_changed(risk, case_id):
    first = risk.record(case_id, CURRENT_VERSION, answers())
    later = answers(stalking=JA)
    later["angst"] = Answer(NEE, "Zegt zich nu veiliger te voelen.")
    second = risk.record(case_id, CURRENT_VERSION, later)
    history = risk.history(case_id)
    assert [e.screening.id for e in history] == [second, first]
    newest = {c.code: c for c in history[0].changes}
    assert (newest[LEVEL].old, newest[LEVEL].new) == ("groen", "oranje")
    assert (newest["stalking"].old, newest["stalking"].new) == ("nee", "ja")
    assert newest["angst"].note_only
    assert set(newest) == {LEVEL, "stalking", "angst"}
    assert all(c.old is None for c in history[1].changes)  # the first: nothing before it


def test_screenings_are_never_changed_in_place(risk, case_id, caseworker):
    risk.record(case_id, CURRENT_VERSION, answers())
    refused_change(caseworker, "UPDATE screenings SET proposed_level = 'rood'", "never changed")
    refused_change(caseworker, "UPDATE screening_answers SET value = 'ja'", "never changed")


# -- another level ---------------------------------------------------------------------------
def test_a_higher_level_needs_a_reason_and_keeps_both(risk, case_id):
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ORANJE, Level.ROOD, "   ")
    assert (refused.value.field, refused.value.problem) == ("reason", "reason_required")
    risk.record(case_id, CURRENT_VERSION, ORANJE, Level.ROOD, "Hij kent haar nieuwe adres.")
    latest = risk.latest(case_id)
    assert (latest.proposed, latest.chosen) == (Level.ORANJE, Level.ROOD)
    assert latest.override_reason == "Hij kent haar nieuwe adres."
    assert risk.history(case_id)[0].level is Level.ROOD


def test_choosing_the_proposed_level_is_no_override(risk, case_id):
    risk.record(case_id, CURRENT_VERSION, ORANJE, Level.ORANJE, "")
    assert risk.latest(case_id).chosen is None


def test_a_lower_level_needs_a_reason_and_a_second_user(risk, case_id, teamleider):
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "")
    assert refused.value.field == "reason"
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Wapen is ingeleverd.")
    assert refused.value.problem == "second_approver_required"
    assert risk.latest(case_id) is None


def test_a_lower_level_with_the_second_teamleider_keeps_both_users_and_reasons(
        risk, case_id, teamleider, caseworker):
    screening_id = risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE,
                               "Wapen is ingeleverd bij de politie.",
                               Approval(teamleider, LEAD_PASS, "Gesproken met wijkagent."))
    latest = risk.latest(case_id)
    assert (latest.proposed, latest.chosen) == (Level.ROOD, Level.ORANJE)
    assert latest.author_name == "Synthetische Hulpverlener"
    assert latest.approver_name == "Synthetische Teamleider"
    assert latest.approver_reason == "Gesproken met wijkagent."
    assert latest.override_reason == "Wapen is ingeleverd bij de politie."
    [row] = [r for r in rows(caseworker, "change") if r.record_type == "screening"]
    assert row.record_id == str(screening_id)
    assert json.loads(row.detail)["approver"] == latest.approver_id != caseworker.user.id


def test_the_author_cannot_confirm_her_own_lower_level(created, auth, case_id, teamleider):
    lead = auth.login(teamleider, LEAD_PASS)
    try:
        with pytest.raises(InvalidInput) as refused:
            RiskService(lead).record(case_id, CURRENT_VERSION, ROOD, Level.GROEN, "Reden.",
                                     Approval(" LEIDING ", LEAD_PASS, "Zelf gezien."))
        assert refused.value.problem == "approver_is_author"
        assert RiskService(lead).latest(case_id) is None
        assert [r.reason for r in rows(lead, "approval_failed")] == ["approver_is_author"]
    finally:
        lead.close()


def test_a_hulpverlener_cannot_confirm_a_lower_level(risk, case_id, created, auth):
    ready_user(created, auth, "collega", "Synthetische Collega", Role.HULPVERLENER,
               "Groene-Kikker-Springt-9")
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                    Approval("collega", "Groene-Kikker-Springt-9", "Akkoord."))
    assert refused.value.problem == "approver_role"
    assert risk.latest(case_id) is None


def test_a_wrong_passphrase_is_refused_audited_and_counted(risk, case_id, teamleider,
                                                           caseworker, auth):
    for name in (teamleider, "bestaat-niet"):
        with pytest.raises(ApprovalFailed):
            risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                        Approval(name, "Verkeerd-Wachtwoord-1", "Akkoord."))
    assert risk.latest(case_id) is None
    failed = rows(caseworker, "approval_failed")
    assert [r.reason for r in failed] == ["wrong_credentials", "wrong_credentials"]
    assert all(json.loads(r.detail) == {"case": case_id} for r in failed)  # no typed name
    # The same back-off as a login: locally the login window's own; on a server her session's
    # (her unlock waits on it; each guess was also a refused login at the server).
    guard = caseworker.guard if caseworker.server_mode else auth
    assert guard.wait_seconds() == 0  # two failures: no back-off yet, as with logins
    for _ in range(3):
        with pytest.raises((ApprovalFailed, TooManyAttempts)):
            risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                        Approval(teamleider, "Verkeerd-Wachtwoord-1", "Akkoord."))
    assert guard.wait_seconds() > 0
    with pytest.raises(TooManyAttempts):
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                    Approval(teamleider, LEAD_PASS, "Akkoord."))


def test_the_approver_must_give_her_own_reason(risk, case_id, teamleider):
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                    Approval(teamleider, LEAD_PASS, ""))
    assert refused.value.field == "approver_reason"


# -- drafts, permissions, audit --------------------------------------------------------------
def test_a_draft_is_kept_per_case_and_goes_when_the_screening_is_recorded(risk, case_id):
    other = IntakeService(risk.session).save_intake(CLIENT, [])
    risk.save_draft(case_id, {"answers": {"stalking": "ja"}, "notes": {"stalking": NOTE}})
    risk.save_draft(other, {"answers": {}})
    assert risk.load_draft(case_id)["notes"]["stalking"] == NOTE
    risk.record(case_id, CURRENT_VERSION, answers())
    assert risk.load_draft(case_id) is None and risk.load_draft(other) == {"answers": {}}
    risk.discard_draft(other)
    assert risk.load_draft(other) is None


def test_a_beheerder_may_not_see_or_record_screenings(created, case_id):
    admin = RiskService(created[0])
    for call in (lambda: admin.history(case_id), lambda: admin.latest(case_id),
                 lambda: admin.record(case_id, CURRENT_VERSION, answers()),
                 lambda: admin.save_draft(case_id, {})):
        with pytest.raises(PermissionDenied):
            call()


def test_a_teamleider_records_and_sees_the_hulpverleners_screening(risk, case_id, auth,
                                                                   teamleider):
    risk.record(case_id, CURRENT_VERSION, answers())
    lead = auth.login(teamleider, LEAD_PASS)
    try:
        RiskService(lead).record(case_id, CURRENT_VERSION, ORANJE)
        assert [e.screening.author_name for e in RiskService(lead).history(case_id)] == [
            "Synthetische Teamleider", "Synthetische Hulpverlener"]
    finally:
        lead.close()


def test_every_view_and_record_is_audited_with_ids_only(risk, case_id, caseworker, teamleider):
    with_note = answers(stalking=JA)
    with_note["stalking"] = Answer(JA, NOTE)
    risk.record(case_id, CURRENT_VERSION, with_note, Level.ROOD, "Reden-Kanarie-Hoger")
    risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden-Kanarie-Lager",
                Approval(teamleider, LEAD_PASS, "Reden-Kanarie-Akkoord"))
    with pytest.raises(ApprovalFailed):
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden-Kanarie-Lager",
                    Approval("Naam-Kanarie-Fout", LEAD_PASS, "Reden-Kanarie-Akkoord"))
    risk.history(case_id)
    risk.latest(case_id)
    found = rows(caseworker)
    kinds = {(r.action, r.record_type) for r in found}
    assert {("change", "screening"), ("view", "case_screenings"), ("view", "screening"),
            ("approval_failed", "case")} <= kinds
    text = json.dumps([vars(r) if hasattr(r, '__dict__') else r._asdict() for r in found],
                      ensure_ascii=False, default=str)
    for secret in ("Notitie-Kanarie", "Reden-Kanarie", "Naam-Kanarie", "stalking", LEAD_PASS,
                   "rood", "oranje", "ja"):
        assert secret not in text, secret
    assert ADMIN_PASS not in text


def test_guessing_an_approvers_passphrase_is_not_reset_by_the_authors_own_unlock(
        risk, case_id, teamleider, caseworker):
    """Found in review: the login back-off, cleared by her own unlock, was the only brake."""
    from tests.conftest import CASEWORKER_PASS

    for _round in range(2):
        for _ in range(2):
            with pytest.raises((ApprovalFailed, TooManyAttempts)):
                risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                            Approval(teamleider, "Verkeerd-Wachtwoord-1", "Akkoord."))
        caseworker.lock()
        caseworker.unlock(CASEWORKER_PASS)  # clears the login back-off, not this one
    with pytest.raises(TooManyAttempts):
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                    Approval(teamleider, LEAD_PASS, "Akkoord."))
    later = RiskService(caseworker, clock=lambda: risk.clock() + APPROVAL_WINDOW)
    assert later.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                        Approval(teamleider, LEAD_PASS, "Akkoord.")) > 0


def test_a_teamleider_with_a_one_time_passphrase_confirms_nothing(risk, case_id, created):
    """Found in review: the beheerder who set that passphrase knows it."""
    from blijf_desktop.services.accounts import AccountService

    admin = AccountService(created[0])
    admin.accept_confidentiality()
    admin.add_user("nieuwe-tl", "Synthetische Nieuwe Teamleider", Role.TEAMLEIDER,
                   "Eenmalig-Door-Beheer-7")
    with pytest.raises(ApprovalFailed):
        risk.record(case_id, CURRENT_VERSION, ROOD, Level.ORANJE, "Reden.",
                    Approval("nieuwe-tl", "Eenmalig-Door-Beheer-7", "Akkoord."))
    assert rows(risk.session, "approval_failed")[0].reason == "approver_not_ready"


def test_the_approvers_passphrase_is_not_in_its_repr():
    assert "Geheim-Wachtwoord" not in repr(Approval("tl", "Geheim-Wachtwoord-9", "Akkoord."))


# -- the level in force: a new screening never silently undoes an earlier raise -----------------
RAISE_REASON = "Hij heeft haar nieuwe adres gevonden."


def raised_by_the_teamleider(auth, teamleider, case_id) -> None:
    lead = auth.login(teamleider, LEAD_PASS)
    try:
        RiskService(lead).record(case_id, CURRENT_VERSION, ORANJE, Level.ROOD, RAISE_REASON)
    finally:
        lead.close()


def test_the_silent_drop_of_a_raised_level_is_refused(risk, case_id, auth, teamleider):
    raised_by_the_teamleider(auth, teamleider, case_id)
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ORANJE)  # same answers, no reason, nobody else
    assert (refused.value.field, refused.value.problem) == ("reason", "reason_required")
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, ORANJE, reason="Het gaat beter.")
    assert (refused.value.field, refused.value.problem) == ("approver",
                                                            "second_approver_required")
    with pytest.raises(InvalidInput) as refused:  # choosing the proposal is no way around it
        risk.record(case_id, CURRENT_VERSION, ORANJE, Level.ORANJE, "Het gaat beter.")
    assert refused.value.problem == "second_approver_required"
    with pytest.raises(InvalidInput) as refused:  # nor is choosing lower than the proposal
        risk.record(case_id, CURRENT_VERSION, ORANJE, Level.GROEN, "Het gaat beter.")
    assert refused.value.problem == "second_approver_required"
    [only] = risk.history(case_id)
    assert only.level is Level.ROOD


def test_lowering_the_level_in_force_with_a_second_teamleider_keeps_both_users_and_reasons(
        risk, case_id, auth, teamleider, caseworker):
    raised_by_the_teamleider(auth, teamleider, case_id)
    screening_id = risk.record(case_id, CURRENT_VERSION, ORANJE, reason="Pleger zit vast.",
                               approver=Approval(teamleider, LEAD_PASS, "Bevestigd door OM."))
    latest = risk.latest(case_id)
    assert latest.id == screening_id
    assert (latest.proposed, latest.chosen) == (Level.ORANJE, None)
    assert latest.override_reason == "Pleger zit vast."
    assert latest.author_name == "Synthetische Hulpverlener"
    assert latest.approver_name == "Synthetische Teamleider"
    assert latest.approver_reason == "Bevestigd door OM."
    assert risk.history(case_id)[0].level is Level.ORANJE
    [row] = [r for r in rows(caseworker, "change")
             if r.record_type == "screening" and r.record_id == str(screening_id)]
    assert json.loads(row.detail)["approver"] == latest.approver_id != caseworker.user.id
    assert "Pleger" not in row.detail and "OM" not in row.detail
    risk.record(case_id, CURRENT_VERSION, ORANJE)  # the approved level is now in force


def test_a_wrong_passphrase_for_the_level_in_force_is_refused_and_audited(
        risk, case_id, auth, teamleider, caseworker):
    raised_by_the_teamleider(auth, teamleider, case_id)
    with pytest.raises(ApprovalFailed):
        risk.record(case_id, CURRENT_VERSION, ORANJE, reason="Reden.",
                    approver=Approval(teamleider, "Verkeerd-Wachtwoord-1", "Akkoord."))
    assert [r.reason for r in rows(caseworker, "approval_failed")] == ["wrong_credentials"]
    assert len(risk.history(case_id)) == 1


def test_an_equal_or_higher_level_than_in_force_needs_nothing_extra(risk, case_id):
    risk.record(case_id, CURRENT_VERSION, ORANJE)
    risk.record(case_id, CURRENT_VERSION, ORANJE)  # equal
    risk.record(case_id, CURRENT_VERSION, ROOD)  # higher
    latest = risk.latest(case_id)
    assert latest.override_reason == "" and latest.approver_id is None
    # keeping a raised level above a lower proposal is a raise: a reason, no second user
    risk.record(case_id, CURRENT_VERSION, ORANJE, Level.ROOD, "Nog steeds erg bang.")
    assert risk.latest(case_id).chosen is Level.ROOD


def test_the_first_screening_of_a_case_has_no_level_in_force(risk, case_id):
    risk.record(case_id, CURRENT_VERSION, answers())  # groen, nothing before it
    assert risk.latest(case_id).proposed is Level.GROEN
    assert risk.latest(case_id).approver_id is None


def test_the_level_in_force_is_per_case(risk, case_id, caseworker):
    other = IntakeService(caseworker).save_intake(CLIENT, CHILDREN + PLEGERS)
    risk.record(case_id, CURRENT_VERSION, ROOD)
    risk.record(other, CURRENT_VERSION, answers())  # another case: its own first screening
    assert risk.latest(other).proposed is Level.GROEN


def test_the_level_in_force_is_checked_again_inside_the_transaction(risk, case_id, monkeypatch):
    """A screening stored by someone else while she typed: the rule holds against it too."""
    risk.record(case_id, CURRENT_VERSION, ROOD)
    real = RiskService._in_force
    calls = []

    def stale_then_real(conn, case):
        calls.append(case)
        return None if len(calls) == 1 else real(conn, case)

    monkeypatch.setattr(RiskService, "_in_force", staticmethod(stale_then_real))
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, answers())
    assert refused.value.problem == "reason_required" and len(calls) == 2
    calls.clear()
    with pytest.raises(InvalidInput) as refused:
        risk.record(case_id, CURRENT_VERSION, answers(), reason="Het gaat beter.")
    assert refused.value.problem == "second_approver_required" and len(calls) == 2
    assert len(risk.history(case_id)) == 1
