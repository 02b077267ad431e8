"""The destruction statement (verklaring van vernietiging): what was destroyed (case id,
kinds, counts), when, proposed, approved and carried out by whom (user ids and roles), the
reason code, and the date by which the last backup holding it has been deleted (Blijf 8.2:
copies and backups included). No personal data: no name, no content, no free note."""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm

from blijf_desktop.domain.destruction import KIND_LABELS, REASONS, SCOPE_LABELS, Scope
from blijf_desktop.i18n import _, format_date, ngettext
from blijf_desktop.reports import _pages as pg


@dataclass(frozen=True)
class Actor:
    user_id: int
    role_label: str  # translated role name
    on: date


@dataclass(frozen=True)
class DestructionStatementInput:
    destruction_id: int
    scope: Scope
    case_id: int
    person_id: int | None
    text_label: str | None  # the kind of text of a partial purge, translated
    reason_code: str
    counts: dict[str, int]
    figures_kept: int
    proposed: Actor
    reviewed: Actor
    carried_out: Actor
    destroyed_on: date
    keep_days: int
    backups_gone_by: date
    printed_on: date


def _actor(actor: Actor) -> str:
    return _("gebruiker {id} ({role}), {date}").format(
        id=actor.user_id, role=actor.role_label, date=format_date(actor.on, "long"))


def build_destruction_statement(data: DestructionStatementInput) -> bytes:
    title = _("Verklaring van vernietiging")
    what = _(SCOPE_LABELS[data.scope])
    if data.person_id is not None:
        what = _("{scope}: persoon {id}").format(scope=what, id=data.person_id)
    if data.text_label:
        what = f"{what}: {data.text_label}"
    facts = [
        (_("Vernietiging"), str(data.destruction_id)),
        (_("Dossier"), str(data.case_id)),
        (_("Omvang"), what),
        (_("Reden"), _(REASONS.get(data.reason_code, data.reason_code))),
        (_("Vernietigd op"), format_date(data.destroyed_on, "long")),
        (_("Voorgesteld door"), _actor(data.proposed)),
        (_("Beoordeeld door"), _actor(data.reviewed)),
        (_("Uitgevoerd door"), _actor(data.carried_out)),
    ]
    rows = [[pg.p(_("Soort gegevens"), pg.HEAD_CELL), pg.p(_("Aantal"), pg.HEAD_CELL)]]
    for kind, count in sorted(data.counts.items(), key=lambda kv: str(KIND_LABELS.get(kv[0]))):
        rows.append([pg.p(_(KIND_LABELS.get(kind, kind)), pg.CELL), pg.p(str(count), pg.CELL)])
    story = [pg.p(title, pg.TITLE), pg.facts(facts, 38 * mm),
             *pg.heading(_("Wat is vernietigd"))]
    if len(rows) > 1:
        story.append(pg.grid(rows, [pg.WIDTH - 30 * mm, 30 * mm]))
    else:
        story.append(pg.p(_("Er waren geen gegevens meer om te vernietigen."), pg.PARA))
    story += [
        *pg.heading(_("Hoe")),
        pg.p(_("De gegevens zijn uit de versleutelde gegevensopslag verwijderd met "
               "secure_delete (vrijgekomen ruimte wordt overschreven), uit de zoekindex en "
               "uit concepten gehaald, en de opslag is daarna opnieuw opgebouwd (VACUUM). "
               "Het logboek blijft; het noemt alleen nummers, geen gegevens van personen."),
             pg.PARA),
        *pg.heading(_("Back-ups")),
        pg.p(_("Back-ups worden {days} dagen bewaard. De laatste back-up waarin deze "
               "gegevens nog kunnen staan, is uiterlijk op {date} verwijderd (convenant "
               "Blijf Groep – politie, art. 8.2).").format(
                   days=data.keep_days, date=format_date(data.backups_gone_by, "long")),
             pg.PARA),
        *pg.heading(_("Geanonimiseerde tellingen")),
        pg.p(ngettext("Voor de jaarcijfers is {n} telling bewaard, niet tot personen "
                      "herleidbaar en als geanonimiseerd gemarkeerd (convenant Mensenhandel, "
                      "art. 22.6).",
                      "Voor de jaarcijfers zijn {n} tellingen bewaard, niet tot personen "
                      "herleidbaar en als geanonimiseerd gemarkeerd (convenant Mensenhandel, "
                      "art. 22.6).", data.figures_kept).format(n=data.figures_kept), pg.PARA),
        pg.p(_("Afgedrukt op {date}.").format(date=format_date(data.printed_on, "long")),
             pg.SMALL),
    ]
    return pg.build(story, title, str(data.case_id))
