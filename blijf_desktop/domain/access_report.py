"""The access report (inzage, Blijf 11.1 a; Mensenhandel 25; art. 15 AVG) as data: its parts,
which of them are held back by default for whom and why, which can never be shown to whom,
and how the audit trail reads in it (in the manner of NEN 7513: roles and dates, never the
names of colleagues).

A request may be refused in whole or in part where necessary and proportionate (Blijf 11.3,
art. 41(1) UAVG, Mensenhandel 25.4). DOMAIN.md: a pleger asking for his data never learns the
client's address, that she is in a shelter, or anything about her and the children. So for a
pleger the parts that say something about her are withheld and cannot be shown (LOCKED)."""

from dataclasses import dataclass

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.people import THREAT_SUBJECTS, Category
from blijf_desktop.domain.roles import Role
from blijf_desktop.domain.text import N_

# -- the register entry the answer becomes -----------------------------------------------------
# The person herself as counterparty (domain/exchanges.py COUNTERPARTIES) and the purpose.
ACCESS_PURPOSE = "inzageverzoek"
PURPOSE_LABEL = N_("Antwoord op een verzoek om inzage")
BASIS = "art. 15 AVG; convenant Blijf Groep art. 11.1 onder a; Mensenhandel art. 25"
# The general purposes of the processing, told to everyone (Mensenhandel 25.3): no exchange's
# own purpose, which for anyone but the client says something about her (an AWARE request, a
# check before placing her in a shelter).
GENERAL_PURPOSE = N_(
    "Blijf Groep verwerkt deze gegevens om slachtoffers van huiselijk geweld en mensenhandel "
    "en hun kinderen te beschermen en te helpen, en wisselt daarvoor gegevens uit met de "
    "politie en de ketenpartners binnen de convenanten die daarvoor gelden (convenant "
    "Gegevensverstrekking Blijf Groep – politie; convenant Ketensamenwerking Mensenhandel).")


# -- parts ----------------------------------------------------------------------------------------
PERSONALIA = "personalia"
SECRET_ADDRESS = "geheim_adres"
RELATION = "relatie"
HISTORY = "historie"
THREATS = "dreiging"
POLICE = "politie"
ORIGINS = "herkomst"
RECIPIENTS = "ontvangers"
LOOKS = "inzage_log"

PART_ORDER = (PERSONALIA, SECRET_ADDRESS, RELATION, HISTORY, THREATS, POLICE, ORIGINS,
              RECIPIENTS, LOOKS)

PART_LABELS = {
    PERSONALIA: N_("Persoonsgegevens"),
    SECRET_ADDRESS: N_("Geheim adres"),
    RELATION: N_("Relatie tot de cliënt"),
    HISTORY: N_("Wijzigingen in de gegevens"),
    THREATS: N_("Dreigingsinformatie"),
    POLICE: N_("Ontvangen politie-informatie"),
    ORIGINS: N_("Herkomst van de gegevens"),
    RECIPIENTS: N_("Ontvangers van de gegevens"),
    LOOKS: N_("Wie de gegevens heeft ingezien"),
}

# The words the register keeps for each part (exchange_items.kind): what the answer contained.
PART_KINDS = {part: f"inzage_{part}" for part in PART_ORDER}


@dataclass(frozen=True)
class Default:
    """A part held back unless the user decides otherwise, and the reason offered."""

    reason: str  # marked with N_
    locked: bool = False  # can never be shown to this person


_SHELTER = N_("Het adres is een adres van de opvang. Wie het vraagt, kan ook de pleger zijn "
              "(als wettelijk vertegenwoordiger). Art. 41, eerste lid, onder i UAVG; "
              "Blijf 11.3.")
_ABOUT_HER = N_("Dit zegt iets over de cliënt of haar kinderen en mag de pleger nooit bereiken. "
                "Art. 41, eerste lid, onder i UAVG; Blijf 11.3; Mensenhandel 25.4 onder e.")
_RELATION_OTHERS = N_("De relatie zegt iets over de cliënt en haar situatie. Art. 41, eerste "
                      "lid, onder i UAVG; Blijf 11.3.")
_CHILD_THREAT = N_("Dreigingsinformatie over een kind gaat over de pleger en de cliënt; een "
                   "verzoek voor een kind kan via de pleger lopen. Art. 41, eerste lid, onder i "
                   "UAVG; Blijf 11.3.")
_POLICE_DATA = N_("Politiegegevens: over inzage beslist de politie (art. 27 Wpg, Blijf 11.4); "
                  "eerst afstemmen met de politie (Blijf 11.5).")
_POLICE_PLEGER = N_("Ontvangen in het kader van de bescherming van de cliënt; al wat hieruit "
                    "blijkt, zegt iets over haar. De pleger kan inzage vragen bij de politie "
                    "(Wpg). Art. 41, eerste lid, onder d en i UAVG; Blijf 11.3, 11.4.")

# Per category: the parts withheld by default, with the reason; LOCKED ones cannot be shown.
DEFAULTS: dict[Category, dict[str, Default]] = {
    # The client asks for her own data: her own (secret) address included; police data only
    # after the police agree (Blijf 11.4, 11.5).
    Category.CLIENT: {POLICE: Default(_POLICE_DATA)},
    Category.CHILD: {SECRET_ADDRESS: Default(_SHELTER, locked=True),
                     THREATS: Default(_CHILD_THREAT),
                     POLICE: Default(_POLICE_DATA)},
    Category.DERDE: {SECRET_ADDRESS: Default(_SHELTER, locked=True),
                     RELATION: Default(_RELATION_OTHERS),
                     POLICE: Default(_POLICE_DATA)},
    Category.PLEGER: {SECRET_ADDRESS: Default(_ABOUT_HER, locked=True),
                      RELATION: Default(_ABOUT_HER, locked=True),
                      THREATS: Default(_ABOUT_HER, locked=True),
                      POLICE: Default(_POLICE_PLEGER, locked=True)},
}


def parts_for(category: Category, address_secret: bool) -> tuple[str, ...]:
    """The parts a report about this person can have."""
    found = []
    for part in PART_ORDER:
        if part == SECRET_ADDRESS and not address_secret:
            continue
        if part == RELATION and category is Category.CLIENT:
            continue
        if part == THREATS and category not in THREAT_SUBJECTS:
            continue
        found.append(part)
    return tuple(found)


def default_for(category: Category, part: str) -> Default | None:
    return DEFAULTS[category].get(part)


def locked(category: Category, part: str) -> bool:
    found = default_for(category, part)
    return bool(found and found.locked)


def shows_exchange_purpose(category: Category) -> bool:
    """Only the client reads why each exchange was made; for anyone else the purpose of an
    exchange says something about her (Blijf 11.3), and the general purpose is given."""
    return category is Category.CLIENT


def shows_case_looks(category: Category) -> bool:
    """Whether 'who looked' counts the looks at the whole case (the case view shows everyone
    in it). Not for a pleger: the case is the client's, and the days it was worked on say
    that she is still in care (Blijf 11.3, art. 41 lid 1 onder i UAVG). His own record's
    looks are listed."""
    return category is not Category.PLEGER


def shows_chain_exchanges(category: Category) -> bool:
    """Whether exchanges with the trafficking chain (the zorgcoördinator mensenhandel, the
    RIEC, the OM, the EMM) and those carrying a signal are listed among recipients and
    origins. Not to a pleger: that his name went to the chain says that the client is in it
    (Mensenhandel 25.4; art. 41 lid 1 onder d en i UAVG). His data that went to or came from
    the police is listed; the note about withheld parts covers the rest."""
    return category is not Category.PLEGER


def names_withheld_parts(category: Category) -> bool:
    """Whether the note about withheld parts names them. Not to a pleger: that there is e.g.
    police information about him already says that the client asked for protection."""
    return category is not Category.PLEGER


WITHHELD_NOTE = N_(
    "Niet alle gegevens staan in dit overzicht. Een deel is niet opgenomen omdat dat nodig is "
    "ter bescherming van u of van de rechten en vrijheden van anderen, of voor het voorkomen "
    "en opsporen van strafbare feiten (art. 41, eerste lid UAVG; convenant Blijf Groep art. "
    "11.3; Mensenhandel art. 25.4). U kunt hierover een klacht indienen bij de Autoriteit "
    "Persoonsgegevens.")


# -- who looked (NEN 7513: who by role, when, what, on which record) ---------------------------
# Audit record types that are a look at one person's own record (record id = the person) or at
# the case she is in (record id = the case: the case view shows everyone in it).
PERSON_RECORDS = frozenset({"person", "person_history", "person_exchanges",
                            "information_duty_status"})
CASE_RECORDS = frozenset({"case", "case_aware", "case_signals", "case_screenings",
                          "case_consents", "disclosure_offer", "disclosure_preview",
                          "disclosure_document"})
# An access report shows the whole record: one prepared on an earlier day is listed as a look
# (services/access_content.py); the preparation of this answer itself, on its day, is not.
ACCESS_RECORD = "access_report"

ACTION_LABELS = {
    AuditAction.VIEW.value: N_("ingezien"),
    AuditAction.CHANGE.value: N_("vastgelegd of gewijzigd"),
    AuditAction.PRINT.value: N_("afgedrukt"),
    AuditAction.EXPORT.value: N_("opgeslagen"),
    AuditAction.DISCLOSE.value: N_("verstrekt"),
}

ROLE_LABELS = {
    Role.HULPVERLENER.value: N_("Hulpverlener"),
    Role.TEAMLEIDER.value: N_("Teamleider"),
    Role.BEHEERDER.value: N_("Functioneel beheerder"),
}
