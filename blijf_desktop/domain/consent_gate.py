"""The gate before an export that needs a consent (issue 18): per person and kind of data, the
first step still missing. Mensenhandel 12.17 and 21.5: Blijf's consent as supplying partner
before the RIEC, or criminal or administrative use; 21.8: the prosecutor's consent before
criminal data goes to a non-party; 14.8: an incompatible purpose is closed whatever is
consented; 14.6: a consent for a signal covers that signal, not the next; 6.2 and 9.5:
identifiable data only under a consent that says so. Pure: the service reads the consents and
asks here."""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Iterable, Mapping

from blijf_desktop.domain import sharing
from blijf_desktop.domain.consent import (
    Consent, Grantor, State, covers, effective_state, stretches,
)
from blijf_desktop.domain.text import N_


class Missing(str, Enum):
    """Why an export is not covered, as the step that is missing (most helpful first when a
    case holds several consents: see `missing_steps`)."""

    GEEN_TOESTEMMING = "geen_toestemming"
    OFFICIER_NODIG = "officier_nodig"
    BUITEN_ONTVANGER_DOEL = "buiten_ontvanger_doel"
    PERSOON_BUITEN_SCOPE = "persoon_buiten_scope"
    GEGEVEN_BUITEN_SCOPE = "gegeven_buiten_scope"
    ANDER_SIGNAAL = "ander_signaal"
    ALLEEN_GEANONIMISEERD = "alleen_geanonimiseerd"
    GEWEIGERD = "geweigerd"
    VERLOPEN = "verlopen"
    INGETROKKEN = "ingetrokken"
    WACHT_OP_VERIFICATIE = "wacht_op_verificatie"
    PERIODE_NIET_BEGONNEN = "periode_niet_begonnen"
    PERIODE_VOORBIJ = "periode_voorbij"
    ROUTE_NIET_TOEGESTAAN = "route_niet_toegestaan"


MISSING_LABELS = {
    Missing.GEEN_TOESTEMMING: N_("Er is nog geen toestemming voorbereid."),
    Missing.OFFICIER_NODIG: N_("Voor strafrechtelijke gegevens is toestemming van de officier "
                               "van justitie nodig (Mensenhandel 21.8)."),
    Missing.BUITEN_ONTVANGER_DOEL: N_("De toestemming geldt niet voor deze ontvanger of dit "
                                      "doel."),
    Missing.PERSOON_BUITEN_SCOPE: N_("De toestemming geldt niet voor deze persoon."),
    Missing.GEGEVEN_BUITEN_SCOPE: N_("De toestemming geldt niet voor dit gegeven."),
    Missing.ANDER_SIGNAAL: N_("De toestemming geldt voor een ander signaal, niet voor dit "
                              "(Mensenhandel 14.6)."),
    Missing.ALLEEN_GEANONIMISEERD: N_("De toestemming geldt alleen voor geanonimiseerde "
                                      "gegevens (Mensenhandel 6.2, 9.5)."),
    Missing.GEWEIGERD: N_("De toestemming is bij de verificatie geweigerd."),
    Missing.VERLOPEN: N_("De toestemming is verlopen: niemand heeft haar op tijd geverifieerd."),
    Missing.INGETROKKEN: N_("De toestemming is ingetrokken."),
    Missing.WACHT_OP_VERIFICATIE: N_("De toestemming wacht op verificatie door een tweede "
                                     "teamleider."),
    Missing.PERIODE_NIET_BEGONNEN: N_("De periode van de toestemming is nog niet begonnen."),
    Missing.PERIODE_VOORBIJ: N_("De periode van de toestemming is voorbij."),
    Missing.ROUTE_NIET_TOEGESTAAN: N_("Naar deze ontvanger voor dit doel gaat niets "
                                      "(Mensenhandel 14.8)."),
}


@dataclass(frozen=True)
class Step:
    person_id: int | None
    kind: str | None
    missing: Missing
    grantor: Grantor = Grantor.BLIJF
    consent_id: int | None = None  # the consent the step is about, when there is one


_TERMINAL = {State.GEWEIGERD: Missing.GEWEIGERD, State.VERLOPEN: Missing.VERLOPEN,
             State.INGETROKKEN: Missing.INGETROKKEN}


_STRETCHED = {"signal": Missing.ANDER_SIGNAAL, "identifiable": Missing.ALLEEN_GEANONIMISEERD}


def _nearness(consent: Consent, recipient: str, purpose: str, person_id: int, kind: str,
              on_date: date, identifiable: bool, signal_id: int | None
              ) -> tuple[int, int, Missing]:
    """How close this consent comes to covering, and what it lacks. A consent outside the
    scope says the least; an active one whose period is wrong the most."""
    scope = consent.scope
    if recipient not in scope.recipients or purpose not in scope.purposes:
        return 0, consent.id, Missing.BUITEN_ONTVANGER_DOEL
    if person_id not in scope.person_ids:
        return 1, consent.id, Missing.PERSOON_BUITEN_SCOPE
    if kind not in scope.kinds:
        return 2, consent.id, Missing.GEGEVEN_BUITEN_SCOPE
    beyond = stretches(scope, kind, identifiable=identifiable, signal_id=signal_id)
    if beyond is not None:
        return 3, consent.id, _STRETCHED[beyond]
    state = effective_state(consent, on_date)
    if state in _TERMINAL:
        return 4, consent.id, _TERMINAL[state]
    if state is State.ONTWERP:
        return 5, consent.id, Missing.WACHT_OP_VERIFICATIE
    if scope.valid_from is None or on_date < scope.valid_from:
        return 6, consent.id, Missing.PERIODE_NIET_BEGONNEN
    return 6, consent.id, Missing.PERIODE_VOORBIJ


def needed_grantors(recipient: str, purpose: str, kind: str) -> tuple[Grantor, ...]:
    """Whose consent this kind needs on this route: Blijf's where the route asks for one
    (Mensenhandel 12.17, 21.5), the prosecutor's for criminal data to a non-party (21.8)."""
    needed = []
    if sharing.needs_consent(recipient, purpose):
        needed.append(Grantor.BLIJF)
    if sharing.criminal_needs_prosecutor(recipient, kind):
        needed.append(Grantor.OFFICIER)
    return tuple(needed)


def covering(consents: Iterable[Consent], recipient: str, purpose: str, person_id: int,
             kind: str, on_date: date, grantor: Grantor, *, identifiable: bool = False,
             signal_id: int | None = None) -> Consent | None:
    """The oldest consent of this grantor that covers it."""
    found = [c for c in consents if c.grantor is grantor
             and covers(c, recipient, purpose, person_id, kind, on_date,
                        identifiable=identifiable, signal_id=signal_id)]
    return min(found, key=lambda c: c.id) if found else None


def missing_steps(consents: Iterable[Consent], recipient: str, purpose: str,
                  person_kinds: Mapping[int, Iterable[str]], on_date: date, *,
                  identifiable: bool = False, signal_id: int | None = None) -> list[Step]:
    """Per person and kind, the first step still missing before it may go; empty when every
    one is covered. An incompatible purpose or one without a route is refused as a whole.
    Where several consents exist, the one closest to covering speaks (a new request waiting
    for verification says more than an older withdrawn one). `identifiable`: the export is
    not anonymised; `signal_id`: the signal it carries (None: it names none)."""
    consents = list(consents)
    if sharing.purpose_problem(recipient, purpose) is not None:
        return [Step(None, None, Missing.ROUTE_NIET_TOEGESTAAN)]
    steps = []
    for person_id in sorted(person_kinds):
        for kind in sorted(person_kinds[person_id]):
            for grantor in needed_grantors(recipient, purpose, kind):
                if covering(consents, recipient, purpose, person_id, kind, on_date, grantor,
                            identifiable=identifiable, signal_id=signal_id):
                    continue
                own = [c for c in consents if c.grantor is grantor]
                if not own:
                    first = (Missing.GEEN_TOESTEMMING if grantor is Grantor.BLIJF
                             else Missing.OFFICIER_NODIG)
                    steps.append(Step(person_id, kind, first, grantor))
                    continue
                _rank, consent_id, lacking = max(
                    _nearness(c, recipient, purpose, person_id, kind, on_date, identifiable,
                              signal_id) for c in own)
                steps.append(Step(person_id, kind, lacking, grantor, consent_id))
    return steps
