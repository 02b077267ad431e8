"""The form to prepare a consent: scope (recipients, purposes, people, kinds of data), period,
grantor, the client's position and the five-part weighing. A StepForm (ui/aware/step_form.py):
an editor that asks before leaving and keeps what was typed over a lock."""

from datetime import date
from typing import Callable

from blijf_desktop.domain import sharing
from blijf_desktop.domain.consent import (
    GRANTOR_LABELS, POSITION_LABELS, WEIGHING_LABELS, WEIGHING_PARTS,
)
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS, CATEGORY_LABELS, NAME_FIELDS, Category,
)
from blijf_desktop.i18n import _
from blijf_desktop.ui.aware.step_form import (
    CHOSEN, COMBO, DATE, TEXT, YESNO, Field, StepForm, today_text,
)
from blijf_desktop.ui.consent import labels

# What a chain recipient may get at most (sharing.CHAIN_TABLE); the service checks the rest.
KINDS = (*NAME_FIELDS, *ADDRESS_FIELDS, "birth_date", sharing.SIGNAL, sharing.SIGNAL_ENFORCEMENT)


def consentable_recipients() -> list[str]:
    return [code for code in sharing.RECIPIENTS
            if any(sharing.consentable(code, p) for p in sharing.PURPOSE_LABELS)]


def consentable_purposes() -> list[str]:
    return [p for p in sharing.PURPOSE_LABELS
            if any(sharing.consentable(code, p) for code in sharing.RECIPIENTS)]


def prepare_form(people, signals, today: Callable[[], date],
                 submit: Callable[[dict], int]) -> StepForm:
    """`people`: the case's PersonView list (names shown to choose from); `signals`: the
    case's signals (StoredSignal), to choose which one a consent for the signal is for."""
    def person(p) -> str:
        name = " ".join(x for x in (p.data.first_names, p.data.prefix, p.data.last_name) if x)
        return f"{name} ({_(CATEGORY_LABELS[Category(p.data.category)])})"

    fields = [
        Field("recipients", _("Ontvang&ers"), CHOSEN,
              tuple((c, labels.recipient(c)) for c in consentable_recipients())),
        Field("purposes", _("&Doelen"), CHOSEN,
              tuple((p, labels.purpose(p)) for p in consentable_purposes())),
        Field("persons", _("&Personen"), CHOSEN, tuple((p.id, person(p)) for p in people)),
        Field("kinds", _("&Gegevens"), CHOSEN, tuple((k, labels.kind(k)) for k in KINDS)),
        # Mensenhandel 14.6: consent comes with *the* signal, or later for it.
        Field("signals", _("Voor s&ignaal"), CHOSEN,
              tuple((s.id, labels.signal_choice(s)) for s in signals),
              note=_("Nodig als het signaal bij de gegevens staat. Een later signaal vraagt een "
                     "nieuwe toestemming.") if signals else _(
                  "Deze casus heeft nog geen signaal.")),
        # Mensenhandel 6.2, 9.5: identifiable only where strictly needed, and said so here.
        Field("identifiable", _("Her&leidbaar (alleen als strikt nodig)"), YESNO,
              initial=False,
              note=_("Nee: de toestemming geldt alleen voor geanonimiseerde gegevens.")),
        Field("valid_from", _("Geldig &vanaf"), DATE, initial=today_text(today)),
        Field("valid_until", _("Geldig &tot en met"), DATE, optional=True,
              note=_("Leeg: tot intrekking.")),
        Field("grantor", _("Toestemming geven doo&r"), COMBO,
              tuple((g.value, _(label)) for g, label in GRANTOR_LABELS.items())),
        Field("client_informed", _("Cliënt geïnfor&meerd"), YESNO),
        Field("client_position", _("&Standpunt cliënt"), COMBO,
              tuple((p.value, _(label)) for p, label in POSITION_LABELS.items())),
        Field("position_reason", _("Toelichting sta&ndpunt"), TEXT, optional=True,
              note=_("Nodig bij bezwaar of als zij niet gevraagd kon worden.")),
        *(Field(f"weighing_{part}", _(WEIGHING_LABELS[part]), TEXT) for part in WEIGHING_PARTS),
    ]
    return StepForm(_("Toestemming voorbereiden"), _(
        "Wat, aan wie, voor welk doel, over wie en hoe lang. Een tweede teamleider verifieert "
        "de toestemming daarna; pas dan geldt zij."), fields, submit,
        _("De toestemming is nog niet opgeslagen. Wilt u haar opslaan?"),
        _("&Opslaan als ontwerp"), problem_text=labels.consent_problem)
