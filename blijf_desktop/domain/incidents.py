"""Data breaches and security incidents (datalekken), as rules a privacy officer can read
beside the law and the covenant. Every (possible) breach is documented (AVG art. 33(5)) and
told to the covenant partners at once (Blijf 9.3); the Autoriteit Persoonsgegevens (AP) is
notified within 72 hours of Blijf becoming aware, unless the breach is unlikely to put people
at risk (AVG art. 33(1)); a coordinated notice where the law requires one (Blijf 9.4).

No I/O and no clock of its own: every moment is given (timezone-aware datetimes)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from blijf_desktop.i18n import N_

AP_DEADLINE = timedelta(hours=72)  # AVG art. 33(1): "uiterlijk 72 uur"
URGENT_BEFORE = timedelta(hours=24)  # less than this left: the list shows it as urgent


@dataclass(frozen=True)
class Rule:
    code: str
    text: str  # N_: translated where shown
    source: str


RULES = (
    Rule("document_every_breach", N_(
        "Elk (mogelijk) datalek wordt vastgelegd: de feiten, de gevolgen en de genomen "
        "maatregelen."), "AVG art. 33(5)"),
    Rule("partners_at_once", N_(
        "Elk bekend incident met een (mogelijke) inbreuk op de beveiliging wordt terstond aan "
        "de andere partijen gemeld."), "Convenant Blijf art. 9.3"),
    Rule("ap_within_72h", N_(
        "Melding aan de Autoriteit Persoonsgegevens uiterlijk 72 uur nadat Blijf Groep van het "
        "lek op de hoogte raakte."), "AVG art. 33(1)"),
    Rule("ap_not_when_no_risk", N_(
        "Geen melding aan de AP als het lek waarschijnlijk geen risico inhoudt voor de rechten "
        "en vrijheden van personen."), "AVG art. 33(1)"),
    Rule("late_reason", N_(
        "Een melding na meer dan 72 uur gaat vergezeld van de redenen voor de vertraging."),
        "AVG art. 33(1)"),
    Rule("phases", N_(
        "Is niet alle informatie tegelijk beschikbaar, dan mag de melding in fasen: eerst "
        "voorlopig, daarna aanvullend."), "AVG art. 33(4)"),
    Rule("people_when_high_risk", N_(
        "Bij een hoog risico worden de betrokkenen onverwijld geïnformeerd, tenzij een "
        "uitzondering geldt (die wordt dan vastgelegd)."), "AVG art. 34(1) en 34(3)"),
    Rule("coordinated_ap", N_(
        "Is melding aan de AP verplicht, dan zorgen de partijen voor een afgestemde melding en "
        "woordvoering."), "Convenant Blijf art. 9.4"),
)
RULE_SOURCES = {rule.code: rule.source for rule in RULES}


class Kind(str, Enum):
    INBRAAKPOGING = "inbraakpoging"
    VERLIES = "verlies"  # a lost or stolen laptop, phone, USB stick, paper
    VERKEERDE_ONTVANGER = "verkeerde_ontvanger"
    ONBEVOEGDE_INZAGE = "onbevoegde_inzage"
    MALWARE = "malware"
    ANDERS = "anders"


KIND_LABELS = {
    Kind.INBRAAKPOGING: N_("inbraakpoging"),
    Kind.VERLIES: N_("verlies of diefstal"),
    Kind.VERKEERDE_ONTVANGER: N_("verkeerde ontvanger"),
    Kind.ONBEVOEGDE_INZAGE: N_("onbevoegde inzage"),
    Kind.MALWARE: N_("malware of hack"),
    Kind.ANDERS: N_("anders"),
}


class Risk(str, Enum):
    GEEN = "geen"
    RISICO = "risico"
    HOOG = "hoog_risico"


RISK_LABELS = {Risk.GEEN: N_("geen risico"), Risk.RISICO: N_("risico"),
               Risk.HOOG: N_("hoog risico")}


class DataKind(str, Enum):
    """What leaked, in the covenant's terms (Blijf 4.1, 4.2)."""

    NAW = "naw"
    GEHEIM_ADRES = "geheim_adres"  # the address of a client in a shelter: the gravest
    GEBOORTE = "geboorte"
    CONTACT = "contact"
    DREIGING = "dreiging"
    POLITIE = "politie"
    MENSENHANDEL = "mensenhandel"
    INLOG = "inlog"  # account data: user names, a passphrase, the recovery sheet


DATA_KIND_LABELS = {
    DataKind.NAW: N_("naam, adres, woonplaats"),
    DataKind.GEHEIM_ADRES: N_("geheim (opvang)adres"),
    DataKind.GEBOORTE: N_("geboorteplaats en -datum"),
    DataKind.CONTACT: N_("telefoon en e-mail"),
    DataKind.DREIGING: N_("dreigingsinformatie"),
    DataKind.POLITIE: N_("politie-informatie"),
    DataKind.MENSENHANDEL: N_("signaal mensenhandel"),
    DataKind.INLOG: N_("inloggegevens"),
}


class Recipient(str, Enum):
    PARTNERS = "partners"  # Blijf 9.3
    AP = "ap"  # AVG art. 33
    BETROKKENEN = "betrokkenen"  # AVG art. 34


RECIPIENT_LABELS = {Recipient.PARTNERS: N_("convenantpartners"),
                    Recipient.AP: N_("Autoriteit Persoonsgegevens"),
                    Recipient.BETROKKENEN: N_("betrokkenen")}


class Phase(str, Enum):
    """A notification to the AP, whole or in phases (AVG art. 33(4))."""

    VOLLEDIG = "volledig"
    VOORLOPIG = "voorlopig"
    AANVULLING = "aanvulling"
    DEFINITIEF = "definitief"


PHASE_LABELS = {Phase.VOLLEDIG: N_("volledige melding"), Phase.VOORLOPIG: N_("voorlopige melding"),
                Phase.AANVULLING: N_("aanvulling"), Phase.DEFINITIEF: N_("definitieve melding")}
FIRST_PHASES = (Phase.VOLLEDIG, Phase.VOORLOPIG)  # the one the 72 hours are about
FINAL_PHASES = (Phase.VOLLEDIG, Phase.DEFINITIEF)  # the AP has the whole notification


@dataclass(frozen=True)
class Notification:
    recipient: Recipient
    at: datetime
    phase: Phase | None = None  # AP only
    late_reason: str = ""


def deadline(found_at: datetime) -> datetime:
    """The last moment for the AP notification (AVG art. 33(1))."""
    return found_at + AP_DEADLINE


def ap_required(risk: Risk | None) -> bool | None:
    """True or False once the risk is estimated; None before: the clock runs meanwhile."""
    return None if risk is None else risk is not Risk.GEEN  # AVG art. 33(1)


def people_required(risk: Risk | None) -> bool:
    return risk is Risk.HOOG  # AVG art. 34(1)


def is_late(found_at: datetime, at: datetime) -> bool:
    """Exactly 72 hours after the finding is still in time ("uiterlijk 72 uur")."""
    return at > deadline(found_at)


class ClockState(str, Enum):
    RUNNING = "loopt"  # not notified, the deadline still ahead (or now)
    OVERDUE = "te_laat"  # not notified, the deadline passed
    ON_TIME = "op_tijd"  # first AP notification within 72 hours
    LATE = "laat_gemeld"  # first AP notification after 72 hours (with its reason)
    NOT_NEEDED = "niet_nodig"  # estimated as no risk: no AP notification (33(1))


@dataclass(frozen=True)
class Clock:
    state: ClockState
    deadline: datetime
    minutes: int  # left (RUNNING), past the deadline (OVERDUE), taken to notify (ON_TIME, LATE)

    @property
    def urgent(self) -> bool:
        return self.state is ClockState.RUNNING and self.minutes < URGENT_BEFORE.total_seconds() / 60


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def first_ap(notifications: list[Notification]) -> Notification | None:
    found = [n for n in notifications if n.recipient is Recipient.AP and n.phase in FIRST_PHASES]
    return min(found, key=lambda n: n.at) if found else None


def ap_clock(found_at: datetime, risk: Risk | None, notifications: list[Notification],
             now: datetime) -> Clock:
    end = deadline(found_at)
    first = first_ap(notifications)
    if first is not None:
        state = ClockState.LATE if is_late(found_at, first.at) else ClockState.ON_TIME
        return Clock(state, end, _minutes(first.at - found_at))
    if ap_required(risk) is False:
        return Clock(ClockState.NOT_NEEDED, end, 0)
    if now <= end:
        return Clock(ClockState.RUNNING, end, _minutes(end - now))
    return Clock(ClockState.OVERDUE, end, _minutes(now - end))


# -- what is refused, as (field, problem code) -------------------------------------------------
def found_problem(found_at: datetime | None, now: datetime) -> str | None:
    if found_at is None:
        return "required"
    if found_at > now:
        return "future"
    return None


def notification_problems(found_at: datetime, new: Notification, earlier: list[Notification],
                          now: datetime) -> dict[str, str]:
    """What is wrong with recording `new` after `earlier` notifications of the incident."""
    if new.at is None:
        return {"at": "required"}
    if new.at > now:
        return {"at": "future"}
    if new.at < found_at:
        return {"at": "before_found"}
    if new.recipient is not Recipient.AP:
        return {"phase": "ap_only"} if new.phase is not None else {}
    ap = [n for n in earlier if n.recipient is Recipient.AP]
    if new.phase is None:
        return {"phase": "required"}
    if new.phase in FIRST_PHASES:
        if any(n.phase in FIRST_PHASES for n in ap):
            return {"phase": "already_notified"}
        if is_late(found_at, new.at) and not new.late_reason.strip():
            return {"late_reason": "required"}  # AVG art. 33(1)
        return {}
    first = first_ap(ap)
    if first is None or first.phase is not Phase.VOORLOPIG:
        return {"phase": "no_first"}  # an aanvulling follows a voorlopige melding (33(4))
    if new.at < first.at:
        return {"at": "before_first"}
    if any(n.phase is Phase.DEFINITIEF for n in ap):
        return {"phase": "already_final"}
    return {}


def closure_problems(risk: Risk | None, measures: str, data_kinds: frozenset,
                     people_exception: str, notifications: list[Notification]) -> dict[str, str]:
    """The decisions an incident needs before it is closed; empty when it may close."""
    problems: dict[str, str] = {}
    if risk is None:
        problems["risk"] = "required"
    if not data_kinds:
        problems["data_kinds"] = "required"
    if not measures.strip():
        problems["measures"] = "required"  # AVG art. 33(5)
    recipients = {n.recipient for n in notifications}
    if Recipient.PARTNERS not in recipients:
        problems["partners"] = "required"  # Blijf 9.3
    if ap_required(risk) and not any(n.recipient is Recipient.AP and n.phase in FINAL_PHASES
                                     for n in notifications):
        problems["ap"] = "required"  # AVG art. 33(1), 33(4)
    if people_required(risk) and Recipient.BETROKKENEN not in recipients \
            and not people_exception.strip():
        problems["people"] = "required"  # AVG art. 34(1), 34(3)
    return problems
