"""Small-cell suppression of count tables (issue 21; Mensenhandel 22.6: figures kept for
statistics must not be traceable to persons; Blijf 12: the yearly evaluation gets counts only).

A count from 1 to 4 is a *primary* cell: it is shown as "<5". Where a hidden cell could be
worked back from what is shown — a row or column total minus the other cells, or any
combination of rows and columns — a *secondary* cell is hidden too, shown as "x": it holds 5
or more (or a total of them), so "<5" would be untrue there. Zeros are shown: a 0 reveals no
person, and a hidden zero would protect nothing.

The attacker this module checks against knows every shown number, that rows and columns add
up to the totals shown, that a "<5" lies in 1..4 and an "x" is 5 or more. A table with its
totals is a circulation in a network (rows -> columns, a source feeding the row totals, the
column totals draining to a sink, the grand total closing the loop), so she can compute a
hidden cell exactly when no other filling of the hidden cells fits, which is when no cycle
of the residual network passes through it (flow decomposition: any two integer fillings
differ by cycles each of which alone also fits). That test is exact, and cheap.

A table that cannot be protected cell by cell (every non-zero cell hidden, and still a cell
follows from the others) is withheld whole: "." in every cell, zeros included.

Two tables of overlapping periods subtracted from each other (periods are free to the day, so
the first to the 19th and the first to the 20th differ by one day's count): every number shown
is rounded to a multiple of ROUNDING_BASE (CBS rounds so), each cell and each total on its own,
so no difference of two exports gives a count back. Decided instead of whole calendar periods
only, which close nothing: January to March minus January to February is March, and this
year up to today, exported on two days, differs by one day. What rounding still tells: over a
series of periods one day apart, the day on which a rounded count steps, not by how much nor
whose; each view and export is audited with its period (services/figures.py)."""

from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

SMALL_LOW, SMALL_HIGH = 1, 4  # counts shown as "<5"
SECONDARY_LOW = 5  # a secondary cell is never small and never zero
# Every shown count and total is rounded to the nearest multiple of this (5k+2 down, 5k+3 up),
# after the small cells are hidden: AVG art. 89(1) (statistics with safeguards, data
# minimisation), Mensenhandel 19 and 22.6 (figures for the evaluation not traceable to a
# person), Blijf 12 (the yearly evaluation needs counts, not exact ones).
ROUNDING_BASE = 5
ROUNDING_ARTICLE = "AVG art. 89(1); Mensenhandel 19, 22.6; Blijf 12"


class Mark(str, Enum):
    SHOWN = "shown"
    SMALL = "small"  # primary: 1..4, shown as "<5"
    HIDDEN = "hidden"  # secondary: shown as "x"
    WITHHELD = "withheld"  # the whole table: it cannot be protected cell by cell, "."


SMALL_TEXT = "<5"
HIDDEN_TEXT = "x"
WITHHELD_TEXT = "."


def is_small(value: int) -> bool:
    return SMALL_LOW <= value <= SMALL_HIGH


def rounded(value: int) -> int:
    """A shown count as it is published: the nearest multiple of ROUNDING_BASE."""
    return (value + ROUNDING_BASE // 2) // ROUNDING_BASE * ROUNDING_BASE


@dataclass(frozen=True)
class Equation:
    """sum(values[i] for i in parts) == values[total]: what a reader knows of a table."""

    parts: tuple[int, ...]
    total: int


# -- a two-way table with its totals --------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """Where each cell of a table with margins sits in a flat list of values: the inner cells
    row by row, then the row totals (a Totaal column), then the column totals (a Totaal row),
    then the grand total. `row_totals`: the rows' cells add up (a Totaal column);
    `column_totals`: the columns add up over the rows (a Totaal row)."""

    n_rows: int
    n_columns: int
    row_totals: bool = True
    column_totals: bool = True

    def cell(self, r: int, c: int) -> int:
        return r * self.n_columns + c

    def row_total(self, r: int) -> int:
        assert self.row_totals
        return self.n_rows * self.n_columns + r

    def column_total(self, c: int) -> int:
        assert self.column_totals
        return self.n_rows * self.n_columns + self.n_rows * self.row_totals + c

    def grand_total(self) -> int:
        assert self.row_totals and self.column_totals
        return self.size - 1

    @property
    def size(self) -> int:
        return (self.n_rows * self.n_columns + self.n_rows * self.row_totals
                + self.n_columns * self.column_totals
                + (self.row_totals and self.column_totals))

    def equations(self) -> list[Equation]:
        found = []
        if self.row_totals:
            found += [Equation(tuple(self.cell(r, c) for c in range(self.n_columns)),
                               self.row_total(r)) for r in range(self.n_rows)]
        if self.column_totals:
            found += [Equation(tuple(self.cell(r, c) for r in range(self.n_rows)),
                               self.column_total(c)) for c in range(self.n_columns)]
        if self.row_totals and self.column_totals:
            found += [Equation(tuple(self.row_total(r) for r in range(self.n_rows)),
                               self.grand_total()),
                      Equation(tuple(self.column_total(c) for c in range(self.n_columns)),
                               self.grand_total())]
        return found

    def flatten(self, inner: Sequence[Sequence[int]]) -> list[int]:
        """The flat values of a table given its inner cells: the totals are computed."""
        values = [v for row in inner for v in row]
        if self.row_totals:
            values += [sum(row) for row in inner]
        if self.column_totals:
            values += [sum(inner[r][c] for r in range(self.n_rows))
                       for c in range(self.n_columns)]
        if self.row_totals and self.column_totals:
            values.append(sum(sum(row) for row in inner))
        return values


def text(value: int, mark: Mark) -> str:
    """How a cell is written; the figures (domain/figures.py) pass the rounded value."""
    if mark is Mark.SMALL:
        return SMALL_TEXT
    if mark is Mark.HIDDEN:
        return HIDDEN_TEXT
    if mark is Mark.WITHHELD:
        return WITHHELD_TEXT
    return str(value)


# -- hiding ----------------------------------------------------------------------------------------
def marks(grid: Grid, values: Sequence[int]) -> list[Mark]:
    """What to show of each cell of `values` (laid out as grid.flatten gives them): the
    primary cells, plus secondary cells until no hidden cell can be worked back.
    Deterministic: the same table gives the same marks."""
    if len(values) != grid.size or any(v < 0 for v in values):
        raise ValueError("not a table of counts")
    for eq in grid.equations():
        if sum(values[i] for i in eq.parts) != values[eq.total]:
            raise ValueError("a total does not add up")
    hidden = {i for i, v in enumerate(values) if is_small(v)}
    while True:
        exposed = disclosed(grid, values, hidden)
        if not exposed:
            break
        extra = _complement(grid, values, hidden, exposed)
        if extra is None:
            # Every non-zero cell is hidden and some still follow from the others (four ones
            # and their total of four: "<5" is never 0, so each must be 1). Nothing in the
            # table is shown then, zeros included: "." everywhere.
            return [Mark.WITHHELD] * len(values)
        hidden.add(extra)
    return [Mark.SHOWN if i not in hidden else Mark.SMALL if is_small(v) else Mark.HIDDEN
            for i, v in enumerate(values)]


def _complement(grid: Grid, values, hidden, exposed) -> int | None:
    """The cell to hide next: beside the first disclosed cell (in its row or column), the
    smallest shown non-zero cell, an inner cell before a total (a total tells the reader
    more); failing that, the smallest shown non-zero cell anywhere."""
    def best(candidates):
        shown = [i for i in candidates if i not in hidden and values[i] > 0]
        return min(shown, key=lambda i: (values[i], i)) if shown else None

    first = min(exposed)
    for eq in grid.equations():
        if first in eq.parts or first == eq.total:
            found = best(eq.parts)
            found = best([eq.total]) if found is None else found
            if found is not None:
                return found
    return best(range(len(values)))


# -- the attacker ----------------------------------------------------------------------------------
_SOURCE, _SINK = ("source",), ("sink",)


def _edges(grid: Grid, values: Sequence[int], hidden) -> list[tuple]:
    """The table as a circulation: (tail, head, low, high, value, index). A total the table
    does not publish is an edge the reader knows nothing of (0 or more)."""
    def bounds(i):
        if i not in hidden:
            return values[i], values[i]
        return (SMALL_LOW, SMALL_HIGH) if is_small(values[i]) else (SECONDARY_LOW, None)

    inner = [[values[grid.cell(r, c)] for c in range(grid.n_columns)]
             for r in range(grid.n_rows)]
    edges = [(("row", r), ("column", c), *bounds(grid.cell(r, c)), inner[r][c], grid.cell(r, c))
             for r in range(grid.n_rows) for c in range(grid.n_columns)]
    for r in range(grid.n_rows):
        index = grid.row_total(r) if grid.row_totals else None
        low, high = bounds(index) if index is not None else (0, None)
        edges.append((_SOURCE, ("row", r), low, high, sum(inner[r]), index))
    for c in range(grid.n_columns):
        index = grid.column_total(c) if grid.column_totals else None
        low, high = bounds(index) if index is not None else (0, None)
        edges.append((("column", c), _SINK, low, high, sum(row[c] for row in inner), index))
    index = grid.grand_total() if grid.row_totals and grid.column_totals else None
    low, high = bounds(index) if index is not None else (0, None)
    edges.append((_SINK, _SOURCE, low, high, sum(map(sum, inner)), index))
    return edges


def disclosed(grid: Grid, values: Sequence[int], hidden) -> set[int]:
    """The hidden cells someone who sees the rest can compute exactly."""
    edges = _edges(grid, values, hidden)
    arcs: list[tuple] = []  # (from, to, edge number) in the residual network
    for n, (tail, head, low, high, value, _index) in enumerate(edges):
        if high is None or value < high:
            arcs.append((tail, head, n))
        if value > low:
            arcs.append((head, tail, n))
    found = set()
    for n, (tail, head, low, high, value, index) in enumerate(edges):
        if index is None or index not in hidden:
            continue
        up = (high is None or value < high) and _reaches(arcs, head, tail, n)
        down = value > low and _reaches(arcs, tail, head, n)
        if not (up or down):
            found.add(index)
    return found


def _reaches(arcs, start, goal, without: int) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            return True
        for tail, head, n in arcs:
            if tail == here and n != without and head not in seen:
                seen.add(head)
                queue.append(head)
    return False
