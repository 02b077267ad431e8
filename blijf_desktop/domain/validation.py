"""Validation of what a caseworker types: pure functions that either normalise a value or
name the problem (a code the UI turns into a Dutch message). Nothing is changed silently:
normalisation is limited to documented forms (postcode spacing, E.164 phone numbers,
lower-case e-mail domain, trimmed edges)."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import phonenumbers

from blijf_desktop.domain.people import ALLOWED_FIELDS, Category, PersonData, RELATIONS

MAX_TEXT = 200
EARLIEST = date(1900, 1, 1)

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,5}(\s?[-]?\s?[A-Za-z0-9]{1,6})?$")


@dataclass(frozen=True)
class Checked:
    value: object = None
    error: str | None = None
    warning: str | None = None


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs", "Co") for c in text)


def text(raw: str, max_length: int = MAX_TEXT) -> Checked:
    value = raw.strip()
    if _has_control(value):
        return Checked(error="control_characters")
    if len(value) > max_length:
        return Checked(error="too_long")
    return Checked(value)


MAX_DESCRIPTION = 4000


def description(raw: str, max_length: int = MAX_DESCRIPTION) -> Checked:
    """Free text over several lines (a threat description): line breaks and tabs are part of
    it; other control characters are not."""
    value = raw.strip()
    if _has_control(value.replace("\n", "").replace("\t", "")):
        return Checked(error="control_characters")
    if len(value) > max_length:
        return Checked(error="too_long")
    return Checked(value)


def postcode(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return Checked("")
    match = _POSTCODE.match(value)
    if not match:
        return Checked(error="postcode")
    letters = match.group(2).upper()
    if letters in ("SA", "SD", "SS"):  # not issued in the Netherlands
        return Checked(error="postcode")
    return Checked(f"{match.group(1)} {letters}")


def house_number(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return Checked("")
    if not _HOUSE_NUMBER.match(value):
        return Checked(error="house_number")
    return Checked(value)


def phone(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return Checked("")
    if _has_control(value) or len(value) > 40:
        return Checked(error="phone")
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return Checked(error="phone")
    if not phonenumbers.is_valid_number(number):
        return Checked(error="phone")
    return Checked(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def display_phone(e164: str) -> str:
    """How a stored number is shown: Dutch numbers the Dutch way (06 12345678), others in
    international form (+44 20 7946 0958)."""
    try:
        number = phonenumbers.parse(e164, "NL")
    except phonenumbers.NumberParseException:
        return e164
    form = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 31
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, form)


def national_phone(e164: str) -> str:
    """The way a Dutch caseworker would type it (for search), e.g. 0612345678."""
    try:
        number = phonenumbers.parse(e164, "NL")
    except phonenumbers.NumberParseException:
        return ""
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


def email(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return Checked("")
    if len(value) > 254 or not _EMAIL.match(value) or _has_control(value):
        return Checked(error="email")
    local, domain = value.rsplit("@", 1)
    return Checked(f"{local}@{domain.lower()}")


def parse_date(raw: str) -> date | None:
    """Dutch day-month-year (12-3-1985, 12/03/1985, 12.3.1985) or ISO (1985-03-12)."""
    value = raw.strip()
    match = _DATE_DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(value)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def past_date(raw: str, today: date) -> Checked:
    value = raw.strip()
    if not value:
        return Checked(None)
    parsed = parse_date(value)
    if parsed is None:
        return Checked(error="date_format")
    if parsed > today:
        return Checked(error="date_future")
    if parsed < EARLIEST:
        return Checked(error="date_too_early")
    return Checked(parsed)


def child_birth_warning(child: date | None, client: date | None) -> str | None:
    """A warning, not a block: the client would have been younger than 12 or older than 55."""
    if child is None or client is None:
        return None
    age_at_birth = (child - client).days / 365.25
    if age_at_birth < 12 or age_at_birth > 55:
        return "child_birth_implausible"
    return None


@dataclass
class PersonCheck:
    person: PersonData | None
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


_CHECKS = {
    "first_names": text, "prefix": lambda raw: text(raw, 20), "last_name": text,
    "street": text, "house_number": house_number, "postcode": postcode, "residence": text,
    "birth_place": text, "phone": phone, "email": email,
}


def check_field(name: str, raw: str, today: date) -> Checked:
    """The check for one person field, as check_person runs it (forms check on leaving a field)."""
    return past_date(raw, today) if name == "birth_date" else _CHECKS[name](raw)


def check_person(category: Category, raw: dict[str, str], today: date,
                 client_birth_date: date | None = None) -> PersonCheck:
    """Validate a form's raw text for one person. Fields not allowed for the category are an
    error if filled (the form never shows them; this guards the service)."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    values: dict[str, object] = {}
    allowed = ALLOWED_FIELDS[category]
    for name, raw_value in raw.items():
        if name in ("relation", "address_secret"):
            continue
        if name not in allowed:
            if str(raw_value).strip():
                errors[name] = "not_allowed"
            continue
        checked = check_field(name, raw_value, today)
        if checked.error:
            errors[name] = checked.error
        else:
            values[name] = checked.value
    if not values.get("first_names") and not values.get("last_name"):
        errors.setdefault("last_name", "name_required")
    if category is Category.CLIENT and not values.get("last_name"):
        errors.setdefault("last_name", "required")
    relation = str(raw.get("relation", "")).strip()
    if category is not Category.CLIENT and relation not in RELATIONS[category]:
        errors["relation"] = "required"
    if category is Category.CHILD:
        warning = child_birth_warning(values.get("birth_date"), client_birth_date)
        if warning:
            warnings["birth_date"] = warning
    if errors:
        return PersonCheck(None, errors, warnings)
    person = PersonData(category=category, relation=relation if category is not Category.CLIENT else "",
                        address_secret=bool(raw.get("address_secret")), **values)
    return PersonCheck(person, errors, warnings)
