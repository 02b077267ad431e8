"""The signaal mensenhandel as a PDF (issue 18): A4, "Vertrouwelijk" and "pagina N van M" on
every page, the case reference (never a BSN), the Dutch date, and at the top whether it is
anonymised or identifiable and why. The annex follows as labelled lines, never as a table
(Mensenhandel annex, footnote 12): the same lines as the labelled-lines export, in the
annex's own Dutch words, so what the PDF says and what the lines say cannot differ."""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from blijf_desktop.domain.trafficking_signal import SHOWN_AS, Line
from blijf_desktop.i18n import _, format_date
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports.aware_inputs import check_case_ref

ANONYMISED_COLOUR = colors.HexColor("#2f7d4f")
IDENTIFIABLE_COLOUR = colors.HexColor("#b8560f")
FIELD = pg.ParagraphStyle("signal_field", parent=pg.BODY, spaceAfter=1.2 * mm)
GROUPED = pg.ParagraphStyle("signal_grouped", parent=FIELD, leftIndent=6 * mm)
GROUP = pg.ParagraphStyle("signal_group", parent=pg.LABEL, spaceBefore=1 * mm,
                          spaceAfter=1 * mm)


@dataclass(frozen=True)
class SignalDocument:
    """What the PDF is built from: the lines of trafficking_signal.rendering()."""

    case_ref: str
    date: date
    lines: tuple[Line, ...]
    anonymised: bool


def _value(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def field_paragraph(line: Line) -> Paragraph:
    """"Label: value" on one paragraph; a value anonymisation left out says so."""
    if line.dropped:
        value = "<font color='#52606d'>%s</font>" % escape(_("weggelaten (geanonimiseerd)"))
    elif line.spec is not None and line.spec.kind == "check":
        value = "ja" if line.value == "ja" else "nee"
    else:
        value = _value(line.value) if line.value else "—"
    style = GROUPED if line.spec is not None and line.spec.group else FIELD
    return Paragraph("<b>%s:</b> %s" % (escape(line.label), value), style)


def status_box(line: Line, anonymised: bool) -> Table:
    """Geanonimiseerd, or Herleidbaar with the reason: the first thing a reader sees."""
    colour = ANONYMISED_COLOUR if anonymised else IDENTIFIABLE_COLOUR
    words = Paragraph("<b>%s</b>" % _value(line.value),
                      pg.ParagraphStyle("status", parent=pg.BODY, fontSize=12, leading=16,
                                        textColor=colors.white))
    table = Table([[words]], colWidths=[pg.WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colour),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    return table


def signal_story(lines: tuple[Line, ...], anonymised: bool) -> list:
    story: list = []
    pending_heading: list = []
    for line in lines:
        if line.kind == "title":
            story.append(pg.p(line.label, pg.SMALL))
        elif line.kind == "note" and line.label == SHOWN_AS:
            story += [Spacer(1, 2 * mm), status_box(line, anonymised), Spacer(1, 2 * mm)]
        elif line.kind == "note":
            story.append(Paragraph("<b>%s:</b> %s" % (escape(line.label), _value(line.value)),
                                   pg.SMALL))
        elif line.kind == "heading":
            pending_heading = pg.heading(line.label)
        elif line.kind == "group":
            story.append(pg.p(line.label, GROUP))
        else:
            paragraph = field_paragraph(line)
            if pending_heading:  # a heading never stands alone at the foot of a page
                story += [pending_heading[0], KeepTogether([pending_heading[1], paragraph])]
                pending_heading = []
            else:
                story.append(paragraph)
    return story


def build_signal_pdf(document: SignalDocument) -> bytes:
    case_ref = check_case_ref(document.case_ref)
    if document.anonymised is not True and document.anonymised is not False:
        raise ValueError("anonymised must be a bool")
    title = _("Signaal mensenhandel")
    story = [
        pg.p(title, pg.TITLE),
        pg.facts([(_("Zaak"), case_ref), (_("Datum"), format_date(document.date, "long"))]),
        *signal_story(document.lines, document.anonymised),
    ]
    note = _("Geanonimiseerd") if document.anonymised else _("Herleidbaar")
    return pg.build(story, title, case_ref, note)
