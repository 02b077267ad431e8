"""The list for the check on running connections with the police (the covenant's "check op
lopende aansluitingen"; issue 17). Per row nothing more than the case reference, the unit, the
start date and the end date: no names, no addresses, no reasons."""

from reportlab.lib.units import mm

from blijf_desktop.domain.police import UNITS
from blijf_desktop.i18n import _, format_date, ngettext
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports.aware_inputs import RunningConnectionsInput, check_case_ref


def build_running_connections(data: RunningConnectionsInput) -> bytes:
    if data.unit is not None and data.unit not in UNITS:
        raise ValueError("unknown police unit")
    title = _("Lopende AWARE-aansluitingen")
    rows = [[pg.p(text, pg.HEAD_CELL) for text in
             (_("Zaak"), _("Eenheid"), _("Aangesloten op"), _("Einddatum"))]]
    for row in sorted(data.rows, key=lambda r: (r.end, r.case_ref)):
        if row.unit not in UNITS:
            raise ValueError("unknown police unit")
        rows.append([pg.p(check_case_ref(row.case_ref), pg.CELL_BOLD),
                     pg.p(_(UNITS[row.unit].label), pg.CELL),
                     pg.p(format_date(row.start, "short"), pg.CELL),
                     pg.p(format_date(row.end, "short"), pg.CELL)])
    lines = [(_("Peildatum"), format_date(data.date, "long")),
             (_("Eenheid"), _(UNITS[data.unit].label) if data.unit else _("alle eenheden")),
             (_("Aantal"), ngettext("{n} aansluiting", "{n} aansluitingen",
                                    len(data.rows)).format(n=len(data.rows)))]
    story = [pg.p(title, pg.TITLE), pg.facts(lines)]
    if data.rows:
        story += [*pg.heading(_("Aansluitingen, op einddatum")),
                  pg.grid(rows, [38 * mm, pg.WIDTH - 108 * mm, 35 * mm, 35 * mm])]
    else:
        story.append(pg.p(_("Er lopen geen aansluitingen."), pg.PARA))
    return pg.build(story, title)
