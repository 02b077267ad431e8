"""The access report (inzage): everything Blijf Groep holds about one person, as she may read
it. Input is what services/access_report.py computed after withholding; this module only lays
it out. Nothing about anyone else reaches it: no other person's name, address or data."""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from blijf_desktop.domain import access_report as ar
from blijf_desktop.domain.exchanges import COUNTERPARTY_LABELS
from blijf_desktop.domain.people import CATEGORY_LABELS, FIELD_LABELS, RELATIONS, Category
from blijf_desktop.domain.police import FLAG_LABELS, KIND_LABELS, UNITS, DangerFlag, PoliceInfoKind
from blijf_desktop.domain.risk import ANSWER_LABELS, AnswerValue
from blijf_desktop.i18n import _, format_date
from blijf_desktop.reports import _pages as pg
from blijf_desktop.reports.disclosure import kind_label, recipient_label


@dataclass(frozen=True)
class AccessReportInput:
    on: date
    reference: str  # the person's reference (P-00012), never the case's
    name: str  # her own name
    category: Category
    parts: tuple[str, ...]  # the parts that are in the report
    personalia: tuple[tuple[str, str], ...] = ()  # (field, value as stored text)
    secret_address: tuple[tuple[str, str], ...] = ()
    relation: str = ""  # a RELATIONS code
    history: tuple[tuple[date, str, str, str, str], ...] = ()  # (on, field, old, new, role)
    threats: tuple[tuple[date, str, str], ...] = ()  # (noted on, description, location)
    police: tuple[tuple[date, str, str, str, tuple[tuple[str, str], ...]], ...] = ()
    origins: tuple[tuple[date, str, tuple[str, ...]], ...] = ()  # (on, source code, kinds)
    recipients: tuple[tuple[date, str, tuple[str, ...], tuple[str, ...], bool, str], ...] = ()
    looks: tuple[tuple[date, str, str, int], ...] = ()  # (day, role, action, how often)
    withheld: tuple[tuple[str, str], ...] = ()  # (part, reason) that the report names
    say_withheld: bool = True


BLIJF = "blijf"  # an origin: recorded by Blijf Groep itself


def _value(name: str, value: str) -> str:
    if name == "birth_date" and value:
        return format_date(date.fromisoformat(value), "long")
    return value or "—"


def _field(name: str) -> str:
    if name == "address_secret":
        return _("Geheim adres")
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def _kind(code: str) -> str:
    try:
        return _(KIND_LABELS[PoliceInfoKind(code)])
    except ValueError:
        return kind_label(code)


def _counterparty(code: str) -> str:
    return _(COUNTERPARTY_LABELS[code]) if code in COUNTERPARTY_LABELS else recipient_label(code)


def _source(code: str) -> str:
    if code == BLIJF:
        return _("Vastgelegd door Blijf Groep")
    return _counterparty(code)


def _day(value: date) -> str:
    return format_date(value, "short")


def _table(head: list[str], rows: list[list[str]], widths: list[float]) -> list:
    cells = [[pg.p(h, pg.HEAD_CELL) for h in head]]
    cells += [[pg.p(c, pg.CELL) for c in row] for row in rows]
    return [pg.grid(cells, [w * pg.WIDTH for w in widths])]


def _personalia(data: AccessReportInput) -> list:
    rows = [(_field(n), _value(n, v)) for n, v in data.personalia]
    if ar.RELATION in data.parts and data.relation:
        label = RELATIONS[data.category].get(data.relation)
        rows.append((_(FIELD_LABELS["relation"]), _(label) if label else data.relation))
    if ar.SECRET_ADDRESS in data.parts:
        rows += [(_field(n), _value(n, v)) for n, v in data.secret_address]
    return [pg.facts(rows)] if rows else [pg.p(_("Geen gegevens vastgelegd."))]


def _police(data: AccessReportInput) -> list:
    story = [pg.police_banner(_("ontvangen van de politie; de politie is de bron."))]
    rows = []
    for on, unit, kind, content, flags in data.police:
        text = content
        if flags:
            text = "; ".join(f"{_(FLAG_LABELS[DangerFlag(f)])}: {_(ANSWER_LABELS[AnswerValue(v)])}"
                             for f, v in flags) + (f"\n{content}" if content else "")
        label = _(UNITS[unit].label) if unit in UNITS else unit
        rows.append([_day(on), label, _kind(kind), text])
    story += _table([_("Datum"), _("Van"), _("Soort"), _("Inhoud")], rows,
                    [0.14, 0.22, 0.24, 0.40])
    return story


def _recipients(data: AccessReportInput) -> list:
    with_purpose = ar.shows_exchange_purpose(data.category)
    rows = []
    for on, code, route, kinds, anonymised, purpose in data.recipients:
        whom = " → ".join([*(_counterparty(r) for r in route), _counterparty(code)])
        what = ", ".join(_kind(k) for k in kinds)
        if anonymised:
            what += " " + _("(geanonimiseerd)")
        row = [_day(on), whom, what]
        if with_purpose:
            row.append(_(ar.PURPOSE_LABEL) if purpose == ar.ACCESS_PURPOSE else
                       _purpose(purpose))
        rows.append(row)
    if with_purpose:
        return _table([_("Datum"), _("Aan"), _("Welke gegevens"), _("Doel")], rows,
                      [0.14, 0.28, 0.32, 0.26])
    return _table([_("Datum"), _("Aan"), _("Welke gegevens")], rows, [0.16, 0.36, 0.48])


def _purpose(code: str) -> str:
    from blijf_desktop.domain.sharing import PURPOSE_LABELS

    return _(PURPOSE_LABELS[code]) if code in PURPOSE_LABELS else code


def _section(part: str, data: AccessReportInput) -> list:
    if part == ar.PERSONALIA:
        return _personalia(data)
    if part == ar.HISTORY:
        return _table([_("Datum"), _("Gegeven"), _("Was"), _("Werd"), _("Door")],
                      [[_day(on), _field(f), _value(f, old), _value(f, new),
                        _(ar.ROLE_LABELS.get(role, "")) if role else "—"]
                       for on, f, old, new, role in data.history],
                      [0.14, 0.2, 0.24, 0.24, 0.18])
    if part == ar.THREATS:
        return _table([_("Datum"), _("Wat u vertelde"), _("Locatie")],
                      [[_day(on), text, place or "—"] for on, text, place in data.threats],
                      [0.14, 0.64, 0.22])
    if part == ar.POLICE:
        return _police(data)
    if part == ar.ORIGINS:
        return _table([_("Datum"), _("Bron"), _("Welke gegevens")],
                      [[_day(on), _source(code), ", ".join(_kind(k) for k in kinds) or
                        _("uw persoonsgegevens")] for on, code, kinds in data.origins],
                      [0.16, 0.36, 0.48])
    if part == ar.RECIPIENTS:
        return _recipients(data)
    if part == ar.LOOKS:
        return _table([_("Datum"), _("Functie"), _("Handeling"), _("Aantal")],
                      [[_day(day), _(ar.ROLE_LABELS[role]) if role in ar.ROLE_LABELS else "—",
                        _(ar.ACTION_LABELS.get(action, action)), str(times)]
                       for day, role, action, times in data.looks],
                      [0.18, 0.32, 0.34, 0.16])
    return []


_EMPTY = {ar.HISTORY: "history", ar.THREATS: "threats", ar.POLICE: "police",
          ar.ORIGINS: "origins", ar.RECIPIENTS: "recipients", ar.LOOKS: "looks"}


def build_access_report(data: AccessReportInput) -> bytes:
    title = _("Inzage in uw gegevens")
    who = _(CATEGORY_LABELS[data.category])
    story = [pg.p(title, pg.TITLE),
             pg.facts([(_("Betreft"), data.name), (_("Datum"), format_date(data.on, "long")),
                       (_("Kenmerk"), data.reference)]),
             Spacer(1, 2 * mm),
             pg.p(_("U vroeg welke gegevens Blijf Groep over u vastlegt. Hieronder staan die "
                    "gegevens, waar ze vandaan komen, aan wie ze zijn verstrekt en wie ze heeft "
                    "ingezien (naar functie)."), pg.PARA),
             *pg.heading(_("Doel van de verwerking")),
             pg.p(_(ar.GENERAL_PURPOSE), pg.PARA)]
    if data.category is Category.CLIENT:
        story.append(pg.p(_("U staat bij ons vastgelegd als {who}.").format(who=who), pg.PARA))
    for part in ar.PART_ORDER:
        if part not in data.parts or part in (ar.SECRET_ADDRESS, ar.RELATION):
            continue
        story += pg.heading(_(ar.PART_LABELS[part]))
        empty = part in _EMPTY and not getattr(data, _EMPTY[part])
        story += [pg.p(_("Niets vastgelegd."))] if empty else _section(part, data)
    if data.withheld and data.say_withheld:
        story += pg.heading(_("Niet opgenomen"))
        story.append(pg.p(_(ar.WITHHELD_NOTE), pg.PARA))
        if ar.names_withheld_parts(data.category):
            story.append(pg.facts([(_(ar.PART_LABELS[part]), _(reason))
                                   for part, reason in data.withheld]))
    return pg.build(story, _("Inzage"), note=data.reference, invariant=True)
