"""The informatieverzoek to a police unit (issue 17; Blijf 4.2, 5.6, 6.1): to which unit and on
which basis, the people it is about, what is asked per person (only what art. 4.2 allows for
that person's category), why it is necessary, and by when the answer is needed."""

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from blijf_desktop.domain.aware import REASONS
from blijf_desktop.domain.police import KIND_LABELS, UNITS, police_info_kinds
from blijf_desktop.i18n import _, format_date
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports import letterhead
from blijf_desktop.reports.aware_inputs import PoliceRequestInput, check_case_ref
from blijf_desktop.reports.safety_advice import address_text, role_text


def _check(data: PoliceRequestInput) -> None:
    if data.unit not in UNITS:
        raise ValueError("unknown police unit")
    if not data.necessity.strip():
        raise ValueError("a request states why it is necessary")
    if not data.basis.strip():
        raise ValueError("a request names its basis")
    refs = {person.ref for person in data.people}
    if not refs or set(data.asked) - refs:
        raise ValueError("a request names the people it asks about")
    for person in data.people:
        kinds = data.asked.get(person.ref, ())
        if not kinds or not set(kinds) <= set(police_info_kinds(person.category)):
            raise ValueError("asks what art. 4.2 does not allow for this person")


def build_police_request(data: PoliceRequestInput) -> bytes:
    case_ref = check_case_ref(data.case_ref)
    _check(data)
    title = _("Informatieverzoek politie")
    unit = UNITS[data.unit]
    lines = [(_("Aan"), _(unit.label))]
    if data.contact.strip():
        lines.append((_("Contactpersoon"), data.contact))
    lines += [(_("Grondslag"), data.basis), (_("Van"), "%s, %s" % (letterhead.current().organisation, data.requester)),
              (_("Zaak"), case_ref), (_("Datum"), format_date(data.date, "long")),
              (_("Antwoord graag vóór"), format_date(data.answer_by, "long"))]
    if data.reason in REASONS:
        reason = _(REASONS[data.reason])
        lines.append((_("Reden"), "%s: %s" % (reason, data.reason_text) if data.reason_text
                      else reason))
    rows = [[pg.p(text, pg.HEAD_CELL) for text in
             (_("Naam"), _("Rol"), _("Geboortedatum"), _("Gevraagd"))]]
    for person in data.people:
        asked = "\n".join("• " + _(KIND_LABELS[kind]) for kind in data.asked[person.ref])
        name = Paragraph("<b>%s</b><br/>%s" % (
            escape(person.name), escape(address_text(person, data.show_secret_address))),
            pg.CELL)
        rows.append([name, pg.p(role_text(person), pg.CELL),
                     pg.p(format_date(person.birth_date, "short") if person.birth_date
                          else "—", pg.CELL), pg.p(asked, pg.CELL)])
    story = [
        pg.p(title, pg.TITLE),
        pg.facts(lines),
        *pg.heading(_("Om wie gaat het en wat vragen wij")),
        pg.grid(rows, [46 * mm, 28 * mm, 35 * mm, pg.WIDTH - 109 * mm]),
        *pg.heading(_("Waarom deze informatie nodig is")),
        *pg.paragraphs(data.necessity),
        *pg.heading(_("Gebruik van de informatie")),
        pg.p(_("Blijf Groep gebruikt de informatie alleen om de veiligheid van de cliënt en de "
               "betrokkenen te beoordelen en een veiligheidsadvies op te stellen, en verstrekt "
               "haar niet aan derden (convenant Gegevensverstrekking Blijf Groep, "
               "artikel 5.2 en 5.8)."), pg.PARA),
        Spacer(1, 6 * mm),
        KeepTogether([*pg.heading(_("Ondertekening")), pg.signature_block(
            [(_("Aangevraagd door"), data.requester)], format_date(data.date, "long"))]),
    ]
    return pg.build(story, title, case_ref)
