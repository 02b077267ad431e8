"""The breach rules (domain/incidents.py) with a given clock: the 72-hour deadline of AVG art.
33(1) to the minute, the phases of 33(4), and what closing needs."""

from datetime import datetime, timedelta, timezone

from blijf_desktop.domain import incidents as r
from blijf_desktop.domain.incidents import ClockState, Notification, Phase, Recipient, Risk

FOUND = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
H = timedelta(hours=1)


def ap(at, phase=Phase.VOLLEDIG, reason=""):
    return Notification(Recipient.AP, at, phase, reason)


def test_every_rule_names_its_article():
    assert all(rule.source and rule.text for rule in r.RULES)
    assert r.RULE_SOURCES["ap_within_72h"] == "AVG art. 33(1)"
    assert r.RULE_SOURCES["partners_at_once"] == "Convenant Blijf art. 9.3"


def test_the_deadline_is_72_hours_after_the_finding_and_exactly_72_is_in_time():
    assert r.deadline(FOUND) == FOUND + 72 * H
    assert not r.is_late(FOUND, FOUND + 72 * H)
    assert r.is_late(FOUND, FOUND + 72 * H + timedelta(seconds=1))


def test_the_clock_runs_until_the_deadline_and_counts_past_it():
    running = r.ap_clock(FOUND, None, [], FOUND + 67 * H)
    assert (running.state, running.minutes, running.urgent) == (ClockState.RUNNING, 5 * 60, True)
    assert not r.ap_clock(FOUND, Risk.RISICO, [], FOUND + 47 * H).urgent  # 25 hours left
    exactly = r.ap_clock(FOUND, Risk.HOOG, [], FOUND + 72 * H)
    assert (exactly.state, exactly.minutes) == (ClockState.RUNNING, 0)
    late = r.ap_clock(FOUND, Risk.RISICO, [], FOUND + 95 * H)
    assert (late.state, late.minutes) == (ClockState.OVERDUE, 23 * 60)


def test_the_clock_stops_at_the_first_notification_and_not_at_an_aanvulling():
    made = [ap(FOUND + 10 * H, Phase.VOORLOPIG), ap(FOUND + 100 * H, Phase.AANVULLING)]
    clock = r.ap_clock(FOUND, Risk.RISICO, made, FOUND + 200 * H)
    assert (clock.state, clock.minutes) == (ClockState.ON_TIME, 10 * 60)
    late = r.ap_clock(FOUND, Risk.RISICO, [ap(FOUND + 80 * H, reason="Weekend.")], FOUND + 90 * H)
    assert (late.state, late.minutes) == (ClockState.LATE, 80 * 60)


def test_no_risk_needs_no_notification_and_an_unjudged_risk_keeps_the_clock_running():
    assert r.ap_clock(FOUND, Risk.GEEN, [], FOUND + 100 * H).state is ClockState.NOT_NEEDED
    assert r.ap_clock(FOUND, None, [], FOUND + 100 * H).state is ClockState.OVERDUE
    assert (r.ap_required(Risk.GEEN), r.ap_required(Risk.RISICO), r.ap_required(None)) == (
        False, True, None)
    assert r.people_required(Risk.HOOG) and not r.people_required(Risk.RISICO)


def test_notifications_refused_before_the_finding_in_the_future_or_late_without_reason():
    now = FOUND + 100 * H
    check = r.notification_problems
    assert check(FOUND, ap(FOUND - H), [], now) == {"at": "before_found"}
    assert check(FOUND, ap(now + H), [], now) == {"at": "future"}
    assert check(FOUND, ap(FOUND + 73 * H), [], now) == {"late_reason": "required"}
    assert check(FOUND, ap(FOUND + 73 * H, reason="Pas later bekend."), [], now) == {}
    assert check(FOUND, ap(FOUND + 72 * H), [], now) == {}
    partners = Notification(Recipient.PARTNERS, FOUND + H, Phase.VOLLEDIG)
    assert check(FOUND, partners, [], now) == {"phase": "ap_only"}


def test_phases_an_aanvulling_needs_a_voorlopige_melding_and_needs_no_reason_after_72_hours():
    now = FOUND + 300 * H
    check = r.notification_problems
    first = ap(FOUND + 20 * H, Phase.VOORLOPIG)
    assert check(FOUND, ap(FOUND + 90 * H, Phase.AANVULLING), [], now) == {"phase": "no_first"}
    assert check(FOUND, ap(FOUND + 90 * H, Phase.AANVULLING), [first], now) == {}
    assert check(FOUND, ap(FOUND + 90 * H, Phase.VOORLOPIG), [first], now) == {
        "phase": "already_notified"}
    final = ap(FOUND + 200 * H, Phase.DEFINITIEF)
    assert check(FOUND, final, [first], now) == {}
    assert check(FOUND, ap(FOUND + 250 * H, Phase.AANVULLING), [first, final], now) == {
        "phase": "already_final"}


def test_closing_needs_each_decision():
    assert r.closure_problems(None, "", frozenset(), "", []) == {
        "risk": "required", "data_kinds": "required", "measures": "required",
        "partners": "required"}
    partners = Notification(Recipient.PARTNERS, FOUND + H)
    kinds = frozenset({"naw"})
    assert r.closure_problems(Risk.GEEN, "Wachtwoord vervangen.", kinds, "", [partners]) == {}
    assert r.closure_problems(Risk.RISICO, "M.", kinds, "", [partners]) == {"ap": "required"}
    phased = [partners, ap(FOUND + 2 * H, Phase.VOORLOPIG)]
    assert r.closure_problems(Risk.RISICO, "M.", kinds, "", phased) == {"ap": "required"}
    done = phased + [ap(FOUND + 90 * H, Phase.DEFINITIEF)]
    assert r.closure_problems(Risk.RISICO, "M.", kinds, "", done) == {}
    assert r.closure_problems(Risk.HOOG, "M.", kinds, "", done) == {"people": "required"}
    assert r.closure_problems(Risk.HOOG, "M.", kinds, "Versleuteld, art. 34(3)(a).", done) == {}
    told = done + [Notification(Recipient.BETROKKENEN, FOUND + 5 * H)]
    assert r.closure_problems(Risk.HOOG, "M.", kinds, "", told) == {}
