"""Destruction under four eyes, after the model of Dutch municipal destruction lists (Open
Archiefbeheer): a proposal is reviewed by someone else, then carried out; or it is sent
back with a reason. The one who proposes never approves (Blijf 8.1, 8.2: destruction is
irreversible, so two people judge it).

    voorgesteld -> beoordeeld -> vernietigd
    voorgesteld -> teruggezet (with a reason; a new proposal may follow)
"""

from enum import Enum

from blijf_desktop.i18n import N_


class DestructionState(str, Enum):
    VOORGESTELD = "voorgesteld"
    BEOORDEELD = "beoordeeld"  # approved by a second user, not yet carried out
    VERNIETIGD = "vernietigd"
    TERUGGEZET = "teruggezet"


STATE_LABELS = {
    DestructionState.VOORGESTELD: N_("Voorgesteld, wacht op beoordeling"),
    DestructionState.BEOORDEELD: N_("Goedgekeurd, nog uit te voeren"),
    DestructionState.VERNIETIGD: N_("Vernietigd"),
    DestructionState.TERUGGEZET: N_("Teruggezet"),
}

TRANSITIONS: dict[DestructionState, frozenset[DestructionState]] = {
    DestructionState.VOORGESTELD: frozenset({DestructionState.BEOORDEELD,
                                             DestructionState.TERUGGEZET}),
    DestructionState.BEOORDEELD: frozenset({DestructionState.VERNIETIGD}),
    DestructionState.VERNIETIGD: frozenset(),
    DestructionState.TERUGGEZET: frozenset(),
}

OPEN_STATES = frozenset({DestructionState.VOORGESTELD, DestructionState.BEOORDEELD})


class Scope(str, Enum):
    """What one destruction takes away."""

    CASE = "dossier"  # the whole case after its term (Blijf 8.1)
    SIGNAL = "signaal"  # a case's signal data after its own, shorter term (Mensenhandel 22)
    PERSON = "persoon"  # one person, on an erasure decision (AVG art. 17; Mensenhandel 26.3)
    TEXT = "tekst"  # one free text earlier than the rest (a threat description, a note)


SCOPE_LABELS = {
    Scope.CASE: N_("Heel dossier"),
    Scope.SIGNAL: N_("Signaalgegevens"),
    Scope.PERSON: N_("Eén persoon (wissing)"),
    Scope.TEXT: N_("Eén tekst"),
}


class TextKind(str, Enum):
    """Free texts that can be purged on their own: a threat description (with the rest of
    that threat entry: it says nothing without its text), or a note on a screening signal."""

    THREAT = "dreiging"
    SCREENING_NOTE = "toelichting"


TEXT_KIND_LABELS = {
    TextKind.THREAT: N_("Dreigingsinformatie"),
    TextKind.SCREENING_NOTE: N_("Toelichting bij een risicotaxatie"),
}

# The kinds of rows a destruction counts, by table, as the statement names them (no content).
KIND_LABELS = {
    "cases": N_("Dossier"),
    "persons": N_("Personen"),
    "person_history": N_("Wijzigingen (historie)"),
    "threats": N_("Dreigingsinformatie"),
    "screenings": N_("Risicotaxaties"),
    "screening_answers": N_("Antwoorden van risicotaxaties"),
    "screening_notes": N_("Toelichtingen bij risicotaxaties"),
    "trajects": N_("AWARE-trajecten"),
    "traject_persons": N_("Betrokkenen bij trajecten"),
    "traject_steps": N_("Stappen van trajecten"),
    "exchanges": N_("Verstrekkingen (register)"),
    "exchange_items": N_("Gegevens per persoon in verstrekkingen"),
    "exchange_flags": N_("Gevarenclassificaties"),
    "exchange_disclosures": N_("Inhoud van verstrekkingen"),
    "exchange_documents": N_("Documenten van verstrekkingen"),
    "exchange_consents": N_("Koppelingen verstrekking–toestemming"),
    "consents": N_("Toestemmingen"),
    "consent_history": N_("Historie van toestemmingen"),
    "follow_up_tasks": N_("Taken om ontvangers te informeren"),
    "follow_up_items": N_("Ontvangers in die taken"),
    "signals": N_("Signalen mensenhandel"),
    "signal_sends": N_("Verzendingen van signalen"),
    "rights_requests": N_("Verzoeken van betrokkenen"),
    "rights_request_steps": N_("Stappen van verzoeken"),
    "restrictions": N_("Beperkingen van de verwerking"),
    "information_duty": N_("Informatieplicht (geïnformeerd of uitzondering)"),
    "drafts": N_("Concepten"),
    "redactions": N_("Teksten waaruit de persoon is weggehaald"),
}

# Why a destruction is proposed, as a code that stays after it is carried out. The free note
# beside it may name someone, so it is wiped when the data goes (the proposal row survives).
REASONS = {
    "termijn_verstreken": N_("De bewaartermijn van tien jaar is verstreken (Blijf 8.1)"),
    "ketendossier_gesloten": N_("Vijf jaar na het sluiten van het ketendossier "
                                "(Mensenhandel 22.5)"),
    "bron_verwijderd": N_("Verwijderd uit de bronregistratie (Mensenhandel 22.2)"),
    "niet_meer_nodig": N_("Niet langer nodig voor het doel (Mensenhandel 22.1)"),
    "besluit_wissing": N_("Besluit op een verzoek om wissing (AVG art. 17; Mensenhandel 26.3)"),
    "eerder_vernietigen": N_("Deze tekst is niet langer nodig (AVG art. 5 lid 1 onder e)"),
}
# Which reasons fit which scope.
SCOPE_REASONS = {
    Scope.CASE: ("termijn_verstreken",),
    Scope.SIGNAL: ("ketendossier_gesloten", "bron_verwijderd", "niet_meer_nodig",
                   "termijn_verstreken"),
    Scope.PERSON: ("besluit_wissing",),
    Scope.TEXT: ("eerder_vernietigen", "besluit_wissing"),
}

MAX_REASON = 1000


def may_move(current: DestructionState, target: DestructionState) -> bool:
    return target in TRANSITIONS[current]


def reason_problem(reason: str | None, required: bool = True) -> str | None:
    """A problem code for a note with a proposal or a reason to send back, or None."""
    if not isinstance(reason, str):
        return "reason_required"
    if not reason.strip():
        return "reason_required" if required else None
    if len(reason) > MAX_REASON:
        return "too_long"
    if any(ord(c) < 32 and c not in "\n\t" for c in reason) or any(
            c in reason for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
        return "invalid"
    return None
