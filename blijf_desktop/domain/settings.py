"""The installation's settings as data: each one's type, range and default, and which way a
change weakens security. Kept in the encrypted store and changed by the functioneel beheerder
(issue 21).

Blijf 9.1: switching security off happens only through a controlled procedure that makes
uncontrolled switching off impossible. So a change that weakens security — a longer idle
lock, a shorter passphrase minimum, fewer backups kept or made, and any change of a police
unit's contact lines (where requests with names in them go) — takes effect only when a
second user (functioneel beheerder or teamleider, never the one who asked) confirms it with
her passphrase; until then the stronger value stays in force. A change that strengthens
security, or touches none, takes effect at once. Every change is audited (codes and values;
a text setting by its length only, since a folder or a contact line may name a person).

Passphrase-only mode (no device binding, DESIGN.md "Key vault") is chosen at set-up and
lives in the key file, not here: switching an existing store needs every user's passphrase
to rewrap her slot, so it is not offered as a setting."""

from dataclasses import dataclass
from enum import Enum

from blijf_desktop.domain import backups, passphrase, validation
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.text import N_


class Kind(str, Enum):
    NUMBER = "number"  # a whole number in [minimum, maximum]
    CHOICE = "choice"  # one of `choices`
    TEXT = "text"  # one line, at most `max_length`
    LINES = "lines"  # a few lines, at most `max_length` in all and `max_lines` lines
    PHONE = "phone"
    EMAIL = "email"
    IMAGE = "image"  # a logo: PNG or JPEG bytes, checked by the service (reports/logo.py)


class Weaker(str, Enum):
    """Which way a change weakens security."""

    NEVER = "never"
    HIGHER = "higher"  # a higher number is weaker (the idle lock)
    LOWER = "lower"  # a lower number is weaker (passphrase minimum, backups kept)
    LATER_CHOICE = "later_choice"  # `choices` run from strongest to weakest
    ANY_CHANGE = "any_change"  # where documents go: every change waits (a police unit's lines)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # N_()
    kind: Kind
    default: object
    weaker: Weaker = Weaker.NEVER
    basis: str = ""  # the article the rule answers to, for whoever reads this against it
    minimum: int = 0
    maximum: int = 0
    choices: tuple[str, ...] = ()
    max_length: int = 0
    max_lines: int = 1


# -- the settings ---------------------------------------------------------------------------
IDLE_LOCK = "idle_lock_minutes"
PASSPHRASE_MIN = "passphrase_min_length"
BACKUP_KEEP = "backup_keep"
BACKUP_SCHEDULE = "backup_schedule"
BACKUP_FOLDER = "backup_folder"
LANGUAGE = "default_language"
ORGANISATION = "organisation_name"
LOGO = "organisation_logo"
VOLUME_PERIOD = "volume_period_minutes"
VOLUME_LISTED = "volume_listed_max"
VOLUME_OPENED = "volume_opened_max"

DAILY, WEEKLY, MANUAL = "daily", "weekly", "manual"
SCHEDULE_LABELS = {DAILY: N_("elke dag"), WEEKLY: N_("elke week"),
                   MANUAL: N_("alleen met de hand")}
LANGUAGE_LABELS = {"nl": N_("Nederlands"), "en": N_("Engels")}
LOGO_MAX_BYTES = 256 * 1024  # a letterhead logo; a photo-sized file is refused
LOGO_MAX_PIXELS = 2400  # per side; larger only slows every printed page
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


def police_code(unit: str, part: str) -> str:
    """`police.amsterdam.phone`: one line of a unit's contact on a printed request."""
    return f"police.{unit}.{part}"


POLICE_PARTS = ("contact", "phone", "email")

_RULES = (
    # Blijf 9.1: the lock after idle drops the key; longer leaves an open store unattended.
    Rule(IDLE_LOCK, N_("Vergrendelen na (minuten zonder gebruik)"), Kind.NUMBER, 5,
         Weaker.HIGHER, "Blijf 9.1", minimum=1, maximum=30),
    # Blijf 9.1: a shorter passphrase is guessed sooner (break-in attempts slowed).
    Rule(PASSPHRASE_MIN, N_("Minimale lengte van een wachtwoord"), Kind.NUMBER,
         passphrase.MIN_LENGTH, Weaker.LOWER, "Blijf 9.1", minimum=10, maximum=40),
    # Blijf 9.1 (issue 21: fewer backups kept weakens); at most 60: Blijf 8.2, destroyed data
    # leaves the backups within that many days (domain/backups.py).
    Rule(BACKUP_KEEP, N_("Aantal back-ups bewaren"), Kind.NUMBER, backups.DEFAULT_KEEP_DAYS,
         Weaker.LOWER, "Blijf 9.1; 8.2", minimum=backups.KEEP_MIN, maximum=backups.KEEP_MAX),
    # Blijf 6.1 (access only as the task needs), 9.1 (misuse signalled at once): more persons
    # listed or opened by one user within the period than the threshold is signalled to the
    # functioneel beheerder (domain/listing.py). A higher threshold or a shorter period lets
    # more through unseen, so it waits for a second user. Defaults: a busy day's intake
    # pages through some tens of clients and opens a few cases an hour; hundreds is a sweep.
    Rule(VOLUME_PERIOD, N_("Ongewoon aantal: periode (minuten)"), Kind.NUMBER, 60,
         Weaker.LOWER, "Blijf 6.1; 9.1", minimum=10, maximum=1440),
    Rule(VOLUME_LISTED, N_("Ongewoon aantal: personen in lijsten"), Kind.NUMBER, 300,
         Weaker.HIGHER, "Blijf 6.1; 9.1", minimum=20, maximum=5000),
    Rule(VOLUME_OPENED, N_("Ongewoon aantal: personen en dossiers geopend"), Kind.NUMBER, 40,
         Weaker.HIGHER, "Blijf 6.1; 9.1", minimum=5, maximum=1000),
    Rule(BACKUP_SCHEDULE, N_("Automatische back-up"), Kind.CHOICE, DAILY, Weaker.LATER_CHOICE,
         "Blijf 9.1", choices=(DAILY, WEEKLY, MANUAL)),
    # Checked by the backup service against the disk; no weaker or stronger folder.
    Rule(BACKUP_FOLDER, N_("Back-upmap"), Kind.TEXT, None, max_length=1000),
    Rule(LANGUAGE, N_("Standaardtaal"), Kind.CHOICE, "nl", choices=("nl", "en")),
    Rule(ORGANISATION, N_("Naam van de organisatie op documenten"), Kind.TEXT, "Blijf Groep",
         max_length=80),
    Rule(LOGO, N_("Logo op documenten"), Kind.IMAGE, None, max_length=LOGO_MAX_BYTES),
) + tuple(
    # The unit's contact on a printed informatieverzoek (Blijf 6.1: exchanges between the
    # designated people). Placeholders until beheer fills them in; empty prints nothing.
    # Every change waits for a second user (Blijf 6.1, 9.1): one person alone could otherwise
    # send the next request for police information, with the names in it, to an address of
    # her own.
    rule for unit in UNITS for rule in (
        Rule(police_code(unit, "contact"), N_("Contact (afdeling, functie)"), Kind.LINES, "",
             Weaker.ANY_CHANGE, "Blijf 6.1, 9.1", max_length=200, max_lines=3),
        Rule(police_code(unit, "phone"), N_("Telefoon"), Kind.PHONE, "", Weaker.ANY_CHANGE,
             "Blijf 6.1, 9.1"),
        Rule(police_code(unit, "email"), N_("E-mail"), Kind.EMAIL, "", Weaker.ANY_CHANGE,
             "Blijf 6.1, 9.1"),
    )
)
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


# -- checking --------------------------------------------------------------------------------
def check(code: str, value) -> validation.Checked:
    """The value as it will be kept, or the problem code (shown beside the field)."""
    rule = RULES.get(code)
    if rule is None:
        return validation.Checked(error="unknown")
    if rule.kind is Kind.NUMBER:
        if type(value) is not int:
            return validation.Checked(error="not_a_number")
        if not rule.minimum <= value <= rule.maximum:
            return validation.Checked(error="out_of_range")
        return validation.Checked(value)
    if rule.kind is Kind.CHOICE:
        return validation.Checked(value) if value in rule.choices else validation.Checked(
            error="unknown_choice")
    if rule.kind is Kind.IMAGE:
        if value is None:
            return validation.Checked(None)
        if not isinstance(value, bytes) or not value.startswith(IMAGE_SIGNATURES):
            return validation.Checked(error="not_an_image")
        if len(value) > rule.max_length:
            return validation.Checked(error="too_large")
        return validation.Checked(value)
    if not isinstance(value, str):
        return validation.Checked(error="required")
    if rule.kind is Kind.PHONE:
        return validation.phone(value)
    if rule.kind is Kind.EMAIL:
        return validation.email(value)
    if rule.kind is Kind.LINES:
        checked = validation.description(value, rule.max_length)
        if checked.error is None and checked.value.count("\n") >= rule.max_lines:
            return validation.Checked(error="too_many_lines")
        return checked
    checked = validation.text(value, rule.max_length)
    if checked.error is None and not checked.value and rule.default is not None:
        return validation.Checked(error="required")  # a name on every document
    return checked


def weakens(code: str, old, new) -> bool:
    """Whether going from `old` to `new` weakens security (Blijf 9.1), so that it waits for a
    second user; a change of where documents go always does."""
    rule = RULES[code]
    if rule.weaker is Weaker.ANY_CHANGE:
        return new != old
    if rule.weaker is Weaker.HIGHER:
        return new > old
    if rule.weaker is Weaker.LOWER:
        return new < old
    if rule.weaker is Weaker.LATER_CHOICE:
        return rule.choices.index(new) > rule.choices.index(old)
    return False


def audit_value(code: str, value):
    """What the audit trail keeps of a value: numbers and choices as they are; a text only
    by its length and an image by its size (a folder name or a contact may name a person)."""
    rule = RULES[code]
    if rule.kind in (Kind.NUMBER, Kind.CHOICE):
        return value
    return None if value is None else len(value)
