"""Validation of what a caseworker types: pure functions that either normalise a value or
name the problem (a code the UI turns into a Dutch message). Nothing is changed silently:
normalisation is limited to documented forms (postcode spacing, E.164 phone numbers,
lower-case e-mail domain, dd-mm-yyyy dates, trimmed outer spaces and line breaks), and the
form shows that form as soon as the caseworker leaves the field.

Characters that cannot be seen, or that change how the text around them is shown, are refused
rather than dropped: control characters (NUL included), line and paragraph separators,
private-use and non-characters, a byte-order mark, and the bidirectional embeddings,
overrides and isolates (U+202A-U+202E, U+2066-U+2069: they can make a stored name read
differently from what it is). Marks that only set a direction (U+200E, U+200F) are kept."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import phonenumbers

from blijf_desktop.domain.limits import MAX_DESCRIPTION, MAX_TEXT
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS,
    ALLOWED_FIELDS,
    BIRTH_FIELDS,
    CONTACT_FIELDS,
    NAME_FIELDS,
    Category,
    PersonData,
    RELATIONS,
    ThreatEntry,
)

EARLIEST = date(1900, 1, 1)

# Patterns are used with fullmatch; only a plain space separates parts ("\s" would also let
# control characters and odd separators through).
# Any spacing, upper or lower case, or a hyphen between the digits and the letters (issue 19):
# "1234ab", "1234 - AB", "1234-ab" are all stored as "1234 AB".
_POSTCODE = re.compile(r"([1-9][0-9]{3})\s*-?\s*([A-Za-z]{2})")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}")
_DATE_DMY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,5}( ?-? ?[A-Za-z0-9]{1,6})?")
# Digits and the separators people write in numbers. No letters: the phone library would turn
# "ABC" into 222 or read "x12" as an extension, and drop it from the stored number.
_PHONE_TYPED = re.compile(r"[0-9+ ()./-]+")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# Trimmed from the edges: spaces (any width), tabs and line breaks. Other characters that
# Python counts as white space (U+001C-U+001F, U+0085, U+2028, U+2029) are refused instead.
OUTER_SPACE = (" \t\n\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
               "\u2009\u200a\u202f\u205f\u3000")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})
_DIRECTION_CONTROLS = frozenset(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))


@dataclass(frozen=True)
class Checked:
    value: object = None
    error: str | None = None
    warning: str | None = None


def refused_character(c: str) -> bool:
    """A character no field keeps (see the module text)."""
    point = ord(c)
    return (unicodedata.category(c) in _REFUSED_CATEGORIES or c in _DIRECTION_CONTROLS
            or point == 0xFEFF or 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE)


def _has_control(text: str) -> bool:
    return any(refused_character(c) for c in text)


def trim(raw: str) -> str:
    return raw.strip(OUTER_SPACE)


def text(raw: str, max_length: int = MAX_TEXT) -> Checked:
    value = trim(raw)
    if _has_control(value):
        return Checked(error="control_characters")
    if len(value) > max_length:
        return Checked(error="too_long")
    return Checked(value)



def description(raw: str, max_length: int = MAX_DESCRIPTION) -> Checked:
    """Free text over several lines (a threat description): line breaks and tabs are part of
    it; other control characters are not."""
    value = trim(raw)
    if _has_control(value.replace("\n", "").replace("\t", "")):
        return Checked(error="control_characters")
    if len(value) > max_length:
        return Checked(error="too_long")
    return Checked(value)


def postcode(raw: str) -> Checked:
    value = trim(raw)
    if not value:
        return Checked("")
    match = _POSTCODE.fullmatch(value)
    if not match:
        return Checked(error="postcode")
    letters = match.group(2).upper()
    if letters in ("SA", "SD", "SS"):  # not issued in the Netherlands
        return Checked(error="postcode")
    return Checked(f"{match.group(1)} {letters}")


def house_number(raw: str) -> Checked:
    value = trim(raw)
    if not value:
        return Checked("")
    if not _HOUSE_NUMBER.fullmatch(value):
        return Checked(error="house_number")
    return Checked(value)


def phone(raw: str) -> Checked:
    value = trim(raw)
    if not value:
        return Checked("")
    if len(value) > 40 or not _PHONE_TYPED.fullmatch(value):
        return Checked(error="phone")
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return Checked(error="phone")
    if number.extension or not phonenumbers.is_valid_number(number):
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


def date_text(value: date) -> str:
    """A date the way forms ask for it and show it: dd-mm-yyyy."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def field_text(name: str, value) -> str:
    """What a person field shows for a checked value: the form puts this in the field when the
    caseworker leaves it, so a normalisation is seen before anything is saved."""
    if value is None or value == "":
        return ""
    if name == "birth_date":
        return date_text(value)
    if name == "phone":
        return display_phone(value)
    return value


def national_phone(e164: str) -> str:
    """The way a Dutch caseworker would type it (for search), e.g. 0612345678."""
    try:
        number = phonenumbers.parse(e164, "NL")
    except phonenumbers.NumberParseException:
        return ""
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


def email(raw: str) -> Checked:
    value = trim(raw)
    if not value:
        return Checked("")
    if len(value) > 254 or not _EMAIL.fullmatch(value) or _has_control(value):
        return Checked(error="email")
    local, domain = value.rsplit("@", 1)
    return Checked(f"{local}@{domain.lower()}")


def parse_date(raw: str) -> date | None:
    """Dutch day-month-year (12-3-1985, 12/03/1985, 12.3.1985) or ISO (1985-03-12)."""
    value = trim(raw)
    match = _DATE_DMY.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.fullmatch(value)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def past_date(raw: str, today: date) -> Checked:
    value = trim(raw)
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


def _stored_text_problem(name: str, value) -> str | None:
    if not isinstance(value, str):
        return "invalid"
    if _has_control(value):  # also at the edges, where a form would have trimmed it
        return "control_characters"
    if name == "phone" and _E164.fullmatch(value):
        # A number in E.164 form is kept even where the phone library's current ranges do
        # not list it (numbers from older data; the demo); the form checks typed numbers.
        return None
    return _CHECKS[name](value).error if value else None


def _stored_date_problem(value, today: date) -> str | None:
    if not isinstance(value, date):
        return "date_format"
    if value > today:
        return "date_future"
    if value < EARLIEST:
        return "date_too_early"
    return None


def check_person_data(person: PersonData, today: date) -> dict[str, str]:
    """The check a service runs on a person it is asked to store (it does not trust its
    caller): every value must pass its field's check and hold no refused character. A valid
    value is stored exactly as given; nothing is normalised here, where nobody would see it."""
    errors: dict[str, str] = {}
    for name in NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS:
        value = getattr(person, name)
        if name == "birth_date":
            problem = None if value is None else _stored_date_problem(value, today)
        else:
            problem = _stored_text_problem(name, value)
        if problem:
            errors[name] = problem
    expected = ("",) if person.category is Category.CLIENT else tuple(RELATIONS[person.category])
    if person.relation not in expected:
        errors["relation"] = "required"
    return errors


def check_threat_entry(entry: ThreatEntry, today: date) -> dict[str, str]:
    """The service's check of one threat entry (see check_person_data)."""
    errors: dict[str, str] = {}
    if not isinstance(entry.description, str) or not trim(entry.description):
        errors["description"] = "required"
    else:
        problem = description(entry.description).error
        inner = entry.description.replace("\n", "").replace("\t", "")
        if problem or _has_control(inner):
            errors["description"] = problem or "control_characters"
    location = _stored_text_problem("residence", entry.about_location)
    if location:
        errors["about_location"] = location
    when = _stored_date_problem(entry.noted_on, today)
    if when:
        errors["noted_on"] = when
    # Where the information came from ("betrokkene"): a short text like a name, never empty.
    if not isinstance(entry.source, str):
        errors["source"] = "invalid"
    elif not entry.source:
        errors["source"] = "required"
    else:
        source = _has_control(entry.source) and "control_characters" or text(entry.source).error
        if source:
            errors["source"] = source
    return errors
