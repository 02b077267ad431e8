"""Listings leave a trace (issue 22; Blijf 6.1, 9.1): each page of search results or client
list shown writes one audit row with the count and the person ids, never the query text nor a
name; a narrowing search typed letter by letter adds no row per keystroke; more persons
listed or opened by one user in the period than the threshold is signalled to the
functioneel beheerder, and to no other role."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services import listing_trace
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.break_ins import BreakInService
from blijf_desktop.services.errors import PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService
from blijf_desktop.services.settings import Outcome, SettingsService
from blijf_desktop.storage import audit
from blijf_desktop.ui.incidents.break_ins import login_notice
from tests.conftest import ADMIN, ADMIN_PASS
from tests.server.fixtures import trail_of
from tests.services.test_exchanges import TODAY, lead, record_for_pleger  # noqa: F401 (lead)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

pytestmark = pytest.mark.engines

NAMES = ["Ayşe", "Öztürk", "Kanarie", "Emre", "Elif", "Mehmet", "Çelik", "Kees", "Vries"]


def listing_rows(session):
    return [json.loads(r.detail) for r in reversed(audit.recent(trail_of(session), 10_000))
            if r.action == "list_shown"]


def trail_text(session) -> str:
    return json.dumps([r.__dict__ for r in audit.recent(trail_of(session), 10_000)],
                      ensure_ascii=False)


@pytest.fixture
def intake(caseworker):
    intake = IntakeService(caseworker, today=lambda: date(2026, 11, 23))
    intake.save_intake(CLIENT, CHILDREN + PLEGERS)
    return intake


def later(monkeypatch, seconds: float) -> None:
    """The service's clock a while on (the audit rows keep their real times)."""
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    monkeypatch.setattr(listing_trace, "_now", lambda: moment)


def test_a_search_page_writes_one_row_with_ids_and_count_and_no_query_text(intake, caseworker):
    hits = intake.search("Kanarie")
    assert len(hits) == 3
    (row,) = listing_rows(caseworker)
    assert row == {"list": "search", "count": 3, "offset": 0,
                   "persons": [h.person_id for h in hits]}
    assert not [name for name in NAMES if name in trail_text(caseworker)]


def test_each_client_list_page_writes_one_row(intake, caseworker):
    for _ in range(2):
        intake.save_intake(PersonData(Category.CLIENT, first_names="Lijst", last_name="Cliënt"), [])
    first, second = intake.find("", 0, 2), intake.recent_clients(2, 2)
    assert (len(first), len(second)) == (2, 1)
    assert [(r["list"], r["count"], r["persons"], r["offset"]) for r in listing_rows(caseworker)] == [
        ("clients", 2, [h.person_id for h in first], 0),
        ("clients", 1, [h.person_id for h in second], 2)]


def test_typing_letter_by_letter_adds_a_row_only_for_someone_new_or_after_a_pause(
        intake, caseworker, monkeypatch):
    typed = "Öztürk-Kanarie"
    for end in range(1, len(typed) + 1):
        intake.find(typed[:end])
    assert len(listing_rows(caseworker)) == 1  # each page narrowed the one before
    intake.find("Elif Öztürk")  # a subset too, within the moment: no one new shown
    intake.find("zzz-niemand")  # an empty page shows no one
    assert len(listing_rows(caseworker)) == 1
    intake.find("Kees")  # someone not shown before
    assert [r["count"] for r in listing_rows(caseworker)] == [3, 1]
    later(monkeypatch, listing_trace.listing.REPEAT_SECONDS + 1)
    intake.find("Öztürk")  # a page seen before, after a pause: shown again, recorded again
    assert len(listing_rows(caseworker)) == 3


def test_the_rights_person_finder_leaves_the_same_trace(lead):  # noqa: F811
    intake = IntakeService(lead)
    intake.save_intake(CLIENT, CHILDREN + PLEGERS)
    found = RequestService(lead).find_person("Ayşe")
    assert listing_rows(lead)[-1] == {"list": "rights_person", "count": 1, "offset": 0,
                                      "persons": [c.hit.person_id for c in found]}
    assert "Ayşe" not in trail_text(lead)


def set_threshold(created, code, value) -> None:
    assert SettingsService(created[0]).change(code, value) is Outcome.APPLIED  # stronger


def volume_rows(session):
    return [r for r in audit.recent(trail_of(session), 10_000) if r.action == "volume_unusual"]


def test_opening_more_than_the_threshold_signals_the_beheerder_only(
        intake, caseworker, created, auth):
    set_threshold(created, rules.VOLUME_OPENED, 5)
    case_id = intake.find("")[0].case_id
    people = intake.case(case_id).people  # one case opened
    for person in people[:4]:
        intake.person(person.id)  # 5 opened: the threshold itself is usual
    assert volume_rows(caseworker) == []
    intake.person(people[4].id)
    intake.person(people[4].id)  # the same person again is not another one
    (row,) = volume_rows(caseworker)
    assert (row.user_id, json.loads(row.detail)["opened"]) == (caseworker.user.id, 6)
    with pytest.raises(PermissionDenied):
        BreakInService(caseworker).last_days(1)
    assert login_notice(caseworker) is None
    created[0].close()
    admin = auth.login(ADMIN, ADMIN_PASS)
    try:
        found = BreakInService(admin).last_days(1)
        (volume,) = [s for s in found.signals if s.kind == "volume"]
        assert (volume.count, volume.users) == (1, {caseworker.user.id: 1})
        text, _advice = login_notice(admin)
        assert "ongewoon aantal personen" in text and f"account {caseworker.user.id}" in text
    finally:
        admin.close()


def test_listing_more_than_the_threshold_is_signalled_once_per_period(intake, caseworker, created):
    set_threshold(created, rules.VOLUME_LISTED, 20)
    kinderen = [PersonData(Category.CHILD, first_names=f"Kind{i}", last_name="Lijstkanarie",
                           relation="kind") for i in range(9)]
    for _ in range(2):
        intake.save_intake(PersonData(Category.CLIENT, first_names="Moeder",
                                      last_name="Lijstkanarie"), kinderen)
    intake.find("Lijstkanarie", 0, 15)
    assert volume_rows(caseworker) == []
    intake.find("Lijstkanarie", 15, 15)  # 20 different persons: still usual
    intake.find("Öztürk")  # 3 more (the first case): 23
    (row,) = volume_rows(caseworker)
    assert json.loads(row.detail)["listed"] == 23
    intake.find("Lijstkanarie", 0, 3)  # no second signal in the same period
    assert len(volume_rows(caseworker)) == 1
    assert not [name for name in NAMES + ["Lijstkanarie", "Moeder"]
                if name in trail_text(caseworker)]


def test_a_higher_threshold_or_a_shorter_period_waits_for_a_second_user(created):
    AccountService(created[0]).accept_confidentiality()
    settings = SettingsService(created[0])
    assert settings.change(rules.VOLUME_LISTED, 1000) is Outcome.PENDING
    assert settings.change(rules.VOLUME_OPENED, 100) is Outcome.PENDING
    assert settings.change(rules.VOLUME_PERIOD, 30) is Outcome.PENDING
    assert settings.change(rules.VOLUME_PERIOD, 120) is Outcome.APPLIED
    assert listing_trace.volume_rule(created[0].db.conn) == listing_trace.listing.Volume(
        120, 300, 40)


def test_the_exchange_register_records_the_persons_its_rows_name(lead):  # noqa: F811
    service = ExchangeService(lead, today=lambda: TODAY)
    intake = IntakeService(lead, today=lambda: TODAY)
    case = intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))
    record_for_pleger(service, case)
    pleger = next(p for p in case.people if p.data.category is Category.PLEGER)
    service.register(person="Mehmet")
    assert listing_rows(lead)[-1] == {"list": "exchange_register", "count": 1, "offset": 0,
                                      "persons": [pleger.id]}
    assert "Mehmet" not in trail_text(lead)
