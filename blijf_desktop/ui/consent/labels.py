"""How consents read on screen: states, scopes, periods, history and the Dutch message for each
refusal of services/consent.py (shown next to its field, or above the form)."""

from datetime import date, datetime

from blijf_desktop.domain import sharing
from blijf_desktop.domain.consent import (
    CHANGE_LABELS, GRANTOR_LABELS, POSITION_LABELS, STATE_LABELS, WEIGHING_LABELS, WEIGHING_PARTS,
    Change, ClientPosition, Consent, Grantor, State,
)
from blijf_desktop.domain.consent_gate import MISSING_LABELS, Step
from blijf_desktop.domain.follow_up import TASK_LABELS, TOLD_HOW, TaskKind
from blijf_desktop.domain.people import FIELD_LABELS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _, format_date
from blijf_desktop.ui.exchanges.labels import counterparty
from blijf_desktop.ui.messages import input_problem


def state(value: State | str) -> str:
    return _(STATE_LABELS[State(value)])


def grantor(value: Grantor | str) -> str:
    return _(GRANTOR_LABELS[Grantor(value)])


def recipient(code: str) -> str:
    found = sharing.RECIPIENTS.get(code)
    return _(found.label) if found else counterparty(code)


def purpose(code: str) -> str:
    return _(sharing.PURPOSE_LABELS[code]) if code in sharing.PURPOSE_LABELS else code


def kind(code: str) -> str:
    label = FIELD_LABELS.get(code) or sharing.KIND_LABELS.get(code)
    return _(label) if label else code


def period(consent: Consent) -> str:
    scope = consent.scope
    start = date_text(scope.valid_from) if scope.valid_from else ""
    if scope.valid_until is None:
        return _("vanaf {start}").format(start=start)
    return _("{start} t/m {end}").format(start=start, end=date_text(scope.valid_until))


def signal_number(signal_id: int) -> str:
    """As the signal's export names it (services/sharing.py)."""
    return f"S-{signal_id:05d}"


def signal_choice(stored) -> str:
    """A signal of the case to choose from: its number and the day it was written."""
    written = datetime.fromisoformat(stored.created_at).astimezone().date()
    return _("{number}, vastgelegd op {day}").format(number=signal_number(stored.id),
                                                    day=format_date(written, "short"))


def identifiable(flag: bool) -> str:
    return _("ja: ook herleidbare gegevens") if flag else _(
        "nee: alleen geanonimiseerde gegevens")


def scope_details(consent: Consent, names: dict[int, str]) -> str:
    """Everything the scope holds, for whoever verifies it: she verifies what she reads."""
    scope = consent.scope
    lines = [
        _("Ontvangers: {v}").format(v=listed(scope.recipients, recipient)),
        _("Doelen: {v}").format(v=listed(scope.purposes, purpose)),
        _("Personen: {v}").format(v=listed(scope.person_ids,
                                           lambda p: names.get(p, str(p)))),
        _("Gegevens: {v}").format(v=listed(scope.kinds, kind)),
        _("Herleidbaar: {v}").format(v=identifiable(scope.identifiable)),
        _("Signalen: {v}").format(v=listed(scope.signal_ids, signal_number) or _("geen")),
        _("Periode: {v}").format(v=period(consent)),
        _("Gegeven door: {v}").format(v=grantor(consent.grantor)),
    ]
    return "\n".join(lines)


def position(value: ClientPosition | str) -> str:
    return _(POSITION_LABELS[ClientPosition(value)])


def consent_details(consent: Consent, names: dict[int, str]) -> str:
    """Everything domain.consent.fingerprint() covers, read from the same consent: the scope,
    the client's position and why, and the five-part weighing. The second teamleider verifies
    what she has read, all of it (Mensenhandel 21.4, 21.6)."""
    lines = [
        scope_details(consent, names),
        "",
        _("Cliënt geïnformeerd: {v}").format(v=_("ja") if consent.client_informed else _("nee")),
        _("Standpunt cliënt: {v}").format(v=position(consent.client_position)),
        _("Toelichting standpunt: {v}").format(v=consent.position_reason or _("geen")),
        "",
        _("Afweging"),
    ]
    weighing = consent.weighing.as_dict()
    lines += [f"{_(WEIGHING_LABELS[part])}: {weighing[part]}" for part in WEIGHING_PARTS]
    return "\n".join(lines)


def listed(codes, label) -> str:
    return ", ".join(sorted(label(c) for c in codes))


def change(code: str) -> str:
    try:
        return _(CHANGE_LABELS[Change(code)])
    except ValueError:
        return code


def task_kind(code: str) -> str:
    try:
        return _(TASK_LABELS[TaskKind(code)])
    except ValueError:
        return code


def told_how(code: str | None) -> str:
    return _(TOLD_HOW[code]) if code in TOLD_HOW else ""


def missing(step: Step, names: dict[int, str]) -> str:
    """One missing step in words: for whom, which data, what is missing."""
    text = _(MISSING_LABELS[step.missing])
    if step.person_id is None:
        return text
    return _("{person}, {kind}: {missing}").format(
        person=names.get(step.person_id, str(step.person_id)), kind=kind(step.kind or ""),
        missing=text)


def day(value: date | None) -> str:
    return date_text(value) if value else ""


def consent_problem(field: str, problem: str) -> str:
    if field.startswith("weighing_") and field[len("weighing_"):] in WEIGHING_PARTS:
        if problem == "required":
            return _("Schrijf dit deel van de afweging op; het mag niet leeg blijven.")
    if field == "state":
        return _("Dit kan niet meer: de toestemming is {state}.").format(state=state(problem)) \
            if problem in {s.value for s in State} else _("Dit kan niet in deze stand.")
    messages = {
        ("recipients", "required"): _("Kies minstens één ontvanger."),
        ("recipients", "unknown"): _("Deze ontvanger is niet bekend."),
        ("purposes", "required"): _("Kies minstens één doel."),
        ("purposes", "incompatible"): _(
            "Dit doel is niet verenigbaar met het doel waarvoor de gegevens zijn verzameld; "
            "daarvoor wordt geen toestemming gegeven (Mensenhandel 14.8)."),
        ("purposes", "not_consentable"): _(
            "Voor deze combinatie van ontvanger en doel bestaat geen toestemming. Kies "
            "ontvangers en doelen die bij elkaar horen."),
        ("persons", "required"): _("Kies minstens één persoon."),
        ("persons", "unknown"): _("Deze persoon hoort niet bij deze casus."),
        ("kinds", "required"): _("Kies minstens één soort gegeven."),
        ("kinds", "not_allowed"): _(
            "Dit gegeven is voor deze ontvanger en dit doel niet nodig en mag niet mee "
            "(Mensenhandel 9.4)."),
        ("kinds", "prosecutor_criminal_only"): _(
            "De officier van justitie geeft alleen toestemming voor strafrechtelijke "
            "gegevens (Mensenhandel 21.8)."),
        ("valid_from", "required"): _("Vul in vanaf wanneer de toestemming geldt."),
        ("valid_until", "ends_before_start"): _(
            "De einddatum ligt vóór de begindatum. Kies een einddatum op of na de begindatum."),
        ("grantor", "required"): _("Kies wie de toestemming geeft."),
        ("grantor", "unknown"): _("Kies wie de toestemming geeft."),
        ("client_position", "required"): _("Kies het standpunt van de cliënt."),
        ("client_informed", "not_informed"): _(
            "Instemmen of bezwaar maken kan alleen als de cliënt is geïnformeerd."),
        ("position_reason", "required"): _(
            "Schrijf op waarom de toestemming toch wordt voorbereid (bezwaar of niet te "
            "vragen)."),
        ("approver", "approver_is_preparer"): _(
            "Wie de toestemming voorbereidde, kan haar niet zelf verifiëren. Vraag een andere "
            "teamleider."),
        ("approver", "approver_is_editor"): _(
            "Wie de toestemming wijzigde, kan haar niet zelf verifiëren. Vraag een andere "
            "teamleider."),
        ("consent", "changed_since_shown"): _(
            "De toestemming is gewijzigd nadat zij u werd getoond; er is niets geverifieerd. "
            "Sluit dit venster en lees haar opnieuw."),
        ("signals", "required"): _(
            "Kies voor welk signaal de toestemming geldt (Mensenhandel 14.6)."),
        ("signals", "unknown"): _("Dit signaal hoort niet bij deze casus."),
        ("signals", "without_signal_kind"): _(
            "Er is een signaal gekozen, maar het signaal staat niet bij de gegevens. Kies het "
            "bij de gegevens, of vink het signaal hier uit."),
        ("identifiable", "required"): _(
            "Kies of de toestemming ook herleidbare gegevens omvat."),
        ("approver", "approver_role"): _("Alleen een teamleider kan een toestemming verifiëren."),
        ("reason", "required"): _("Vul de reden in."),
        ("withdrawn_on", "required"): _("Vul de datum van intrekking in."),
        ("withdrawn_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("told_on", "required"): _("Vul in wanneer de ontvanger is geïnformeerd."),
        ("told_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("told_how", "required"): _("Kies hoe de ontvanger is geïnformeerd."),
        ("item", "closed"): _("Dit is al vastgelegd."),
        ("consent", "unknown"): _("Deze toestemming bestaat niet (meer)."),
    }
    return messages.get((field, problem)) or input_problem(field, problem)
