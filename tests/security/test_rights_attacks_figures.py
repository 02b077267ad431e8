"""Adversarial review of the yearly figures' small-cell suppression (issue 21): what two
exports of overlapping periods, or of two units, give back."""

import random
from datetime import date

import pytest

from blijf_desktop.demo import synthetic_case
from blijf_desktop.demo_figures import recorded_at
from blijf_desktop.domain import figures as f
from blijf_desktop.services.figures import FiguresService
from blijf_desktop.services.intake import IntakeService
from tests.services.test_figures import lead  # noqa: F401 (fixture)

pytestmark = pytest.mark.engines

TODAY = date(2026, 4, 15)


def _intakes(session, day: date, n: int, rng) -> None:
    for _ in range(n):
        with recorded_at(day):
            IntakeService(session, today=lambda: day).save_intake(*synthetic_case(rng, day))


def _shown(service, start: date, end: date, unit=None) -> str:
    return service.figures(start, end, unit).table("intakes").shown("2026-03", f.NO_UNIT)


@pytest.fixture
def march(lead):  # noqa: F811
    rng = random.Random(20)
    _intakes(lead, date(2026, 3, 10), 6, rng)
    _intakes(lead, date(2026, 3, 20), 1, rng)  # the one intake the attacker is after
    return FiguresService(lead, today=lambda: TODAY)


def test_two_units_give_nothing_back_a_whole_table_hides(march):
    """A unit's export is a column of the same suppressed table: the same marks."""
    whole = march.figures(date(2026, 3, 1), date(2026, 3, 31))
    for unit in f.UNIT_COLUMNS:
        one = march.figures(date(2026, 3, 1), date(2026, 3, 31), unit)
        for table, same in zip(whole.tables, one.tables):
            assert table.marks == same.marks and table.values == same.values


def test_two_overlapping_periods_do_not_give_a_small_count_back(march):
    """Periods are free to the day, so the first to the 31st minus the first to the 19th is
    what happened from the 20th: here one intake. Decided (domain/suppression.py, AVG art.
    89(1); Mensenhandel 19, 22.6; Blijf 12): every shown count is rounded to a multiple of 5,
    so a difference of two exports is never 1 to 4, in the tables nor in the charts."""
    whole = _shown(march, date(2026, 3, 1), date(2026, 3, 31))
    before = _shown(march, date(2026, 3, 1), date(2026, 3, 19))
    assert (whole, before) != ("<5", "<5")  # both shown: the attack is live
    assert whole.isdigit() and before.isdigit()
    assert not 1 <= int(whole) - int(before) <= 4, "one day's intakes worked back"
    drawn = [march.figures(date(2026, 3, 1), end).table("intakes").plotted("2026-03", f.TOTAL)
             for end in (date(2026, 3, 31), date(2026, 3, 19))]
    assert all(n is not None and n % 5 == 0 for n in drawn) and drawn[0] - drawn[1] == 0
