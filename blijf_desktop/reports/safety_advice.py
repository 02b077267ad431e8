"""The veiligheidsadvies (issue 17): what the team lead hands the police officer and the
indicatiecommissie. A4, Dutch, "Vertrouwelijk" and "pagina N van M" on every page.

Order: what the officer needs first (level, people, danger flags), then the police
information, the screening, the measures, the advice and the agreements, the signatures.
Police information is marked as such wherever it shows: it goes back to the police only,
never to third parties (Blijf 5.2, 5.8). A secret address is printed only when the input says
the user ticked and confirmed that it is needed; otherwise the line says it is left out."""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from blijf_desktop.domain import measures as m
from blijf_desktop.domain.people import CATEGORY_LABELS, RELATIONS, Category
from blijf_desktop.domain.police import (
    CHANNEL_LABELS,
    FLAG_LABELS,
    KIND_LABELS,
    UNITS,
    DangerFlag,
)
from blijf_desktop.domain.risk import ANSWER_LABELS, LEVEL_LABELS, SCREENINGS, AnswerValue, Level
from blijf_desktop.i18n import _, format_date
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports.aware_inputs import (
    PersonLine,
    SafetyAdviceInput,
    ScreeningLine,
    check_case_ref,
)

LEVEL_COLOURS = {Level.GROEN: colors.HexColor("#2f7d4f"), Level.ORANJE: colors.HexColor("#b8560f"),
                 Level.ROOD: colors.HexColor("#b42323")}
_JA = colors.HexColor("#fbe3e3")
_ONBEKEND = colors.HexColor("#f3f5f7")
FLAG_COLUMNS = 3  # plegers per flag table; more plegers get another table


def role_text(person: PersonLine) -> str:
    role = _(CATEGORY_LABELS[person.category])
    relation = RELATIONS.get(person.category, {}).get(person.relation)
    return "%s (%s)" % (role, _(relation)) if relation and _(relation) != role else role


def address_text(person: PersonLine, show_secret: bool) -> str:
    if person.address_secret and not show_secret:
        return _("geheim adres — niet vermeld")
    if not person.address:
        return "—"
    return "%s\n(%s)" % (person.address, _("geheim adres")) if person.address_secret \
        else person.address


def people_table(people: tuple[PersonLine, ...], show_secret: bool) -> Table:
    head = [pg.p(text, pg.HEAD_CELL) for text in
            (_("Naam"), _("Rol"), _("Geboortedatum"), _("Adres"))]
    rows = [head] + [[
        pg.p(person.name, pg.CELL_BOLD), pg.p(role_text(person), pg.CELL),
        pg.p(format_date(person.birth_date, "short") if person.birth_date else "—", pg.CELL),
        pg.p(address_text(person, show_secret), pg.CELL),
    ] for person in people]
    return pg.grid(rows, [46 * mm, 31 * mm, 35 * mm, pg.WIDTH - 112 * mm])


def _answer_cell(value: AnswerValue) -> Paragraph:
    if value is AnswerValue.JA:
        return pg.p(_(ANSWER_LABELS[value]).upper(), pg.CELL_BOLD)
    return pg.p(_(ANSWER_LABELS[value]), pg.CELL)


def flag_tables(data: SafetyAdviceInput) -> list:
    """One row per flag, one column per pleger: 'JA' in bold on red, onbekend shaded."""
    plegers = [person for person in data.people if person.category is Category.PLEGER]
    if not plegers:
        return [pg.p(_("Geen pleger in dit advies."), pg.PARA)]
    tables = []
    for start in range(0, len(plegers), FLAG_COLUMNS):
        chunk = plegers[start:start + FLAG_COLUMNS]
        label_width = 60 * mm
        column = (pg.WIDTH - label_width) / len(chunk)
        rows = [[pg.p(_("Gevarenclassificatie"), pg.HEAD_CELL)]
                + [pg.p(person.name, pg.HEAD_CELL) for person in chunk]]
        extra = []
        for row, flag in enumerate(DangerFlag, start=1):
            cells = [pg.p(_(FLAG_LABELS[flag]), pg.CELL)]
            for col, person in enumerate(chunk, start=1):
                value = data.flags.get(person.ref, {}).get(flag, AnswerValue.ONBEKEND)
                cells.append(_answer_cell(value))
                if value is not AnswerValue.NEE:
                    extra.append(("BACKGROUND", (col, row), (col, row),
                                  _JA if value is AnswerValue.JA else _ONBEKEND))
            rows.append(cells)
        tables += [pg.grid(rows, [label_width] + [column] * len(chunk), extra=extra),
                   Spacer(1, 2 * mm)]
    tables.append(pg.p(_("Een gevaar dat de politie niet noemde, staat als ‘onbekend’, "
                         "niet als ‘nee’."), pg.SMALL))
    return tables


def level_box(level: Level, reason: str) -> Table:
    words = Paragraph("%s: <b>%s</b>" % (escape(_("Risiconiveau")),
                                         escape(_(LEVEL_LABELS[level]).upper())),
                      pg.ParagraphStyle("level", parent=pg.BODY, fontSize=14, leading=18,
                                        textColor=colors.white))
    table = Table([[words], [pg.p(reason or "—", pg.BODY)]], colWidths=[pg.WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LEVEL_COLOURS[level]),
        ("BOX", (0, 0), (-1, -1), 1.2, LEVEL_COLOURS[level]),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    return table


def police_section(data: SafetyAdviceInput) -> list:
    names = {person.ref: person.name for person in data.people}
    story = [*pg.heading(_("Informatie van de politie")),
             pg.police_banner(_("alleen voor het AWARE-overleg met de politie; niet "
                                "verstrekken aan derden.")), Spacer(1, 2 * mm)]
    for line in data.police_info:
        unit = UNITS.get(line.unit)
        meta = "%s · %s · %s" % (_(unit.label) if unit else line.unit,
                                 format_date(line.received_on, "long"),
                                 _(CHANNEL_LABELS[line.channel]))
        head = "<b>%s</b> — %s<br/><font color='#52606d' size='8.5'>%s</font>" % (
            escape(names.get(line.person_ref, "—")), escape(_(KIND_LABELS[line.kind])),
            escape(meta))
        story.append(KeepTogether([Paragraph(head, pg.CELL)]
                                  + pg.paragraphs(line.content or "—", pg.PARA)[:1]))
        story += pg.paragraphs(line.content, pg.PARA)[1:]
    return story


def screening_section(screenings: tuple[ScreeningLine, ...]) -> list:
    if not screenings:
        return []
    latest = screenings[-1]
    story = [*pg.heading(_("Risicotaxatie")), pg.p(
        _("Laatste risicotaxatie: {date}, door {author}. Voorgesteld: {proposed}; "
          "vastgesteld: {level}.").format(
            date=format_date(latest.on, "long"), author=latest.author,
            proposed=_(LEVEL_LABELS[latest.proposed]), level=_(LEVEL_LABELS[latest.level])),
        pg.PARA)]
    signals = SCREENINGS[latest.version].signals if latest.version in SCREENINGS else ()
    rows = [[pg.p(_("Signaal"), pg.HEAD_CELL), pg.p(_("Antwoord"), pg.HEAD_CELL)]]
    extra = []
    for signal in signals:
        answer = latest.answers.get(signal.code)
        value = answer.value if answer else AnswerValue.ONBEKEND
        if value is AnswerValue.NEE:
            continue
        text = _(signal.text) + ("\n%s" % answer.note if answer and answer.note else "")
        rows.append([pg.p(text, pg.CELL), _answer_cell(value)])
        if value is AnswerValue.JA:
            extra.append(("BACKGROUND", (1, len(rows) - 1), (1, len(rows) - 1), _JA))
    if len(rows) > 1:
        story += [pg.p(_("Signalen beantwoord met ja of onbekend:"), pg.SMALL),
                  Spacer(1, 1 * mm), pg.grid(rows, [pg.WIDTH - 28 * mm, 28 * mm], extra=extra)]
    if len(screenings) > 1:
        earlier = "; ".join("%s (%s): %s" % (format_date(s.on, "short"), s.author,
                                             _(LEVEL_LABELS[s.level]))
                            for s in reversed(screenings[:-1]))
        story += [Spacer(1, 2 * mm), pg.p("%s %s" % (_("Eerdere risicotaxaties:"), earlier),
                                          pg.SMALL)]
    return story


def measures_table(data: SafetyAdviceInput) -> Table:
    with_children = any(person.category is Category.CHILD for person in data.people)
    rows = []
    for code, label in m.MEASURES.items():
        if code in m.FOR_CHILDREN and not with_children and code not in data.measures:
            continue
        chosen = code in data.measures
        note = data.measure_notes.get(code, "")
        rows.append([pg.p("X" if chosen else "", pg.CELL_BOLD),
                     pg.p(_(label) + ("\n%s" % note if note else ""), pg.CELL),
                     pg.p(_("ja") if chosen else _("nee"),
                          pg.CELL_BOLD if chosen else pg.CELL)])
    table = Table(rows, colWidths=[7 * mm, pg.WIDTH - 27 * mm, 20 * mm])
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (0, -1), "CENTER"),
             ("LINEBELOW", (0, 0), (-1, -1), 0.4, pg.RULE),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm)]
    style += [("BOX", (0, row), (0, row), 0.9, pg.INK) for row in range(len(rows))]
    table.setStyle(TableStyle(style))
    return table


def build_safety_advice(data: SafetyAdviceInput) -> bytes:
    case_ref = check_case_ref(data.case_ref)
    if data.show_secret_address is not True and data.show_secret_address is not False:
        raise ValueError("show_secret_address must be a bool")
    title = _("Veiligheidsadvies")
    today = format_date(data.date, "long")
    story = [
        pg.p(title, pg.TITLE),
        pg.facts([(_("Zaak"), case_ref), (_("Datum"), today),
                  (_("Opgesteld door"), data.author), (_("Teamleider"), data.teamleider)]),
        Spacer(1, 4 * mm),
        level_box(data.level, data.level_reason),
        *pg.heading(_("Betrokkenen")),
        people_table(data.people, data.show_secret_address),
        *pg.heading(_("Gevarenclassificatie van de politie")),
        pg.police_banner(_("niet verstrekken aan derden.")),
        Spacer(1, 2 * mm),
        *flag_tables(data),
    ]
    if data.police_info:
        story += police_section(data)
    story += screening_section(data.screenings)
    story += [*pg.heading(_("Maatregelen")), measures_table(data),
              *pg.heading(_("Advies")), *pg.paragraphs(data.advice_text or "—"),
              *pg.heading(_("Afspraken met de cliënt")),
              *pg.paragraphs(data.agreements or "—"),
              Spacer(1, 6 * mm),
              KeepTogether([*pg.heading(_("Ondertekening")), pg.signature_block(
                  [(_("Opgesteld door"), data.author), (_("Teamleider"), data.teamleider)],
                  today)])]
    return pg.build(story, title, case_ref,
                    _("Bevat politie-informatie: niet verstrekken aan derden."))
