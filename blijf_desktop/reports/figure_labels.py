"""The words around the Jaarcijfers, in the user's language, for the app, the PDF and the CSV
alike: a month as 'mrt 2026', a row's label, a unit column's label."""

from datetime import date

from blijf_desktop import i18n
from blijf_desktop.domain import figures as f
from blijf_desktop.domain.figures import Figure, Rows, Table
from blijf_desktop.i18n import _


def month_label(key: str, form: str = "MMM yyyy") -> str:
    year, month = map(int, key.split("-"))
    return i18n.format_date(date(year, month, 1), form)


def row_text(figure: Figure, key: str) -> str:
    if figure.rows is Rows.MONTHS and key != f.TOTAL:
        return month_label(key)
    return " — ".join(_(part) for part in f.row_label(figure, key))


def column_text(column: str, short: bool = True) -> str:
    if column == f.TOTAL:
        return _(f.TOTAL_LABEL)
    return _((f.SHORT_UNIT_LABELS if short else f.COLUMN_LABELS)[column])


def unit_text(unit: str | None) -> str:
    return _("Alle eenheden") if unit is None else column_text(unit, short=False)


def period_text(figures: f.FigureSet) -> str:
    return _("{start} tot en met {end}").format(start=i18n.format_date(figures.date_from, "long"),
                                               end=i18n.format_date(figures.date_to, "long"))


def not_recorded_text() -> str:
    return _("Nog niet vastgelegd: dit deel van Blijf Desktop houdt deze aantallen nog niet bij.")


def chart_series(table: Table, column: str) -> list[tuple[str, int | None, str]]:
    """Per month (or row) of a chart: the axis label, the value to draw (None where the cell
    is suppressed) and the text of the cell ('<5', 'x' or the number)."""
    return [(month_label(row, "MMM yy") if table.figure.rows is Rows.MONTHS else row_text(
        table.figure, row), table.plotted(row, column), table.shown(row, column))
            for row in table.rows]
