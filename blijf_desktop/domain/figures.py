"""Jaarcijfers (issue 21): the figures for the yearly evaluation, as data a privacy officer can
read against the covenants. Counts only, never a person: Blijf 12 (the parties evaluate at
least once a year) and Mensenhandel 19 (the chain evaluates), with Mensenhandel 22.6
(figures kept for statistics are not traceable to persons) and small-cell suppression
(domain/suppression.py) on every table.

Every table has the police units as columns, one column for cases without a unit and a
Totaal column. Which unit a count belongs to (UNIT_RULE):
- a traject, its decision, connection and reviews: the unit its request went to (the
  'informatie gevraagd' step);
- an exchange with a police unit: that unit;
- everything else of a case (intake, screening, an exchange with a chain partner, a request
  of a person): the case's unit — the unit of its latest traject that has one, else of its
  latest exchange with a police unit, else none. As things stand today, so a case that gets
  its first traject later moves into that unit's column in earlier periods too."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from blijf_desktop.domain import rights
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.sharing import RECIPIENTS
from blijf_desktop.domain.suppression import ROUNDING_ARTICLE, Grid, Mark, marks, rounded, text
from blijf_desktop.domain.text import N_

NO_UNIT = "geen"
UNIT_COLUMNS: tuple[str, ...] = tuple(UNITS) + (NO_UNIT,)
COLUMN_LABELS = {**{code: unit.label for code, unit in UNITS.items()},
                 NO_UNIT: N_("Zonder eenheid")}
SHORT_UNIT_LABELS = {"amsterdam": N_("Amsterdam"), "noord_holland": N_("Noord-Holland"),
                     "midden_nederland": N_("Midden-Nederland"), NO_UNIT: N_("Zonder eenheid")}
TOTAL = "totaal"
TOTAL_LABEL = N_("Totaal")

UNIT_RULE = N_(
    "Eenheid: voor een AWARE-traject de eenheid waaraan de aanvraag ging; voor een "
    "uitwisseling met de politie die eenheid; voor al het andere de eenheid van het dossier "
    "(die van het laatste AWARE-traject, anders die van de laatste uitwisseling met de "
    "politie, anders 'zonder eenheid').")
SUPPRESSION_NOTE = N_(
    "Aantallen van 1 tot en met 4 staan er als '<5'. Waar zo'n aantal uit een totaal terug te "
    "rekenen zou zijn, is ook een tweede cel weggelaten: die staat er als 'x' (5 of meer). "
    "Een tabel die zo niet te beschermen is, staat er met '.' in elke cel.")
ROUNDING_NOTE = N_(
    "Alle andere aantallen en totalen zijn afgerond op een veelvoud van 5 (zoals het CBS "
    "doet), elk op zich: een totaal kan dus afwijken van de som van zijn cellen. Zo geven "
    "twee overlappende perioden, van elkaar afgetrokken, geen klein aantal terug.")
ROUNDING_SOURCE = ROUNDING_ARTICLE

MAX_MONTHS = 36  # a period is at most three years: the tables and charts stay readable


class Rows(str, Enum):
    MONTHS = "months"  # one row per calendar month of the period
    FIXED = "fixed"  # the rows the figure names
    FOUND = "found"  # the rows that occur (a row of zeros says nothing and is left out)


class Chart(str, Enum):
    BARS = "bars"  # bars per month
    LINE = "line"  # a line per month (a stock, not a flow)


@dataclass(frozen=True)
class Figure:
    code: str
    title: str  # N_
    definition: str  # N_: what is counted, in words a partner can check
    article: str  # the article it serves
    rows: Rows
    row_labels: tuple[tuple[str, str], ...] = ()  # (key, N_ label) for Rows.FIXED
    adds_up: bool = True  # the rows add up to a Totaal row (not so for a stock per month)
    chart: Chart | None = None
    provided: bool = False  # counted from another part of the app (requests, destruction)


LEVEL_ROWS = (("groen", N_("groen")), ("oranje", N_("oranje")), ("rood", N_("rood")))
DECISION_ROWS = (("toegekend", N_("toegekend")), ("afgewezen", N_("afgewezen")))
REVIEW_ROWS = (("op_tijd", N_("op tijd")), ("te_laat", N_("te laat")))
OVERDUE_ROWS = (("achterstallig", N_("achterstallig op de einddatum")),)

_B12 = "Blijf 12; Mensenhandel 19"
FIGURES: tuple[Figure, ...] = (
    Figure("intakes", N_("Intakes per maand"), N_(
        "Dossiers waarvan de intake in de maand is vastgelegd."), _B12, Rows.MONTHS,
        chart=Chart.BARS),
    Figure("screenings", N_("Risicotaxaties per niveau"), N_(
        "Risicotaxaties vastgelegd in de periode, naar het niveau dat gold: het gekozen "
        "niveau, anders het voorgestelde."), _B12, Rows.FIXED, LEVEL_ROWS),
    Figure("trajects", N_("AWARE-trajecten gestart per maand"), N_(
        "AWARE-trajecten begonnen in de maand (Blijf, overwegingen: AWARE-aanvragen)."),
        _B12, Rows.MONTHS, chart=Chart.BARS),
    Figure("decisions", N_("AWARE-besluiten"), N_(
        "Besluiten over een AWARE-aanvraag met een besluitdatum in de periode."),
        _B12, Rows.FIXED, DECISION_ROWS),
    Figure("running", N_("Lopende AWARE-aansluitingen aan het eind van de maand"), N_(
        "Aansluitingen die op de laatste dag van de maand (of de einddatum van de periode) "
        "liepen: aangesloten en nog niet beëindigd. Per maand, dus niet op te tellen."),
        _B12, Rows.MONTHS, adds_up=False, chart=Chart.LINE),
    Figure("reviews", N_("Evaluaties van lopende aansluitingen"), N_(
        "Evaluaties gehouden in de periode: op tijd als zij binnen vier weken na de aansluiting "
        "of de vorige evaluatie vielen, anders te laat."), _B12, Rows.FIXED, REVIEW_ROWS),
    Figure("overdue", N_("Aansluitingen met een achterstallige evaluatie"), N_(
        "Aansluitingen die op de einddatum van de periode liepen en waarvan de evaluatie toen "
        "over tijd was."), _B12, Rows.FIXED, OVERDUE_ROWS),
    Figure("exchanges", N_("Uitwisselingen per partij en richting"), N_(
        "Ontvangen en verstrekte gegevens met een datum van uitwisseling in de periode, per "
        "partij; verstrekkingen naar toestemming en of zij geanonimiseerd gingen."),
        "Blijf 6.2, 6.3, 12; Mensenhandel 12.17, 19", Rows.FOUND),
    Figure("requests", N_("Verzoeken van betrokkenen"), N_(
        "Verzoeken ontvangen in de periode, per soort, en of het antwoord binnen de termijn "
        "kwam."), "Blijf 10-11, 12; Mensenhandel 19, 25-27", Rows.FOUND, provided=True),
    Figure("destroyed", N_("Dossiers vernietigd per maand"), N_(
        "Dossiers die na hun bewaartermijn zijn vernietigd, uit de geanonimiseerde tellingen "
        "die bij het vernietigen zijn bewaard."), "Blijf 8.1-8.2, 12; Mensenhandel 22.6",
        Rows.MONTHS, chart=Chart.BARS, provided=True),
    Figure("destroyed_counts", N_("Uit vernietigde dossiers, per kalenderjaar"), N_(
        "Wat vernietigde dossiers telden, bewaard bij het vernietigen zonder iets dat naar een "
        "persoon leidt: per kalenderjaar, zonder maand. Alleen de jaren die de periode helemaal "
        "beslaat (tot vandaag); de tabellen hierboven tellen alleen wat er nog is, dus samen "
        "geven zij het hele jaar."), "Blijf 8.1-8.2, 12; Mensenhandel 22.6", Rows.FOUND,
        provided=True),
)
BY_CODE = {figure.code: figure for figure in FIGURES}

# Row labels of the rows that occur.
EXCHANGE_KINDS = {
    "in": N_("ontvangen"),
    "uit": N_("verstrekt zonder toestemming, herleidbaar"),
    "uit_anoniem": N_("verstrekt zonder toestemming, geanonimiseerd"),
    "uit_toestemming": N_("verstrekt met toestemming, herleidbaar"),
    "uit_toestemming_anoniem": N_("verstrekt met toestemming, geanonimiseerd"),
}
REQUEST_KINDS = {  # Blijf 11.1; Mensenhandel 23-27; AVG art. 15-18, 21
    "inzage": N_("inzage"), "rectificatie": N_("rectificatie"), "wissing": N_("wissing"),
    "beperking": N_("beperking"), "bezwaar": N_("bezwaar"), "overig": N_("overig"),
}
REQUEST_OUTCOMES = {
    "op_tijd": N_("op tijd beantwoord"), "te_laat": N_("te laat beantwoord"),
    "open": N_("nog niet beantwoord"),
}

# What a destroyed case leaves behind (storage/anonymised.py): the measure of each kept count.
# The unit the case counted under is kept as a row of its own, UNIT_MEASURE, not a count.
UNIT_MEASURE = "eenheid"
ANONYMISED_MEASURES = {
    "intakes": N_("intakes"), "screenings": N_("risicotaxaties"),
    "aware_trajecten": N_("AWARE-trajecten"), "aware_besluiten": N_("AWARE-besluiten"),
    "exchanges": N_("uitwisselingen"), "signals": N_("signalen mensenhandel"),
}
DIRECTIONS = {"in": N_("ontvangen"), "uit": N_("verstrekt")}


def exchange_row(direction: str, consent: bool, anonymised: bool) -> str:
    if direction == "in":
        return "in"
    return "uit" + ("_toestemming" if consent else "") + ("_anoniem" if anonymised else "")


def request_outcome(kind: str, chain: bool, received_on: date, extension_months: int,
                    answered_on: date | None) -> str:
    """A REQUEST_OUTCOMES key: open while no answer is recorded; on time when the answer came
    on or before its deadline (domain/rights.py: Mensenhandel 25-27, AVG art. 12(3))."""
    if answered_on is None:
        return "open"
    try:
        kind_of = rights.RequestKind(kind)
    except ValueError:
        kind_of = rights.RequestKind.INZAGE  # an unknown kind gets the term of inzage
    deadline = rights.answer_deadline(kind_of, chain, received_on, extension_months)
    return "op_tijd" if answered_on <= deadline else "te_laat"


# -- the period ----------------------------------------------------------------------------------
def period_problem(date_from: date | None, date_to: date | None,
                   today: date) -> tuple[str, str] | None:
    """(field, code) of what is wrong with a period, or None."""
    if date_from is None:
        return "date_from", "required"
    if date_to is None:
        return "date_to", "required"
    if date_from > today:
        return "date_from", "date_future"
    if date_to < date_from:
        return "date_to", "period_reversed"
    if len(months(date_from, date_to)) > MAX_MONTHS:
        return "date_to", "period_too_long"
    return None


def default_period(today: date) -> tuple[date, date]:
    """The period the page opens with: this calendar year up to today."""
    return date(today.year, 1, 1), today


def whole_years(date_from: date, date_to: date, today: date) -> list[int]:
    """The calendar years the period covers wholly, up to today (what was kept of a destroyed
    case is kept per year: a year only half in the period cannot be split)."""
    return [year for year in range(date_from.year, date_to.year + 1)
            if date_from <= date(year, 1, 1) and date_to >= min(date(year, 12, 31), today)]


def months(date_from: date, date_to: date) -> list[str]:
    """The calendar months a period touches, as 'YYYY-MM'."""
    found, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


# -- a table -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    figure: Figure
    rows: tuple[str, ...]  # row keys: months, levels, 'counterparty:kind', 'kind:outcome'
    columns: tuple[str, ...]  # UNIT_COLUMNS
    grid: Grid
    values: tuple[int, ...]  # grid.flatten: the true counts, never shown as such
    marks: tuple[Mark, ...]
    recorded: bool = True  # False: the part of the app that records these does not exist yet

    def _index(self, row: str, column: str) -> int:
        r = None if row == TOTAL else self.rows.index(row)
        c = None if column == TOTAL else self.columns.index(column)
        if r is None and c is None:
            return self.grid.grand_total()
        if r is None:
            return self.grid.column_total(c)
        return self.grid.row_total(r) if c is None else self.grid.cell(r, c)

    def shown(self, row: str, column: str) -> str:
        """What the app, the PDF and the CSV write in a cell: a number rounded to a multiple
        of 5, '<5', 'x' or '.'."""
        i = self._index(row, column)
        return text(rounded(self.values[i]), self.marks[i])

    def plotted(self, row: str, column: str) -> int | None:
        """The value a chart may draw, rounded as shown: None where the cell is suppressed."""
        i = self._index(row, column)
        return rounded(self.values[i]) if self.marks[i] is Mark.SHOWN else None

    @property
    def row_keys_with_total(self) -> tuple[str, ...]:
        return self.rows + ((TOTAL,) if self.figure.adds_up and self.rows else ())

    def suppressed(self) -> int:
        return sum(mark is not Mark.SHOWN for mark in self.marks)


def build_table(figure: Figure, rows: list[str] | tuple[str, ...],
                counts: dict[tuple[str, str], int], recorded: bool = True) -> Table:
    """A protected table from counts per (row key, unit column). For Rows.FOUND the rows
    are those with a count; a count for a row or column the figure does not have is a bug."""
    if figure.rows is Rows.FOUND:
        rows = sorted({row for (row, _unit), n in counts.items() if n})
    unknown = {key for key in counts if key[0] not in rows or key[1] not in UNIT_COLUMNS}
    if unknown:
        raise ValueError("counts outside the table")
    inner = [[counts.get((row, unit), 0) for unit in UNIT_COLUMNS] for row in rows]
    grid = Grid(len(rows), len(UNIT_COLUMNS), row_totals=True,
                column_totals=figure.adds_up and bool(rows))
    values = grid.flatten(inner) if rows else [0] * grid.size
    return Table(figure, tuple(rows), UNIT_COLUMNS, grid, tuple(values),
                 tuple(marks(grid, values)) if rows else (), recorded)


def row_label(figure: Figure, key: str) -> tuple[str, ...]:
    """The untranslated parts of a row's label (the UI and the reports translate and join):
    a month stays 'YYYY-MM' for the caller to write in the user's language."""
    if key == TOTAL:
        return (TOTAL_LABEL,)
    if figure.rows is Rows.FIXED:
        return (dict(figure.row_labels)[key],)
    if figure.code == "exchanges":
        counterparty, kind = key.split(":", 1)
        recipient = RECIPIENTS.get(counterparty)
        return (recipient.label if recipient else counterparty), EXCHANGE_KINDS[kind]
    if figure.code == "requests":
        kind, outcome = key.split(":", 1)
        return REQUEST_KINDS.get(kind, REQUEST_KINDS["overig"]), REQUEST_OUTCOMES[outcome]
    if figure.code == "destroyed_counts":
        return anonymised_label(key)
    return (key,)


def anonymised_label(key: str) -> tuple[str, ...]:
    """'measure:breakdown' of a destroyed case's kept count, as label parts."""
    measure, breakdown = key.split(":", 1)
    parts = (ANONYMISED_MEASURES.get(measure, measure),)
    if measure == "exchanges" and ":" in breakdown:
        counterparty, direction = breakdown.split(":", 1)
        recipient = RECIPIENTS.get(counterparty)
        return parts + ((recipient.label if recipient else counterparty),
                        DIRECTIONS.get(direction, direction))
    labels = dict(LEVEL_ROWS + DECISION_ROWS)
    return parts + ((labels.get(breakdown, breakdown),) if breakdown else ())


@dataclass(frozen=True)
class FigureSet:
    """Every figure of one period, protected; what the app shows and exports."""

    date_from: date
    date_to: date
    made_on: date
    tables: tuple[Table, ...]

    @property
    def months(self) -> list[str]:
        return months(self.date_from, self.date_to)

    def table(self, code: str) -> Table:
        return next(t for t in self.tables if t.figure.code == code)


def unit_columns(unit: str | None) -> tuple[str, ...]:
    """The columns shown for a unit chosen (None: every unit and the Totaal)."""
    return UNIT_COLUMNS + (TOTAL,) if unit is None else (unit,)
