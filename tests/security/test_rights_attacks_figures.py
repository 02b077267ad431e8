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


@pytest.mark.xfail(strict=True, reason=(
    "documented limit (domain/suppression.py): periods are free to the day, so two periods "
    "one day apart subtract to the count of that day, a single intake included; the audit "
    "trail records both periods. Whole months or quarters only, or rounding (CBS), would "
    "close it: a decision for the privacy officer"))
def test_two_overlapping_periods_do_not_give_a_small_count_back(march):
    whole = _shown(march, date(2026, 3, 1), date(2026, 3, 31))
    before = _shown(march, date(2026, 3, 1), date(2026, 3, 19))
    assert (whole, before) != ("<5", "<5")  # both shown: the attack is live
    if whole.isdigit() and before.isdigit():
        assert not 1 <= int(whole) - int(before) <= 4, "one day's intakes worked back"
