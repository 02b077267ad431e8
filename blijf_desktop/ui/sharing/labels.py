"""What the guided flow says: the service's codes (services/sharing.py) as Dutch text. Tables
from a code to its text, so a code added elsewhere (the consent gate) is one more row."""

from blijf_desktop.domain.consent_gate import MISSING_LABELS, Missing
from blijf_desktop.i18n import N_, _
from blijf_desktop.ui.exchanges import labels as register_labels
from blijf_desktop.ui.messages import input_problem

# Why the gate is closed: the consent gate's missing steps (domain/consent_gate.py), each
# naming the step still to take.
GATE_MISSING = {
    **{missing.value: text for missing, text in MISSING_LABELS.items()},
    Missing.GEEN_TOESTEMMING.value: N_(
        "Er is geen actieve toestemming die deze verstrekking dekt (Mensenhandel 12.17, 21.5). "
        "Bereid er een voor op het tabblad Toestemming van de casus."),
}
GATE_FALLBACK = N_("Er ontbreekt nog een stap voordat deze verstrekking mag worden vastgelegd.")

# Why a kind recorded about a person does not leave.
EXCLUDED = {
    "not_allowed": N_("niet toegestaan voor deze ontvanger en dit doel"),
    "empty": N_("leeg"),
    "police_data": N_("politiegegevens gaan nooit naar buiten"),
    "secret_address": N_("geheim adres, niet meegestuurd"),
    "anonymised": N_("valt weg bij anonimiseren (Mensenhandel 9.5)"),
    "not_chosen": N_("niet aangevinkt"),
    "restricted": N_("verwerking beperkt: gaat niet mee (AVG art. 18)"),
}

# Why a purpose cannot be chosen for this recipient.
PURPOSE_PROBLEMS = {
    "incompatible": N_("Niet verenigbaar met het doel waarvoor de gegevens zijn verzameld "
                       "(Mensenhandel 14.8); ook met toestemming niet mogelijk"),
    "no_route": N_("Deze ontvanger krijgt geen gegevens voor dit doel"),
    "unknown": N_("Dit doel is niet bekend"),
}

# Refusals of the flow's service calls, shown beside the step they are about.
PROBLEMS = {
    ("persons", "required"): N_("Vink bij minstens één persoon aan wat er mee moet."),
    ("persons", "nothing_leaves"): N_("Van wat is aangevinkt gaat niets mee: het is leeg, geheim "
                                      "of valt weg bij anonimiseren. Vink iets anders aan."),
    ("identifiable_reason", "required"): N_("Schrijf op waarom herleidbare gegevens strikt nodig "
                                            "zijn (Mensenhandel 6.2, 9.5)."),
    ("preview", "changed_since_preview"): N_(
        "De gegevens zijn veranderd sinds het voorbeeld. Er is niets vastgelegd. Hieronder staat "
        "het nieuwe voorbeeld: controleer het en kies opnieuw Vastleggen."),
    ("recipient", "not_direct"): N_("Deze ontvanger krijgt alleen gegevens via de keten "
                                    "(Mensenhandel 13.4)."),
    ("recipient", "outside_eu"): N_("Nooit naar een ontvanger buiten de Europese Unie "
                                    "(Mensenhandel 15.4)."),
    ("recipient", "unknown"): N_("Kies een ontvanger."),
    ("channel", "required"): N_("Kies mondeling of schriftelijk."),
    ("initiative", "required"): N_("Kies gevraagd of ongevraagd."),
    ("signal", "required"): N_("Kies welk signaal mensenhandel mee moet."),
    ("signal", "unknown"): N_("Dit signaal hoort niet bij deze casus."),
    ("kinds", "signal_required"): N_("Handhaving gaat alleen mee met het signaal zelf: vink "
                                     "ook het signaal aan."),
    ("exchanged_on", "clock_behind"): N_(
        "De klok van deze computer staat achter op wat al is vastgelegd. Er is niets "
        "vastgelegd. Laat de klok nakijken en probeer het opnieuw. Staat de klok goed, vraag "
        "dan de functioneel beheerder dat te bevestigen (Datalekken, Klok)."),
}

ROUTE_START = N_("Blijf Groep")


def gate_missing(code: str) -> str:
    return _(GATE_MISSING.get(code, GATE_FALLBACK))


def gate_line(missing: tuple[str, ...]) -> str:
    """Every missing step, first first; the fallback when the service gave no code."""
    return " ".join(gate_missing(code) for code in missing) or _(GATE_FALLBACK)


def excluded(reason: str) -> str:
    return _(EXCLUDED[reason]) if reason in EXCLUDED else reason


def purpose_problem(code: str) -> str:
    return _(PURPOSE_PROBLEMS.get(code, PURPOSE_PROBLEMS["unknown"]))


def problem(field: str, code: str) -> str:
    if field == "gate":
        return gate_missing(code)
    if field == "purpose":
        return purpose_problem(code) + "."
    found = PROBLEMS.get((field, code))
    return _(found) if found else input_problem(field, code)


def recipient(code: str) -> str:
    return register_labels.counterparty(code)


def purpose(code: str) -> str:
    return register_labels.purpose(code)


def kind(code: str) -> str:
    return register_labels.kind(code)


def category(value) -> str:
    return register_labels.category(value)


def route(recipient_code: str, through: tuple[str, ...]) -> str:
    """Blijf Groep → what it passes first → the recipient."""
    return " → ".join([_(ROUTE_START), *(recipient(r) for r in through), recipient(recipient_code)])


def chain_only_note() -> str:
    return _("Het EMM ontvangt alleen via de keten (Mensenhandel 13.4).")
