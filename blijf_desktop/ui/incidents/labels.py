"""What the breach screens say: the 72-hour clock in words and colour (never colour alone),
the Dutch message for each refusal of services/incidents.py, moments typed and shown."""

from datetime import datetime

from blijf_desktop.domain.incidents import Clock, ClockState
from blijf_desktop.domain.trafficking_signal import datetime_text, parse_datetime
from blijf_desktop.i18n import _
from blijf_desktop.reports.incident_report import clock_text  # noqa: F401 (one wording)
from blijf_desktop.ui.messages import input_problem

# (background, text) per state; the text says the same in words.
CLOCK_COLOURS = {
    "late": ("#fde2e1", "#8a1c1c"),
    "urgent": ("#fff1cc", "#6b4a00"),
    "calm": ("#e3f1e6", "#1e5631"),
    "quiet": ("#eef0f2", "#52606d"),
}


def clock_colours(clock: Clock | None, closed: bool = False) -> tuple[str, str]:
    if clock is None or closed:
        return CLOCK_COLOURS["quiet"]
    if clock.state in (ClockState.OVERDUE, ClockState.LATE):
        return CLOCK_COLOURS["late"]
    if clock.urgent:
        return CLOCK_COLOURS["urgent"]
    if clock.state is ClockState.NOT_NEEDED:
        return CLOCK_COLOURS["quiet"]
    return CLOCK_COLOURS["calm"]


def moment_text(value: datetime | None) -> str:
    """As typed in the form: dd-mm-jjjj uu:mm, local time."""
    return datetime_text(value.astimezone()) if value else ""


def parse_moment(raw: str) -> datetime | None:
    """A typed local moment as a timezone-aware one; None when it cannot be read."""
    found = parse_datetime(raw)
    return found.astimezone() if found else None


def parse_ids(raw: str) -> list[int] | None:
    """"12, 14 15" as [12, 14, 15]; None when something else is in it."""
    parts = raw.replace(",", " ").replace(";", " ").split()
    if not all(p.isdigit() and len(p) <= 12 for p in parts):
        return None
    return [int(p) for p in parts]


def incident_problem(field: str, problem: str) -> str:
    messages = {
        ("found_at", "required"): _("Vul in wanneer Blijf Groep van het incident hoorde."),
        ("found_at", "future"): _("Dit moment ligt in de toekomst. Vul in wanneer het incident "
                                  "werd ontdekt."),
        ("found_at", "format"): _("Schrijf datum en tijd als 12-3-2026 14:30."),
        ("found_at", "after_notification"): _(
            "Er is al gemeld vóór dit moment: het ontdekken kan niet later liggen."),
        ("found_at", "makes_late"): _(
            "Met dit moment is de melding aan de AP te laat en ontbreekt de reden daarvoor."),
        ("kind", "required"): _("Kies wat voor incident het is."),
        ("what_happened", "required"): _("Beschrijf wat er is gebeurd (zonder namen)."),
        ("person_ids", "unknown"): _("Een van deze registratienummers bestaat niet."),
        ("person_ids", "format"): _("Vul registratienummers in, gescheiden door komma's, "
                                    "bijvoorbeeld 12, 14."),
        ("user_ids", "unknown"): _("Een van deze accountnummers bestaat niet."),
        ("user_ids", "format"): _("Vul accountnummers in, gescheiden door komma's."),
        ("risk", "required"): _("Schat eerst het risico in."),
        ("data_kinds", "required"): _("Kies welke gegevens het betreft."),
        ("measures", "required"): _("Beschrijf de genomen maatregelen (AVG art. 33 lid 5)."),
        ("partners", "required"): _("Leg eerst vast wanneer de convenantpartners zijn "
                                    "geïnformeerd (convenant art. 9.3: terstond)."),
        ("ap", "required"): _("Leg eerst de (definitieve) melding aan de Autoriteit "
                              "Persoonsgegevens vast (AVG art. 33)."),
        ("people", "required"): _("Bij een hoog risico: leg vast wanneer de betrokkenen zijn "
                                  "geïnformeerd, of waarom dat niet hoeft (AVG art. 34)."),
        ("incident", "closed"): _("Dit incident is afgesloten en verandert niet meer."),
        ("incident", "unknown"): _("Dit incident bestaat niet (meer)."),
        ("recipient", "required"): _("Kies aan wie is gemeld."),
        ("at", "required"): _("Vul in wanneer is gemeld."),
        ("at", "format"): _("Schrijf datum en tijd als 12-3-2026 14:30."),
        ("at", "future"): _("Dit moment ligt in de toekomst."),
        ("at", "before_found"): _("Een melding kan niet vóór het ontdekken van het incident "
                                  "liggen."),
        ("at", "before_first"): _("Een aanvulling kan niet vóór de voorlopige melding liggen."),
        ("phase", "required"): _("Kies of de melding volledig, voorlopig of een aanvulling is."),
        ("phase", "ap_only"): _("Alleen een melding aan de AP heeft een fase."),
        ("phase", "already_notified"): _("De AP heeft de eerste melding al; kies een aanvulling "
                                         "of de definitieve melding."),
        ("phase", "no_first"): _("Een aanvulling volgt op een voorlopige melding (AVG art. 33 "
                                 "lid 4)."),
        ("phase", "already_final"): _("De definitieve melding is al gedaan."),
        ("late_reason", "required"): _("De melding is later dan 72 uur na het ontdekken: "
                                       "schrijf de reden voor de vertraging op (AVG art. 33 "
                                       "lid 1)."),
        ("file", "not_saved"): _("Het bestand kon niet worden opgeslagen. Kies een andere map."),
    }
    return messages.get((field, problem)) or input_problem(field, problem)
