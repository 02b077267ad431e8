"""What the AWARE documents share: A4, the built-in fonts (WinAnsi covers Dutch diacritics),
the styles of the recovery sheet, and a page frame that prints "Vertrouwelijk", the case
reference and "pagina N van M" on every page. The total is known because the canvas keeps
each page until the document is finished and then draws the frames (one layout pass).

The document metadata is generic (the document's kind, "Blijf Desktop"): names, references
and addresses appear only in the page content."""

import io
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from blijf_desktop import i18n
from blijf_desktop.i18n import _
from blijf_desktop.reports import fonts, letterhead

fonts.register()  # before any style or paragraph names the face

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
PANEL = colors.HexColor("#f3f5f7")
POLICE = colors.HexColor("#1d3f72")  # the police-information marking
POLICE_PANEL = colors.HexColor("#e8eef7")

MARGIN = 18 * mm
FRAME_PADDING = 6
WIDTH = A4[0] - 2 * MARGIN

TITLE = ParagraphStyle("title", fontName=fonts.SANS_BOLD, fontSize=18, leading=22,
                       textColor=INK, spaceAfter=2 * mm)
HEADING = ParagraphStyle("heading", fontName=fonts.SANS_BOLD, fontSize=12, leading=15,
                         textColor=INK, spaceBefore=5 * mm, spaceAfter=1.5 * mm)
BODY = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10, leading=13.5, textColor=INK)
PARA = ParagraphStyle("para", parent=BODY, spaceAfter=2 * mm)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11, textColor=MUTED)
LABEL = ParagraphStyle("label", fontName=fonts.SANS_BOLD, fontSize=8.5, leading=11,
                       textColor=MUTED)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=fonts.SANS_BOLD)
HEAD_CELL = ParagraphStyle("head_cell", parent=CELL, fontName=fonts.SANS_BOLD,
                           textColor=colors.white)


def p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text: escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def heading(text: str) -> list:
    """A section heading that is never left alone at the foot of a page. (keepWithNext would
    push a long table whole onto the next page and leave this one empty.)"""
    return [CondPageBreak(28 * mm), p(text, HEADING)]


def paragraphs(text: str, style: ParagraphStyle = PARA) -> list[Paragraph]:
    """Free text as typed: blank lines separate paragraphs, so a long text flows over pages."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [p(block, style) for block in blocks if block]


def grid(rows: list[list], widths: list[float], header: bool = True,
         extra: list | None = None) -> Table:
    """A table with a dark header row that repeats on every page it spans."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), INK))
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def facts(rows: list[tuple[str, str]], label_width: float = 42 * mm) -> Table:
    """Label / value lines, as on the recovery sheet."""
    table = Table([[p(label, LABEL), p(value, BODY)] for label, value in rows],
                  colWidths=[label_width, WIDTH - label_width])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]))
    return table


def police_banner(text: str) -> Table:
    """The marking above every block of police information."""
    style = ParagraphStyle("police", parent=BODY, fontSize=9, leading=12, textColor=POLICE)
    table = Table([[Paragraph("<b>%s</b> — %s" % (escape(_("Politie-informatie")),
                                                   escape(text)), style)]], colWidths=[WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), POLICE_PANEL),
        ("LINEBEFORE", (0, 0), (0, -1), 3, POLICE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ]))
    return table


def signature_block(people: list[tuple[str, str]], date_text: str) -> Table:
    """Per signer: the role, the name, the date and a line to sign on."""
    gap = 8 * mm
    width = (WIDTH - gap * (len(people) - 1)) / len(people)
    labels, names, dates, lines = [], [], [], []
    for index, (role, name) in enumerate(people):
        if index:
            for row in (labels, names, dates, lines):
                row.append("")
        labels.append(p(role, LABEL))
        names.append(p(name, CELL_BOLD))
        dates.append(p("%s: %s" % (_("Datum"), date_text), CELL))
        lines.append(p(_("Handtekening"), SMALL))
    widths = [width if i % 2 == 0 else gap for i in range(2 * len(people) - 1)]
    table = Table([labels, names, dates, [""] * len(widths), lines], colWidths=widths,
                  rowHeights=[None, None, None, 16 * mm, None])
    style = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    style += [("LINEBELOW", (i, 3), (i, 3), 0.8, INK) for i in range(0, len(widths), 2)]
    table.setStyle(TableStyle(style))
    return table


def _frame(canvas: Canvas, kind: str, case_ref: str, note: str, page: int, total: int) -> None:
    width, height = A4
    top = height - 11 * mm
    canvas.saveState()
    head = letterhead.current()
    left = MARGIN
    if head.logo:  # beheer's logo (domain/settings.py), at most 7 mm high and 40 mm wide
        logo = letterhead.logo_reader(head.logo)
        pixels_wide, pixels_high = logo.getSize()
        scale = min(7 * mm / pixels_high, 40 * mm / pixels_wide)
        canvas.drawImage(logo, MARGIN, top - 1 * mm, pixels_wide * scale, pixels_high * scale,
                         mask="auto")
        left += pixels_wide * scale + 2.5 * mm
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.SANS, 8.5)
    canvas.drawString(left, top, "%s — %s" % (head.organisation, kind))
    canvas.setFont(fonts.SANS_BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawRightString(width - MARGIN, top, _("Vertrouwelijk"))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 2.5 * mm, width - MARGIN, top - 2.5 * mm)
    canvas.line(MARGIN, 15 * mm, width - MARGIN, 15 * mm)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.SANS, 8)
    left = case_ref and "%s %s" % (_("Zaak"), case_ref)
    canvas.drawString(MARGIN, 10.5 * mm, left)
    if note:
        canvas.drawCentredString(width / 2, 10.5 * mm, note)
    canvas.setFont(fonts.SANS_BOLD, 8)
    canvas.drawRightString(width - MARGIN, 10.5 * mm,
                           _("pagina {page} van {total}").format(page=page, total=total))
    canvas.restoreState()


def _canvas_maker(kind: str, case_ref: str, note: str) -> Callable[..., Canvas]:
    class FramedCanvas(Canvas):
        """Keeps every page until save(), then draws each frame with the total known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self):
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kept)
            for state in self._kept:
                self.__dict__.update(state)
                _frame(self, kind, case_ref, note, self._pageNumber, total)
                super().showPage()
            super().save()

    return FramedCanvas


def build(story: list, kind: str, case_ref: str = "", note: str = "",
          invariant: bool = False) -> bytes:
    """Lays out `story` on A4 and returns the PDF. `kind` ("Veiligheidsadvies") is the title
    in the metadata and the header; nothing personal goes into the metadata. `invariant`: the
    same story gives the same bytes (no creation time or random id), so a hash of a preview
    names the document that is printed or saved later."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4,
        leftMargin=MARGIN - FRAME_PADDING, rightMargin=MARGIN - FRAME_PADDING,
        topMargin=19 * mm, bottomMargin=19 * mm,
        title=kind, author="Blijf Desktop", creator="Blijf Desktop", subject="", keywords="",
        lang=i18n.language(), invariant=1 if invariant else None,
    )
    doc.build(story, canvasmaker=_canvas_maker(kind, case_ref, note))
    return buffer.getvalue()
