"""Retention ends per rule, with the clock passed in (issue 20): ten years after closing
(Blijf 8.1), the signal data's five years after the chain file closed (Mensenhandel 22.5),
at once when removed at the source (22.2), the shorter winning; the backups' rotation."""

from datetime import date

import pytest

from blijf_desktop.domain.backups import DEFAULT_KEEP_DAYS, holding_backups_gone_by
from blijf_desktop.domain.destruction import DestructionState as S, may_move, reason_problem
from blijf_desktop.domain.retention import (
    RULES,
    CaseDates,
    DataKind,
    case_end,
    retention_ends,
    signal_end,
    status,
)


def test_every_rule_names_its_article():
    assert RULES[DataKind.SAMENWERKING].article.startswith("Blijf 8.1")
    assert "22.5" in RULES[DataKind.SIGNAAL].article and "22.2" in RULES[DataKind.SIGNAAL].article
    assert RULES[DataKind.STATISTIEK].years is None


def test_ten_years_after_closing_and_the_clock_only_runs_when_closed():
    assert case_end(CaseDates()).ends_on is None
    assert case_end(CaseDates(closed_on=date(2026, 3, 12))).ends_on == date(2036, 3, 12)
    assert case_end(CaseDates(closed_on=date(2028, 2, 29))).ends_on == date(2038, 2, 28)


def test_signal_data_the_shorter_wins():
    closed = date(2026, 1, 10)
    only_case = signal_end(CaseDates(closed_on=closed, has_signal_data=True))
    assert (only_case.ends_on, only_case.because) == (date(2036, 1, 10), "termijn")
    chain = signal_end(CaseDates(closed_on=closed, chain_file_closed_on=date(2026, 6, 1)))
    assert (chain.ends_on, chain.because) == (date(2031, 6, 1), "ketendossier")
    removed = signal_end(CaseDates(closed_on=closed, chain_file_closed_on=date(2026, 6, 1),
                                   source_removed_on=date(2027, 2, 3)))
    assert (removed.ends_on, removed.because, removed.article) == (
        date(2027, 2, 3), "bron_verwijderd", "Mensenhandel 22.2")
    # A chain file closed while the case is still open: its five years run anyway.
    assert signal_end(CaseDates(chain_file_closed_on=date(2026, 6, 1))).ends_on == date(2031, 6, 1)
    assert signal_end(CaseDates()).ends_on is None


def test_a_case_without_signal_data_has_one_end():
    assert [e.kind for e in retention_ends(CaseDates(closed_on=date(2026, 1, 1)))] == [
        DataKind.SAMENWERKING]
    assert [e.kind for e in retention_ends(CaseDates(date(2026, 1, 1), has_signal_data=True))] \
        == [DataKind.SAMENWERKING, DataKind.SIGNAAL]


@pytest.mark.parametrize("today, expected", [
    (date(2036, 3, 12), "verlopen"), (date(2036, 3, 11), "binnenkort"),
    (date(2035, 12, 13), "binnenkort"), (date(2035, 12, 12), "lopend")])
def test_status_with_an_injected_today(today, expected):
    end = case_end(CaseDates(closed_on=date(2026, 3, 12)))
    assert status(end, today) == expected


def test_four_eyes_states_only_move_forward():
    assert may_move(S.VOORGESTELD, S.BEOORDEELD) and may_move(S.VOORGESTELD, S.TERUGGEZET)
    assert may_move(S.BEOORDEELD, S.VERNIETIGD)
    assert not may_move(S.VOORGESTELD, S.VERNIETIGD)  # never without a review
    assert not may_move(S.TERUGGEZET, S.BEOORDEELD) and not may_move(S.VERNIETIGD, S.VOORGESTELD)
    assert reason_problem(" ") == "reason_required" and reason_problem("", False) is None
    assert reason_problem("a\u202eb") == "invalid" and reason_problem("x" * 1001) == "too_long"


def test_destroyed_data_leaves_the_backups_after_the_rotation():
    assert DEFAULT_KEEP_DAYS == 14
    assert holding_backups_gone_by(date(2026, 12, 20), 14) == date(2027, 1, 3)
    with pytest.raises(ValueError):
        holding_backups_gone_by(date(2026, 12, 20), 0)
