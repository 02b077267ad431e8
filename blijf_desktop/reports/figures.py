"""The Jaarcijfers as a PDF (issue 21): per figure its title, what is counted and the article
it serves, the chart the app shows (bars per month, a line for running connections; drawn
with reportlab.graphics) and the table. Suppressed cells read '<5' or 'x' in the table; in a
chart a suppressed month has no bar or point and its label carries the mark, so a chart
never tells more than the table. Counts only: no name, case or date of a person."""

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from blijf_desktop import i18n
from blijf_desktop.domain import figures as f
from blijf_desktop.domain.figures import Chart, FigureSet, Table
from blijf_desktop.i18n import _
from blijf_desktop.reports import fonts
from blijf_desktop.reports._pages import (
    CELL, CELL_BOLD, HEAD_CELL, MUTED, PANEL, SMALL, TITLE, WIDTH, build, facts, grid,
    heading, p,
)
from blijf_desktop.reports.figure_labels import (
    chart_series, column_text, not_recorded_text, period_text, row_text, unit_text,
)

BAR = colors.HexColor("#3b6ea5")
LINE = colors.HexColor("#b5523b")
CHART_HEIGHT = 52 * mm
NUMBER = ParagraphStyle("number", parent=CELL, alignment=TA_RIGHT)
NUMBER_BOLD = ParagraphStyle("number_bold", parent=CELL_BOLD, alignment=TA_RIGHT)


def build_figures(figures: FigureSet, unit: str | None = None) -> bytes:
    kind = _("Jaarcijfers")
    story = [p(kind, TITLE), facts([
        (_("Periode"), period_text(figures)),
        (_("Eenheid"), unit_text(unit)),
        (_("Gemaakt op"), i18n.format_date(figures.made_on, "long")),
        (_("Grondslag"), _("Evaluatie van de samenwerking (convenant Blijf Groep – politie, "
                           "art. 12; convenant Mensenhandel, art. 19). Alleen aantallen.")),
    ]), p(_(f.SUPPRESSION_NOTE), SMALL),
        p("%s (%s)" % (_(f.ROUNDING_NOTE), f.ROUNDING_SOURCE), SMALL), p(_(f.UNIT_RULE), SMALL)]
    column = f.TOTAL if unit is None else unit
    for table in figures.tables:
        story += heading(_(table.figure.title))
        story.append(p("%s (%s)" % (_(table.figure.definition), table.figure.article), SMALL))
        if not table.recorded:
            story.append(p(not_recorded_text(), CELL))
            continue
        if not table.rows:
            story.append(p(_("Geen in deze periode."), CELL))
            continue
        if table.figure.chart is not None:
            story.append(chart(table, column))
        story.append(_table(table, unit))
    return build(story, kind, note=period_text(figures))


def chart(table: Table, column: str) -> Drawing:
    series = chart_series(table, column)
    labels = [label if value is not None else "%s (%s)" % (label, shown)
              for label, value, shown in series]
    values = [value for _label, value, _shown in series]
    drawing = Drawing(WIDTH, CHART_HEIGHT + 5 * mm)
    line = table.figure.chart is Chart.LINE
    plot = HorizontalLineChart() if line else VerticalBarChart()
    plot.x, plot.y = 12 * mm, 12 * mm
    plot.width, plot.height = WIDTH - 16 * mm, CHART_HEIGHT - 18 * mm
    if line:
        plot.data = [tuple(values)]
        plot.lines[0].strokeColor = LINE
        plot.lines[0].strokeWidth = 1.6
    else:
        plot.data = [tuple(0 if v is None else v for v in values)]
        plot.bars[0].fillColor = BAR
        plot.bars[0].strokeColor = None
    plot.categoryAxis.categoryNames = labels
    plot.categoryAxis.labels.fontName = fonts.SANS
    plot.categoryAxis.labels.fontSize = 6.5 if len(labels) > 12 else 7.5
    plot.categoryAxis.labels.angle = 30 if len(labels) > 8 else 0
    plot.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 8 else "n"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labels.fontName = fonts.SANS
    plot.valueAxis.labels.fontSize = 7.5
    top = max([v for v in values if v is not None] or [0])
    plot.valueAxis.valueMax = max(5, top + 1)
    plot.valueAxis.valueStep = max(1, (plot.valueAxis.valueMax + 4) // 5)
    drawing.add(plot)
    drawing.add(String(0, CHART_HEIGHT + 1 * mm, "%s: %s" % (_(table.figure.title), column_text(
        column, short=False)), fontName=fonts.SANS, fontSize=7.5, fillColor=MUTED))
    return drawing


def _table(table: Table, unit: str | None):
    columns = f.unit_columns(unit)
    label_width = 48 * mm
    width = (WIDTH - label_width) / len(columns)
    head = ParagraphStyle("head_number", parent=HEAD_CELL, alignment=TA_RIGHT, fontSize=8.5)
    rows = [[p("", HEAD_CELL)] + [p(column_text(c), head) for c in columns]]
    for key in table.row_keys_with_total:
        style = CELL_BOLD if key == f.TOTAL else CELL
        number = NUMBER_BOLD if key == f.TOTAL else NUMBER
        rows.append([p(row_text(table.figure, key), style)]
                    + [p(table.shown(key, c), number) for c in columns])
    extra = []
    if table.figure.adds_up:
        extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), PANEL))
    if unit is None:
        extra.append(("BACKGROUND", (len(columns), 1), (len(columns), -1), PANEL))
    return grid(rows, [label_width] + [width] * len(columns), extra=extra)
