"""A figure's chart with QtCharts: bars per month, or a line for a stock (running connections),
drawn from Table.plotted() so a suppressed cell is never drawn. Like the PDF's chart
(reports/figures.py): a suppressed month has no bar height and no point, and its label on the
axis carries the mark ('<5' or 'x'), so the chart never tells more than the table beside it.

A chart is a picture a screen reader cannot read: it takes no focus and its accessible name
points to the table beside it, which holds the same numbers."""

from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from blijf_desktop.domain.figures import TOTAL, Chart, Table
from blijf_desktop.i18n import _
from blijf_desktop.reports.figure_labels import chart_series, column_text, unit_text

BAR = QColor("#3b6ea5")  # the PDF's colours
LINE = QColor("#b5523b")
CHART_HEIGHT = 240


def axis_labels(series: list[tuple[str, int | None, str]]) -> list[str]:
    """A month's label, with the cell's mark where it is suppressed ('mrt 26 (<5)'). Escaped:
    an axis label is rich text, where '<5' would start a tag and vanish."""
    return [escape(label if value is not None else f"{label} ({shown})", quote=False)
            for label, value, shown in series]


def _bars(chart: QChart, values: list[int | None], title: str) -> list:
    bar_set = QBarSet(title)
    bar_set.setColor(BAR)
    bar_set.setBorderColor(BAR)
    for value in values:
        bar_set.append(0 if value is None else value)  # no height: nothing drawn
    series = QBarSeries()
    series.append(bar_set)
    chart.addSeries(series)
    return [series]


def _line(chart: QChart, values: list[int | None]) -> list:
    """One line piece per run of shown months (a suppressed month breaks the line: joining
    across it would draw a value there), and a dot on each shown month."""
    pen = QPen(LINE)
    pen.setWidthF(2.0)
    pieces, run = [], []
    for index, value in enumerate(values + [None]):
        if value is not None:
            run.append((index, value))
        elif run:
            pieces.append(run)
            run = []
    added = []
    for piece in pieces:
        line = QLineSeries()
        line.setPen(pen)
        for x, y in piece:
            line.append(x, y)
        added.append(line)
    dots = QScatterSeries()
    dots.setColor(LINE)
    dots.setBorderColor(LINE)
    dots.setMarkerSize(7.0)
    for x, y in (point for piece in pieces for point in piece):
        dots.append(x, y)
    added.append(dots)
    for series in added:
        chart.addSeries(series)
    return added


def figure_chart(table: Table, column: str) -> QChartView:
    """The chart of `table` for one column (a unit, or the Totaal)."""
    series = chart_series(table, column)
    values = [value for _label, value, _shown in series]
    title = _(table.figure.title)
    chart = QChart()
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setTitle(unit_text(None) if column == TOTAL else column_text(column, short=False))
    line = table.figure.chart is Chart.LINE
    drawn = _line(chart, values) if line else _bars(chart, values, title)
    categories = QBarCategoryAxis()
    categories.append(axis_labels(series))
    categories.setTruncateLabels(False)
    if len(series) > 6:
        categories.setLabelsAngle(-60)
    top = max([v for v in values if v is not None] or [0])
    numbers = QValueAxis()
    numbers.setRange(0, max(5, top + 1))
    numbers.applyNiceNumbers()
    numbers.setLabelFormat("%d")
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(numbers, Qt.AlignmentFlag.AlignLeft)
    for item in drawn:
        item.attachAxis(categories)
        item.attachAxis(numbers)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setAccessibleName(_("Grafiek: {title}").format(title=title))
    view.setAccessibleDescription(_("Een afbeelding; de tabel ernaast geeft dezelfde aantallen."))
    return view


def plotted_values(view: QChartView) -> list[list[float]]:
    """What a chart draws, per series (for tests and for a check by eye)."""
    found = []
    for series in view.chart().series():
        if isinstance(series, QBarSeries):
            found += [[bar_set.at(i) for i in range(bar_set.count())]
                      for bar_set in series.barSets()]
        else:
            found.append([point.y() for point in series.points()])
    return found
