"""Small-cell suppression (issue 21): no count from 1 to 4 is shown, and no hidden cell can be
worked back from what is shown — checked by an exact attacker written apart from the code
(tests/domain/recompute.py), on hand-picked tables and on tables hypothesis makes up."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from blijf_desktop.domain.suppression import (
    Grid, Mark, disclosed, marks, text,
)
from tests.domain.recompute import recomputable


def protect(inner, row_totals=True, column_totals=True):
    grid = Grid(len(inner), len(inner[0]), row_totals, column_totals)
    values = grid.flatten(inner)
    equations = grid.equations()
    found = marks(grid, values)
    shown = [text(v, m) for v, m in zip(values, found)]
    return grid, values, equations, found, shown


def assert_safe(values, equations, found, shown):
    withheld = all(mark is Mark.WITHHELD for mark in found)
    for value, mark, written in zip(values, found, shown):
        if 1 <= value <= 4 and not withheld:
            assert mark is Mark.SMALL and written == "<5"
        if mark is Mark.HIDDEN:
            assert value >= 5, "a secondary cell hides no zero and no small count"
    cap = max(values) + 12
    assert recomputable(shown, equations, cap) == set(), shown


# -- by hand ------------------------------------------------------------------------------------
def test_four_ones_and_their_total_of_four_are_withheld_whole():
    """Found by hypothesis: every cell "<5" and the total "<5" still gave each cell back
    ("<5" is never 0, so four of them adding up to at most 4 are 1 each)."""
    _g, values, eqs, found, shown = protect([[1, 1, 1, 1]])
    assert set(shown) == {"."}
    assert_safe(values, eqs, found, shown)


def test_a_table_without_small_counts_is_shown_whole():
    _g, values, eqs, found, shown = protect([[5, 7], [9, 12]])
    assert set(found) == {Mark.SHOWN}
    assert shown == [str(v) for v in values]


def test_zeros_are_shown_and_never_hidden():
    _g, _values, _eqs, found, shown = protect([[0, 7], [9, 0]])
    assert set(found) == {Mark.SHOWN}


def test_a_single_small_cell_in_a_row_takes_a_second_cell_with_it():
    grid, values, eqs, found, shown = protect([[3, 8, 6], [7, 9, 10]])
    assert shown[grid.cell(0, 0)] == "<5"
    row = [found[grid.cell(0, c)] for c in range(3)]
    column = [found[grid.cell(r, 0)] for r in range(2)]
    assert row.count(Mark.SHOWN) < 3 - 1 or Mark.HIDDEN in row  # a second cell in its row
    assert Mark.HIDDEN in column or Mark.SMALL in column[1:]  # and in its column
    assert_safe(values, eqs, found, shown)


def test_the_smallest_fitting_cell_is_hidden_second():
    grid, values, eqs, found, shown = protect([[2, 50, 6], [40, 30, 9]])
    assert shown[grid.cell(0, 2)] == "x"  # 6, not 50
    assert shown[grid.cell(1, 0)] != "40" or shown[grid.cell(1, 2)] == "x"
    assert_safe(values, eqs, found, shown)


def test_a_table_of_one_row():
    grid, values, eqs, found, shown = protect([[3, 9, 12]])
    assert shown[grid.cell(0, 0)] == "<5"
    assert_safe(values, eqs, found, shown)


def test_one_row_whose_only_count_is_small():
    grid, values, eqs, found, shown = protect([[0, 3, 0]])
    assert shown.count("<5") == 4  # the cell, its row total, its column total and the total
    assert shown.count("0") == 4
    assert_safe(values, eqs, found, shown)


def test_a_small_total_is_suppressed_too():
    grid, values, eqs, found, shown = protect([[1, 2], [0, 0]])
    assert shown[grid.row_total(0)] == "<5"
    assert_safe(values, eqs, found, shown)


def test_bounds_are_used_a_small_cell_beside_a_hidden_five():
    """1 + x = 6 with x >= 5 pins both; 3 + x = 8 does not: the module's attacker must use
    what "<5" and "x" say, not only count hidden cells."""
    grid = Grid(1, 2, row_totals=True, column_totals=False)
    assert disclosed(grid, [1, 5, 6], {0, 1}) == {0, 1}
    assert disclosed(grid, [3, 5, 8], {0, 1}) == set()


def test_bounds_combined_over_rows_and_columns():
    """Found by a random search against an exact attacker: here a cell is pinned only by
    combining several rows, columns and the bounds of "<5"."""
    _g, values, eqs, found, shown = protect([[3, 0, 4], [3, 0, 1], [0, 4, 0], [4, 1, 0]])
    assert_safe(values, eqs, found, shown)


def test_a_table_with_only_a_totaal_column():
    grid, values, eqs, found, shown = protect([[3, 9], [6, 8], [2, 0]], column_totals=False)
    assert_safe(values, eqs, found, shown)


def test_every_small_table_exhaustively():
    """Every 2x2 table with counts from {0, 2, 5, 9}: 256 tables."""
    for cells in itertools.product((0, 2, 5, 9), repeat=4):
        inner = [list(cells[:2]), list(cells[2:])]
        _g, values, eqs, found, shown = protect(inner)
        assert_safe(values, eqs, found, shown)


def test_impossible_input_is_refused():
    grid = Grid(1, 2, row_totals=True, column_totals=False)
    with pytest.raises(ValueError):
        marks(grid, [1, 2, 4])
    with pytest.raises(ValueError):
        marks(grid, [-1, 2, 1])


# -- made up ------------------------------------------------------------------------------------
counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 14))


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 3))
    columns = draw(st.integers(1, 4))
    inner = [[draw(counts) for _ in range(columns)] for _ in range(rows)]
    return inner, draw(st.booleans()), draw(st.booleans()) or rows == 1


# Derandomised: the attacker's search is exhaustive and a rare table (many withheld cells)
# made one run search for over 20 minutes; the same 250 tables each run keep the suite's time
# bounded (and what they cover is reviewed once, not re-drawn on every CI run).
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(tables())
def test_no_made_up_table_gives_a_hidden_cell_back(table):
    inner, row_totals, column_totals = table
    _g, values, eqs, found, shown = protect(inner, row_totals, column_totals)
    assert_safe(values, eqs, found, shown)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tables())
def test_the_same_table_is_always_suppressed_the_same_way(table):
    inner, row_totals, column_totals = table
    assert protect(inner, row_totals, column_totals)[3] == protect(
        inner, row_totals, column_totals)[3]
