"""The fields of each AWARE action's form, as data for ui/aware/step_form.py. Codes and
choices come from domain/ (aware.py, measures.py, police.py); labels are translated here."""

from datetime import date
from typing import Callable

from blijf_desktop.domain import aware
from blijf_desktop.domain.aware import State
from blijf_desktop.domain.measures import FOR_CHILDREN, MEASURES
from blijf_desktop.domain.people import CATEGORY_LABELS
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.aware import REVIEW_ACTION
from blijf_desktop.ui.aware.step_form import (
    CHECKS, CHOSEN, COMBO, DATE, LINE, TEXT, YESNO, Field,
)

START = "start"

# The button that opens each action's form.
ACTION_LABELS = {
    REVIEW_ACTION: N_("Evaluatie vastleggen…"),
    State.INFORMATIE_GEVRAAGD.value: N_("Informatie vragen bij de politie…"),
    State.INFORMATIE_ONTVANGEN.value: N_("Informatie ontvangen…"),
    State.ADVIES_OPGESTELD.value: N_("Veiligheidsadvies opstellen…"),
    State.TOEGEKEND.value: N_("Besluit: toegekend…"),
    State.AFGEWEZEN.value: N_("Besluit: afgewezen…"),
    State.AANGESLOTEN.value: N_("Aansluiten…"),
    State.VERLENGD.value: N_("Verlengen…"),
    State.BEEINDIGD.value: N_("Beëindigen…"),
}


def _choices(table: dict) -> tuple:
    return tuple((code, _(label)) for code, label in table.items())


def fields_for(action: str, today: Callable[[], date], people=(), with_children=False,
               end_date: date | None = None) -> tuple[str, str, list[Field]]:
    """(title, intro, fields) of an action's form."""
    now = date_text(today())
    if action == START:
        return (_("AWARE-traject starten"),
                _("De laatste risicotaxatie van de casus wordt aan het traject gekoppeld."),
                [Field("reason", _("&Reden"), COMBO, _choices(aware.REASONS)),
                 Field("reason_text", _("&Toelichting"), TEXT,
                       note=_("Nodig bij 'anders'.")),
                 Field("person_ids", _("&Direct betrokkenen"), CHOSEN,
                       tuple((p.id, f"{p.data.full_name()} ({_(CATEGORY_LABELS[p.data.category])})")
                             for p in people),
                       checked=frozenset(p.id for p in people))])
    if action == State.INFORMATIE_GEVRAAGD.value:
        return (_("Informatie vragen bij de politie"), "",
                [Field("unit", _("&Eenheid"), COMBO,
                       tuple((code, _(unit.label)) for code, unit in UNITS.items())),
                 Field("asked", _("&Wat u vraagt"), TEXT),
                 Field("necessity", _("&Noodzaak"), TEXT,
                       note=_("Waarom is deze informatie nodig voor de veiligheid van de cliënt?")),
                 Field("answer_by", _("Antwoord &vóór"), DATE)])
    if action == State.INFORMATIE_ONTVANGEN.value:
        return (_("Informatie ontvangen"),
                _("Leg de politie-informatie eerst vast bij Verstrekkingen; deze stap verwijst "
                  "ernaar."),
                [Field("note", _("&Opmerking"), TEXT, optional=True)])
    if action == State.ADVIES_OPGESTELD.value:
        offered = {c: t for c, t in MEASURES.items() if with_children or c not in FOR_CHILDREN}
        return (_("Veiligheidsadvies opstellen"),
                _("Het advies wordt gebouwd uit de laatste risicotaxatie en de ontvangen "
                  "politie-informatie."),
                [Field("measures", _("&Maatregelen"), CHECKS, _choices(offered)),
                 Field("advice", _("Ad&vies"), TEXT),
                 Field("agreements", _("Af&spraken met de cliënt"), TEXT, optional=True)])
    if action in (State.TOEGEKEND.value, State.AFGEWEZEN.value):
        title = (_("Besluit: toegekend") if action == State.TOEGEKEND.value
                 else _("Besluit: afgewezen"))
        return (title, _("Het besluit van de indicatiecommissie."),
                [Field("committee", _("&Deelnemers"), CHOSEN, _choices(aware.COMMITTEE),
                       checked=aware.COMMITTEE_REQUIRED),
                 Field("reasons", _("&Motivering"), TEXT),
                 Field("decided_on", _("Datum bes&luit"), DATE, initial=now)])
    if action == State.AANGESLOTEN.value:
        return (_("Aansluiten"), "",
                [Field("connected_on", _("&Datum aansluiten"), DATE, initial=now),
                 Field("device", _("&Referentie alarm"), LINE),
                 Field("end_date", _("&Einddatum"), DATE, optional=True,
                       note=_("Leeg: {n} maanden na aansluiten.").format(
                           n=aware.CONNECTION_MONTHS))])
    if action == State.VERLENGD.value:
        proposal = date_text(aware.term_ends(end_date)) if end_date else ""
        return (_("Verlengen"), _("Een verlenging volgt op een evaluatie."),
                [Field("reason", _("&Reden"), TEXT),
                 Field("new_end_date", _("&Nieuwe einddatum"), DATE, initial=proposal)])
    if action == State.BEEINDIGD.value:
        return (_("Beëindigen"), "",
                [Field("reason", _("&Reden"), TEXT),
                 Field("handover", _("&Overdracht aan"), COMBO,
                       _choices(aware.HANDOVER_TARGETS)),
                 Field("handover_text", _("&Toelichting overdracht"), LINE, optional=True,
                       note=_("Nodig bij 'anders'.")),
                 Field("handover_on", _("Overdracht o&p"), DATE, initial=now)])
    if action == REVIEW_ACTION:
        return (_("Evaluatie"), "",
                [Field("reviewed_on", _("&Datum"), DATE, initial=now),
                 Field("contact", _("Con&tact met de cliënt"), YESNO),
                 Field("incidents", _("&Incidenten sinds de vorige evaluatie"), TEXT,
                       optional=True),
                 Field("still_needed", _("Alarm nog &nodig"), YESNO),
                 Field("note", _("O&pmerking"), TEXT, optional=True)])
    raise KeyError(action)
