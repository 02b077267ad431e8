"""The Jaarcijfers' two wired sources (issue 21): requests of people from their register, and
destroyed cases from the register of destructions with what their destruction kept
(Mensenhandel 22.6). On a store seeded through the real services (a planned half year,
requests answered on time, late, after an extension and not at all, one case destroyed
under four eyes), each figure equals what this test counts from its own plan."""

import calendar
import random
from collections import Counter
from datetime import date, timedelta

import pytest

from blijf_desktop.demo import synthetic_case
from blijf_desktop.demo_figures import plan, record
from blijf_desktop.domain import figures as f
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.services.figures import FiguresService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.retention import RetentionService
from blijf_desktop.services.rights import RequestService
from tests.services.test_figures import inner, lead, unit_of  # noqa: F401 (a fixture)

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 20)
DUE = date(2036, 11, 21)  # ten years and a day after the case was closed (Blijf 8.1)


def month_later(day: date, months: int) -> date:
    """Counted here apart from domain/rights.py: same day, else the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# (kind, received_on, extension months, answered after how many days (None: open), outcome)
REQUESTS = [
    ("inzage", date(2026, 6, 3), 0, 20, "op_tijd"),
    ("inzage", date(2026, 7, 31), 0, 32, "te_laat"),  # 1 Sep: one day after 31 Aug
    ("bezwaar", date(2026, 8, 10), 0, None, "open"),
    ("inzage", date(2026, 9, 1), 2, 75, "op_tijd"),  # within the two extra months
    ("inzage", date(2026, 5, 12), 0, 40, "te_laat"),
    ("bezwaar", date(2026, 10, 2), 0, 10, "op_tijd"),
]


@pytest.fixture(scope="module")
def planned():
    return plan(TODAY, cases=14, months=7, seed=8)


@pytest.fixture
def seeded(lead, planned):  # noqa: F811
    case_ids = record(lead, planned, synthetic_case, random.Random(8))
    return lead, case_ids


def _register(lead, case_id, kind, received_on, extension, after):  # noqa: F811
    """Each step on its own day: the service checks its dates against its today."""
    def on(day):
        return RequestService(lead, today=lambda: day)

    person = IntakeService(lead).case(case_id).people[0].id
    request_id = on(received_on).register(person, kind, received_on, "email")
    if extension:
        on(received_on + timedelta(days=5)).extend(request_id, extension,
                                                   "Veel gegevens bij de politie.")
    if after is None:
        return
    answered = received_on + timedelta(days=after)
    service = on(answered)
    involved = service.request(request_id).request.involved
    if involved:
        service.coordinate(request_id, involved, answered - timedelta(days=2))
    if kind == "inzage":
        service.decide(request_id, "toegewezen", decided_on=answered - timedelta(days=1))
    else:
        service.decide(request_id, "afgewezen", "Bescherming van anderen.",
                       ["bescherming_anderen"], decided_on=answered - timedelta(days=1))
    service.record_answer(request_id, answered, "schriftelijk")


def test_requests_per_kind_and_outcome_equal_the_register(seeded, planned):
    lead, case_ids = seeded
    wanted = Counter()
    for n, (kind, received_on, extension, after, said) in enumerate(REQUESTS):
        index = n % len(case_ids)
        _register(lead, case_ids[index], kind, received_on, extension, after)
        deadline = month_later(received_on, 1 + extension)
        if after is None:
            outcome = "open"
        else:
            outcome = "op_tijd" if received_on + timedelta(days=after) <= deadline else "te_laat"
        assert outcome == said  # every path is tried: on time, late, extended, open
        wanted[(f"{kind}:{outcome}", unit_of(planned[index]))] += 1
    service = FiguresService(lead, today=lambda: TODAY)
    table = service.figures(date(2026, 5, 1), date(2026, 10, 31)).table("requests")
    assert table.recorded and inner(table) == wanted
    # a request received outside the period is not counted
    later = service.figures(date(2026, 10, 3), date(2026, 10, 31)).table("requests")
    assert inner(later) == Counter()


def test_a_destroyed_case_counts_through_what_its_destruction_kept(seeded, planned, created):
    lead, case_ids = seeded  # noqa: F811
    admin, _recovery = created
    index = next(i for i, c in enumerate(planned) if c.started_on and c.level)
    gone, unit = planned[index], unit_of(planned[index])
    before = FiguresService(lead, today=lambda: TODAY).figures(date(2026, 1, 1), TODAY)

    CaseClosingService(lead, today=lambda: TODAY).close_case(case_ids[index])
    proposal = RetentionService(lead, today=lambda: DUE).propose(case_ids[index])
    RetentionService(admin, today=lambda: DUE).approve(proposal)  # a second user
    RetentionService(admin, today=lambda: DUE).carry_out(proposal)

    service = FiguresService(lead, today=lambda: DUE)
    destroyed = service.figures(date(2036, 1, 1), DUE).table("destroyed")
    assert destroyed.recorded and inner(destroyed) == Counter({("2036-11", unit): 1})

    # The year of the case, wholly in the period: its counts come back from what was kept,
    # under the unit it counted under; the live tables no longer hold it.
    year = service.figures(date(2026, 1, 1), date(2026, 12, 31))
    kept = Counter({("intakes:", unit): 1, ("aware_trajecten:", unit): 1,
                    (f"screenings:{gone.level}", unit): 1,
                    (f"aware_besluiten:{gone.decision}", unit): 1,
                    (f"exchanges:{gone.unit}:in", unit): 1})
    assert inner(year.table("destroyed_counts")) == kept
    live_before = sum(inner(before.table("intakes")).values())
    assert sum(inner(year.table("intakes")).values()) == live_before - 1
    # Half a year cannot take a yearly count: nothing is guessed into it.
    half = service.figures(date(2026, 5, 1), date(2026, 10, 31)).table("destroyed_counts")
    assert half.rows == ()


def test_whole_years_are_those_the_period_covers_up_to_today():
    assert f.whole_years(date(2025, 1, 1), date(2026, 12, 31), date(2027, 3, 1)) == [2025, 2026]
    assert f.whole_years(date(2026, 1, 1), date(2026, 12, 6), date(2026, 12, 6)) == [2026]
    assert f.whole_years(date(2026, 1, 2), date(2026, 12, 31), date(2027, 1, 1)) == []
    assert f.whole_years(date(2026, 1, 1), date(2026, 12, 30), date(2027, 1, 1)) == []
