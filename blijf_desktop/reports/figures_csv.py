"""The Jaarcijfers as CSV (issue 21): one line per cell, in the user's language, separated by
';' as Dutch spreadsheets expect. A suppressed cell is written as the app shows it: '<5' (a
count from 1 to 4) or 'x' (hidden so that no small count can be worked back); every other
count rounded to a multiple of 5, as its column head says (domain/suppression.py). Counts only:
no name, no case, no date of a person."""

import csv
import io

from blijf_desktop import i18n
from blijf_desktop.domain import figures as f
from blijf_desktop.i18n import _
from blijf_desktop.reports.figure_labels import column_text, row_text


def figures_csv(figures: f.FigureSet, unit: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Cijfer"), _("Rij"), _("Eenheid"), _("Aantal (afgerond op 5)"), _("Van"),
                     _("Tot en met"), _("Artikel")])
    start, end = (i18n.format_date(d, "short") for d in (figures.date_from, figures.date_to))
    for table in figures.tables:
        title = _(table.figure.title)
        if not table.recorded:
            writer.writerow([title, "", "", _("nog niet vastgelegd"), start, end,
                             table.figure.article])
            continue
        for row in table.row_keys_with_total:
            for column in f.unit_columns(unit):
                writer.writerow([title, row_text(table.figure, row), column_text(column, False),
                                 table.shown(row, column), start, end, table.figure.article])
    return out.getvalue()
