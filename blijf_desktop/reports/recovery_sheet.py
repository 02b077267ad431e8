"""The recovery key sheet: one A4 page to print once and keep in a locked safe.

The bundled DejaVu Sans for text (any name prints right) and built-in Courier for the key
(ASCII only), so the sheet looks the same on every PC. The key appears only in the page
content, never in the document metadata."""

import io
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.reports import fonts

fonts.register()  # before any style or paragraph names the face

GROUP = 4  # characters per group, as the key is typed in
GROUPS_PER_ROW = 4

_INK = colors.HexColor("#1f2933")
_MUTED = colors.HexColor("#52606d")
_RULE = colors.HexColor("#9aa5b1")
_PANEL = colors.HexColor("#f3f5f7")

_MARGIN = 20 * mm
_FRAME_PADDING = 6  # platypus frames pad their content by 6 pt on each side
_WIDTH = A4[0] - 2 * _MARGIN

_TITLE = ParagraphStyle("title", fontName=fonts.SANS_BOLD, fontSize=20, leading=24,
                        textColor=_INK, spaceAfter=3 * mm)
_LEAD = ParagraphStyle("lead", fontName=fonts.SANS, fontSize=10.5, leading=14.5,
                       textColor=_INK, spaceAfter=5 * mm)
_LABEL = ParagraphStyle("label", fontName=fonts.SANS_BOLD, fontSize=8.5, leading=11,
                        textColor=_MUTED)
_HEADING = ParagraphStyle("heading", fontName=fonts.SANS_BOLD, fontSize=11.5, leading=14.5,
                          textColor=_INK, spaceBefore=5 * mm, spaceAfter=1.2 * mm)
_BODY = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10.5, leading=14.5, textColor=_INK)
_HINT = ParagraphStyle("hint", parent=_BODY, fontSize=8.5, leading=11, textColor=_MUTED,
                       alignment=TA_CENTER)
_GROUP = ParagraphStyle("group", fontName="Courier-Bold", fontSize=22, leading=26,
                        textColor=_INK, alignment=TA_CENTER)
_MONO = ParagraphStyle("mono", fontName="Courier", fontSize=10.5, leading=13.5, textColor=_INK)


def key_groups(recovery_key: str) -> list[str]:
    """The key in groups of four, whatever separators the caller used."""
    cleaned = "".join(c for c in recovery_key.upper() if c.isalnum())
    if not cleaned:
        raise ValueError("empty recovery key")
    return [cleaned[i : i + GROUP] for i in range(0, len(cleaned), GROUP)]


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _key_box(groups: list[str]) -> Table:
    rows = [groups[i : i + GROUPS_PER_ROW] for i in range(0, len(groups), GROUPS_PER_ROW)]
    rows[-1] = rows[-1] + [""] * (GROUPS_PER_ROW - len(rows[-1]))
    cells = [[_p(group, _GROUP) for group in row] for row in rows]
    inner = _WIDTH - 16 * mm
    table = Table(cells, colWidths=[inner / GROUPS_PER_ROW] * GROUPS_PER_ROW,
                  rowHeights=[15 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, -1), colors.white),
        ("INNERGRID", (0, 0), (-1, -1), 0.6, _RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, _RULE),
    ]))
    frame = Table([[table]], colWidths=[_WIDTH])
    frame.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.6, _INK),
        ("BACKGROUND", (0, 0), (-1, -1), _PANEL),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm),
    ]))
    return frame


def _details(store_id: str, created: datetime) -> Table:
    rows = [
        [_p(_("Gegevensopslag (ID)"), _LABEL), _p(store_id, _MONO)],
        [_p(_("Gemaakt op"), _LABEL), _p(format_datetime(created), _BODY)],
    ]
    table = Table(rows, colWidths=[45 * mm, _WIDTH - 45 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
    ]))
    return table


def _bullets(lines: list[str]) -> ListFlowable:
    return ListFlowable([ListItem(_p(line, _BODY), leftIndent=5 * mm) for line in lines],
                        bulletType="bullet", start="\u2022", bulletFontName=fonts.SANS,
                        bulletFontSize=10.5, leftIndent=5 * mm, bulletColor=_INK)


def _signature_block() -> Table:
    labels = [_("Opgeborgen door"), _("Datum"), _("Handtekening")]
    gap = 6 * mm
    fields = [(_WIDTH - 2 * gap) * share for share in (0.42, 0.22, 0.36)]
    header = [_p(labels[0], _LABEL), "", _p(labels[1], _LABEL), "", _p(labels[2], _LABEL)]
    table = Table([header, [""] * 5], colWidths=[fields[0], gap, fields[1], gap, fields[2]],
                  rowHeights=[None, 16 * mm])
    table.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 1), (0, 1), 0.8, _INK),
        ("LINEBELOW", (2, 1), (2, 1), 0.8, _INK),
        ("LINEBELOW", (4, 1), (4, 1), 0.8, _INK),
    ]))
    return table


def _decorate(canvas, doc) -> None:
    canvas.saveState()
    width, height = A4
    top = height - 12 * mm
    canvas.setFillColor(_MUTED)
    canvas.setFont(fonts.SANS, 8.5)
    canvas.drawString(_MARGIN, top, "Blijf Desktop")
    canvas.setFont(fonts.SANS_BOLD, 8.5)
    canvas.drawRightString(width - _MARGIN, top, _("VERTROUWELIJK"))
    canvas.setStrokeColor(_RULE)
    canvas.setLineWidth(0.5)
    canvas.line(_MARGIN, top - 2.5 * mm, width - _MARGIN, top - 2.5 * mm)
    canvas.line(_MARGIN, 15 * mm, width - _MARGIN, 15 * mm)
    canvas.setFont(fonts.SANS, 8)
    canvas.drawCentredString(
        width / 2, 10.5 * mm,
        _("Niet kopiëren, fotograferen of scannen. Bewaar dit blad in een afgesloten kluis."))
    canvas.restoreState()


def build_recovery_sheet(recovery_key: str, store_id: str, created: datetime,
                         language: str = "nl") -> bytes:
    """One A4 page with the recovery key, for the safe. `language` goes into the PDF's
    language tag; the text follows the active gettext language, which the caller sets."""
    groups = key_groups(recovery_key)
    if not store_id.strip():
        raise ValueError("empty store id")
    title = _("Herstelsleutel Blijf Desktop")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4,
        leftMargin=_MARGIN - _FRAME_PADDING, rightMargin=_MARGIN - _FRAME_PADDING,
        topMargin=22 * mm, bottomMargin=20 * mm,
        title=title, author="Blijf Desktop", creator="Blijf Desktop", subject="", keywords="",
        lang=language,
    )
    story = [
        _p(title, _TITLE),
        _p(_("Met deze sleutel kan de gegevensopslag van Blijf Desktop worden geopend, ook "
             "zonder wachtwoord. Wie deze sleutel heeft, kan alle gegevens lezen. Behandel dit "
             "blad daarom als de sleutel van een kluis."), _LEAD),
        _p(_("HERSTELSLEUTEL"), _LABEL),
        Spacer(1, 1.5 * mm),
        _key_box(groups),
        Spacer(1, 2 * mm),
        _p(_("Typ de tekens over zoals ze hier staan. Streepjes, spaties en hoofdletters maken "
             "bij het intypen niet uit."), _HINT),
        Spacer(1, 4 * mm),
        _details(store_id, created),
        _p(_("Waarvoor is deze sleutel?"), _HEADING),
        _p(_("Met de herstelsleutel opent u de gegevensopslag op een nieuwe pc, of stelt u een "
             "nieuw wachtwoord in als het wachtwoord kwijt is. Kies daarvoor in het inlogscherm "
             "‘Wachtwoord vergeten / nieuwe pc’."), _BODY),
        _p(_("Wie mag hem gebruiken?"), _HEADING),
        _p(_("Alleen de functioneel beheerder."), _BODY),
        _p(_("Zo bewaart u dit blad"), _HEADING),
        _bullets([
            _("Berg dit blad op in een afgesloten kluis."),
            _("Maak er nooit een foto, scan of kopie van en bewaar de sleutel nooit als bestand "
              "op een pc, telefoon of in een mailbox."),
            _("Bewaar het blad nooit samen met de laptop of pc waarop Blijf Desktop staat."),
        ]),
        _p(_("Kwijt of gezien door anderen?"), _HEADING),
        _p(_("Maak dan in Beheer een nieuwe herstelsleutel en vernietig dit blad."), _BODY),
        Spacer(1, 12 * mm),
        KeepTogether([_p(_("Opgeborgen in de kluis"), _HEADING),
                      _signature_block()]),
    ]
    doc.build(story, onFirstPage=_decorate, onLaterPages=_decorate)
    return buffer.getvalue()
